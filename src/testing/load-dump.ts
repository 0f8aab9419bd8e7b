// Test-only: loads a catalog DataJoint Python wrote (testing/fixtures/python-catalogs) into a scratch
// schema, and reads its information_schema TSVs. Never used by the engine itself.

import { readFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import type { CatalogLineageRow } from '../adapters/catalog-rows'
import type { Backend, CompiledQuery, QueryResult } from '../adapters/driver'
import { FIXTURES_DIR } from './fixtures'

export type PythonCatalogBackend = 'mysql' | 'postgres'

type Run = (query: CompiledQuery) => Promise<QueryResult>

const SCRATCH_NAME = /^[a-z_][a-z0-9_]*$/

/** Path of one file of a Python catalog, e.g. (`mysql`, `oracle_types`, `sql`) → …/mysql/oracle_types.sql. */
export function pythonCatalogFile(backend: PythonCatalogBackend, name: string, suffix: string): string {
  return join(FIXTURES_DIR, 'python-catalogs', backend, `${name}.${suffix}`)
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** Replaces the schema name wherever Python wrote it (identifiers, comments, lineage strings). */
export function rewriteSchemaName(text: string, from: string, to: string): string {
  return text.replace(new RegExp(`(?<![A-Za-z0-9_])${escapeRegExp(from)}(?![A-Za-z0-9_])`, 'g'), to)
}

/** Splits SQL on `;` outside quotes and `--` comments; MySQL string literals also use backslash escapes. */
export function splitSqlStatements(text: string, backslashEscapes: boolean): string[] {
  const statements: string[] = []
  let current = ''
  let quote: string | null = null
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i] ?? ''
    if (quote !== null) {
      current += ch
      if (ch === quote) {
        if (text[i + 1] === quote) {
          current += quote
          i += 1
        } else {
          quote = null
        }
      } else if (backslashEscapes && ch === '\\' && quote === "'" && text[i + 1] !== undefined) {
        current += text[i + 1]
        i += 1
      }
      continue
    }
    if (ch === '-' && text[i + 1] === '-') {
      const end = text.indexOf('\n', i)
      i = end === -1 ? text.length : end
      current += '\n'
      continue
    }
    if (ch === "'" || ch === '"' || ch === '`') quote = ch
    if (ch === ';') {
      if (current.trim() !== '') statements.push(current.trim())
      current = ''
      continue
    }
    current += ch
  }
  if (current.trim() !== '') statements.push(current.trim())
  return statements
}

interface MysqlTable {
  readonly name: string
  readonly sql: string
  readonly references: readonly string[]
}

/** MySQL dumps are unqualified `SHOW CREATE TABLE` output: qualify the table and same-schema references. */
function mysqlStatements(dump: string, target: string): string[] {
  const q = (name: string): string => `\`${name.replace(/`/g, '``')}\``
  // The CREATE DATABASE line carries no terminating `;`.
  const lines = dump.split('\n')
  const database = lines.find((line) => /^CREATE DATABASE/i.test(line))
  const statements = splitSqlStatements(lines.filter((line) => line !== database).join('\n'), true)
  const tables: MysqlTable[] = []
  for (const statement of statements) {
    const head = /^CREATE TABLE `((?:[^`]|``)+)` \(/.exec(statement)
    if (head === null) continue
    const name = (head[1] ?? '').replace(/``/g, '`')
    const references: string[] = []
    const sql = statement
      .replace(head[0], `CREATE TABLE ${q(target)}.${q(name)} (`)
      .replace(/REFERENCES `((?:[^`]|``)+)`(?!\.)/g, (_m, ref: string) => {
        references.push(ref.replace(/``/g, '`'))
        return `REFERENCES ${q(target)}.\`${ref}\``
      })
    tables.push({ name, sql, references })
  }
  // SHOW CREATE TABLE output is alphabetical; a parent must exist before its children.
  const ordered: MysqlTable[] = []
  const placed = new Set<string>()
  while (ordered.length < tables.length) {
    const next = tables.find(
      (t) => !placed.has(t.name) && t.references.every((r) => r === t.name || placed.has(r)),
    )
    if (next === undefined) throw new Error('Cyclic or dangling foreign keys in the MySQL dump')
    ordered.push(next)
    placed.add(next.name)
  }
  const create =
    database === undefined
      ? `CREATE DATABASE ${q(target)}`
      : database.replace(/^CREATE DATABASE `[^`]+`/, `CREATE DATABASE ${q(target)}`)
  return [create, ...ordered.map((t) => t.sql)]
}

/** pg_dump output minus psql meta-commands and SET lines (they would leak into PGlite's one session). */
function postgresStatements(dump: string): string[] {
  const kept = dump
    .split('\n')
    .filter(
      (line) =>
        !/^\\(un)?restrict\b/.test(line) &&
        !/^SET\s/.test(line) &&
        !line.startsWith('SELECT pg_catalog.set_config('),
    )
    .join('\n')
  return splitSqlStatements(kept, false)
}

interface HiddenSection {
  readonly table: string
  readonly columns: readonly string[]
  readonly rows: readonly (readonly string[])[]
}

function hiddenSections(text: string): HiddenSection[] {
  const sections: HiddenSection[] = []
  const blocks = text.split(/^## /m).slice(1)
  for (const block of blocks) {
    const lines = block.split('\n')
    const title = lines[0] ?? ''
    const table = /[`"]\.[`"](.+)[`"]\s*$/.exec(title)?.[1]
    const header = lines[1]
    if (table === undefined || header === undefined || header === '') continue
    const rows = lines.slice(2).filter((l) => l !== '').map((l) => l.split('\t'))
    sections.push({ table, columns: header.split('\t'), rows })
  }
  return sections
}

export interface LoadedCatalog {
  readonly statements: number
  readonly hiddenRows: number
}

/**
 * Creates `targetSchema` holding the catalog Python wrote for `name` (DDL from `NAME.sql`, hidden-table rows
 * from `NAME.hidden-data.tsv`), with the schema name rewritten everywhere (comments and lineage included).
 * `targetSchema` must be a plain lower-case identifier. Drop it afterwards with `dropScratchSchema`.
 */
export async function loadPythonCatalog(
  backend: PythonCatalogBackend | Backend,
  name: string,
  targetSchema: string,
  run: Run,
): Promise<LoadedCatalog> {
  if (!SCRATCH_NAME.test(targetSchema)) {
    throw new Error(`Scratch schema name must match ${SCRATCH_NAME}: ${targetSchema}`)
  }
  const dir: PythonCatalogBackend = backend === 'mysql' ? 'mysql' : 'postgres'
  const dump = rewriteSchemaName(readFileSync(pythonCatalogFile(dir, name, 'sql'), 'utf8'), name, targetSchema)
  const statements = dir === 'mysql' ? mysqlStatements(dump, targetSchema) : postgresStatements(dump)
  for (const sql of statements) await run({ sql, params: [] })

  let hiddenRows = 0
  const hiddenFile = pythonCatalogFile(dir, name, 'hidden-data.tsv')
  if (existsSync(hiddenFile)) {
    const hidden = rewriteSchemaName(readFileSync(hiddenFile, 'utf8'), name, targetSchema)
    const q = dir === 'mysql' ? (n: string): string => `\`${n}\`` : (n: string): string => `"${n}"`
    for (const section of hiddenSections(hidden)) {
      for (const row of section.rows) {
        const placeholders = row.map((_, i) => (dir === 'mysql' ? '?' : `$${i + 1}`)).join(', ')
        const columns = section.columns.map(q).join(', ')
        await run({
          sql: `INSERT INTO ${q(targetSchema)}.${q(section.table)} (${columns}) VALUES (${placeholders})`,
          params: row,
        })
        hiddenRows += 1
      }
    }
  }
  return { statements: statements.length, hiddenRows }
}

export async function dropScratchSchema(
  backend: PythonCatalogBackend | Backend,
  schema: string,
  run: Run,
): Promise<void> {
  if (!SCRATCH_NAME.test(schema)) throw new Error(`Refusing to drop ${schema}`)
  const sql =
    backend === 'mysql'
      ? `DROP DATABASE IF EXISTS \`${schema}\``
      : `DROP SCHEMA IF EXISTS "${schema}" CASCADE`
  await run({ sql, params: [] })
}

/** Rows of `NAME.<kind>.tsv` as records keyed by header, with the schema name rewritten. */
export function readPythonCatalogTsv(
  backend: PythonCatalogBackend,
  name: string,
  kind: 'tables' | 'columns' | 'fks' | 'enums',
  targetSchema: string = name,
): Record<string, string>[] {
  const file = pythonCatalogFile(backend, name, `${kind}.tsv`)
  if (!existsSync(file)) return []
  const lines = rewriteSchemaName(readFileSync(file, 'utf8'), name, targetSchema)
    .split('\n')
    .filter((l) => l !== '')
  const header = (lines[0] ?? '').split('\t')
  return lines.slice(1).map((line) => {
    const cells = line.split('\t')
    return Object.fromEntries(header.map((h, i) => [h, cells[i] ?? '']))
  })
}

/** The `~lineage` rows Python left for `name` (in `NAME.hidden-data.tsv`), as `targetSchema`'s. */
export function readPythonLineage(
  backend: PythonCatalogBackend,
  name: string,
  targetSchema: string = name,
): CatalogLineageRow[] {
  const file = pythonCatalogFile(backend, name, 'hidden-data.tsv')
  const hidden = rewriteSchemaName(readFileSync(file, 'utf8'), name, targetSchema)
  const section = hiddenSections(hidden).find((s) => s.table === '~lineage')
  return (section?.rows ?? []).map(([table = '', attribute = '', lineage = '']) => ({
    schema: targetSchema,
    table,
    attribute,
    lineage,
  }))
}

/** The schemas with dumps for a backend (`oracle_types`, `tutorial_university`, …). */
export const PYTHON_CATALOG_NAMES: Readonly<Record<PythonCatalogBackend, readonly string[]>> = {
  mysql: [
    'oracle_types',
    'oracle_university',
    'tutorial_instances',
    'tutorial_instances_2',
    'tutorial_university',
  ],
  postgres: ['oracle_types', 'tutorial_instances', 'tutorial_instances_2', 'tutorial_university'],
}
