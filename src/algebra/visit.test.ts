import { describe, expect, test } from 'vitest'
import type { Condition, QueryExpr, ScalarExpr } from './ast'
import { assertNever, attributesReferenced, childrenOf, isCondition, mapQuery } from './visit'

const table = (name: string): QueryExpr => ({ kind: 'table', schema: 'u', table: name })
const attr = (name: string): ScalarExpr => ({ kind: 'attr', name })
const num = (value: number): ScalarExpr => ({ kind: 'lit', type: 'number', value })
const semijoin = (query: QueryExpr): Condition => ({ kind: 'semijoin', query })
const restrict = (input: QueryExpr, condition: Condition): QueryExpr => ({ kind: 'restrict', input, condition, semanticCheck: true })

const student = table('student')
const enroll = table('enroll')
const grade = table('grade')
const major = table('student_major')

describe('childrenOf', () => {
  test.each<[string, QueryExpr, QueryExpr[]]>([
    ['table', student, []],
    ['universal', { kind: 'universal', attributes: ['home_state'] }, []],
    ['restrict by a dict', restrict(student, { kind: 'match', values: {} }), [student]],
    ['join', { kind: 'join', left: student, right: enroll, outer: false, semanticCheck: true }, [student, enroll]],
    ['union', { kind: 'union', left: student, right: enroll }, [student, enroll]],
    [
      'aggr',
      { kind: 'aggr', input: student, group: enroll, keepAll: false, keep: [], compute: {}, excludeNonmatching: false },
      [student, enroll],
    ],
    ['top', { kind: 'top', input: student, limit: 1, orderBy: [{ by: 'key', descending: false }], offset: 0 }, [student]],
    [
      'proj',
      { kind: 'proj', input: student, keepAll: false, keep: [], exclude: [], rename: {}, compute: { x: attr('a') } },
      [student],
    ],
  ])('%s', (_, expr, children) => {
    expect(childrenOf(expr)).toEqual(children)
  })

  test('includes the queries of semijoins anywhere in a restriction, in order', () => {
    const cond: Condition = {
      kind: 'and',
      conditions: [
        semijoin(enroll),
        { kind: 'not', condition: { kind: 'or', conditions: [semijoin(grade), { kind: 'const', value: true }] } },
        { kind: 'truthy', operand: { kind: 'truth', condition: semijoin(major) } },
      ],
    }
    expect(childrenOf(restrict(student, cond))).toEqual([student, enroll, grade, major])
  })

  test('includes semijoins inside computed attributes and order items, not the semijoin query’s own operands', () => {
    const inner = restrict(enroll, semijoin(grade))
    const caseExpr: ScalarExpr = {
      kind: 'case',
      branches: [{ when: semijoin(inner), result: num(1) }],
      otherwise: num(0),
    }
    const proj: QueryExpr = { kind: 'proj', input: student, keepAll: true, keep: [], exclude: [], rename: {}, compute: { x: caseExpr } }
    expect(childrenOf(proj)).toEqual([student, inner])
    const top: QueryExpr = {
      kind: 'top',
      input: student,
      limit: null,
      offset: 0,
      orderBy: [{ by: { kind: 'truth', condition: semijoin(major) }, descending: true }],
    }
    expect(childrenOf(top)).toEqual([student, major])
  })
})

describe('attributesReferenced', () => {
  test('collects attrs, JSON path attributes and match keys once, in order of appearance', () => {
    const cond: Condition = {
      kind: 'or',
      conditions: [
        { kind: 'compare', op: '=', left: attr('a'), right: { kind: 'op', op: '+', left: attr('b'), right: num(1) } },
        { kind: 'match', values: { c: { kind: 'lit', type: 'null' }, a: { kind: 'lit', type: 'number', value: 1 } } },
        { kind: 'isNull', operand: { kind: 'jsonPath', attr: 'meta', path: ['x'], as: null }, negated: false },
        { kind: 'in', operand: attr('d'), values: [attr('e')], negated: true },
        { kind: 'between', operand: attr('f'), low: attr('g'), high: { kind: 'neg', operand: attr('h') }, negated: false },
        { kind: 'like', operand: attr('i'), pattern: attr('j'), negated: false },
        { kind: 'not', condition: { kind: 'truthy', operand: attr('k') } },
        semijoin(restrict(enroll, { kind: 'truthy', operand: attr('hidden_in_subquery') })),
        { kind: 'const', value: false },
      ],
    }
    expect(attributesReferenced(cond)).toEqual(['a', 'b', 'c', 'meta', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k'])
  })

  test('walks scalars: functions, CASE and truth values', () => {
    const expr: ScalarExpr = {
      kind: 'case',
      branches: [
        {
          when: { kind: 'compare', op: '>', left: { kind: 'fn', name: 'count', args: [], distinct: false, star: true, separator: null }, right: attr('n') },
          result: { kind: 'fn', name: 'sum', args: [{ kind: 'truth', condition: { kind: 'compare', op: '>', left: attr('score'), right: num(3) } }], distinct: false, star: false, separator: null },
        },
      ],
      otherwise: attr('fallback'),
    }
    expect(attributesReferenced(expr)).toEqual(['n', 'score', 'fallback'])
    expect(attributesReferenced(num(1))).toEqual([])
  })
})

describe('isCondition', () => {
  test('tells the two unions apart', () => {
    expect(isCondition({ kind: 'truthy', operand: attr('a') })).toBe(true)
    expect(isCondition({ kind: 'truth', condition: { kind: 'const', value: true } })).toBe(false)
    expect(isCondition(num(1))).toBe(false)
  })
})

describe('mapQuery', () => {
  const tree: QueryExpr = {
    kind: 'top',
    input: {
      kind: 'join',
      left: restrict(student, { kind: 'and', conditions: [semijoin(enroll), { kind: 'const', value: true }] }),
      right: {
        kind: 'aggr',
        input: { kind: 'universal', attributes: ['dept'] },
        group: major,
        keepAll: false,
        keep: [],
        compute: { n: { kind: 'truth', condition: semijoin(grade) } },
        excludeNonmatching: false,
      },
      outer: false,
      semanticCheck: true,
    },
    limit: 3,
    orderBy: [{ by: 'key', descending: false }],
    offset: 0,
  }

  test('the identity function returns the very same tree', () => {
    expect(mapQuery(tree, (q) => q)).toBe(tree)
  })

  test('visits children before parents, semijoin queries included', () => {
    const seen: string[] = []
    mapQuery(tree, (q) => {
      seen.push(q.kind === 'table' ? q.table : q.kind)
      return q
    })
    expect(seen).toEqual(['student', 'enroll', 'restrict', 'universal', 'student_major', 'grade', 'aggr', 'join', 'top'])
  })

  test('rewrites leaves and rebuilds only the changed path', () => {
    const renamed = mapQuery(tree, (q) => (q.kind === 'table' && q.table === 'grade' ? { ...q, schema: 'other' } : q))
    expect(renamed).not.toBe(tree)
    if (renamed.kind !== 'top' || renamed.input.kind !== 'join' || tree.kind !== 'top' || tree.input.kind !== 'join') {
      throw new Error('shape changed')
    }
    expect(renamed.input.left).toBe(tree.input.left)
    const aggr = renamed.input.right
    expect(aggr.kind === 'aggr' && aggr.compute['n']).toEqual({ kind: 'truth', condition: semijoin({ kind: 'table', schema: 'other', table: 'grade' }) })
    expect(renamed.orderBy).toBe(tree.orderBy)
  })

  test('can replace whole subtrees', () => {
    const unrestricted = mapQuery(tree, (q) => (q.kind === 'restrict' ? q.input : q))
    expect(JSON.stringify(unrestricted)).not.toContain('restrict')
    expect(JSON.stringify(unrestricted)).not.toContain('"enroll"')
  })
})

describe('assertNever', () => {
  test('throws a plain Error naming the unexpected kind', () => {
    const impossible = { kind: 'raw' } as never
    expect(() => assertNever(impossible)).toThrow(/exhaustive match: raw/)
    expect(() => assertNever('x' as never)).toThrow(Error)
  })
})
