import { describe, expect, it } from 'vitest'
import type { Attribute } from '../heading/attribute'
import { buildTableInfos } from '../heading/from-catalog'
import { tableKey, type TableInfo } from '../heading/table-info'
import { testAttribute } from '../testing/attributes'
import type { Backend } from './core-types'
import { MYSQL_DDL_DIALECT, POSTGRES_DDL_DIALECT } from './ddl-dialect'
import { describeTable } from './describe'
import { parseDefinition } from './parse'
import { applyPlan, emptyCatalog } from '../testing/ddl-simulator'
import { PYTHON_CATALOG_ROWS } from '../testing/python-catalogs'
import { planDeclaration } from './to-ddl'

const INFOS = {
  mysql: buildTableInfos(PYTHON_CATALOG_ROWS.mysql, 'mysql'),
  postgresql: buildTableInfos(PYTHON_CATALOG_ROWS.postgresql, 'postgresql'),
} as const

function info(backend: Backend, key: string): TableInfo {
  const found = INFOS[backend].get(key)
  if (found === undefined) throw new Error(`no table ${key}`)
  return found
}

const describeIn = (backend: Backend, key: string) => describeTable(info(backend, key), { tables: INFOS[backend] })

describe('describeTable', () => {
  it.each(['mysql', 'postgresql'] as const)('%s: oracle_types.subject, as Python prints it', (backend) => {
    expect(describeIn(backend, 'oracle_types.subject')).toBe(
      [
        '# experimental subject: table comment',
        'subject_id           : int32                        # subject id',
        '---',
        'species="mouse"      : varchar(32)                  # species name',
        "sex                  : enum('F', 'M', 'U')          ",
        'weight=null          : float32                      ',
        'height               : float64                      ',
        'alive=1              : bool                         ',
        'dob                  : date                         ',
        'created=CURRENT_TIMESTAMP : datetime                     ',
        't3=null              : datetime(3)                  ',
        'uid=null             : uuid                         ',
        'meta=null            : json                         ',
        'raw=null             : bytes                        ',
        'code                 : char(4)                      ',
        'price                : decimal(6,2)                 ',
        'small                : int16                        ',
        'tiny                 : int8                         ',
        'big                  : int64                        ',
        'arr=null             : <blob>                       ',
        'UNIQUE INDEX (code)',
        'INDEX (sex, species)',
        '',
      ].join('\n'),
    )
  })

  it.each(['mysql', 'postgresql'] as const)('%s: folds foreign keys into -> lines with options and projections', (backend) => {
    expect(describeIn(backend, 'oracle_types.session')).toBe(
      [
        '# recording session',
        '-> Subject',
        'session              : int16                        ',
        '---',
        '-> [nullable] Subject.proj(ref_subject="subject_id")',
        'note=""              : varchar(255)                 ',
        '',
      ].join('\n'),
    )
    expect(describeIn(backend, 'oracle_types.session__epoch')).toBe(
      ['-> Session', 'epoch                : int8                         ', '---', 'duration             : float64                      ', ''].join('\n'),
    )
    expect(describeIn(backend, 'tutorial_university.grade')).toBe(['-> Enroll', '---', '-> LetterGrade', ''].join('\n'))
    expect(describeIn(backend, 'tutorial_university.enroll')).toBe(['-> Student', '-> Section', ''].join('\n'))
  })

  it('names parts as Master.Part, other schemas with a prefix, unknown tables by their quoted name', () => {
    const child: TableInfo = {
      schema: 'other',
      table: 'note',
      className: 'Note',
      tier: 'manual',
      master: null,
      comment: '',
      attributes: [
        key('subject_id'),
        key('session'),
        key('epoch'),
        { ...key('z'), inKey: false },
      ],
      primaryKey: ['subject_id', 'session', 'epoch'],
      foreignKeys: [
        {
          name: 'f',
          attributes: ['subject_id', 'session', 'epoch'],
          parentSchema: 'oracle_types',
          parentTable: 'session__epoch',
          parentAttributes: ['subject_id', 'session', 'epoch'],
        },
        { name: 'g', attributes: ['z'], parentSchema: 'nowhere', parentTable: 'thing', parentAttributes: ['id'] },
      ],
      indexes: [],
      lineageAvailable: true,
    }
    expect(describeTable(child, { tables: INFOS.mysql })).toBe(
      ['-> oracle_types.Session.Epoch', '---', '-> `nowhere`.`thing`.proj(z="id")', ''].join('\n'),
    )
    expect(describeTable(child, { classNameOf: (s, t) => `${s}:${t}` })).toBe(
      ['-> oracle_types:session__epoch', '---', '-> nowhere:thing.proj(z="id")', ''].join('\n'),
    )
  })

  it('marks unique and nullable foreign keys, hides hidden attributes and shows auto_increment', () => {
    const table: TableInfo = {
      schema: 's',
      table: 't',
      className: 'T',
      tier: 'manual',
      master: null,
      comment: 'c',
      attributes: [
        { ...key('_singleton'), hidden: true },
        { ...key('id'), inKey: false, autoIncrement: true, type: 'int unsigned' },
        { ...key('a'), inKey: false, nullable: true, default: 'null' },
        { ...key('b'), inKey: false, nullable: false },
      ],
      primaryKey: ['_singleton'],
      foreignKeys: [{ name: 'f', attributes: ['a', 'b'], parentSchema: 's', parentTable: 'p', parentAttributes: ['a', 'b'] }],
      indexes: [
        { name: 'x', unique: true, attributes: ['a', 'b'] },
        { name: 'y', unique: false, attributes: ['b'] },
      ],
      lineageAvailable: true,
    }
    expect(describeTable(table, { classNameOf: () => 'P' })).toBe(
      ['# c', '---', `id                   : ${'int unsigned auto_increment'.padEnd(28)} `, '-> [nullable, unique] P', 'INDEX (b)', ''].join('\n'),
    )
  })

  it.each(['mysql', 'postgresql'] as const)(
    '%s: every table’s description declares exactly Python’s table again',
    (backend) => {
      const infos = INFOS[backend]
      const userTables = [...infos.values()].filter((t) => t.tier !== null)
      expect(userTables.length).toBeGreaterThan(15)
      for (const original of userTables) {
        const text = describeTable(original, { tables: infos })
        const parsed = parseDefinition(text)
        const parents = parsed.foreignKeys.map((fk) => {
          const parent = resolve(infos, original.schema, fk.reference.path)
          return { schema: parent.schema, table: parent.table, primaryKey: parent.attributes.filter((a) => a.inKey && !a.hidden) }
        })
        const catalog = emptyCatalog()
        if (backend === 'postgresql') {
          for (const column of PYTHON_CATALOG_ROWS.postgresql.columns) {
            if (column.enumValues !== null) catalog.enumTypes.set(`${column.schema}.${column.sqlType}`, column.enumValues)
          }
        }
        const plan = planDeclaration({
          definition: parsed,
          schema: original.schema,
          table: original.table,
          tier: original.tier ?? 'manual',
          dialect: backend === 'mysql' ? MYSQL_DDL_DIALECT : POSTGRES_DDL_DIALECT,
          parents,
          options: { addJobMetadata: false, allowNewPkFieldsInComputed: true },
        })
        applyPlan(catalog, backend, plan)
        // Python's catalog with this one table replaced by its re-declaration (parents stay for type resolution).
        const python = PYTHON_CATALOG_ROWS[backend]
        const others = <T extends { schema: string; table: string }>(list: readonly T[]) =>
          list.filter((row) => row.schema !== original.schema || row.table !== original.table)
        const merged = {
          tables: [...others(python.tables), ...catalog.tables],
          columns: [...others(python.columns), ...catalog.columns],
          primaryKeys: [...others(python.primaryKeys), ...catalog.primaryKeys],
          foreignKeys: [...others(python.foreignKeys), ...catalog.foreignKeys],
          indexes: [...others(python.indexes), ...catalog.indexes],
          lineage: python.lineage,
          schemasWithLineage: python.schemasWithLineage,
        }
        const redeclared = buildTableInfos(merged, backend).get(tableKey(original.schema, original.table))
        expect({ table: original.table, info: redeclared }).toEqual({
          table: original.table,
          info: { ...original, foreignKeys: original.foreignKeys.map((fk) => ({ ...fk, name: expect.any(String) })), indexes: original.indexes.map((i) => ({ ...i, name: expect.any(String) })) },
        })
      }
    },
  )
})

function key(name: string): Attribute {
  return testAttribute(name)
}

/** `Class`, `Master.Part`, `schema.Class` as describeTable writes them. */
function resolve(infos: Map<string, TableInfo>, schema: string, path: readonly string[]): TableInfo {
  const all = [...infos.values()]
  const [first, second, third] = path
  const inSchema = (s: string, className: string, master?: string) =>
    all.find((t) =>
      master === undefined
        ? t.schema === s && t.tier !== 'part' && t.tier !== null && t.className === className
        : t.schema === s && t.tier === 'part' && t.className === className && infos.get(tableKey(s, t.master ?? ''))?.className === master,
    )
  const found =
    path.length === 1
      ? inSchema(schema, first ?? '')
      : (inSchema(schema, second ?? '', first) ?? (third === undefined ? inSchema(first ?? '', second ?? '') : inSchema(first ?? '', third, second)))
  if (found === undefined) throw new Error(`cannot resolve ${path.join('.')}`)
  return found
}
