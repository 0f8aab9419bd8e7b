// Test-only: fast-check generators of random expression trees over the university schema (golden_university
// shape), used by the algebra's property tests. Generated trees may be invalid; callers keep the ones that resolve.

import fc from 'fast-check'
import type { Condition, Literal, QueryExpr, ScalarExpr } from '../algebra/ast'
import * as b from '../algebra/build'

const string = (value: string): Literal => ({ kind: 'lit', type: 'string', value })
const number = (value: number): Literal => ({ kind: 'lit', type: 'number', value })
const attr = (name: string): ScalarExpr => ({ kind: 'attr', name })

/** Tables with a few attributes and values that occur in the fixture data. */
const TABLES: Record<string, { readonly attributes: readonly string[]; readonly values: Record<string, readonly Literal[]> }> = {
  student: {
    attributes: ['first_name', 'last_name', 'sex', 'home_state', 'date_of_birth'],
    values: { sex: [string('F'), string('M')], home_state: [string('UT'), string('CA'), string('NY')], student_id: [number(100), number(150), number(250)] },
  },
  department: { attributes: ['dept_name'], values: { dept: [string('BIOL'), string('CS'), string('MATH'), string('PHYS')] } },
  course: { attributes: ['course_name', 'credits'], values: { dept: [string('BIOL'), string('CS')], course: [number(1010), number(1410)] } },
  section: { attributes: ['auditorium'], values: { term_year: [number(2019), number(2020)], term: [string('Fall'), string('Spring')] } },
  enroll: { attributes: [], values: { dept: [string('MATH'), string('CS')], student_id: [number(101), number(102), number(120)] } },
  grade: { attributes: ['grade'], values: { grade: [string('A'), string('B'), string('C+')] } },
  student_major: { attributes: ['dept', 'declare_date'], values: { dept: [string('CS'), string('BIOL')] } },
  term: { attributes: [], values: { term_year: [number(2018), number(2020)] } },
}

export function arbitraryQuery(schema: string, depth = 3): fc.Arbitrary<QueryExpr> {
  const tableName = fc.constantFrom(...Object.keys(TABLES))
  const base = tableName.map((name) => b.table(schema, name))

  const condition = (table: string): fc.Arbitrary<Condition> => {
    const entries = Object.entries(TABLES[table]?.values ?? {})
    if (entries.length === 0) return fc.constant(b.TRUE)
    const one = fc.constantFrom(...entries).chain(([key, values]) => fc.constantFrom(...values).map((value) => b.match({ [key]: value })))
    const compare = fc.constantFrom(...entries).chain(([key, values]) =>
      fc.tuple(fc.constantFrom('=', '<>', '<', '>=' as const), fc.constantFrom(...values)).map(([op, value]): Condition => ({ kind: 'compare', op, left: attr(key), right: value })),
    )
    return fc.oneof(one, compare, fc.array(one, { minLength: 1, maxLength: 3 }).map(b.or), one.map(b.not), fc.constant(b.TRUE))
  }

  const tree: fc.Memo<QueryExpr> = fc.memo((n) => {
    if (n <= 1) return base
    const sub = tree(n - 1)
    return fc.oneof(
      { arbitrary: base, weight: 2 },
      { arbitrary: tableName.chain((name) => condition(name).map((c) => b.restrict(b.table(schema, name), c))), weight: 3 },
      { arbitrary: fc.tuple(sub, tableName).chain(([q, name]) => condition(name).map((c) => b.restrict(q, c))), weight: 2 },
      { arbitrary: fc.tuple(sub, sub).map(([x, y]) => b.join(x, y)), weight: 2 },
      { arbitrary: fc.tuple(sub, base).map(([x, y]) => b.restrict(x, b.semijoin(y))), weight: 1 },
      { arbitrary: fc.tuple(sub, base).map(([x, y]) => b.exclude(x, b.semijoin(y))), weight: 1 },
      { arbitrary: sub.map((q) => b.proj(q)), weight: 1 },
      { arbitrary: tableName.map((name) => b.proj(b.table(schema, name), { keep: (TABLES[name]?.attributes ?? []).slice(0, 1) })), weight: 1 },
      { arbitrary: fc.tuple(base, base).map(([x, y]) => b.aggr(x, y, { compute: { n: b.countAll() } })), weight: 1 },
      { arbitrary: fc.tuple(sub, fc.integer({ min: 1, max: 20 }), fc.integer({ min: 0, max: 5 })).map(([q, limit, offset]) => b.top(q, { limit, offset })), weight: 1 },
      { arbitrary: tableName.chain((name) => fc.tuple(condition(name), condition(name)).map(([c1, c2]) => b.union(b.restrict(b.proj(b.table(schema, name)), c1), b.restrict(b.proj(b.table(schema, name)), c2)))), weight: 1 },
    )
  })
  return tree(depth)
}
