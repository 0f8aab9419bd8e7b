// Golden SQL per dialect: every planner shape, frozen in __golden__/*.sql (review changes to those files).

import { describe, expect, it } from 'vitest'
import type { QueryExpr } from '../algebra/ast'
import * as b from '../algebra/build'
import { parseCondition, parseScalar } from '../algebra/parse-expression'
import { dialectFor } from '../adapters/dialects'
import { compileCountFor, compileFor, paramsText, resolveFor } from '../testing/expect-sql'
import { MysqlCompiler } from './mysql-compiler'
import type { StatementNode } from './nodes'
import { planKeySort } from './plan'
import { PostgresCompiler } from './postgres-compiler'

const U = 'tutorial_university'
const t = (name: string): QueryExpr => b.table(U, name)
const string = (value: string) => ({ kind: 'lit' as const, type: 'string' as const, value })

const QUERIES: Record<string, QueryExpr> = {
  table: t('student'),
  'restrict-dict': b.restrict(t('student'), b.match({ home_state: string('UT'), sex: string('F') })),
  'restrict-null': b.restrict(t('student'), b.match({ home_city: { kind: 'lit', type: 'null' } })),
  'restrict-like-bytewise': b.restrict(t('student'), { kind: 'like', operand: { kind: 'attr', name: 'home_city' }, pattern: string('%-2%'), negated: false, bytewise: true }),
  'restrict-dict-json-path': b.restrict(
    b.table('oracle_types', 'subject'),
    b.match({ 'meta.c.d[0]': string('x'), 'meta.n': { kind: 'lit', type: 'null' }, 'meta.k:int': { kind: 'lit', type: 'number', value: 3 }, other: string('ignored') }),
  ),
  'restrict-string': b.restrict(t('course'), parseCondition("credits > 3.5 and course_name like 'Intro%'")),
  'restrict-or-not': b.restrict(t('student'), b.or([b.match({ home_state: string('OK') }), b.not(b.match({ sex: string('M') }))])),
  'restrict-false': b.restrict(t('student'), b.FALSE),
  semijoin: b.restrict(t('student'), b.semijoin(b.restrict(t('enroll'), b.match({ dept: string('MATH') })))),
  antijoin: b.exclude(t('student'), b.semijoin(t('student_major'))),
  'semijoin-no-namesakes': b.restrict(t('department'), b.semijoin(t('term'))),
  'semijoin-top': b.restrict(t('student'), b.semijoin(b.top(t('enroll'), { limit: 5 }))),
  join: b.join(t('course'), t('department')),
  'join-three': b.join(b.join(t('student'), t('enroll')), t('course')),
  'join-nested-right': b.join(t('department'), b.join(t('student'), t('student_major'))),
  'join-cross': b.join(b.proj(t('department')), t('term')),
  'join-renamed': b.join(b.proj(t('student_major'), { keepAll: true, rename: { major: 'dept' } }), t('student')),
  'left-join': b.join(b.proj(t('student'), { keep: ['last_name'] }), t('student_major'), { left: true }),
  'left-join-restricted-right': b.join(t('student'), b.restrict(t('student_major'), b.match({ dept: string('CS') })), { left: true }),
  'proj-rename': b.proj(t('department'), { keep: ['dept_name'], rename: { department: 'dept' } }),
  'proj-compute': b.proj(t('course'), { keep: ['credits'], compute: { double_credits: parseScalar('credits * 2') } }),
  'proj-exclude': b.proj(t('student'), { keepAll: true, exclude: ['home_city'] }),
  'restrict-computed': b.restrict(b.proj(t('course'), { compute: { double_credits: parseScalar('credits * 2') } }), parseCondition('double_credits > 6')),
  aggr: b.aggr(t('course'), t('section'), { compute: { n: parseScalar('count(section)') } }),
  'aggr-having': b.restrict(b.aggr(t('section'), t('enroll'), { compute: { n: parseScalar('count(student_id)') } }), parseCondition('n = 0')),
  'aggr-keep-secondary': b.aggr(t('department'), t('course'), { keepAll: true, compute: { n: b.countAll() } }),
  'aggr-exclude-nonmatching': b.aggr(t('student'), b.restrict(t('enroll'), b.match({ term: string('Fall') })), { compute: { n: b.countAll() }, excludeNonmatching: true }),
  'aggr-functions': b.aggr(t('department'), t('course'), {
    compute: {
      names: parseScalar("group_concat(course_name separator '; ')"),
      heavy: parseScalar('sum(credits > 3)'),
      avg_credits: parseScalar('round(avg(credits), 2)'),
    },
  }),
  'proj-after-aggr': b.proj(b.aggr(t('course'), t('section'), { compute: { n: parseScalar('count(section)') } }), { compute: { twice: parseScalar('n * 2') } }),
  'join-aggr': b.join(b.aggr(t('course'), t('section'), { compute: { n: parseScalar('count(section)') } }), t('department')),
  'union-keys': b.union(b.restrict(t('enroll'), parseCondition('student_id = 101')), b.restrict(t('enroll'), parseCondition('student_id = 102'))),
  'union-outer': b.union(b.proj(t('student'), { keep: ['first_name'] }), b.proj(t('student'), { keep: ['last_name'] })),
  'restrict-union': b.restrict(b.union(b.proj(t('student'), { keep: ['first_name'] }), b.proj(t('student'), { keep: ['last_name'] })), parseCondition('first_name is null')),
  top: b.top(b.proj(t('student'), { keep: ['date_of_birth'] }), {
    limit: 3,
    orderBy: [
      { by: { kind: 'attr', name: 'date_of_birth' }, descending: true },
      { by: 'key', descending: false },
    ],
  }),
  'top-offset-only': b.top(t('department'), { limit: null, offset: 2 }),
  'restrict-top': b.restrict(b.top(t('student'), { limit: 5 }), b.match({ sex: string('F') })),
  'top-top-inherit': b.top(b.top(t('student'), { limit: 10, orderBy: [{ by: { kind: 'attr', name: 'last_name' }, descending: false }] }), {
    limit: 3,
    offset: 2,
  }),
  'top-top-past-window': b.top(b.top(t('student'), { limit: 10, offset: 5 }), { limit: 5, offset: 8 }),
  'top-top-different-order': b.top(b.top(t('student'), { limit: 10 }), { limit: 3, orderBy: [{ by: { kind: 'attr', name: 'last_name' }, descending: false }] }),
  'u-restrict': b.restrict(b.universal(['home_state']), b.semijoin(t('student'))),
  'u-restrict-empty': b.restrict(b.universal([]), b.semijoin(t('student'))),
  'u-aggr': b.aggr(b.universal(['home_state']), t('student'), { compute: { n: b.countAll() } }),
  'u-aggr-empty': b.aggr(b.universal([]), t('student'), { compute: { n: b.countAll() } }),
  'exact-literals': b.proj(t('course'), {
    compute: { big: parseScalar('course + 9007199254740993'), fraction: parseScalar('credits * 0.1234567890123456789'), half: parseScalar('credits * 0.5') },
  }),
  'date-functions': b.proj(t('student'), { compute: { born: parseScalar('year(date_of_birth)'), age_days: parseScalar("datediff('2020-01-01', date_of_birth)") } }),
}

const BACKENDS = ['mysql', 'postgresql'] as const

describe.each(BACKENDS)('golden SQL on %s', (backend) => {
  for (const [name, expr] of Object.entries(QUERIES)) {
    it(name, async () => {
      const query = compileFor(backend, expr)
      const count = compileCountFor(backend, expr)
      const text = `${query.sql}\n-- params: ${paramsText(query.params)}\n-- count:\n${count.sql}\n`
      await expect(text).toMatchFileSnapshot(`./__golden__/${name}.${backend}.sql`)
    })
  }

  it('is deterministic: compiling twice gives the same text', () => {
    for (const expr of Object.values(QUERIES)) expect(compileFor(backend, expr)).toEqual(compileFor(backend, expr))
  })
})

describe.each(BACKENDS)('golden key sort on %s', (backend) => {
  it('sorts literal keys typed by the expression\'s key columns, which add no rows', async () => {
    const dialect = dialectFor(backend)
    const expr = b.top(b.restrict(t('course'), parseCondition('credits > 3')), { limit: 10 })
    const keys = [
      [string('MATH'), { kind: 'lit', type: 'number', value: 1210 }],
      [string('cs'), { kind: 'lit', type: 'bigint', value: '9007199254740993' }],
    ] as const
    const query = dialect.createCompiler().compile(planKeySort(resolveFor(backend, expr), keys, dialect.capabilities))
    await expect(`${query.sql}\n-- params: ${paramsText(query.params)}\n`).toMatchFileSnapshot(`./__golden__/key-sort.${backend}.sql`)
  })
})

const STATEMENTS: Record<string, StatementNode> = {
  insert: {
    kind: 'insert',
    table: { schema: U, table: 'department' },
    columns: ['dept', 'dept_name'],
    rows: [
      ['BIOL', 'Biology'],
      ['CS', { default: true }],
    ],
    onDuplicate: 'error',
    primaryKey: ['dept'],
  },
  'insert-skip': {
    kind: 'insert',
    table: { schema: U, table: 'department' },
    columns: ['dept', 'dept_name'],
    rows: [['BIOL', 'Biology']],
    onDuplicate: 'skip',
    primaryKey: ['dept'],
  },
  'insert-replace': {
    kind: 'insert',
    table: { schema: U, table: 'department' },
    columns: ['dept', 'dept_name'],
    rows: [['BIOL', 'Biology']],
    onDuplicate: 'replace',
    primaryKey: ['dept'],
  },
  update: {
    kind: 'update',
    table: { schema: U, table: 'department' },
    set: [
      { column: 'dept_name', value: 'Biology' },
      { column: 'dept_phone', value: { default: true } },
    ],
    where: { kind: 'compare', op: '=', left: { kind: 'column', table: null, name: 'dept' }, right: { kind: 'param', value: 'BIOL' } },
  },
  delete: {
    kind: 'delete',
    table: { schema: U, table: 'department' },
    where: { kind: 'compare', op: '=', left: { kind: 'column', table: null, name: 'dept' }, right: { kind: 'param', value: 'BIOL' } },
  },
}

describe('golden DML', () => {
  for (const [name, node] of Object.entries(STATEMENTS)) {
    it(name, () => {
      const mysql = new MysqlCompiler().compile(node)
      const postgres = new PostgresCompiler().compile(node)
      expect({ mysql, postgres }).toMatchSnapshot()
    })
  }

  it('marks a multi-row INSERT … VALUES repeated (a driver may keep it prepared), and no other statement', () => {
    for (const compiler of [new MysqlCompiler(), new PostgresCompiler()]) {
      const marked = Object.entries(STATEMENTS).filter(([, node]) => compiler.compile(node).repeated === true)
      expect(marked.map(([name]) => name)).toEqual(['insert'])
    }
  })
})

describe('identifier quoting and literals', () => {
  it('doubles the quote character inside identifiers', () => {
    expect(new MysqlCompiler().quote('a`b')).toBe('`a``b`')
    expect(new PostgresCompiler().quote('a"b')).toBe('"a""b"')
  })
  it('escapes backslashes only for MySQL string literals', () => {
    expect(new MysqlCompiler().stringLiteral("it's a \\ test")).toBe("'it''s a \\\\ test'")
    expect(new PostgresCompiler().stringLiteral("it's a \\ test")).toBe("'it''s a \\ test'")
  })
  it('never inlines a user value: injection attempts end up as parameters', () => {
    const expr = b.restrict(t('student'), b.match({ home_state: string("'; DROP TABLE student; --") }))
    for (const backend of BACKENDS) {
      const query = compileFor(backend, expr)
      expect(query.sql).not.toContain('DROP')
      expect(query.params).toEqual(["'; DROP TABLE student; --"])
    }
  })
})

describe('trees that bypass the schema', () => {
  it('never print an operator or a function name outside the closed lists', () => {
    const hostile = JSON.parse(
      '{"kind":"restrict","input":{"kind":"table","schema":"tutorial_university","table":"student"},"semanticCheck":true,' +
        '"condition":{"kind":"compare","op":"= 0) OR (1 = 1","left":{"kind":"attr","name":"student_id"},"right":{"kind":"lit","type":"number","value":0}}}',
    ) as QueryExpr
    for (const backend of BACKENDS) expect(() => compileFor(backend, hostile)).toThrow(/refusing to print/)
  })

  it('treat a plain object with an `expr` key as a dict restriction, not as a query', async () => {
    const { toCondition } = await import('../table/restriction')
    expect(toCondition({ expr: { kind: 'table', schema: 'x', table: 'y' } }).kind).toBe('match')
  })
})
