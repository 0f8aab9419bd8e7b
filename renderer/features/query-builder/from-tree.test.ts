import { describe, expect, test } from 'vitest'
import type { QueryExpr } from '../../../src/algebra/ast'
import { aggr, and, join, not, or, proj, restrict, semijoin, table, top, union, universal } from '../../../src/algebra/build'
import { parseCondition, parseScalar } from '../../../src/algebra/parse-expression'
import { builderQueryOf } from './from-tree'
import { queryTree } from './model'

const student = table('uni', 'student')
const enroll = table('uni', 'enroll')
const course = table('uni', 'course')
const cond = (text: string) => parseCondition(text)

/** The tree the builder makes of the steps `builderQueryOf` found. */
const rebuilt = (tree: QueryExpr): QueryExpr | null => queryTree(builderQueryOf(tree)).expr

describe('builderQueryOf', () => {
  test('restrictions, joins, projections, aggregations, unions, dj.U and Top become steps that give back the tree', () => {
    const trees: QueryExpr[] = [
      student,
      restrict(student, cond("home_state = 'UT' and sex = 'F'")),
      join(restrict(student, cond("sex = 'F'")), enroll),
      join(student, proj(enroll, { keep: ['grade'] }), { left: true, semanticCheck: false }),
      proj(student, { keep: ['first_name'], rename: { state: 'home_state' }, compute: { age: parseScalar('2024 - 1990') } }),
      aggr(student, enroll, { compute: { n: parseScalar('count(*)') }, excludeNonmatching: false }),
      aggr(universal(['home_state']), student, { compute: { n: parseScalar('count(*)') }, excludeNonmatching: true }),
      restrict(universal(['home_state']), semijoin(student)),
      union(proj(student, { keep: [] }), proj(restrict(student, cond("sex = 'M'")), { keep: [] })),
      top(student, { limit: 5, orderBy: [{ by: 'key', descending: true }], offset: 2 }),
      restrict(student, and([semijoin(restrict(enroll, semijoin(course))), not(semijoin(table('uni', 'grade')))])),
    ]
    for (const tree of trees) expect(rebuilt(tree)).toEqual(tree)
  })

  test('operands that are queries become nested queries, tables stay tables', () => {
    const query = builderQueryOf(join(student, restrict(enroll, cond("grade = 'A'"))))
    expect(query.start).toEqual({ kind: 'table', schema: 'uni', table: 'student' })
    const body = query.steps[0]?.body
    expect(body?.kind).toBe('join')
    if (body?.kind === 'join') expect(body.operand.kind).toBe('query')
  })

  test('what has no step (a restriction by a query inside an OR) is the start, used as it is', () => {
    const inside = restrict(student, or([semijoin(enroll), cond("sex = 'F'")]))
    const tree = top(inside, { limit: 3 })
    const query = builderQueryOf(tree)
    expect(query.start).toMatchObject({ kind: 'saved', tree: inside })
    expect(query.steps.map((s) => s.body.kind)).toEqual(['top'])
    expect(rebuilt(tree)).toEqual(tree)
    // dj.U() & q: a distinct step needs attributes.
    const none = restrict(universal([]), semijoin(student))
    expect(builderQueryOf(none)).toMatchObject({ start: { kind: 'saved', tree: none }, steps: [] })
    expect(rebuilt(none)).toEqual(none)
  })
})
