// Property tests of the algebra on pure code: trees round-trip through JSON and zod; restricting by true is the
// identity; a join's heading is the union of its operands' headings (DataJoint
// Python's `expression.py` join).

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { arbitraryQuery } from '../testing/arbitrary-query'
import { compileFor, resolveFor } from '../testing/expect-sql'
import type { QueryExpr } from './ast'
import { QueryExprSchema } from './ast.schema'
import * as b from './build'
import type { Resolved } from './resolve'

const SCHEMA = 'tutorial_university'

function tryResolve(expr: QueryExpr): Resolved | null {
  try {
    return resolveFor('postgresql', expr)
  } catch {
    return null
  }
}

describe('algebra properties', () => {
  it('random trees round-trip through JSON and the zod schema unchanged', () => {
    fc.assert(
      fc.property(arbitraryQuery(SCHEMA), (expr) => {
        const json = JSON.parse(JSON.stringify(expr)) as unknown
        expect(json).toEqual(expr)
        expect(QueryExprSchema.parse(json)).toEqual(expr)
      }),
      { numRuns: 300 },
    )
  })

  it('q.restrict(true) is q: same heading and the same SQL', () => {
    fc.assert(
      fc.property(arbitraryQuery(SCHEMA), (expr) => {
        if (tryResolve(expr) === null) return
        const restricted: QueryExpr = { kind: 'restrict', input: expr, condition: b.TRUE, semanticCheck: true }
        for (const backend of ['mysql', 'postgresql'] as const) {
          expect(resolveFor(backend, restricted).heading.attributes).toEqual(resolveFor(backend, expr).heading.attributes)
          expect(compileFor(backend, restricted)).toEqual(compileFor(backend, expr))
        }
      }),
      { numRuns: 200 },
    )
  })

  it("a join's heading is the union of its operands' headings, with a key from the determines rules", () => {
    fc.assert(
      fc.property(arbitraryQuery(SCHEMA, 2), arbitraryQuery(SCHEMA, 2), (left, right) => {
        const a = tryResolve(left)
        const c = tryResolve(right)
        const joined = tryResolve(b.join(left, right))
        if (a === null || c === null || joined === null) return
        expect(new Set(joined.heading.names)).toEqual(new Set([...a.heading.names, ...c.heading.names]))
        const aDeterminesC = c.heading.primaryKey.every((k) => a.heading.has(k))
        const cDeterminesA = a.heading.primaryKey.every((k) => c.heading.has(k))
        const expectedKey = aDeterminesC
          ? a.heading.primaryKey
          : cDeterminesA
            ? c.heading.primaryKey
            : [...new Set([...a.heading.primaryKey, ...c.heading.primaryKey])]
        expect(new Set(joined.heading.primaryKey)).toEqual(new Set(expectedKey))
      }),
      { numRuns: 300 },
    )
  })
})
