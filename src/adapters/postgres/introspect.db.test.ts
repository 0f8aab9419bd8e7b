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
import { postgresTestTargets, recordingLogger, scratchSchemaName } from '../../testing/servers'
import { createPostgresDriver } from './driver'
import { createPostgresIntrospector } from './introspect'

function sortBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  return [...items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))
}

function dumpText(name: string, schema: string): string {
  const text = readFileSync(pythonCatalogFile('postgres', name, 'sql'), 'utf8')
  return rewriteSchemaName(text, name, schema)
}

/** Facts read off the pg_dump text, independently of pg_catalog. */
function dumpFacts(name: string, schema: string) {
  const dump = dumpText(name, schema)
  const unquote = (id: string) => id.replace(/^"(.*)"$/, '$1')
  const timestamps = new Map<string, string>()
  for (const m of dump.matchAll(/^CREATE TABLE [^.]+\.("[^"]+"|\S+) \(\n([\s\S]*?)\n\);/gm)) {
    const table = unquote(m[1] ?? '')
    for (const line of (m[2] ?? '').split('\n')) {
      const col = /^\s+("[^"]+"|\S+) timestamp(\(\d+\))? without time zone/.exec(line)
      if (col !== null) timestamps.set(`${table}.${unquote(col[1] ?? '')}`, `timestamp${col[2] ?? ''}`)
    }
  }
  const createIndex =
    /^CREATE (UNIQUE )?INDEX ("[^"]+"|\S+) ON [^.]+\.("[^"]+"|\S+) USING btree \(([^)]*)\);/gm
  const indexes = [...dump.matchAll(createIndex)].map((m) => ({
    schema,
    table: unquote(m[3] ?? ''),
    name: unquote(m[2] ?? ''),
    unique: m[1] !== undefined,
    columns: (m[4] ?? '').split(', ').map(unquote),
  }))
  return { timestamps, indexes }
}

function expectedType(r: Record<string, string>, timestamps: Map<string, string>): string {
  const dataType = r['data_type'] ?? ''
  switch (dataType) {
    case 'USER-DEFINED':
      return r['udt_name'] ?? ''
    case 'character varying':
      return `varchar(${r['character_maximum_length']})`
    case 'character':
      return `char(${r['character_maximum_length']})`
    case 'numeric':
      return r['numeric_scale'] === '0'
        ? `decimal(${r['numeric_precision']})`
        : `decimal(${r['numeric_precision']},${r['numeric_scale']})`
    case 'timestamp without time zone':
      return timestamps.get(`${r['table_name']}.${r['column_name']}`) ?? 'missing'
    default:
      return dataType
  }
}

function expectedDefault(raw: string, nullable: boolean): { kind: string; value: string | null } {
  if (raw === '') return nullable ? { kind: 'null', value: null } : { kind: 'none', value: null }
  if (raw.startsWith('NULL::')) return { kind: 'null', value: null }
  const quoted = /^'(.*)'::/.exec(raw)
  if (quoted !== null) return { kind: 'literal', value: quoted[1] ?? '' }
  if (/^(\d+|true|false)$/.test(raw)) return { kind: 'literal', value: raw }
  if (/^CURRENT_TIMESTAMP(\(\d+\))?$/.test(raw)) return { kind: 'expression', value: raw }
  throw new Error(`unexpected default ${raw}`)
}

describe.each(postgresTestTargets())('PostgreSQL introspection on $name', (target) => {
  let driver: Driver
  const run = (query: CompiledQuery) => driver.query(query)
  const created: string[] = []
  const scratch = (prefix: string): string => {
    const name = scratchSchemaName(prefix)
    created.push(name)
    return name
  }
  const counted = () => {
    let n = 0
    const introspector = createPostgresIntrospector((query) => {
      n += 1
      return run(query)
    })
    return { count: () => n, introspector }
  }

  beforeAll(async () => {
    await target.start()
    driver = createPostgresDriver(target.options(), recordingLogger())
    await driver.connect()
  }, 120_000)

  afterAll(async () => {
    for (const schema of [...created].reverse()) await dropScratchSchema('postgres', schema, run)
    await driver.close()
    await target.stop()
  })

  describe.each(PYTHON_CATALOG_NAMES.postgres)('Python’s %s', (name) => {
    const schema = scratch(name.replace(/_/g, '').slice(0, 12))
    let catalog: CatalogRows
    let statements = 0

    beforeAll(async () => {
      await loadPythonCatalog('postgres', name, schema, run)
      const { count, introspector } = counted()
      catalog = await introspector.loadCatalog([schema])
      statements = count()
    })

    it('reads tables with byte-exact comments', () => {
      const expected = readPythonCatalogTsv('postgres', name, 'tables', schema).map((r) => ({
        schema,
        table: r['relname'],
        comment: r['comment'],
      }))
      expect(sortBy(catalog.tables, (t) => t.table)).toEqual(sortBy(expected, (t) => t.table ?? ''))
    })

    it('reads columns: normalised types, nullability, defaults, enum labels, comments', () => {
      const { timestamps } = dumpFacts(name, schema)
      const enumRows = readPythonCatalogTsv('postgres', name, 'enums', schema)
      const enums = new Map(enumRows.map((r) => [r['typname'], (r['string_agg'] ?? '').split(',')]))
      const columns = readPythonCatalogTsv('postgres', name, 'columns', schema)
      const expected = columns.map((r) => {
        const nullable = r['is_nullable'] === 'YES'
        const def = expectedDefault(r['column_default'] ?? '', nullable)
        return {
          schema,
          table: r['table_name'],
          name: r['column_name'],
          ordinal: Number(r['ordinal_position']),
          sqlType: expectedType(r, timestamps),
          enumValues: r['data_type'] === 'USER-DEFINED' ? (enums.get(r['udt_name']) ?? 'missing') : null,
          nullable,
          defaultKind: def.kind,
          defaultValue: def.value,
          comment: r['comment'],
          autoIncrement: false,
        }
      })
      const order = (c: { table?: string | undefined; ordinal: number }) => `${c.table}.${c.ordinal}`
      expect(sortBy(catalog.columns, order)).toEqual(sortBy(expected, order))
    })

    it('reads primary and foreign keys with position-matched column pairs', () => {
      const defs = readPythonCatalogTsv('postgres', name, 'fks', schema)
      const split = (list: string) => list.split(', ').map((c) => c.replace(/^"(.*)"$/, '$1'))
      const pks = defs.flatMap((r) => {
        const m = /^PRIMARY KEY \((.*)\)$/.exec(r['pg_get_constraintdef'] ?? '')
        return m === null ? [] : [{ schema, table: r['relname'], columns: split(m[1] ?? '') }]
      })
      const fks = defs.flatMap((r) => {
        const fk = /^FOREIGN KEY \((.*?)\) REFERENCES ([^.]+)\.("[^"]+"|[^(]+)\((.*?)\)/
        const m = fk.exec(r['pg_get_constraintdef'] ?? '')
        if (m === null) return []
        return [
          {
            name: r['conname'],
            schema,
            table: r['relname'],
            columns: split(m[1] ?? ''),
            refSchema: m[2],
            refTable: (m[3] ?? '').replace(/^"(.*)"$/, '$1'),
            refColumns: split(m[4] ?? ''),
          },
        ]
      })
      expect(sortBy(catalog.primaryKeys, (p) => p.table)).toEqual(sortBy(pks, (p) => p.table ?? ''))
      expect(sortBy(catalog.foreignKeys, (f) => f.name)).toEqual(sortBy(fks, (f) => f.name ?? ''))
    })

    it('reads secondary indexes from pg_index (unique flag, column order), not the primary key', () => {
      const expected = dumpFacts(name, schema).indexes
      expect(sortBy(catalog.indexes, (i) => i.name)).toEqual(sortBy(expected, (i) => i.name))
    })

    it('reads the ~lineage rows, in a fixed number of statements', () => {
      const expected = readPythonLineage('postgres', name, schema)
      expect(catalog.schemasWithLineage).toEqual([schema])
      const order = (l: { table: string; attribute: string }) => `${l.table}.${l.attribute}`
      expect(sortBy(catalog.lineage, order)).toEqual(sortBy(expected, order))
      // Six kinds of fact, and which `~lineage` tables this user may read.
      expect(statements).toBe(7)
    })

    it('lists the enum types a table uses', async () => {
      const tables = catalog.columns.filter((c) => c.enumValues !== null)
      for (const column of tables) {
        const types = await createPostgresIntrospector(run).enumTypesOf(schema, column.table)
        expect(types).toContainEqual({ schema, name: column.sqlType })
      }
    })
  })

  async function createWideSchema(schema: string, tables: number): Promise<void> {
    const statements = [
      `CREATE SCHEMA "${schema}"`,
      `CREATE TYPE "${schema}".kind AS ENUM ('a', 'b')`,
      `CREATE TABLE "${schema}"."~lineage" (table_name varchar(64), attribute_name varchar(64), ` +
        'lineage varchar(255), PRIMARY KEY (table_name, attribute_name))',
    ]
    for (let i = 0; i < tables; i += 1) {
      const parent = i === 0 ? '' : ` REFERENCES "${schema}".t${i - 1} (id)`
      statements.push(
        `CREATE TABLE "${schema}".t${i} (id serial PRIMARY KEY, parent_id int${parent}, ` +
          "note varchar(10) NOT NULL DEFAULT 'x', " +
          `doc jsonb, kind "${schema}".kind NOT NULL, made timestamp(3) NOT NULL DEFAULT now())`,
        `CREATE INDEX "t${i}_note_lower" ON "${schema}".t${i} (note, (lower(note)))`,
        `COMMENT ON TABLE "${schema}".t${i} IS 'table ${i}'`,
        `COMMENT ON COLUMN "${schema}".t${i}.note IS ':varchar(10):note ${i}'`,
        `INSERT INTO "${schema}"."~lineage" VALUES ('t${i}', 'id', '${schema}.t${i}.id')`,
      )
    }
    // One round trip for the whole set: PL/pgSQL runs each as dynamic SQL.
    const body = statements.map((s) => `EXECUTE ${quoteLiteral(s)};`).join('\n')
    await run({ sql: `DO $body$ BEGIN\n${body}\nEND $body$`, params: [] })
  }

  function quoteLiteral(text: string): string {
    return `'${text.replace(/'/g, "''")}'`
  }

  describe('cost and catalog-wide queries', () => {
    const small = scratch('small')
    const wide = scratch('wide')
    const downstream = scratch('down')

    beforeAll(async () => {
      await createWideSchema(small, 3)
      await createWideSchema(wide, 200)
      await run({ sql: `CREATE SCHEMA "${downstream}"`, params: [] })
      await run({
        sql: `CREATE TABLE "${downstream}".d (id int PRIMARY KEY REFERENCES "${small}".t0 (id))`,
        params: [],
      })
      await run({ sql: `INSERT INTO "${small}".t0 (kind) VALUES ('a'), ('b'), ('a')`, params: [] })
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
      expect(wideCatalog.columns).toHaveLength(200 * 6 + 3)
      expect(wideCatalog.foreignKeys).toHaveLength(199)
      expect(wideCatalog.indexes).toHaveLength(200)
      expect(wideCatalog.lineage).toHaveLength(200)
      console.info(`${target.name} loadCatalog: ${b.count()} statements, 200 tables in ${elapsed} ms`)
    })

    it('reads serial, enum, jsonb, defaults, comments and expression index parts', async () => {
      const catalog = await createPostgresIntrospector(run).loadCatalog([small])
      const t0 = catalog.columns.filter((c) => c.table === 't0')
      const facts = t0.map((c) => [
        c.name,
        c.sqlType,
        c.enumValues,
        c.defaultKind,
        c.defaultValue,
        c.autoIncrement,
        c.comment,
      ])
      expect(facts).toEqual([
        ['id', 'integer', null, 'expression', `nextval('${small}.t0_id_seq'::regclass)`, true, ''],
        ['parent_id', 'integer', null, 'null', null, false, ''],
        ['note', 'varchar(10)', null, 'literal', 'x', false, ':varchar(10):note 0'],
        ['doc', 'jsonb', null, 'null', null, false, ''],
        ['kind', 'kind', ['a', 'b'], 'none', null, false, ''],
        ['made', 'timestamp(3)', null, 'expression', 'CURRENT_TIMESTAMP', false, ''],
      ])
      expect(catalog.indexes.filter((i) => i.table === 't0')).toEqual([
        {
          schema: small,
          table: 't0',
          name: 't0_note_lower',
          unique: false,
          columns: ['note', '(lower(note::text))'],
        },
      ])
      expect(catalog.tables.find((t) => t.table === 't0')?.comment).toBe('table 0')
    })

    it('reads several schemas at once, lineage of both in one UNION ALL', async () => {
      const { count, introspector } = counted()
      const both = await introspector.loadCatalog([small, wide])
      expect(count()).toBe(7)
      expect([...both.schemasWithLineage].sort()).toEqual([small, wide].sort())
      expect(both.lineage).toHaveLength(203)
    })

    it('lists user schemas only (public only when it has tables), and checks existence', async () => {
      const introspector = createPostgresIntrospector(run)
      const schemas = await introspector.listSchemas()
      expect(schemas).toEqual(expect.arrayContaining([small, wide, downstream]))
      for (const system of ['information_schema', 'pg_catalog', 'pg_toast']) {
        expect(schemas).not.toContain(system)
      }
      expect(schemas.some((s) => s.startsWith('pg_'))).toBe(false)
      const publicTables = await run({
        sql:
          'SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace ' +
          "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')",
        params: [],
      })
      expect(schemas.includes('public')).toBe(Number(publicTables.rows[0]?.[0]) > 0)
      expect(await introspector.schemaExists(small)).toBe(true)
      expect(await introspector.schemaExists(`${small}_nope`)).toBe(false)
    })

    it('finds downstream schemas and includes their foreign keys into the requested schema', async () => {
      const introspector = createPostgresIntrospector(run)
      expect(await introspector.downstreamSchemas([small])).toEqual([downstream])
      expect(await introspector.downstreamSchemas([small, downstream])).toEqual([])
      const { foreignKeys } = await introspector.loadCatalog([small])
      expect(foreignKeys.filter((f) => f.schema === downstream)).toEqual([
        {
          name: 'd_id_fkey',
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
      expect(exact).toEqual(new Map([['t0', 3], ['t1', 0], ['~lineage', 3]]))
      await run({ sql: `ANALYZE "${small}".t0`, params: [] })
      const estimated = await introspector.rowEstimates(small, ['t0', 't1'])
      expect(count()).toBeLessThanOrEqual(3)
      expect(estimated.get('t0')).toEqual({ count: 3, estimated: true })
      // A table without a page: exactly empty, no count needed.
      expect(estimated.get('t1')).toEqual({ count: 0, estimated: false })
    })

    it('finds tables whose names need quoting (upper case, dots) without case-folding', async () => {
      const odd = scratch('odd')
      await run({ sql: `CREATE SCHEMA "${odd}"`, params: [] })
      await run({ sql: `CREATE TABLE "${odd}"."Mixed.Case" ("Id" int PRIMARY KEY)`, params: [] })
      await run({ sql: `COMMENT ON COLUMN "${odd}"."Mixed.Case"."Id" IS 'kept'`, params: [] })
      const catalog = await createPostgresIntrospector(run).loadCatalog([odd])
      expect(catalog.columns.map((c) => [c.table, c.name, c.comment])).toEqual([['Mixed.Case', 'Id', 'kept']])
      expect(catalog.primaryKeys).toEqual([{ schema: odd, table: 'Mixed.Case', columns: ['Id'] }])
      const counts = await createPostgresIntrospector(run).rowCounts(odd, ['Mixed.Case'])
      expect(counts).toEqual(new Map([['Mixed.Case', 0]]))
    })
  })
})
