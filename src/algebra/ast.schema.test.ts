import { describe, expect, test } from 'vitest'
import type { Condition, Literal, QueryExpr, ScalarExpr } from './ast'
import {
  AST_LIMITS,
  ConditionSchema,
  findBoundsViolation,
  LiteralSchema,
  OrderItemSchema,
  QueryExprSchema,
  ScalarExprSchema,
} from './ast.schema'

const student: QueryExpr = { kind: 'table', schema: 'golden_university', table: 'student' }
const enroll: QueryExpr = { kind: 'table', schema: 'golden_university', table: 'enroll' }
const attr = (name: string): ScalarExpr => ({ kind: 'attr', name })
const str = (value: string): Literal => ({ kind: 'lit', type: 'string', value })
const num = (value: number): Literal => ({ kind: 'lit', type: 'number', value })
const fn = (name: 'count' | 'sum' | 'round' | 'avg', args: ScalarExpr[], star = false): ScalarExpr => ({
  kind: 'fn',
  name,
  args,
  distinct: false,
  star,
  separator: null,
})

const everyCondition: Condition = {
  kind: 'and',
  conditions: [
    { kind: 'const', value: true },
    { kind: 'or', conditions: [{ kind: 'match', values: { home_state: str('OK') } }, { kind: 'match', values: {} }] },
    { kind: 'not', condition: { kind: 'isNull', operand: attr('x'), negated: true } },
    { kind: 'compare', op: '<>', left: attr('a'), right: { kind: 'neg', operand: attr('b') } },
    { kind: 'in', operand: attr('home_state'), values: [str('CA'), str('TX')], negated: false },
    { kind: 'between', operand: attr('d'), low: str('1995-01-01'), high: str('1995-12-31'), negated: true },
    { kind: 'like', operand: attr('name'), pattern: str('A%'), negated: false },
    { kind: 'truthy', operand: { kind: 'op', op: '%', left: attr('n'), right: num(2) } },
    { kind: 'semijoin', query: { kind: 'restrict', input: enroll, condition: { kind: 'match', values: { dept: str('MATH') } }, semanticCheck: true } },
  ],
}

const everyScalar: ScalarExpr = {
  kind: 'case',
  branches: [
    { when: { kind: 'compare', op: '>', left: attr('credits'), right: { kind: 'lit', type: 'decimal', value: '3.5' } }, result: str('hi') },
    { when: { kind: 'const', value: false }, result: { kind: 'truth', condition: { kind: 'compare', op: '=', left: attr('sex'), right: str('F') } } },
  ],
  otherwise: {
    kind: 'jsonPath',
    attr: 'meta',
    path: ['a', 0, 'b'],
    as: 'decimal(10,2)',
  },
}

const everyQuery: QueryExpr = {
  kind: 'top',
  input: {
    kind: 'union',
    left: {
      kind: 'aggr',
      input: { kind: 'universal', attributes: ['home_state'] },
      group: { kind: 'restrict', input: student, condition: everyCondition, semanticCheck: false },
      keepAll: false,
      keep: [],
      compute: { n: fn('count', [], true), total: fn('sum', [attr('credits')]), x: everyScalar },
      excludeNonmatching: true,
    },
    right: {
      kind: 'proj',
      input: { kind: 'join', left: student, right: enroll, outer: true, semanticCheck: true },
      keepAll: true,
      keep: ['last_name'],
      exclude: ['home_phone'],
      rename: { name: 'course_name' },
      compute: { avg_grade: fn('round', [fn('avg', [attr('points')]), num(2)]) },
    },
  },
  limit: 5,
  orderBy: [
    { by: 'key', descending: true },
    { by: attr('date_of_birth'), descending: false },
  ],
  offset: 2,
}

function nestNot(depth: number): Condition {
  let cond: Condition = { kind: 'const', value: true }
  for (let i = 1; i < depth; i += 1) cond = { kind: 'not', condition: cond }
  return cond
}

function issues(result: { success: boolean; error?: { issues: readonly { message: string; path: readonly PropertyKey[] }[] } }): string {
  return (result.error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`).join('\n')
}

describe('round trips', () => {
  test('a tree using every query, condition and scalar kind parses to an equal, frozen tree', () => {
    const parsed = QueryExprSchema.parse(everyQuery)
    expect(parsed).toEqual(everyQuery)
    expect(Object.isFrozen(parsed)).toBe(true)
    expect(parsed).toEqual(JSON.parse(JSON.stringify(everyQuery)))
  })

  test('conditions, scalars and order items parse on their own', () => {
    expect(ConditionSchema.parse(everyCondition)).toEqual(everyCondition)
    expect(ScalarExprSchema.parse(everyScalar)).toEqual(everyScalar)
    expect(OrderItemSchema.parse({ by: 'key', descending: false })).toEqual({ by: 'key', descending: false })
  })

  test('structured-clone copies parse too', () => {
    expect(QueryExprSchema.parse(structuredClone(everyQuery))).toEqual(everyQuery)
  })

  test.each([
    { kind: 'lit', type: 'null' },
    { kind: 'lit', type: 'string', value: "it's \\ %" },
    { kind: 'lit', type: 'number', value: -1.5e300 },
    { kind: 'lit', type: 'bigint', value: '-9223372036854775808' },
    { kind: 'lit', type: 'bigint', value: '18446744073709551615' },
    { kind: 'lit', type: 'decimal', value: '-0.001' },
    { kind: 'lit', type: 'bool', value: false },
    { kind: 'lit', type: 'date', value: '2024-02-29' },
    { kind: 'lit', type: 'datetime', value: '2024-05-01 23:59:59.123456' },
    { kind: 'lit', type: 'datetime', value: '2024-05-01T00:00:00' },
    { kind: 'lit', type: 'time', value: '-838:59:59' },
    { kind: 'lit', type: 'time', value: '12:30:00.5' },
    { kind: 'lit', type: 'uuid', value: '0f8fad5b-d9cb-469f-a165-70867728950e' },
    { kind: 'lit', type: 'bytes', value: 'QUJD' },
    { kind: 'lit', type: 'bytes', value: '' },
    { kind: 'lit', type: 'json', value: '{"a":[1,2]}' },
  ] as const)('literal %j is accepted', (lit) => {
    expect(LiteralSchema.parse(lit)).toEqual(lit)
  })

  test.each(['#species', '__session_stats', '_recording', '~lineage', '~~session_stats', 'session__trial', 'Legacy_Table'])(
    'table name %s is accepted',
    (table) => {
      expect(QueryExprSchema.safeParse({ kind: 'table', schema: 'lab-01_x', table }).success).toBe(true)
    },
  )
})

describe('rejections', () => {
  test.each([
    ['unknown query kind', { kind: 'select', sql: 'SELECT 1' }],
    ['raw SQL node', { kind: 'raw', dialect: 'mysql', sql: 'x', params: [] }],
    ['extra key on a query', { ...student, sql: 'DROP TABLE x' }],
    ['extra key deep inside', { kind: 'restrict', input: student, condition: { kind: 'const', value: true, sql: '1=1' }, semanticCheck: true }],
    ['missing key', { kind: 'restrict', input: student, condition: { kind: 'const', value: true } }],
    ['table name with a dot', { kind: 'table', schema: 's', table: 'a.b' }],
    ['table name with a backquote', { kind: 'table', schema: 's', table: 'a`; DROP TABLE b; `' }],
    ['schema name with a quote', { kind: 'table', schema: 's"', table: 'a' }],
    ['empty schema name', { kind: 'table', schema: '', table: 'a' }],
    ['65-character table name', { kind: 'table', schema: 's', table: 'a'.repeat(65) }],
    ['negative limit', { kind: 'top', input: student, limit: -1, orderBy: [], offset: 0 }],
    ['fractional offset', { kind: 'top', input: student, limit: null, orderBy: [], offset: 1.5 }],
    ['attribute with a space', { kind: 'universal', attributes: ['a b'] }],
    ['attribute starting with a digit', { kind: 'universal', attributes: ['1a'] }],
    ['__proto__ as an attribute name', { kind: 'universal', attributes: ['__proto__'] }],
    ['unknown function', { kind: 'restrict', input: student, semanticCheck: true, condition: { kind: 'truthy', operand: { kind: 'fn', name: 'sleep', args: [], distinct: false, star: false, separator: null } } }],
    ['empty IN list', { kind: 'restrict', input: student, semanticCheck: true, condition: { kind: 'in', operand: attr('a'), values: [], negated: false } }],
    ['CASE without branches', { kind: 'proj', input: student, keepAll: false, keep: [], exclude: [], rename: {}, compute: { x: { kind: 'case', branches: [], otherwise: null } } }],
    ['unknown comparison operator', { kind: 'restrict', input: student, semanticCheck: true, condition: { kind: 'compare', op: '<=>', left: attr('a'), right: attr('b') } }],
    ['extra key on universal', { kind: 'universal', attributes: [], extra: 1 }],
  ])('%s', (_, value) => {
    expect(QueryExprSchema.safeParse(value).success).toBe(false)
  })

  test.each([
    ['date', '2021-02-29'],
    ['date', '2021-13-01'],
    ['date', '21-01-01'],
    ['date', '2021-01-01 00:00:00'],
    ['datetime', '2021-01-01'],
    ['datetime', '2021-01-01 24:00:00'],
    ['datetime', '2021-01-01 10:00:00+02:00'],
    ['time', '839:00:00'],
    ['time', '10:60:00'],
    ['uuid', '0f8fad5b-d9cb-469f-a165-70867728950'],
    ['uuid', "0f8fad5b-d9cb-469f-a165-70867728950' OR 1=1"],
    ['decimal', '1e5'],
    ['decimal', '.5'],
    ['decimal', '1.'],
    ['decimal', '1'.repeat(101)],
    ['bigint', '9223372036854775807999'],
    ['bigint', '18446744073709551616'],
    ['bigint', '-9223372036854775809'],
    ['bigint', '1.5'],
    ['bytes', 'QUJ'],
    ['bytes', 'QU=D'],
    ['json', '{a: 1}'],
    ['string', 'x'.repeat(AST_LIMITS.maxStringLength + 1)],
    ['number', Number.POSITIVE_INFINITY],
    ['number', Number.NaN],
    ['number', '1'],
    ['bool', 'true'],
  ] as const)('%s literal %j is rejected', (type, value) => {
    expect(LiteralSchema.safeParse({ kind: 'lit', type, value }).success).toBe(false)
  })

  test('a JSON path into a quoted key or with an injected cast is rejected', () => {
    const path = (p: unknown[], as: string | null) => ({ kind: 'jsonPath', attr: 'meta', path: p, as })
    expect(ScalarExprSchema.safeParse(path(["a'b"], null)).success).toBe(false)
    expect(ScalarExprSchema.safeParse(path(['a'], 'int) OR (1')).success).toBe(false)
    expect(ScalarExprSchema.safeParse(path([-1], null)).success).toBe(false)
    expect(ScalarExprSchema.safeParse(path([], null)).success).toBe(false)
    expect(ScalarExprSchema.safeParse(path(['a', 0], 'unsigned')).success).toBe(true)
  })

  test('a dict key is an attribute name or a json path into one, nothing else', () => {
    const match = (key: string) => ConditionSchema.safeParse({ kind: 'match', values: { [key]: str('x') } }).success
    expect(match('meta.c.d[0]')).toBe(true)
    expect(match('meta.n:decimal(5,2)')).toBe(true)
    expect(match("meta.a'b")).toBe(false)
    expect(match('meta.k:int) OR (1')).toBe(false)
    expect(match('meta')).toBe(true)
    expect(match('a b')).toBe(false)
  })

  test('a __proto__ record key is dropped (by zod) without replacing the prototype', () => {
    const text = '{"kind":"proj","input":{"kind":"table","schema":"s","table":"t"},"keepAll":false,"keep":[],"exclude":[],"rename":{"__proto__":{"polluted":true}},"compute":{}}'
    const parsed = QueryExprSchema.parse(JSON.parse(text))
    expect(parsed.kind === 'proj' && Object.keys(parsed.rename)).toEqual([])
    expect(parsed.kind === 'proj' && Object.getPrototypeOf(parsed.rename)).toBe(Object.prototype)
  })

  test('an unknown kind names the discriminator', () => {
    const result = ConditionSchema.safeParse({ kind: 'raw', sql: '1=1' })
    expect(issues(result)).toMatch(/kind/)
  })
})

describe('bounds', () => {
  test(`a tree exactly ${AST_LIMITS.maxDepth} nodes deep is accepted, one more is not`, () => {
    expect(ConditionSchema.safeParse(nestNot(AST_LIMITS.maxDepth)).success).toBe(true)
    const result = ConditionSchema.safeParse(nestNot(AST_LIMITS.maxDepth + 1))
    expect(result.success).toBe(false)
    expect(issues(result)).toMatch(/nested too deeply/)
  })

  test('a very deep tree is refused with a clear error instead of overflowing the stack', () => {
    const deep = nestNot(200_000)
    const result = ConditionSchema.safeParse(deep)
    expect(result.success).toBe(false)
    expect(issues(result)).toMatch(/nested too deeply \(more than 64 levels\)/)
    const query: QueryExpr = { kind: 'restrict', input: student, condition: deep, semanticCheck: true }
    expect(QueryExprSchema.safeParse(query).success).toBe(false)
  })

  test('depth counts across query, condition and scalar nodes', () => {
    let query: QueryExpr = student
    for (let i = 0; i < 40; i += 1) query = { kind: 'restrict', input: query, condition: nestNot(1), semanticCheck: true }
    const wrapped = (nots: number): QueryExpr => {
      let condition: Condition = { kind: 'semijoin', query }
      for (let i = 0; i < nots; i += 1) condition = { kind: 'not', condition }
      return { kind: 'restrict', input: student, condition, semanticCheck: true }
    }
    // 41 query levels inside a semijoin under n NOTs under one restrict: 1 + n + 1 + 41.
    expect(QueryExprSchema.safeParse(query).success).toBe(true)
    expect(QueryExprSchema.safeParse(wrapped(21)).success).toBe(true)
    expect(QueryExprSchema.safeParse(wrapped(22)).success).toBe(false)
  })

  test('a cyclic object (possible through structured clone) is refused', () => {
    const cyclic: { kind: string; condition?: unknown } = { kind: 'not' }
    cyclic.condition = cyclic
    expect(ConditionSchema.safeParse(cyclic).success).toBe(false)
    const list: unknown[] = []
    list.push(list)
    expect(ConditionSchema.safeParse({ kind: 'and', conditions: list }).success).toBe(false)
  })

  test('oversized lists and strings are refused', () => {
    const values = Array.from({ length: AST_LIMITS.maxListLength + 1 }, (_, i) => num(i))
    expect(ConditionSchema.safeParse({ kind: 'in', operand: attr('a'), values, negated: false }).success).toBe(false)
    expect(ConditionSchema.safeParse({ kind: 'in', operand: attr('a'), values: values.slice(1), negated: false }).success).toBe(true)
    const hugeList = Array.from({ length: 1_000_000 }, () => 0)
    expect(ConditionSchema.safeParse({ kind: 'in', operand: attr('a'), values: hugeList, negated: false }).success).toBe(false)
    const keep = Array.from({ length: AST_LIMITS.maxAttributes + 1 }, (_, i) => `a${i}`)
    expect(QueryExprSchema.safeParse({ kind: 'universal', attributes: keep }).success).toBe(false)
    const values2 = Object.fromEntries(keep.map((k) => [k, num(1)]))
    expect(ConditionSchema.safeParse({ kind: 'match', values: values2 }).success).toBe(false)
  })

  test('a tree with too many objects is refused before it is walked recursively', () => {
    const wide: Condition = {
      kind: 'or',
      conditions: Array.from({ length: AST_LIMITS.maxListLength }, () => ({
        kind: 'in' as const,
        operand: attr('a'),
        values: Array.from({ length: 10 }, (_, i) => num(i)),
        negated: false,
      })),
    }
    const result = ConditionSchema.safeParse(wide)
    expect(result.success).toBe(false)
    expect(issues(result)).toMatch(/too large/)
  })

  test('findBoundsViolation reports the path of the first too-deep node', () => {
    const violation = findBoundsViolation({ kind: 'and', conditions: [nestNot(3), nestNot(AST_LIMITS.maxDepth)] })
    expect(violation?.path.slice(0, 2)).toEqual(['conditions', 1])
    expect(findBoundsViolation(everyQuery)).toBeNull()
    expect(findBoundsViolation('not an object')).toBeNull()
  })
})
