// A tree from elsewhere (Python pasted from a notebook, read by the engine) as the builder's steps, so it can be
// edited by point and click. The outermost operators become steps, operands that are queries become nested
// queries; a part the builder cannot show as steps (a restriction by a query inside an OR, an aggregation keeping
// some attributes, `dj.U() & q`) becomes the start, used as it is — so the steps always give back the same rows.

import type { Condition, QueryExpr, ScalarExpr } from '../../../src/algebra/ast'
import { formatCondition, formatOrderItem, formatScalar } from '../../../src/algebra/parse-expression'
import { newStepId, type BuilderQuery, type Computed, type Operand, type StepBody } from './model'

/** The builder query giving `tree`'s rows, as steps where the builder has a step for the operator. */
export function builderQueryOf(tree: QueryExpr, name = 'Pasted code'): BuilderQuery {
  const bodies: StepBody[] = []
  let node = tree
  for (;;) {
    const step = stepOf(node, name)
    if (step === null) break
    // Reached outermost first; kept in the order they apply.
    bodies.unshift(...step.bodies)
    node = step.input
  }
  const start: Operand = node.kind === 'table' ? { kind: 'table', schema: node.schema, table: node.table } : { kind: 'saved', id: 'pasted', name, tree: node }
  return { start, steps: bodies.map((body) => ({ id: newStepId(), enabled: true, body })) }
}

function operandOf(tree: QueryExpr, name: string): Operand {
  if (tree.kind === 'table') return { kind: 'table', schema: tree.schema, table: tree.table }
  const query = builderQueryOf(tree, name)
  return query.steps.length === 0 ? query.start : { kind: 'query', query }
}

function containsSemijoin(condition: Condition): boolean {
  switch (condition.kind) {
    case 'semijoin':
      return true
    case 'and':
    case 'or':
      return condition.conditions.some(containsSemijoin)
    case 'not':
      return containsSemijoin(condition.condition)
    default:
      return false
  }
}

const computedOf = (compute: Readonly<Record<string, ScalarExpr>>): Computed[] =>
  Object.entries(compute).map(([attribute, expr]) => ({ name: attribute, text: formatScalar(expr) }))

/** The steps (in the order they apply) one node stands for, and the node they apply to; null when it is no step. */
function stepOf(node: QueryExpr, name: string): { readonly bodies: StepBody[]; readonly input: QueryExpr } | null {
  switch (node.kind) {
    case 'restrict': {
      const { condition, semanticCheck } = node
      if (node.input.kind === 'universal') {
        // `dj.U(attrs) & q`: the distinct values of q's attributes (the step needs at least one: `dj.U() & q` has none).
        const distinct = condition.kind === 'semijoin' && node.input.attributes.length > 0
        return distinct ? { bodies: [{ kind: 'distinct', attributes: node.input.attributes }], input: condition.query } : null
      }
      const conjuncts = condition.kind === 'and' ? condition.conditions : [condition]
      const bodies: StepBody[] = []
      for (const part of conjuncts) {
        const negated = part.kind === 'not' && part.condition.kind === 'semijoin'
        const matched = negated ? (part as { condition: Condition }).condition : part
        if (matched.kind === 'semijoin') {
          bodies.push({ kind: 'semijoin', operand: operandOf(matched.query, name), negated, semanticCheck })
        } else if (containsSemijoin(part) || !semanticCheck) {
          return null
        } else {
          bodies.push({ kind: 'restrict', condition: { kind: 'group', combine: 'and', negated: false, items: [{ kind: 'text', text: formatCondition(part) }] } })
        }
      }
      // Applied in order, the builder ANDs them back into one restriction.
      return { bodies, input: node.input }
    }
    case 'join':
      return { bodies: [{ kind: 'join', operand: operandOf(node.right, name), left: node.outer, semanticCheck: node.semanticCheck }], input: node.left }
    case 'proj':
      return {
        bodies: [
          {
            kind: 'proj',
            keepAll: node.keepAll,
            keep: node.keep,
            drop: node.exclude,
            rename: Object.entries(node.rename).map(([to, from]) => ({ to, from })),
            computed: computedOf(node.compute),
          },
        ],
        input: node.input,
      }
    case 'aggr':
      if (node.input.kind === 'universal') {
        if (!node.excludeNonmatching || node.keepAll || node.keep.length > 0) return null
        return { bodies: [{ kind: 'groupBy', attributes: node.input.attributes, computed: computedOf(node.compute) }], input: node.group }
      }
      // The builder keeps this query's other attributes all or none.
      if (node.keep.length > 0) return null
      return {
        bodies: [{ kind: 'aggr', operand: operandOf(node.group, name), computed: computedOf(node.compute), keepNonMatching: !node.excludeNonmatching, keepAll: node.keepAll }],
        input: node.input,
      }
    case 'union':
      return { bodies: [{ kind: 'union', operand: operandOf(node.right, name) }], input: node.left }
    case 'top':
      return { bodies: [{ kind: 'top', orderBy: node.orderBy.map((item) => formatOrderItem(item)).join(', '), limit: node.limit, offset: node.offset }], input: node.input }
    default:
      return null
  }
}
