// Interop with DataJoint Python through the public API, on PostgreSQL 15, MariaDB 10.11 and PGlite.
//
// 1. Reading what Python wrote: each reference catalog (src/testing/fixtures/python-catalogs) is loaded into a
//    scratch schema and read back through `inst.schema(...).tables()`, `schema.table(...)` and
//    `inst.freeTable(...)`; every heading must be what the catalog's TSVs record (read independently by
//    src/testing/python-catalog-headings.ts), and every table's `describe()`, declared again in another
//    schema, must rebuild the same catalog.
// 2. Writing what Python writes: the definitions Python declared, declared with
//    `schema.manual/lookup/…/part`, must leave the catalog Python left, both in a schema of their own and as
//    copies inside Python's schema (so that the parents are Python's tables).
//
// Catalogs are compared twice: as the introspector reads them (`loadCatalog` rows) and as the server renders
// them (MySQL SHOW CREATE TABLE, the dumps' own form; PostgreSQL format_type, pg_get_expr,
// pg_get_constraintdef, pg_get_indexdef), so that neither our normalisation nor our introspection can hide a
// difference.
//
// Documented differences from Python's catalogs (each excluded or asserted explicitly below):
// - Jobs tables (`~~session_stats` in oracle_types), their `~lineage` rows and, on PostgreSQL, the enum type
//   only they use are left out: Python made them when the computed table was populated with reserved jobs,
//   not when it was declared. Declaring creates no jobs table, in Python as in the engine.
// - PostgreSQL indexes on foreign keys (`idx_session_ref_subject`): DataJoint 2.3 creates them, 2.2 does not.
//   The reference catalogs were written by 2.3 and the engine follows 2.3, so they compare equal; against the
//   probe schema as 2.2.4 wrote it, the engine has three more indexes (`probe schema` below).
// - Reading (see python-catalog-headings.ts): defaults are given in definition form on both backends
//   (Python's PostgreSQL heading shows `'mouse'::character varying`); foreign-key attributes
//   report the parent's core type (Python reports the native type); MariaDB display widths are
//   dropped from native types (`year(4)` → `year`, as MySQL 8 prints them and as the definitions wrote them).

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CatalogRows } from '../adapters/catalog-rows'
import {
  PYTHON_CATALOG_NAMES,
  dropScratchSchema,
  loadPythonCatalog,
  rewriteSchemaName,
  type PythonCatalogBackend,
} from '../testing/load-dump'
import {
  PROBE_DEFINITIONS,
  PROBE_PG_LAB,
  PYTHON_CATALOG_DEFINITIONS,
  PYTHON_MYSQL_ONLY_DEFINITIONS,
  type PythonTableDefinition,
} from '../testing/python-definitions'
import type { Attribute } from '../heading/attribute'
import type { Tier } from '../heading/table-info'
import type { Instance } from '../instance/instance'
import type { Table } from '../table/table'
import {
  TEST_BACKENDS,
  startTestServer,
  testInstance,
  uniqueSchemaName,
  type TestBackendName,
  type TestServer,
} from '../testing/backends'
import { expectedTables, type ExpectedTable } from '../testing/python-catalog-headings'
import type { Schema } from './schema'

const DEFINITIONS: Readonly<Record<string, readonly PythonTableDefinition[]>> = {
  ...PYTHON_CATALOG_DEFINITIONS,
  ...PYTHON_MYSQL_ONLY_DEFINITIONS,
}

interface Naming {
  readonly tier: Tier
  readonly className: string
  /** Class name of the master, for parts. */
  readonly master?: string
}

/** Tier and class of each user table in the reference catalogs by SQL name, by hand. */
const NAMING: Readonly<Record<string, Naming>> = {
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

const sorted = (items: readonly string[]): string[] => sortBy(items, (item) => item)

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

function declare(
  schema: Schema,
  tier: Exclude<Tier, 'part'>,
  className: string,
  definition: string,
): Promise<Table> {
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
  const ready = (table: Table): boolean =>
    table.info.foreignKeys.every(
      (fk) =>
        fk.parentSchema !== table.schemaName ||
        fk.parentTable === table.tableName ||
        placed.has(fk.parentTable),
    )
  while (ordered.length < tables.length) {
    const next = tables.find((table) => !placed.has(table.tableName) && ready(table))
    if (next === undefined) throw new Error('foreign-key cycle')
    ordered.push(next)
    placed.add(next.tableName)
  }
  return ordered
}

describe.each(TEST_BACKENDS)('interop with DataJoint Python on %s', (backendName: TestBackendName) => {
  const catalogBackend: PythonCatalogBackend = backendName === 'mysql' ? 'mysql' : 'postgres'
  let server: TestServer | undefined
  let inst: Instance
  const scratch: string[] = []

  beforeAll(async () => {
    server = await startTestServer(backendName)
    inst = testInstance(server)
    await inst.connect()
  })

  afterAll(async () => {
    if (server === undefined) return
    try {
      const backend = server.backend
      for (const schema of scratch) await dropScratchSchema(backend, schema, (q) => inst.run(q))
    } finally {
      await inst.close()
      await server.stop()
    }
  })

  const backend = (): 'mysql' | 'postgresql' => {
    if (server === undefined) throw new Error('no test server')
    return server.backend
  }

  /** A uniquely named schema, dropped after the file's tests. */
  const scratchName = (prefix: string): string => {
    const name = uniqueSchemaName(prefix)
    scratch.push(name)
    return name
  }

  async function loadPython(name: string): Promise<string> {
    const schema = scratchName('pyc')
    await loadPythonCatalog(backend(), name, schema, (q) => inst.run(q))
    return schema
  }

  /** PostgreSQL enum types of a schema with their labels in order. */
  async function enumTypes(schema: string): Promise<{ name: string; labels: string[] }[]> {
    if (backend() !== 'postgresql') return []
    const result = await inst.run({
      sql:
        "SELECT t.typname, string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) FROM pg_catalog.pg_type t " +
        'JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace ' +
        'JOIN pg_catalog.pg_enum e ON e.enumtypid = t.oid ' +
        "WHERE n.nspname = $1 AND t.typtype = 'e' GROUP BY t.typname ORDER BY t.typname",
      params: [schema],
    })
    return result.rows.map((r) => ({ name: String(r[0]), labels: String(r[1]).split(',') }))
  }

  /**
   * The catalog of `schema` as the introspector reads it, with the schema's name rewritten to `as` so that
   * two schemas compare; jobs tables and what only they use are left out (see the header).
   */
  async function snapshot(schema: string, as: string) {
    const rows: CatalogRows = await inst.catalog.introspector.loadCatalog([schema])
    const rename = (text: string): string => rewriteSchemaName(text, schema, as)
    const keep = (row: { readonly schema: string; readonly table: string }): boolean =>
      row.schema === schema && !isJobsTable(row.table)
    const byTable = <T extends { readonly table: string }>(items: readonly T[], key = (_item: T) => '') =>
      sortBy(items, (item) => `${item.table}\u0000${key(item)}`)
    const enumsOf = (columns: CatalogRows['columns']) =>
      new Set(columns.filter((c) => c.enumValues !== null).map((c) => c.sqlType))
    const jobsEnums = enumsOf(rows.columns.filter((c) => c.schema === schema && isJobsTable(c.table)))
    const keptEnums = enumsOf(rows.columns.filter(keep))
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
      indexes: byTable(
        rows.indexes.filter(keep).map((i) => ({ ...i, schema: as })),
        (i) => i.name,
      ),
      lineage: byTable(
        rows.lineage.filter(keep).map((l) => ({ ...l, schema: as, lineage: rename(l.lineage) })),
        (l) => l.attribute,
      ),
      schemasWithLineage: rows.schemasWithLineage.map(rename),
      enumTypes: (await enumTypes(schema)).filter((e) => keptEnums.has(e.name) || !jobsEnums.has(e.name)),
    }
  }

  /**
   * The server's own rendering of each table, before any normalisation of ours: MySQL's SHOW CREATE TABLE
   * (what the dumps are made of); on PostgreSQL format_type, pg_get_expr, pg_get_constraintdef (foreign-key
   * actions included), pg_get_indexdef and the comments. Jobs tables are left out (see the header).
   */
  async function serverSnapshot(schema: string, as: string): Promise<Record<string, string[]>> {
    const lines: Record<string, string[]> = {}
    const add = (table: unknown, line: string): void => {
      if (!isJobsTable(String(table))) (lines[String(table)] ??= []).push(rewriteSchemaName(line, schema, as))
    }
    if (backend() === 'mysql') {
      const tables = await inst.run({
        sql:
          'SELECT TABLE_NAME FROM information_schema.TABLES ' +
          "WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE'",
        params: [schema],
      })
      for (const [table] of tables.rows) {
        const sql = `SHOW CREATE TABLE \`${schema}\`.\`${String(table)}\``
        const created = await inst.run({ sql, params: [] })
        add(table, String(created.rows[0]?.[1]))
      }
      return lines
    }
    const query = async (sql: string) => (await inst.run({ sql, params: [schema] })).rows
    const tables = await query(
      "SELECT c.relname, obj_description(c.oid, 'pg_class') FROM pg_catalog.pg_class c " +
        'JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace ' +
        "WHERE n.nspname = $1 AND c.relkind = 'r' ORDER BY 1",
    )
    for (const [table, comment] of tables) add(table, `TABLE COMMENT ${String(comment)}`)
    const columns = await query(
      'SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, ' +
        'pg_get_expr(d.adbin, d.adrelid), col_description(c.oid, a.attnum) FROM pg_catalog.pg_attribute a ' +
        'JOIN pg_catalog.pg_class c ON c.oid = a.attrelid ' +
        'JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace ' +
        'LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum ' +
        "WHERE n.nspname = $1 AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped " +
        'ORDER BY c.relname, a.attnum',
    )
    for (const [table, ...column] of columns) add(table, `COLUMN ${column.map(String).join(' | ')}`)
    const constraints = await query(
      'SELECT c.relname, k.conname, pg_get_constraintdef(k.oid) FROM pg_catalog.pg_constraint k ' +
        'JOIN pg_catalog.pg_class c ON c.oid = k.conrelid ' +
        'JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 ORDER BY 1, 2',
    )
    for (const [table, name, definition] of constraints) {
      add(table, `CONSTRAINT ${String(name)} ${String(definition)}`)
    }
    const indexes = await query(
      'SELECT tablename, indexname, indexdef FROM pg_catalog.pg_indexes WHERE schemaname = $1 ORDER BY 1, 2',
    )
    for (const [table, name, definition] of indexes) add(table, `INDEX ${String(name)} ${String(definition)}`)
    return lines
  }

  /** Both snapshots of `ours` must equal those of `theirs` (with its schema name rewritten). */
  async function expectSameCatalog(ours: string, theirs: string): Promise<void> {
    const snapshotOfOurs = await snapshot(ours, ours)
    expect(snapshotOfOurs.columns.length).toBeGreaterThan(0)
    expect(snapshotOfOurs).toEqual(await snapshot(theirs, ours))
    expect(await serverSnapshot(ours, ours)).toEqual(await serverSnapshot(theirs, ours))
  }

  /** Declares each table of `source` again from its describe() into a new schema; the catalogs must agree. */
  async function expectDescribeRoundTrip(source: string): Promise<void> {
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
    expect(sorted([...declared.keys()])).toEqual(sorted(tables.map((t) => t.tableName)))
    await expectSameCatalog(target, source)
  }

  /** Declares definitions in order with the public API; `classSuffix` renames masters (not parts). */
  async function declareAll(
    schema: Schema,
    definitions: readonly PythonTableDefinition[],
    classSuffix = '',
  ): Promise<Map<PythonTableDefinition, Table>> {
    const masters = new Map<string, Table>()
    const declared = new Map<PythonTableDefinition, Table>()
    for (const definition of definitions) {
      if (definition.tier === 'part') {
        const master = masters.get(definition.master ?? '')
        if (master === undefined) throw new Error(`no master ${definition.master}`)
        declared.set(definition, await schema.part(master, definition.className, definition.definition))
      } else {
        const className = `${definition.className}${classSuffix}`
        const table = await declare(schema, definition.tier, className, definition.definition)
        masters.set(definition.className, table)
        declared.set(definition, table)
      }
    }
    return declared
  }

  describe.each(PYTHON_CATALOG_NAMES[catalogBackend])('%s', (name: string) => {
    const definitions = DEFINITIONS[name] ?? []

    it('reads every table as the catalog records it, through tables() and freeTable()', async () => {
      const schemaName = await loadPython(name)
      const expected = expectedTables(catalogBackend, name, schemaName)
      const userTables = expected.filter((t) => !t.table.startsWith('~'))
      expect(userTables.length).toBe(definitions.length)
      expect(expected.some((t) => t.table === '~lineage')).toBe(true)
      // The hand-written naming agrees with the definitions Python declared.
      const named = userTables.map((t) => NAMING[t.table])
      const declared = definitions.map((d): Naming => {
        const { tier, className, master } = d
        return master === undefined ? { tier, className } : { tier, className, master }
      })
      expect(sortBy(named, (n) => n?.className ?? '')).toEqual(sortBy(declared, (n) => n.className))

      const schema = await inst.schema(schemaName, { create: false })
      const tables = await schema.tables()
      // Exactly the user tables: `~lineage` and jobs tables are hidden.
      expect(sorted(flatten(tables).map((t) => t.tableName))).toEqual(sorted(userTables.map((t) => t.table)))
      expect(sorted(await schema.listTables())).toEqual(sorted(userTables.map((t) => t.table)))

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
        const foreignKeys = table.info.foreignKeys.map((fk) => ({
          columns: fk.attributes,
          refTable: fk.parentTable,
          refColumns: fk.parentAttributes,
        }))
        const key = (fk: { readonly columns: readonly string[] }) => fk.columns.join(',')
        expect(sortBy(foreignKeys, key)).toEqual(sortBy(want.foreignKeys, key))
      }

      for (const want of userTables) {
        const naming = NAMING[want.table]
        const nested =
          naming?.master === undefined
            ? tables[naming?.className ?? '']
            : tables[naming.master]?.parts[naming.className]
        expect(nested, `${want.table} in tables()`).toBeDefined()
        if (nested !== undefined) check(nested, want)
        check(await inst.freeTable(`${schemaName}.${want.table}`), want)
        // `schema.table` finds it by class path, and as Python's `schema.get_table` does by SQL name with or
        // without its tier prefix (`letter_grade` → `#letter_grade`).
        const path = naming?.master === undefined ? naming?.className : `${naming.master}.${naming.className}`
        for (const lookup of [path ?? '', want.table, want.table.replace(/^[#_]+/, '')]) {
          expect((await schema.table(lookup)).tableName, lookup).toBe(want.table)
        }
      }
      await expect(schema.table('no_such_table')).rejects.toThrow(/does not exist in schema/)
    })

    it('re-declares every table from its describe() into the same catalog', async () => {
      await expectDescribeRoundTrip(await loadPython(name))
    })

    it('declares Python’s definitions into the catalog Python wrote', async () => {
      const python = await loadPython(name)
      const target = scratchName('dcl')
      await declareAll(await inst.schema(target), definitions)
      expect((await snapshot(target, target)).tables.length).toBe(definitions.length + 1)
      await expectSameCatalog(target, python)
    })

    it('declares copies of Python’s tables into Python’s schema, referencing Python’s parents', async () => {
      const python = await loadPython(name)
      const schema = await inst.schema(python, { create: false })
      // `XCopy` for each master; `-> master` in a part is the copy, every other reference Python's own table.
      const copies = await declareAll(schema, definitions, 'Copy')
      const copyOf = new Map<string, string>()
      for (const [definition, copy] of copies) {
        const { master, className } = definition
        const original = await schema.table(master === undefined ? className : `${master}.${className}`)
        copyOf.set(original.tableName, copy.tableName)
      }
      const all = await snapshot(python, python)
      for (const [table, copy] of copyOf) {
        const masterClass = NAMING[table]?.master
        const master =
          masterClass === undefined
            ? undefined
            : Object.keys(NAMING).find((t) => NAMING[t]?.className === masterClass)
        // Python's rows for `table` as they read for its copy: constraint and index names, the part's
        // reference to its master, and lineage that starts at the table or its master.
        const asCopy = (text: string): string => {
          let out = text.startsWith(`${table}_`)
            ? copy + text.slice(table.length)
            : text.startsWith(`idx_${table}_`)
              ? `idx_${copy}${text.slice(`idx_${table}`.length)}`
              : text
          for (const origin of master === undefined ? [table] : [table, master]) {
            out = out.replaceAll(`${python}.${origin}.`, `${python}.${copyOf.get(origin) ?? origin}.`)
          }
          return out
        }
        const rowsOf = (wanted: string, rename: (text: string) => string) => {
          const pick = <T extends { readonly table: string }>(rows: readonly T[]): T[] =>
            rows.filter((r) => r.table === wanted)
          return {
            tables: pick(all.tables).map((t) => ({ ...t, table: copy })),
            columns: pick(all.columns).map((c) => ({ ...c, table: copy })),
            primaryKeys: pick(all.primaryKeys).map((p) => ({ ...p, table: copy })),
            foreignKeys: pick(all.foreignKeys).map((f) => ({
              ...f,
              table: copy,
              name: rename(f.name),
              refTable: f.refTable === master ? (copyOf.get(f.refTable) ?? f.refTable) : f.refTable,
            })),
            indexes: pick(all.indexes).map((i) => ({ ...i, table: copy, name: rename(i.name) })),
            lineage: pick(all.lineage).map((l) => ({ ...l, table: copy, lineage: rename(l.lineage) })),
          }
        }
        const ours = rowsOf(copy, (text) => text)
        expect(ours.columns.length).toBeGreaterThan(0)
        expect(ours, `${copy} against Python's ${table}`).toEqual(rowsOf(table, asCopy))
      }
    })
  })

  describe('probe schema (written by DataJoint 2.2.4)', () => {
    it('declares the keys, indexes and lineage Python declared and re-declares from describe()', async () => {
      const probe = scratchName('prb')
      const pg = backend() === 'postgresql'
      const definitions = PROBE_DEFINITIONS.map((d) => (pg && d.className === 'Lab' ? PROBE_PG_LAB : d))
      await declareAll(await inst.schema(probe), definitions)
      const rows = await snapshot(probe, 'probe_main')

      const indexes = rows.indexes.map(
        (i) => `${i.table} ${i.name} ${i.unique ? 'unique ' : ''}(${i.columns.join(', ')})`,
      )
      if (pg) {
        expect(sorted(indexes)).toEqual(
          sorted([
            'session idx_session_host_lab unique (host_lab)',
            'subject idx_subject_code unique (code)',
            'subject idx_subject_sex_dob (sex, dob)',
            // Documented difference: DataJoint 2.3's foreign-key indexes, absent from the 2.2.4 probe (A.2).
            'pair idx_pair_subj_b (subj_b)',
            'subject idx_subject_species (species)',
            'subject idx_subject_lab_id_researcher_id (lab_id, researcher_id)',
          ]),
        )
      } else {
        expect(sorted(indexes)).toEqual(
          sorted([
            'session host_lab unique (host_lab)',
            'subject code unique (code)',
            'subject sex (sex, dob)',
            'subject species (species)',
            'subject lab_id (lab_id, researcher_id)',
            'pair subj_b (subj_b)',
          ]),
        )
        const names = rows.foreignKeys.map((f) => `${f.name} (${f.columns.join(', ')}) ${f.refTable}`)
        expect(sorted(names)).toEqual(
          expect.arrayContaining([
            'researcher_ibfk_1 (lab_id) lab',
            'subject_ibfk_1 (species) #species',
            'subject_ibfk_2 (lab_id, researcher_id) researcher',
            'session_ibfk_2 (host_lab) lab',
            'pair_ibfk_1 (subj_a) subject',
            'pair_ibfk_2 (subj_b) subject',
          ]),
        )
      }
      const comments = new Map(rows.columns.map((c) => [`${c.table}.${c.name}`, c.comment]))
      expect(comments.get('lab.lab_id')).toBe(pg ? ':int32:lab \\"id\\"' : ':int32:lab id')
      expect(comments.get('researcher.lab_id')).toBe(pg ? '' : 'lab id')
      expect(comments.get('#settings._singleton')).toBe(':bool:singleton primary key')
      expect(comments.get('subject.legacy_native')).toBe('')

      const lineage = rows.lineage.map((l) => `${l.table}.${l.attribute} ${l.lineage}`)
      expect(lineage).toEqual(
        expect.arrayContaining([
          'lab.lab_id probe_main.lab.lab_id',
          'researcher.lab_id probe_main.lab.lab_id',
          'researcher.researcher_id probe_main.researcher.researcher_id',
          '#species.species probe_main.#species.species',
          'subject.species probe_main.#species.species',
          'subject.lab_id probe_main.lab.lab_id',
          'subject.researcher_id probe_main.researcher.researcher_id',
          'subject.subject_id probe_main.subject.subject_id',
          'session.host_lab probe_main.lab.lab_id',
          'pair.subj_a probe_main.subject.subject_id',
          'pair.subj_b probe_main.subject.subject_id',
          'session__trial.trial probe_main.session__trial.trial',
          '#settings._singleton probe_main.#settings._singleton',
          '__session_stats.subject_id probe_main.subject.subject_id',
          '__session_stats.session probe_main.session.session',
        ]),
      )
      // No rows for secondary attributes that come from no foreign key.
      const secondary = ['lab.lab_name', 'subject.sex', 'session__trial.score', '__session_stats.n_trials']
      for (const attribute of secondary) {
        expect(lineage.some((l) => l.startsWith(`${attribute} `)), attribute).toBe(false)
      }

      await expectDescribeRoundTrip(probe)
    })
  })
})
