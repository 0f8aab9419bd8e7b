import { describe, expect, it } from 'vitest'
import type { CatalogColumnRow, CatalogRows } from '../adapters/catalog-rows'
import { PYTHON_CATALOG_ROWS } from '../testing/python-catalogs'
import type { Attribute } from './attribute'
import { buildTableInfos } from './from-catalog'
import type { TableInfo } from './table-info'

const mysql = buildTableInfos(PYTHON_CATALOG_ROWS.mysql, 'mysql')
const postgresql = buildTableInfos(PYTHON_CATALOG_ROWS.postgresql, 'postgresql')
const BOTH = [
  ['mysql', mysql],
  ['postgresql', postgresql],
] as const

function table(infos: Map<string, TableInfo>, key: string): TableInfo {
  const info = infos.get(key)
  if (info === undefined) throw new Error(`no table ${key}`)
  return info
}

function attr(infos: Map<string, TableInfo>, key: string, name: string): Attribute {
  const found = table(infos, key).attributes.find((a) => a.name === name)
  if (found === undefined) throw new Error(`no attribute ${key}.${name}`)
  return found
}

describe('buildTableInfos on the catalogs DataJoint Python wrote', () => {
  it.each(BOTH)('%s: recognises tiers, class names and masters from the table names', (_backend, infos) => {
    expect(table(infos, 'oracle_types.subject')).toMatchObject({ tier: 'manual', className: 'Subject', master: null })
    expect(table(infos, 'oracle_types.session__epoch')).toMatchObject({ tier: 'part', className: 'Epoch', master: 'session' })
    expect(table(infos, 'oracle_types.__session_stats')).toMatchObject({ tier: 'computed', className: 'SessionStats' })
    expect(table(infos, 'tutorial_university.#letter_grade')).toMatchObject({ tier: 'lookup', className: 'LetterGrade' })
    // hidden tables are included, without a tier
    expect(table(infos, 'oracle_types.~lineage')).toMatchObject({ tier: null, master: null })
    expect(table(infos, 'oracle_types.~~session_stats').tier).toBeNull()
  })

  it.each(BOTH)('%s: reads table comments, primary keys and lineage availability', (_backend, infos) => {
    const session = table(infos, 'oracle_types.session')
    expect(session.comment).toBe('recording session')
    expect(session.primaryKey).toEqual(['subject_id', 'session'])
    expect(session.lineageAvailable).toBe(true)
    expect(table(infos, 'oracle_types.session__epoch').comment).toBe('')
  })

  it.each(BOTH)('%s: decodes markers into type, core type, codec and category', (_backend, infos) => {
    const subject = 'oracle_types.subject'
    const expected: Record<string, Partial<Attribute>> = {
      subject_id: { type: 'int32', coreType: 'int32', category: 'integer', comment: 'subject id', inKey: true },
      species: { type: 'varchar(32)', coreType: 'varchar(32)', category: 'string', comment: 'species name' },
      sex: { type: "enum('F', 'M', 'U')", category: 'enum', enumValues: ['F', 'M', 'U'] },
      weight: { type: 'float32', category: 'float', nullable: true },
      height: { type: 'float64', category: 'float' },
      alive: { type: 'bool', category: 'bool' },
      dob: { type: 'date', category: 'date' },
      created: { type: 'datetime', category: 'datetime' },
      t3: { type: 'datetime(3)', category: 'datetime' },
      uid: { type: 'uuid', category: 'uuid' },
      meta: { type: 'json', category: 'json' },
      raw: { type: 'bytes', category: 'bytes' },
      code: { type: 'char(4)', category: 'string' },
      price: { type: 'decimal(6,2)', category: 'decimal' },
      small: { type: 'int16', category: 'integer' },
      tiny: { type: 'int8', category: 'integer' },
      big: { type: 'int64', category: 'integer' },
      arr: { type: '<blob>', coreType: null, codec: '<blob>', category: 'codec', comment: '' },
    }
    for (const [name, fields] of Object.entries(expected)) expect(attr(infos, subject, name)).toMatchObject(fields)
    expect(table(infos, subject).attributes.map((a) => a.name)).toEqual(Object.keys(expected))
  })

  it('keeps the server’s SQL type spelling per backend', () => {
    expect(attr(mysql, 'oracle_types.subject', 'alive').sqlType).toBe('tinyint')
    expect(attr(postgresql, 'oracle_types.subject', 'alive').sqlType).toBe('boolean')
    expect(attr(mysql, 'oracle_types.subject', 'uid').sqlType).toBe('binary(16)')
    expect(attr(postgresql, 'oracle_types.subject', 'sex').sqlType).toBe('enum_e54fc739')
    expect(attr(postgresql, 'oracle_types.subject', 't3').sqlType).toBe('timestamp(3)')
  })

  it.each(BOTH)('%s: writes defaults in definition form', (backend, infos) => {
    const subject = 'oracle_types.subject'
    expect(attr(infos, subject, 'species').default).toBe('"mouse"')
    expect(attr(infos, subject, 'alive').default).toBe('1')
    expect(attr(infos, subject, 'created').default).toBe('CURRENT_TIMESTAMP')
    expect(attr(infos, subject, 'weight').default).toBe('null')
    expect(attr(infos, subject, 'dob').default).toBeUndefined()
    expect(attr(infos, 'oracle_types.session', 'note').default).toBe('""')
    expect(attr(infos, 'oracle_types.~~session_stats', 'created_time').default).toBe('CURRENT_TIMESTAMP(3)')
    expect(attr(infos, 'oracle_types.~~session_stats', 'pid').default).toBe('0')
    expect(attr(infos, 'oracle_types.~~session_stats', 'connection_id').default).toBe('0')
    if (backend === 'mysql') expect(attr(infos, 'oracle_university.current_term', 'omega').default).toBe('0')
  })

  it.each(BOTH)('%s: follows foreign keys to the declared type, across chains', (backend, infos) => {
    const viaSession = attr(infos, 'oracle_types.__session_stats', 'subject_id')
    expect(viaSession).toMatchObject({ type: 'int32', coreType: 'int32', category: 'integer', lineage: 'oracle_types.subject.subject_id' })
    expect(attr(infos, 'oracle_types.session__epoch', 'session')).toMatchObject({ coreType: 'int16', comment: '' })
    expect(attr(infos, 'oracle_types.session', 'ref_subject')).toMatchObject({
      coreType: 'int32',
      nullable: true,
      default: 'null',
      comment: backend === 'mysql' ? 'subject id' : '',
    })
    const term = attr(infos, 'tutorial_university.grade', 'term')
    expect(term).toMatchObject({ coreType: "enum('Spring', 'Summer', 'Fall')", category: 'enum', enumValues: ['Spring', 'Summer', 'Fall'] })
    expect(attr(infos, 'tutorial_university.grade', 'grade')).toMatchObject({ coreType: 'char(2)', category: 'string' })
  })

  it('leaves native types alone (MySQL-only university schema)', () => {
    expect(attr(mysql, 'oracle_university.term', 'term_year')).toMatchObject({ type: 'year', coreType: null, category: 'integer' })
    expect(attr(mysql, 'oracle_university.current_term', 'omega')).toMatchObject({ type: 'tinyint', coreType: null, category: 'integer' })
    expect(attr(mysql, 'oracle_university.course', 'course_name').comment).toBe('e.g. "Neurobiology of Sensation and Movement."')
  })

  it.each(BOTH)('%s: attaches lineage, null for secondary non-FK attributes', (_backend, infos) => {
    expect(attr(infos, 'oracle_types.session', 'ref_subject').lineage).toBe('oracle_types.subject.subject_id')
    expect(attr(infos, 'oracle_types.session', 'session').lineage).toBe('oracle_types.session.session')
    expect(attr(infos, 'oracle_types.session', 'note').lineage).toBeNull()
    expect(attr(infos, 'tutorial_university.enroll', 'dept').lineage).toBe('tutorial_university.department.dept')
  })

  it.each(BOTH)('%s: lists foreign keys in column order', (_backend, infos) => {
    const session = table(infos, 'oracle_types.session')
    expect(session.foreignKeys.map((fk) => [fk.attributes, fk.parentTable, fk.parentAttributes])).toEqual([
      [['subject_id'], 'subject', ['subject_id']],
      [['ref_subject'], 'subject', ['subject_id']],
    ])
    const enroll = table(infos, 'tutorial_university.enroll')
    expect(enroll.foreignKeys.map((fk) => fk.parentTable)).toEqual(['student', 'section'])
  })

  it.each(BOTH)('%s: keeps declared indexes and drops the server’s / DataJoint 2.3’s FK indexes', (_backend, infos) => {
    expect(table(infos, 'oracle_types.subject').indexes.map((i) => [i.unique, i.attributes])).toEqual([
      [true, ['code']],
      [false, ['sex', 'species']],
    ])
    for (const name of ['oracle_types.session', 'tutorial_university.enroll', 'tutorial_university.grade', 'tutorial_university.section']) {
      expect(table(infos, name).indexes).toEqual([])
    }
  })

  it('excludes nothing but marks hidden attributes', () => {
    const stats = table(mysql, 'oracle_types.~~session_stats')
    expect(stats.attributes.every((a) => !a.hidden)).toBe(true)
  })
})

describe('buildTableInfos on synthetic catalogs', () => {
  const column = (overrides: Partial<CatalogColumnRow> & Pick<CatalogColumnRow, 'table' | 'name'>): CatalogColumnRow => ({
    schema: 's',
    ordinal: 1,
    sqlType: 'int',
    enumValues: null,
    nullable: false,
    defaultKind: 'none',
    defaultValue: null,
    comment: '',
    autoIncrement: false,
    ...overrides,
  })
  const rows = (columns: CatalogColumnRow[], extra: Partial<CatalogRows> = {}): CatalogRows => ({
    tables: [...new Set(columns.map((c) => c.table))].map((t) => ({ schema: 's', table: t, comment: '' })),
    columns,
    primaryKeys: [],
    foreignKeys: [],
    indexes: [],
    lineage: [],
    schemasWithLineage: [],
    ...extra,
  })

  it('un-escapes PostgreSQL comments, which DataJoint stores with backslashes', () => {
    const catalog = rows([column({ table: 'lab', name: 'lab_id', sqlType: 'integer', comment: ':int32:lab \\"id\\"' })])
    expect(attr(buildTableInfos(catalog, 'postgresql'), 's.lab', 'lab_id').comment).toBe('lab "id"')
    expect(attr(buildTableInfos(catalog, 'mysql'), 's.lab', 'lab_id').comment).toBe('lab \\"id\\"')
  })

  it('keeps unknown markers as the declared type and degrades legacy external markers', () => {
    const infos = buildTableInfos(
      rows([
        column({ table: 't', name: 'n', sqlType: 'int unsigned', comment: ':uint32:count' }),
        column({ table: 't', name: 'e', ordinal: 2, sqlType: 'binary(16)', comment: ':external-store:file' }),
      ]),
      'mysql',
    )
    expect(attr(infos, 's.t', 'n')).toMatchObject({ type: 'uint32', coreType: 'uint32', category: 'integer', comment: 'count' })
    expect(attr(infos, 's.t', 'e')).toMatchObject({ type: 'external-store', category: 'other', comment: 'file' })
  })

  it('resolves uuid foreign-key columns through the copied :uuid: marker (MySQL) or the parent (PostgreSQL)', () => {
    const fk = { name: 'c_ibfk_1', schema: 's', table: 'child', columns: ['uid'], refSchema: 's', refTable: 'item', refColumns: ['uid'] }
    const my = buildTableInfos(
      rows(
        [
          column({ table: 'item', name: 'uid', sqlType: 'binary(16)', comment: ':uuid:item' }),
          column({ table: 'child', name: 'uid', sqlType: 'binary(16)', comment: ':uuid:item' }),
        ],
        { foreignKeys: [fk] },
      ),
      'mysql',
    )
    expect(attr(my, 's.child', 'uid')).toMatchObject({ type: 'uuid', category: 'uuid', comment: 'item' })
    const pg = buildTableInfos(
      rows(
        [
          column({ table: 'item', name: 'uid', sqlType: 'uuid', comment: ':uuid:item' }),
          column({ table: 'child', name: 'uid', sqlType: 'uuid', comment: '' }),
        ],
        { foreignKeys: [fk] },
      ),
      'postgresql',
    )
    expect(attr(pg, 's.child', 'uid')).toMatchObject({ type: 'uuid', coreType: 'uuid', category: 'uuid', comment: '' })
  })

  it('survives foreign-key cycles and parents outside the catalog', () => {
    const infos = buildTableInfos(
      rows([column({ table: 'a', name: 'x' }), column({ table: 'b', name: 'x' })], {
        foreignKeys: [
          { name: 'f1', schema: 's', table: 'a', columns: ['x'], refSchema: 's', refTable: 'b', refColumns: ['x'] },
          { name: 'f2', schema: 's', table: 'b', columns: ['x'], refSchema: 's', refTable: 'a', refColumns: ['x'] },
          { name: 'f3', schema: 's', table: 'b', columns: ['x'], refSchema: 'elsewhere', refTable: 'z', refColumns: ['x'] },
        ],
      }),
      'mysql',
    )
    expect(attr(infos, 's.a', 'x')).toMatchObject({ coreType: null, type: 'int', category: 'integer' })
    expect(table(infos, 's.b').foreignKeys).toHaveLength(2)
  })

  it('quotes string defaults and leaves numbers, booleans and expressions bare', () => {
    const infos = buildTableInfos(
      rows([
        column({ table: 't', name: 'a', sqlType: 'varchar(9)', comment: ':varchar(9):', defaultKind: 'literal', defaultValue: 'say "hi"' }),
        column({ table: 't', name: 'b', sqlType: 'varchar(9)', comment: ':varchar(9):', defaultKind: 'literal', defaultValue: `it's` }),
        column({ table: 't', name: 'c', sqlType: 'boolean', comment: ':bool:', defaultKind: 'literal', defaultValue: 'false' }),
        column({ table: 't', name: 'd', sqlType: 'double precision', comment: ':float64:', defaultKind: 'literal', defaultValue: '2.5' }),
        column({ table: 't', name: 'e', sqlType: 'date', comment: ':date:', defaultKind: 'literal', defaultValue: '2020-01-01' }),
        column({ table: 't', name: 'f', sqlType: 'integer', defaultKind: 'expression', defaultValue: "nextval('t_f_seq'::regclass)", autoIncrement: true }),
      ]),
      'postgresql',
    )
    expect(table(infos, 's.t').attributes.map((a) => a.default)).toEqual([
      `'say "hi"'`,
      `"it's"`,
      '0',
      '2.5',
      '"2020-01-01"',
      "nextval('t_f_seq'::regclass)",
    ])
  })

  it('marks hidden attributes and singleton keys', () => {
    const infos = buildTableInfos(
      rows(
        [
          column({ table: '#settings', name: '_singleton', sqlType: 'tinyint', comment: ':bool:singleton primary key', defaultKind: 'literal', defaultValue: '1' }),
          column({ table: '#settings', name: 'param', ordinal: 2, comment: ':int32:' }),
        ],
        { primaryKeys: [{ schema: 's', table: '#settings', columns: ['_singleton'] }] },
      ),
      'mysql',
    )
    const settings = table(infos, 's.#settings')
    expect(settings.primaryKey).toEqual(['_singleton'])
    expect(settings.attributes.map((a) => [a.name, a.hidden, a.inKey, a.default])).toEqual([
      ['_singleton', true, true, '1'],
      ['param', false, false, undefined],
    ])
  })
})
