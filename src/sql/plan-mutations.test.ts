// Golden SQL per dialect for DELETE and UPDATE, frozen in __golden__/*.sql next to the SELECT shapes (review
// changes to those files), and the batching of long key lists within a dialect's statement limits.

import { describe, expect, it } from 'vitest'
import type { Literal, QueryExpr } from '../algebra/ast'
import * as b from '../algebra/build'
import { parseCondition } from '../algebra/parse-expression'
import type { Backend, CompiledQuery } from '../adapters/driver'
import { createMysqlDialect } from '../adapters/mysql/dialect'
import { createPostgresDialect } from '../adapters/postgres/dialect'
import { dialectFor } from '../adapters/dialects'
import { paramsText, resolveFor } from '../testing/expect-sql'
import { keysCondition } from '../table/delete'
import { MysqlCompiler } from './mysql-compiler'
import { boundedStatements, planDelete, planUpdate, type Assignment } from './plan-mutations'
import { statementBytes, withinLimits, type StatementLimits } from './statement-size'
import { PostgresCompiler } from './postgres-compiler'

const U = 'tutorial_university'
const t = (name: string): QueryExpr => b.table(U, name)
const string = (value: string): Literal => ({ kind: 'lit', type: 'string', value })
const number = (value: number): Literal => ({ kind: 'lit', type: 'number', value })
/** What the cascade passes to a child whose foreign key is not copied verbatim: a semijoin with the parent's key. */
const viaParentKey = (child: string, parent: QueryExpr): QueryExpr => b.restrict(t(child), b.semijoin(b.proj(parent)), { semanticCheck: false })
const sectionKeys = [
  { dept: 'MATH', course: 1210, term_year: 2020, term: 'Fall', section: 'a' },
  { dept: 'CS', course: 1410, term_year: 2021, term: 'Spring', section: 'b' },
]

const DELETES: Record<string, QueryExpr> = {
  'delete-table': t('student'),
  'delete-dict': b.restrict(t('student'), b.match({ home_state: string('UT'), sex: string('F') })),
  'delete-string': b.restrict(t('course'), parseCondition("credits > 3.5 and course_name like 'Intro%'")),
  'delete-semijoin': b.restrict(t('student'), b.semijoin(b.restrict(t('enroll'), b.match({ dept: string('MATH') })))),
  'delete-antijoin': b.exclude(t('student'), b.semijoin(t('student_major'))),
  'delete-semijoin-top': b.restrict(t('student'), b.semijoin(b.top(t('enroll'), { limit: 5 }))),
  'delete-reads-itself': b.restrict(t('student'), b.semijoin(b.proj(b.top(t('student'), { limit: 5 })))),
  'delete-child-via-parent-key': viaParentKey('enroll', b.restrict(t('student'), b.match({ home_state: string('UT') }))),
  'delete-child-via-materialised-keys': b.restrict(t('enroll'), keysCondition(sectionKeys, ['dept', 'course', 'term_year', 'term', 'section'])),
  'delete-not-in-key-list': b.exclude(t('enroll'), keysCondition(sectionKeys, ['dept', 'course', 'term_year', 'term', 'section'])),
  'delete-child-via-materialised-key': b.restrict(t('enroll'), keysCondition([{ student_id: 100 }, { student_id: 101 }], ['student_id'])),
  'delete-grandchild-via-materialised-keys': viaParentKey(
    'grade',
    b.restrict(t('enroll'), keysCondition(sectionKeys, ['dept', 'course', 'term_year', 'term', 'section'])),
  ),
}

const UPDATES: Record<string, { table: QueryExpr; set: Assignment[] }> = {
  'update-by-key': {
    table: b.restrict(t('department'), b.match({ dept: string('BIOL') })),
    set: [{ column: 'dept_name', value: 'Biology' }],
  },
  'update-by-composite-key': {
    table: b.restrict(t('grade'), b.match({ student_id: number(100), dept: string('MATH'), course: number(1210), term_year: number(2020), term: string('Fall'), section: string('a') })),
    set: [{ column: 'grade', value: 'A' }],
  },
  'update-nullable-to-default': {
    table: b.restrict(b.table('oracle_types', 'subject'), b.match({ subject_id: number(1) })),
    set: [
      { column: 'weight', value: { default: true } },
      { column: 'meta', value: null },
    ],
  },
}

const BACKENDS = ['mysql', 'postgresql'] as const
const compilerFor = (backend: Backend) => (backend === 'mysql' ? new MysqlCompiler() : new PostgresCompiler())
const show = (query: CompiledQuery): string => `${query.sql}\n-- params: ${paramsText(query.params)}\n`

describe.each(BACKENDS)('golden DELETE and UPDATE on %s', (backend) => {
  for (const [name, expr] of Object.entries(DELETES)) {
    it(name, async () => {
      const statement = compilerFor(backend).compile(planDelete(resolveFor(backend, expr), dialectFor(backend).capabilities))
      await expect(show(statement)).toMatchFileSnapshot(`./__golden__/${name}.${backend}.sql`)
    })
  }

  for (const [name, { table, set }] of Object.entries(UPDATES)) {
    it(name, async () => {
      const { count, update } = planUpdate(resolveFor(backend, table), set, dialectFor(backend).capabilities)
      const text = `${show(compilerFor(backend).compile(update))}-- count:\n${show(compilerFor(backend).compile(count))}`
      await expect(text).toMatchFileSnapshot(`./__golden__/${name}.${backend}.sql`)
    })
  }

  it('plans a restriction the same in DELETE as in SELECT: the WHERE is the SELECT’s, unaliased', () => {
    const expr = DELETES['delete-semijoin'] as QueryExpr
    const statement = compilerFor(backend).compile(planDelete(resolveFor(backend, expr), dialectFor(backend).capabilities))
    const q = backend === 'mysql' ? '`' : '"'
    expect(statement.sql).toContain(`WHERE (${q}student_id${q} IN (SELECT ${q}t1${q}.${q}student_id${q} FROM`)
  })

  it('refuses what is not a restricted table', () => {
    expect(() => planDelete(resolveFor(backend, b.proj(t('student'))), dialectFor(backend).capabilities)).toThrow('only a restricted table')
    expect(() => planDelete(resolveFor(backend, b.join(t('student'), t('enroll'))), dialectFor(backend).capabilities)).toThrow('only a restricted table')
  })
})

describe('statement limits', () => {
  const keys = Array.from({ length: 10_000 }, (_, i) => ({ dept: `D${i % 7}`, course: i, term_year: 2020, term: 'Fall', section: 'a' }))
  const key = ['dept', 'course', 'term_year', 'term', 'section']

  function batches(backend: Backend, limits: StatementLimits): CompiledQuery[] {
    const compiler = compilerFor(backend)
    const deleteOf = (start: number, end: number) =>
      compiler.compile(planDelete(resolveFor(backend, b.restrict(t('enroll'), keysCondition(keys.slice(start, end), key))), dialectFor(backend).capabilities))
    return [...boundedStatements(keys.length, deleteOf, limits)]
  }

  it('are the dialects’: both bind at most 65,535 values on the server; MySQL also counts the bytes of its packet', () => {
    expect(createPostgresDialect().capabilities.statementLimits).toEqual({ maxParameters: 65_535, maxStatementBytes: 1024 * 1024 * 1024 - 1 })
    expect(createMysqlDialect().capabilities.statementLimits).toEqual({ maxParameters: 65_535, maxStatementBytes: 16 * 1024 * 1024 })
  })

  it('split a key list into statements within the parameter limit that bind every key once', () => {
    const statements = batches('postgresql', { maxParameters: 6_000, maxStatementBytes: 1024 * 1024 * 1024 })
    expect(statements.length).toBeGreaterThan(8)
    for (const statement of statements) expect(statement.params.length).toBeLessThanOrEqual(6_000)
    expect(statements.reduce((n, s) => n + s.params.length, 0)).toBe(keys.length * key.length)
    expect(statements.flatMap((s) => s.params.filter((_, i) => i % key.length === 1))).toEqual(keys.map((k) => k.course))
  })

  it('split by interpolated size where values are written into the text', () => {
    const statements = batches('mysql', { maxParameters: null, maxStatementBytes: 100_000 })
    expect(statements.length).toBeGreaterThan(1)
    for (const statement of statements) expect(statementBytes(statement)).toBeLessThanOrEqual(100_000)
    expect(statements.reduce((n, s) => n + s.params.length, 0)).toBe(keys.length * key.length)
  })

  it('keep a list that fits in one statement', () => {
    expect(batches('postgresql', createPostgresDialect().capabilities.statementLimits)).toHaveLength(1)
  })

  it('count interpolated bytes as an upper bound: escaped strings, hex bytes', () => {
    const query = { sql: 'SELECT ?, ?, ?', params: ["it's", new Uint8Array(4), 12] }
    expect(statementBytes(query)).toBe(14 + (2 * 4 + 2) + (2 * 4 + 3) + 2)
    expect(withinLimits(query, { maxParameters: 2, maxStatementBytes: 1000 })).toBe(false)
    expect(withinLimits(query, { maxParameters: 3, maxStatementBytes: 1000 })).toBe(true)
  })

  it('refuse a statement that exceeds the limits with a single key', () => {
    expect(() => batches('postgresql', { maxParameters: 4, maxStatementBytes: 1024 })).toThrow('a statement for one key exceeds the limits')
  })
})
