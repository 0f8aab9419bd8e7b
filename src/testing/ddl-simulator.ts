// A tiny stand-in for the server in golden tests: applies the statements of a DeclarationPlan to an in-memory
// catalog the way MariaDB/PostgreSQL would store them (type spellings, enum labels, defaults, implicit InnoDB FK
// indexes, constraint names), producing CatalogRows comparable with what Python's declarations left behind.
// Test support only; it understands exactly the statement shapes `to-ddl.ts` emits.

// Type-only import (erased at compile time); the layering lint pattern cannot tell.
// oxlint-disable-next-line no-restricted-imports
import type * as Rows from '../adapters/catalog-rows'
import type { Backend } from '../declare/core-types'
import type { DeclarationPlan } from '../declare/to-ddl'

type Mutable<T> = { -readonly [K in keyof T]: T[K] }

export interface SimulatedCatalog {
  tables: Rows.CatalogTableRow[]
  columns: Mutable<Rows.CatalogColumnRow>[]
  primaryKeys: Rows.CatalogPrimaryKeyRow[]
  foreignKeys: Rows.CatalogForeignKeyRow[]
  indexes: Rows.CatalogIndexRow[]
  lineage: Rows.CatalogLineageRow[]
  schemasWithLineage: string[]
  /** PostgreSQL enum types by `schema.name`. */
  enumTypes: Map<string, readonly string[]>
}

export function emptyCatalog(): SimulatedCatalog {
  return {
    tables: [],
    columns: [],
    primaryKeys: [],
    foreignKeys: [],
    indexes: [],
    lineage: [],
    schemasWithLineage: [],
    enumTypes: new Map(),
  }
}

/** Runs a plan's statements and lineage rows against the simulated catalog. */
export function applyPlan(catalog: SimulatedCatalog, backend: Backend, plan: DeclarationPlan): void {
  let created: { schema: string; table: string } | null = null
  for (const { sql } of plan.statements) {
    if (sql.startsWith('CREATE TYPE ')) createType(catalog, sql)
    else if (sql.startsWith('CREATE TABLE ')) created = createTable(catalog, backend, sql)
    else if (/^CREATE (UNIQUE )?INDEX /.test(sql)) createIndex(catalog, sql)
    else if (sql.startsWith('COMMENT ON ')) commentOn(catalog, sql)
    else throw new Error(`simulator: unexpected statement ${sql}`)
  }
  if (created === null) throw new Error('simulator: the plan has no CREATE TABLE')
  const { schema, table } = created
  catalog.lineage = catalog.lineage.filter((row) => !(row.schema === schema && row.table === table))
  catalog.lineage.push(...plan.lineage.map((row) => ({ schema, table, attribute: row.attribute, lineage: row.lineage })))
  if (!catalog.schemasWithLineage.includes(schema)) catalog.schemasWithLineage.push(schema)
}

/** Reads `` `a` `` / `"a"` identifiers separated by `.` or `,` from the start of `text`. */
class Reader {
  pos = 0
  constructor(readonly text: string) {}

  get rest(): string {
    return this.text.slice(this.pos)
  }

  expect(literal: string): void {
    if (!this.text.startsWith(literal, this.pos)) throw new Error(`simulator: expected ${literal} at ${this.rest}`)
    this.pos += literal.length
  }

  accept(literal: string): boolean {
    if (!this.text.startsWith(literal, this.pos)) return false
    this.pos += literal.length
    return true
  }

  identifier(): string {
    const quote = this.text[this.pos]
    if (quote !== '`' && quote !== '"') throw new Error(`simulator: identifier expected at ${this.rest}`)
    const close = this.text.indexOf(quote, this.pos + 1)
    const name = this.text.slice(this.pos + 1, close)
    this.pos = close + 1
    return name
  }

  identifierList(): string[] {
    this.expect('(')
    const names: string[] = []
    while (!this.accept(')')) {
      names.push(this.identifier())
      this.accept(',')
      this.accept(' ')
    }
    return names
  }

  /** A `'…'` literal with `''` (and, on MySQL, backslash) escapes. */
  singleQuoted(backslashes: boolean): string {
    this.expect("'")
    let value = ''
    for (;;) {
      const char = this.text[this.pos++]
      if (char === undefined) throw new Error('simulator: unterminated string')
      if (char === "'") {
        if (this.text[this.pos] !== "'") return value
        this.pos++
        value += "'"
      } else if (char === '\\' && backslashes) {
        value += this.text[this.pos++] ?? ''
      } else {
        value += char
      }
    }
  }

  /** MySQL's `"…"` string with backslash escapes. */
  doubleQuoted(): string {
    this.expect('"')
    let value = ''
    for (;;) {
      const char = this.text[this.pos++]
      if (char === undefined) throw new Error('simulator: unterminated string')
      if (char === '"') return value
      value += char === '\\' ? (this.text[this.pos++] ?? '') : char
    }
  }
}

function createType(catalog: SimulatedCatalog, sql: string): void {
  const reader = new Reader(sql)
  reader.expect('CREATE TYPE ')
  const key = `${reader.identifier()}.${(reader.expect('.'), reader.identifier())}`
  reader.expect(' AS ENUM (')
  const values: string[] = []
  while (!reader.accept(')')) {
    values.push(reader.singleQuoted(false))
    reader.accept(', ')
  }
  if (!catalog.enumTypes.has(key)) catalog.enumTypes.set(key, values)
}

interface ParsedColumn {
  name: string
  type: string
  notNull: boolean
  defaultValue: { kind: 'literal' | 'null' | 'expression'; value: string | null } | null
  comment: string
}

/** Splits the column text after the name into its type and clauses, outside quotes and parentheses. */
function parseColumn(item: string, backend: Backend): ParsedColumn {
  const reader = new Reader(item)
  const name = reader.identifier()
  reader.expect(' ')
  let depth = 0
  let quote: string | null = null
  let end = reader.pos
  for (; end < item.length; end++) {
    const char = item[end] ?? ''
    if (quote !== null) {
      if (char === quote) quote = null
    } else if (char === "'" || char === '"') {
      quote = char
    } else if (char === '(') {
      depth++
    } else if (char === ')') {
      depth--
    } else if (depth === 0 && /^ (NOT NULL|DEFAULT |COMMENT ")/.test(item.slice(end))) {
      break
    }
  }
  const column: ParsedColumn = { name, type: item.slice(reader.pos, end), notNull: false, defaultValue: null, comment: '' }
  reader.pos = end
  while (reader.pos < item.length) {
    reader.expect(' ')
    if (reader.accept('NOT NULL')) {
      column.notNull = true
    } else if (reader.accept('DEFAULT ')) {
      if (reader.text[reader.pos] === "'") {
        column.defaultValue = { kind: 'literal', value: reader.singleQuoted(backend === 'mysql') }
      } else {
        const token = /^[^ ]+/.exec(reader.rest)?.[0] ?? ''
        reader.pos += token.length
        const upper = token.toUpperCase()
        column.defaultValue =
          upper === 'NULL'
            ? { kind: 'null', value: null }
            : upper.startsWith('CURRENT_TIMESTAMP')
              ? { kind: 'expression', value: upper }
              : { kind: 'literal', value: upper === 'TRUE' || upper === 'FALSE' ? upper.toLowerCase() : token }
      }
    } else if (reader.text.startsWith('COMMENT "', reader.pos)) {
      reader.expect('COMMENT ')
      column.comment = reader.doubleQuoted()
    } else {
      throw new Error(`simulator: unexpected clause ${reader.rest}`)
    }
  }
  return column
}

const PG_ALIASES: Readonly<Record<string, string>> = {
  int: 'integer',
  int4: 'integer',
  int2: 'smallint',
  int8: 'bigint',
  float4: 'real',
  float8: 'double precision',
  bool: 'boolean',
}

const PG_TYPES: readonly (readonly [RegExp, (m: RegExpExecArray) => string])[] = [
  [/^(smallint|integer|bigint|real|double precision|boolean|date|uuid|jsonb|json|bytea|text)$/, (m) => m[1] ?? ''],
  [/^(int|int[248]|float[48]|bool)$/, (m) => PG_ALIASES[m[1] ?? ''] ?? ''],
  [/^(varchar|char)\((\d+)\)$/, (m) => `${m[1]}(${m[2]})`],
  [/^numeric\((\d+),(\d+)\)$/, (m) => (m[2] === '0' ? `decimal(${m[1]})` : `decimal(${m[1]},${m[2]})`)],
  [/^decimal\((\d+)(?:,(\d+))?\)$/, (m) => (m[2] === undefined || m[2] === '0' ? `decimal(${m[1]})` : `decimal(${m[1]},${m[2]})`)],
  [/^timestamp(\(\d+\))?(?: without time zone)?$/, (m) => `timestamp${m[1] ?? ''}`],
  [/^time(\(\d+\))?(?: without time zone)?$/, (m) => `time${m[1] ?? ''}`],
]

function storedColumn(
  catalog: SimulatedCatalog,
  backend: Backend,
  column: ParsedColumn,
): { sqlType: string; enumValues: readonly string[] | null } {
  if (backend === 'mysql') {
    const enumMatch = /^enum\((.*)\)$/.exec(column.type)
    if (enumMatch === null) return { sqlType: column.type, enumValues: null }
    const reader = new Reader(enumMatch[1] ?? '')
    const values: string[] = []
    while (reader.pos < reader.text.length) {
      values.push(reader.singleQuoted(true))
      reader.accept(',')
      while (reader.accept(' ')) {
        /* skip */
      }
    }
    return { sqlType: `enum(${values.map((v) => `'${v.replaceAll("'", "''")}'`).join(',')})`, enumValues: values }
  }
  const enumType = /^"([^"]+)"\."(enum_[0-9a-f]{8})"$/.exec(column.type)
  if (enumType !== null) {
    const values = catalog.enumTypes.get(`${enumType[1]}.${enumType[2]}`)
    if (values === undefined) throw new Error(`simulator: type "${enumType[1]}"."${enumType[2]}" does not exist`)
    return { sqlType: enumType[2] ?? '', enumValues: values }
  }
  for (const [pattern, spell] of PG_TYPES) {
    const match = pattern.exec(column.type)
    if (match !== null) return { sqlType: spell(match), enumValues: null }
  }
  throw new Error(`simulator: type "${column.type}" does not exist`)
}

function storedDefault(
  backend: Backend,
  sqlType: string,
  column: ParsedColumn,
): { kind: Rows.DefaultKind; value: string | null } {
  const written = column.defaultValue
  if (written === null) return column.notNull ? { kind: 'none', value: null } : { kind: 'null', value: null }
  if (written.kind !== 'literal' || written.value === null) return { kind: written.kind, value: written.value }
  const value = written.value
  if (sqlType === 'boolean' || (backend === 'mysql' && sqlType.startsWith('tinyint'))) {
    const truthy = /^(1|t|true|y|yes|on)$/i.test(value)
    const falsy = /^(0|f|false|n|no|off)$/i.test(value)
    if (!truthy && !falsy) throw new Error(`simulator: invalid boolean default ${value}`)
    if (backend === 'mysql' && !/^[01]$/.test(value) && !/^(true|false)$/.test(value)) {
      throw new Error(`simulator: MySQL rejects default '${value}' for ${sqlType}`)
    }
    return { kind: 'literal', value: backend === 'mysql' ? (truthy ? '1' : '0') : truthy ? 'true' : 'false' }
  }
  return { kind: 'literal', value }
}

function createTable(catalog: SimulatedCatalog, backend: Backend, sql: string): { schema: string; table: string } {
  const reader = new Reader(sql)
  reader.expect('CREATE TABLE IF NOT EXISTS ')
  const schema = reader.identifier()
  reader.expect('.')
  const table = reader.identifier()
  reader.expect(' (\n')
  const close = sql.lastIndexOf('\n) ')
  const items = sql.slice(reader.pos, close).split(',\n')
  const options = sql.slice(close + 3)
  let comment = ''
  if (backend === 'mysql') {
    const optionReader = new Reader(options)
    optionReader.expect('ENGINE=InnoDB')
    if (optionReader.accept(', COMMENT ')) comment = optionReader.doubleQuoted()
  }
  if (catalog.tables.some((row) => row.schema === schema && row.table === table)) return { schema, table }
  catalog.tables.push({ schema, table, comment })

  const indexes: Rows.CatalogIndexRow[] = []
  const indexName = (first: string) => {
    let name = first
    for (let n = 2; indexes.some((index) => index.name === name); n++) name = `${first}_${n}`
    return name
  }
  let primaryKey: string[] = []
  const foreignKeys: Rows.CatalogForeignKeyRow[] = []
  let ordinal = 0
  for (const item of items) {
    const itemReader = new Reader(item)
    if (itemReader.accept('PRIMARY KEY ')) {
      primaryKey = itemReader.identifierList()
    } else if (itemReader.accept('FOREIGN KEY ')) {
      const columns = itemReader.identifierList()
      itemReader.expect(' REFERENCES ')
      const refSchema = itemReader.identifier()
      itemReader.expect('.')
      const refTable = itemReader.identifier()
      itemReader.expect(' ')
      const refColumns = itemReader.identifierList()
      itemReader.expect(' ON UPDATE CASCADE ON DELETE RESTRICT')
      const name =
        backend === 'mysql' ? `${table}_ibfk_${foreignKeys.length + 1}` : `${table}_${columns.join('_')}_fkey`.slice(0, 63)
      foreignKeys.push({ name, schema, table, columns, refSchema, refTable, refColumns })
    } else if (/^(unique )?index \(/i.test(item)) {
      const unique = /^unique /i.test(item)
      itemReader.pos = item.indexOf('(')
      const columns = itemReader.identifierList()
      indexes.push({ schema, table, name: indexName(columns[0] ?? ''), unique, columns })
    } else {
      const column = parseColumn(item, backend)
      const stored = storedColumn(catalog, backend, column)
      const defaultValue = storedDefault(backend, stored.sqlType, column)
      catalog.columns.push({
        schema,
        table,
        name: column.name,
        ordinal: ++ordinal,
        sqlType: stored.sqlType,
        enumValues: stored.enumValues,
        nullable: !column.notNull,
        defaultKind: defaultValue.kind,
        defaultValue: defaultValue.value,
        comment: column.comment,
        autoIncrement: false,
      })
    }
  }
  if (backend === 'mysql') {
    // InnoDB creates an index for each foreign key that no index (the primary key included) starts with.
    for (const fk of foreignKeys) {
      const startsWith = (columns: readonly string[]) =>
        fk.columns.length <= columns.length && fk.columns.every((c, i) => columns[i] === c)
      if (!startsWith(primaryKey) && !indexes.some((index) => startsWith(index.columns))) {
        indexes.push({ schema, table, name: indexName(fk.columns[0] ?? ''), unique: false, columns: fk.columns })
      }
    }
  }
  catalog.primaryKeys.push({ schema, table, columns: primaryKey })
  catalog.foreignKeys.push(...foreignKeys)
  catalog.indexes.push(...indexes)
  return { schema, table }
}

function createIndex(catalog: SimulatedCatalog, sql: string): void {
  const reader = new Reader(sql)
  const unique = reader.accept('CREATE UNIQUE INDEX ')
  if (!unique) reader.expect('CREATE INDEX ')
  const name = reader.identifier().slice(0, 63)
  reader.expect(' ON ')
  const schema = reader.identifier()
  reader.expect('.')
  const table = reader.identifier()
  reader.expect(' ')
  const columns = reader.identifierList()
  if (catalog.indexes.some((index) => index.schema === schema && index.name === name)) {
    throw new Error(`simulator: relation "${name}" already exists`)
  }
  catalog.indexes.push({ schema, table, name, unique, columns })
}

function commentOn(catalog: SimulatedCatalog, sql: string): void {
  const reader = new Reader(sql)
  if (reader.accept('COMMENT ON TABLE ')) {
    const schema = reader.identifier()
    reader.expect('.')
    const table = reader.identifier()
    reader.expect(' IS ')
    const comment = reader.singleQuoted(false)
    const index = catalog.tables.findIndex((row) => row.schema === schema && row.table === table)
    const row = catalog.tables[index]
    if (row === undefined) throw new Error(`simulator: no table ${schema}.${table}`)
    catalog.tables[index] = { ...row, comment }
    return
  }
  reader.expect('COMMENT ON COLUMN ')
  const schema = reader.identifier()
  reader.expect('.')
  const table = reader.identifier()
  reader.expect('.')
  const name = reader.identifier()
  reader.expect(' IS ')
  const comment = reader.singleQuoted(false)
  const column = catalog.columns.find((row) => row.schema === schema && row.table === table && row.name === name)
  if (column === undefined) throw new Error(`simulator: no column ${schema}.${table}.${name}`)
  column.comment = comment
}
