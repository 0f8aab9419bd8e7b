// Interop with DataJoint Python through the public API, on PostgreSQL 15, MariaDB 10.11 and PGlite:
// 1. reading what Python wrote: each reference catalog (shared/datajoint/python-catalogs) is loaded into a scratch
//    schema and read back through `inst.schema(...).tables()` and `inst.freeTable(...)`; every heading must be what
//    the catalog's TSVs record, and every table's `describe()`, declared again, must rebuild the same catalog;
// 2. writing what Python writes: the definitions Python declared, declared with `schema.manual/lookup/…/part`,
//    must leave the catalog Python left.
//
// Differences from Python's catalogs that are expected, each excluded explicitly in `snapshot`:
// - Jobs tables (`~~session_stats` in oracle_types), their `~lineage` rows and (PostgreSQL) the enum type only they
//   use: Python created them when the computed table was populated with reserved jobs, not when it was declared;
//   declaring a table creates no jobs table, in Python as in the engine.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CatalogRows } from '../adapters/catalog-rows'
import {
  PYTHON_CATALOG_NAMES,
  dropScratchSchema,
  loadPythonCatalog,
  rewriteSchemaName,
  type PythonCatalogBackend,
} from '../adapters/testing-load-dump'
import {
  PYTHON_CATALOG_DEFINITIONS,
  PYTHON_MYSQL_ONLY_DEFINITIONS,
  type PythonTableDefinition,
} from '../declare/testing-python-definitions'
import type { Attribute } from '../heading/attribute'
import type { Tier } from '../heading/table-info'
import type { Instance } from '../instance/instance'
import type { Table } from '../table/table'
import { TEST_BACKENDS, startTestServer, testInstance, uniqueSchemaName, type TestBackendName, type TestServer } from '../testing/backends'
import { expectedTables, type ExpectedTable } from '../testing/python-catalog-headings'
import type { Schema } from './schema'

const DEFINITIONS: Readonly<Record<string, readonly PythonTableDefinition[]>> = {
  ...PYTHON_CATALOG_DEFINITIONS,
  ...PYTHON_MYSQL_ONLY_DEFINITIONS,
}

/** Tier and class of every user table in the reference catalogs, by SQL name (spec §3.1–3.2), written out by hand. */
const NAMING: Readonly<Record<string, { readonly tier: Tier; readonly className: string; readonly master?: string }>> = {
  subject: { tier: 'manual', className: 'Subject' },
  session: { tier: 'manual', className: 'Session' },
  session__epoch: { tier: 'part', className: 'Epoch', master: 'Session' },
  __session_stats: { tier: 'computed', className: 'SessionStats' },
  lab: { tier: 'manual', className: 'Lab' },
  researcher: { tier: 'manual', className: 'Researcher' },
  project: { tier: 'manual', className: 'Project' },
  student: { tier: 'manual', className: 'Student' },
  department: { tier: 'manual', className: 'Department' },
  student_major: { tier: 'manual', className: 'StudentMajor' },
  course: { tier: 'manual', className: 'Course' },
  term: { tier: 'manual', className: 'Term' },
  current_term: { tier: 'manual', className: 'CurrentTerm' },
  section: { tier: 'manual', className: 'Section' },
  enroll: { tier: 'manual', className: 'Enroll' },
  '#letter_grade': { tier: 'lookup', className: 'LetterGrade' },
  grade: { tier: 'manual', className: 'Grade' },
}

/** Jobs tables are not made by declaration (see the header). */
const isJobsTable = (table: string): boolean => table.startsWith('~~')

function sortBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  return [...items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))
}

/** What the reading test compares of an engine attribute. */
function attributeView(attribute: Attribute) {
  return {
    name: attribute.name,
    type: attribute.type,
    inKey: attribute.inKey,
    nullable: attribute.nullable,
    default: attribute.default,
    comment: attribute.comment,
    lineage: attribute.lineage,
  }
}

function declare(schema: Schema, tier: Exclude<Tier, 'part'>, className: string, definition: string): Promise<Table> {
  switch (tier) {
    case 'manual':
      return schema.manual(className, definition)
    case 'lookup':
      return schema.lookup(className, definition)
    case 'imported':
      return schema.imported(className, definition)
    case 'computed':
      return schema.computed(className, definition)
    default:
      throw new Error(`unknown tier ${String(tier)}`)
  }
}

/** Masters with their parts right after them, as `tables()` nests them. */
function flatten(tables: Readonly<Record<string, Table>>): Table[] {
  return Object.values(tables).flatMap((table) => [table, ...Object.values(table.parts)])
}

/** Parents before children (foreign keys within the schema). */
function topologicalOrder(tables: readonly Table[]): Table[] {
  const ordered: Table[] = []
  const placed = new Set<string>()
  while (ordered.length < tables.length) {
    const next = tables.find(
      (t) =>
        !placed.has(t.tableName) &&
        t.info.foreignKeys.every((fk) => fk.parentSchema !== t.schemaName || fk.parentTable === t.tableName || placed.has(fk.parentTable)),
    )
    if (next === undefined) throw new Error('foreign-key cycle')
    ordered.push(next)
    placed.add(next.tableName)
  }
  return ordered
}

describe.each(TEST_BACKENDS)('interop with DataJoint Python on %s', (backendName: TestBackendName) => {
  const catalogBackend: PythonCatalogBackend = backendName === 'mysql' ? 'mysql' : 'postgres'
  let server: TestServer
  let inst: Instance
  const scratch: string[] = []

  beforeAll(async () => {
    server = await startTestServer(backendName)
    inst = testInstance(server)
    await inst.connect()
  })

  afterAll(async () => {
    for (const schema of scratch) await dropScratchSchema(server.backend, schema, (q) => inst.run(q))
    await inst.close()
    await server.stop()
  })

  const scratchName = (prefix: string): string => {
    const name = uniqueSchemaName(prefix)
    scratch.push(name)
    return name
  }

  async function loadPython(name: string): Promise<string> {
    const schema = scratchName('pyc')
    await loadPythonCatalog(server.backend, name, schema, (q) => inst.run(q))
    return schema
  }

  /** PostgreSQL enum types of a schema with their labels in order. */
  async function enumTypes(schema: string): Promise<{ name: string; labels: string[] }[]> {
    if (server.backend !== 'postgresql') return []
    const result = await inst.run({
      sql:
        "SELECT t.typname, string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) FROM pg_catalog.pg_type t " +
        'JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace JOIN pg_catalog.pg_enum e ON e.enumtypid = t.oid ' +
        "WHERE n.nspname = $1 AND t.typtype = 'e' GROUP BY t.typname ORDER BY t.typname",
      params: [schema],
    })
    return result.rows.map((r) => ({ name: String(r[0]), labels: String(r[1]).split(',') }))
  }

  /**
   * The catalog of `schema` as the introspector reads it, with its name rewritten to `as` so two schemas compare;
   * jobs tables and what only they use are left out (see the header).
   */
  async function snapshot(schema: string, as: string) {
    const rows: CatalogRows = await inst.catalog.introspector.loadCatalog([schema])
    const rename = (text: string): string => rewriteSchemaName(text, schema, as)
    const keep = (row: { readonly schema: string; readonly table: string }): boolean => row.schema === schema && !isJobsTable(row.table)
    const byTable = <T extends { readonly table: string }>(items: readonly T[], key: (item: T) => string = () => ''): T[] =>
      sortBy(items, (item) => `${item.table}\u0000${key(item)}`)
    const jobsEnums = new Set(rows.columns.filter((c) => c.schema === schema && isJobsTable(c.table) && c.enumValues !== null).map((c) => c.sqlType))
    const keptEnums = new Set(rows.columns.filter((c) => keep(c) && c.enumValues !== null).map((c) => c.sqlType))
    return {
      tables: byTable(rows.tables.filter(keep).map((t) => ({ table: t.table, comment: rename(t.comment) }))),
      columns: byTable(
        rows.columns.filter(keep).map((c) => ({ ...c, schema: as, comment: rename(c.comment) })),
        (c) => String(c.ordinal).padStart(4, '0'),
      ),
      primaryKeys: byTable(rows.primaryKeys.filter(keep).map((p) => ({ ...p, schema: as }))),
      foreignKeys: byTable(
        rows.foreignKeys.filter(keep).map((f) => ({ ...f, schema: as, refSchema: rename(f.refSchema) })),
        (f) => f.name,
      ),
      indexes: byTable(rows.indexes.filter(keep).map((i) => ({ ...i, schema: as })), (i) => i.name),
      lineage: byTable(
        rows.lineage.filter(keep).map((l) => ({ ...l, schema: as, lineage: rename(l.lineage) })),
        (l) => l.attribute,
      ),
      schemasWithLineage: rows.schemasWithLineage.map(rename),
      enumTypes: (await enumTypes(schema)).filter((e) => keptEnums.has(e.name) || !jobsEnums.has(e.name)),
    }
  }

  /**
   * The server's own rendering of each table, before any normalisation of ours: MySQL's SHOW CREATE TABLE (what the
   * dumps are made of); on PostgreSQL format_type, pg_get_expr, pg_get_constraintdef (FK actions included),
   * pg_get_indexdef and the comments. Jobs tables are left out (see the header).
   */
  async function serverSnapshot(schema: string, as: string): Promise<Record<string, string[]>> {
    const rename = (text: string): string => rewriteSchemaName(text, schema, as)
    const lines: Record<string, string[]> = {}
    const add = (table: string, line: string): void => {
      if (!isJobsTable(table)) (lines[table] ??= []).push(rename(line))
    }
    if (server.backend === 'mysql') {
      const tables = await inst.run({
        sql: "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE'",
        params: [schema],
      })
      for (const [table] of tables.rows) {
        const name = String(table)
        const created = await inst.run({ sql: `SHOW CREATE TABLE \`${schema}\`.\`${name}\``, params: [] })
        add(name, String(created.rows[0]?.[1]))
      }
      return lines
    }
    const run = async (sql: string): Promise<(readonly unknown[])[]> => [...(await inst.run({ sql, params: [schema] })).rows]
    const from =
      'FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace ' +
      "WHERE n.nspname = $1 AND c.relkind = 'r'"
    for (const [table, comment] of await run(`SELECT c.relname, obj_description(c.oid, 'pg_class') ${from} ORDER BY 1`)) {
      add(String(table), `TABLE COMMENT ${String(comment)}`)
    }
    const columns = await run(
      'SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, pg_get_expr(d.adbin, d.adrelid), ' +
        'col_description(c.oid, a.attnum) FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid ' +
        'JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace ' +
        'LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum ' +
        "WHERE n.nspname = $1 AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped ORDER BY c.relname, a.attnum",
    )
    for (const [table, ...column] of columns) add(String(table), `COLUMN ${column.map(String).join(' | ')}`)
    const constraints = await run(
      'SELECT c.relname, k.conname, pg_get_constraintdef(k.oid) FROM pg_catalog.pg_constraint k ' +
        'JOIN pg_catalog.pg_class c ON c.oid = k.conrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace ' +
        'WHERE n.nspname = $1 ORDER BY 1, 2',
    )
    for (const [table, name, definition] of constraints) add(String(table), `CONSTRAINT ${String(name)} ${String(definition)}`)
    for (const [table, name, definition] of await run('SELECT tablename, indexname, indexdef FROM pg_catalog.pg_indexes WHERE schemaname = $1 ORDER BY 1, 2')) {
      add(String(table), `INDEX ${String(name)} ${String(definition)}`)
    }
    return lines
  }

  describe.each(PYTHON_CATALOG_NAMES[catalogBackend])('%s', (name: string) => {
    it('reads every table as the catalog records it, through tables() and freeTable()', async () => {
      const schemaName = await loadPython(name)
      const expected = expectedTables(catalogBackend, name, schemaName)
      const userTables = expected.filter((t) => !t.table.startsWith('~'))
      expect(userTables.length).toBeGreaterThan(0)
      expect(expected.some((t) => t.table === '~lineage')).toBe(true)

      // The hand-written naming agrees with the definitions Python declared.
      const definitions = DEFINITIONS[name] ?? []
      expect(sortBy(userTables.map((t) => NAMING[t.table]), (n) => n?.className ?? '')).toEqual(
        sortBy(
          definitions.map((d) => ({ tier: d.tier, className: d.className, ...(d.master === undefined ? {} : { master: d.master }) })),
          (n) => n.className,
        ),
      )

      const schema = await inst.schema(schemaName, { create: false })
      const tables = await schema.tables()
      const all = flatten(tables)
      expect(sortBy(all.map((t) => t.tableName), (t) => t)).toEqual(sortBy(userTables.map((t) => t.table), (t) => t))
      expect(sortBy(await schema.listTables(), (t) => t)).toEqual(sortBy(userTables.map((t) => t.table), (t) => t))

      const check = (table: Table, want: ExpectedTable): void => {
        const naming = NAMING[want.table]
        expect({ table: table.tableName, tier: table.tier, className: table.className }).toEqual({
          table: want.table,
          tier: naming?.tier,
          className: naming?.className,
        })
        expect(table.info.comment).toBe(want.comment)
        expect(table.heading.attributes.map(attributeView)).toEqual(want.attributes)
        expect(table.primaryKey).toEqual(want.primaryKey)
        expect(table.info.foreignKeys.map((fk) => ({ columns: fk.attributes, refTable: fk.parentTable, refColumns: fk.parentAttributes }))).toEqual(
          expect.arrayContaining(want.foreignKeys.map((fk) => ({ ...fk }))),
        )
        expect(table.info.foreignKeys.length).toBe(want.foreignKeys.length)
      }

      for (const want of userTables) {
        const naming = NAMING[want.table]
        const nested =
          naming?.master === undefined ? tables[naming?.className ?? ''] : tables[naming.master]?.parts[naming.className]
        expect(nested, `${want.table} in tables()`).toBeDefined()
        if (nested !== undefined) check(nested, want)
        check(await inst.freeTable(`${schemaName}.${want.table}`), want)
      }
    })

    it('re-declares every table from its describe() into the same catalog', async () => {
      const source = await loadPython(name)
      const target = scratchName('dsc')
      const tables = topologicalOrder(flatten(await (await inst.schema(source, { create: false })).tables()))
      const schema = await inst.schema(target)
      const declared = new Map<string, Table>()
      for (const table of tables) {
        const definition = await table.describe()
        const tier = table.tier
        if (tier === null) throw new Error(`${table.tableName} has no tier`)
        let copy: Table
        if (tier === 'part') {
          const master = declared.get(table.info.master ?? '')
          if (master === undefined) throw new Error(`no master for ${table.tableName}`)
          copy = await schema.part(master, table.className, definition)
        } else {
          copy = await declare(schema, tier, table.className, definition)
        }
        declared.set(copy.tableName, copy)
      }
      expect([...declared.keys()].sort()).toEqual(tables.map((t) => t.tableName).sort())
      expect(await snapshot(target, target)).toEqual(await snapshot(source, target))
      expect(await serverSnapshot(target, target)).toEqual(await serverSnapshot(source, target))
    })

    it('declares Python’s definitions into the catalog Python wrote', async () => {
      const python = await loadPython(name)
      const target = scratchName('dcl')
      const schema = await inst.schema(target)
      const masters = new Map<string, Table>()
      for (const definition of DEFINITIONS[name] ?? []) {
        if (definition.tier === 'part') {
          const master = masters.get(definition.master ?? '')
          if (master === undefined) throw new Error(`no master ${definition.master}`)
          await schema.part(master, definition.className, definition.definition)
        } else {
          masters.set(definition.className, await declare(schema, definition.tier, definition.className, definition.definition))
        }
      }
      const ours = await snapshot(target, target)
      expect(ours.tables.length).toBe((DEFINITIONS[name] ?? []).length + 1)
      expect(ours).toEqual(await snapshot(python, target))
      expect(await serverSnapshot(target, target)).toEqual(await serverSnapshot(python, target))
    })
  })
})
