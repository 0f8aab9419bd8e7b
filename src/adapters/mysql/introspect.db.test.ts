import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CatalogRows } from '../catalog-rows'
import type { CompiledQuery, Driver } from '../driver'
import {
  PYTHON_CATALOG_NAMES,
  dropScratchSchema,
  pythonCatalogFile,
  loadPythonCatalog,
  readPythonCatalogTsv,
  readPythonLineage,
  rewriteSchemaName,
} from '../../testing/load-dump'
import { mysqlTestOptions, recordingLogger, scratchSchemaName } from '../../testing/servers'
import { createMysqlDriver } from './driver'
import { createMysqlIntrospector } from './introspect'

const driver: Driver = createMysqlDriver(mysqlTestOptions(), recordingLogger())
const run = (query: CompiledQuery) => driver.query(query)
const created: string[] = []

function scratch(prefix: string): string {
  const name = scratchSchemaName(prefix)
  created.push(name)
  return name
}

function counted(): { count: () => number; introspector: ReturnType<typeof createMysqlIntrospector> } {
  let n = 0
  const introspector = createMysqlIntrospector((query) => {
    n += 1
    return run(query)
  })
  return { count: () => n, introspector }
}

function sortBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  return [...items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))
}

function catalogFile(name: string, suffix: string, schema: string): string {
  const text = readFileSync(pythonCatalogFile('mysql', name, suffix), 'utf8')
  return rewriteSchemaName(text, name, schema)
}

beforeAll(async () => {
  await driver.connect()
})

afterAll(async () => {
  // Reverse order: a downstream schema holds foreign keys into an earlier one.
  for (const schema of [...created].reverse()) await dropScratchSchema('mysql', schema, run)
  await driver.close()
})

interface IndexFact {
  readonly name: string
  readonly unique: boolean
  readonly columns: string[]
}

interface TableFacts {
  readonly pk: string[]
  readonly json: Set<string>
  readonly indexes: IndexFact[]
}

/** Per-table facts read straight off the SHOW CREATE TABLE dump, independently of information_schema. */
function dumpFacts(name: string, schema: string): Map<string, TableFacts> {
  const tables = new Map<string, TableFacts>()
  const names = (list: string) => [...list.matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? '')
  for (const block of catalogFile(name, 'sql', schema).split(/^CREATE TABLE /m).slice(1)) {
    const table = /^`([^`]+)`/.exec(block)?.[1] ?? ''
    tables.set(table, {
      pk: names(/PRIMARY KEY \(([^)]*)\)/.exec(block)?.[1] ?? ''),
      json: new Set([...block.matchAll(/CHECK \(json_valid\(`([^`]+)`\)\)/g)].map((m) => m[1] ?? '')),
      indexes: [...block.matchAll(/^\s+(UNIQUE )?KEY `([^`]+)` \(([^)]*)\)/gm)].map((m) => ({
        name: m[2] ?? '',
        unique: m[1] !== undefined,
        columns: names(m[3] ?? ''),
      })),
    })
  }
  return tables
}

function enumLabels(columnType: string): string[] {
  return [...columnType.matchAll(/'([^']*)'/g)].map((m) => m[1] ?? '')
}

function expectedDefault(raw: string, nullable: boolean): { kind: string; value: string | null } {
  if (raw === 'NULL') return nullable ? { kind: 'null', value: null } : { kind: 'none', value: null }
  if (raw.startsWith("'")) return { kind: 'literal', value: raw.slice(1, -1) }
  if (/^\d+$/.test(raw)) return { kind: 'literal', value: raw }
  const ts = /^current_timestamp\((\d*)\)$/.exec(raw)
  if (ts !== null) {
    return { kind: 'expression', value: ts[1] === '' ? 'CURRENT_TIMESTAMP' : `CURRENT_TIMESTAMP(${ts[1]})` }
  }
  throw new Error(`unexpected default ${raw}`)
}

describe.each(PYTHON_CATALOG_NAMES.mysql)('MySQL introspection of Python’s %s', (name) => {
  const schema = scratch(name.replace(/_/g, '').slice(0, 12))
  let catalog: CatalogRows
  let statements = 0

  beforeAll(async () => {
    await loadPythonCatalog('mysql', name, schema, run)
    const { count, introspector } = counted()
    catalog = await introspector.loadCatalog([schema])
    statements = count()
  })

  it('reads tables with byte-exact comments', () => {
    const expected = readPythonCatalogTsv('mysql', name, 'tables', schema).map((r) => ({
      schema,
      table: r['table_name'],
      comment: r['table_comment'],
    }))
    expect(sortBy(catalog.tables, (t) => t.table)).toEqual(sortBy(expected, (t) => t.table ?? ''))
  })

  it('reads columns: normalised types, nullability, defaults, enum labels, comments', () => {
    const facts = dumpFacts(name, schema)
    const expected = readPythonCatalogTsv('mysql', name, 'columns', schema).map((r) => {
      const table = r['table_name'] ?? ''
      const column = r['column_name'] ?? ''
      const columnType = r['column_type'] ?? ''
      const nullable = r['is_nullable'] === 'YES'
      const json = facts.get(table)?.json.has(column) ?? false
      const def = expectedDefault(r['column_default'] ?? '', nullable)
      return {
        schema,
        table,
        name: column,
        ordinal: Number(r['ordinal_position']),
        sqlType: json ? 'json' : columnType.replace(/^(tinyint|smallint|int|bigint|year)\(\d+\)/, '$1'),
        enumValues: r['data_type'] === 'enum' ? enumLabels(columnType) : null,
        nullable,
        defaultKind: def.kind,
        defaultValue: def.value,
        comment: r['column_comment'],
        autoIncrement: (r['extra'] ?? '').includes('auto_increment'),
      }
    })
    const order = (c: { table: string; ordinal: number }) => `${c.table}.${c.ordinal}`
    expect(sortBy(catalog.columns, order)).toEqual(sortBy(expected, order))
  })

  it('reads primary keys in key order', () => {
    const expected = [...dumpFacts(name, schema)].map(([table, f]) => ({ schema, table, columns: f.pk }))
    expect(sortBy(catalog.primaryKeys, (p) => p.table)).toEqual(sortBy(expected, (p) => p.table))
  })

  it('reads foreign keys with position-matched column pairs', () => {
    const rows = readPythonCatalogTsv('mysql', name, 'fks', schema)
    const byName = new Map<string, typeof rows>()
    for (const r of rows) {
      const constraint = r['constraint_name'] ?? ''
      byName.set(constraint, [...(byName.get(constraint) ?? []), r])
    }
    const expected = [...byName].map(([constraint, group]) => {
      const sorted = sortBy(group, (r) => (r['ordinal_position'] ?? '').padStart(3, '0'))
      return {
        name: constraint,
        schema,
        table: sorted[0]?.['table_name'],
        columns: sorted.map((r) => r['column_name']),
        refSchema: sorted[0]?.['referenced_table_schema'],
        refTable: sorted[0]?.['referenced_table_name'],
        refColumns: sorted.map((r) => r['referenced_column_name']),
      }
    })
    expect(sortBy(catalog.foreignKeys, (f) => f.name)).toEqual(sortBy(expected, (f) => f.name))
  })

  it('reads secondary indexes (unique flag, column order), not the primary key', () => {
    const expected = [...dumpFacts(name, schema)].flatMap(([table, f]) =>
      f.indexes.map((i) => ({ schema, table, ...i })),
    )
    const order = (i: { table: string; name: string }) => `${i.table}.${i.name}`
    expect(sortBy(catalog.indexes, order)).toEqual(sortBy(expected, order))
  })

  it('reads the ~lineage rows, in a fixed number of statements', () => {
    const expected = readPythonLineage('mysql', name, schema)
    expect(catalog.schemasWithLineage).toEqual([schema])
    const order = (l: { table: string; attribute: string }) => `${l.table}.${l.attribute}`
    expect(sortBy(catalog.lineage, order)).toEqual(sortBy(expected, order))
    expect(statements).toBe(7)
  })
})

async function createWideSchema(schema: string, tables: number): Promise<void> {
  const q = (table: string) => `\`${schema}\`.\`${table}\``
  await run({ sql: `CREATE DATABASE \`${schema}\``, params: [] })
  await run({
    sql:
      `CREATE TABLE ${q('~lineage')} (table_name varchar(64) NOT NULL, ` +
      'attribute_name varchar(64) NOT NULL, lineage varchar(255) NOT NULL, ' +
      'PRIMARY KEY (table_name, attribute_name))',
    params: [],
  })
  for (let i = 0; i < tables; i += 1) {
    const parent = i === 0 ? '' : `, FOREIGN KEY (parent_id) REFERENCES ${q(`t${i - 1}`)} (id)`
    await run({
      sql:
        `CREATE TABLE ${q(`t${i}`)} (id int NOT NULL AUTO_INCREMENT COMMENT ':int32:id', ` +
        "parent_id int DEFAULT NULL, note varchar(10) NOT NULL DEFAULT 'x', doc json DEFAULT NULL, " +
        `kind enum('a','b') NOT NULL, PRIMARY KEY (id), KEY note (note)${parent}) COMMENT='table ${i}'`,
      params: [],
    })
    await run({
      sql: `INSERT INTO ${q('~lineage')} VALUES (?, 'id', ?)`,
      params: [`t${i}`, `${schema}.t${i}.id`],
    })
  }
}

describe('MySQL introspection cost and catalog-wide queries', () => {
  const small = scratch('small')
  const wide = scratch('wide')
  const downstream = scratch('down')

  beforeAll(async () => {
    await createWideSchema(small, 3)
    await createWideSchema(wide, 200)
    await run({ sql: `CREATE DATABASE \`${downstream}\``, params: [] })
    await run({
      sql:
        `CREATE TABLE \`${downstream}\`.d (id int NOT NULL, PRIMARY KEY (id), ` +
        `FOREIGN KEY (id) REFERENCES \`${small}\`.t0 (id))`,
      params: [],
    })
    await run({ sql: `INSERT INTO \`${small}\`.t0 (kind) VALUES ('a'), ('b'), ('a')`, params: [] })
  }, 120_000)

  it('runs the same number of statements for 3 tables and for 200', async () => {
    const a = counted()
    const smallCatalog = await a.introspector.loadCatalog([small])
    const b = counted()
    const started = Date.now()
    const wideCatalog = await b.introspector.loadCatalog([wide])
    const elapsed = Date.now() - started
    expect(a.count()).toBe(b.count())
    expect(a.count()).toBe(7)
    expect(smallCatalog.tables).toHaveLength(4)
    expect(wideCatalog.tables).toHaveLength(201)
    expect(wideCatalog.columns).toHaveLength(200 * 5 + 3)
    expect(wideCatalog.foreignKeys).toHaveLength(199)
    expect(wideCatalog.lineage).toHaveLength(200)
    expect(wideCatalog.columns.filter((c) => c.sqlType === 'json')).toHaveLength(200)
    console.info(`MySQL loadCatalog: ${b.count()} statements, 200 tables in ${elapsed} ms`)
  })

  it('reads several schemas at once, lineage of both in one UNION ALL', async () => {
    const { count, introspector } = counted()
    const both = await introspector.loadCatalog([small, wide])
    expect(count()).toBe(7)
    expect([...both.schemasWithLineage].sort()).toEqual([small, wide].sort())
    expect(both.lineage).toHaveLength(203)
  })

  it('reports auto_increment, json, enum and literal defaults', async () => {
    const { columns } = await createMysqlIntrospector(run).loadCatalog([small])
    const t0 = columns.filter((c) => c.table === 't0')
    expect(t0.map((c) => [c.name, c.sqlType, c.defaultKind, c.defaultValue, c.autoIncrement])).toEqual([
      ['id', 'int', 'none', null, true],
      ['parent_id', 'int', 'null', null, false],
      ['note', 'varchar(10)', 'literal', 'x', false],
      ['doc', 'json', 'null', null, false],
      ['kind', "enum('a','b')", 'none', null, false],
    ])
  })

  it('reads the columns of base tables only, not of views', async () => {
    await run({ sql: `CREATE VIEW \`${small}\`.t0_view AS SELECT id, note FROM \`${small}\`.t0`, params: [] })
    try {
      const { tables, columns } = await createMysqlIntrospector(run).loadCatalog([small])
      expect(tables.map((t) => t.table)).not.toContain('t0_view')
      expect(columns.filter((c) => c.table === 't0_view')).toEqual([])
      expect(columns.filter((c) => c.table === 't0')).toHaveLength(5)
    } finally {
      await run({ sql: `DROP VIEW \`${small}\`.t0_view`, params: [] })
    }
  })

  it('lists user schemas only, and checks existence', async () => {
    const introspector = createMysqlIntrospector(run)
    const schemas = await introspector.listSchemas()
    expect(schemas).toEqual(expect.arrayContaining([small, wide, downstream]))
    for (const system of ['information_schema', 'mysql', 'performance_schema', 'sys']) {
      expect(schemas).not.toContain(system)
    }
    expect(await introspector.schemaExists(small)).toBe(true)
    expect(await introspector.schemaExists(`${small}_nope`)).toBe(false)
  })

  it('finds downstream schemas and includes their foreign keys into the requested schema', async () => {
    const introspector = createMysqlIntrospector(run)
    expect(await introspector.downstreamSchemas([small])).toEqual([downstream])
    expect(await introspector.downstreamSchemas([small, downstream])).toEqual([])
    const { foreignKeys } = await introspector.loadCatalog([small])
    expect(foreignKeys.filter((f) => f.schema === downstream)).toEqual([
      {
        name: expect.any(String),
        schema: downstream,
        table: 'd',
        columns: ['id'],
        refSchema: small,
        refTable: 't0',
        refColumns: ['id'],
      },
    ])
  })

  it('counts rows exactly in one statement, or estimates them', async () => {
    const { count, introspector } = counted()
    const exact = await introspector.rowCounts(small, ['t0', 't1', '~lineage'])
    expect(count()).toBe(1)
    expect(exact).toEqual(
      new Map([
        ['t0', 3],
        ['t1', 0],
        ['~lineage', 3],
      ]),
    )
    const estimated = await introspector.rowEstimates(small, ['t0', 't1'])
    expect(count()).toBe(2)
    expect([...estimated.keys()].sort()).toEqual(['t0', 't1'])
    // InnoDB's statistics are samples: no estimate is taken as exact, not even 0.
    expect([...estimated.values()].every((e) => e.estimated)).toBe(true)
    expect(await introspector.enumTypesOf(small, 't0')).toEqual([])
  })
})
