// The builder's own model of a query: a start operand and a list of steps, each one DataJoint operator, and its
// translation into the engine's expression tree (one tree per step: the query as it stands after that step).
// Pure: the main process resolves the trees; nothing here knows SQL.

import type { Condition, Literal, LiteralType, OrderItem, QueryExpr, ScalarExpr } from '../../../src/algebra/ast'
import { AST_LIMITS, findBoundsViolation, LiteralSchema } from '../../../src/algebra/ast.schema'
import { and, join, not, or, proj, restrict, semijoin, table, top, union, universal, aggr } from '../../../src/algebra/build'
import { parseCondition, parseOrderByList, parseScalar } from '../../../src/algebra/parse-expression'

/** Where a query or an operand starts: a table, a saved query (its tree as saved), or a query built the same way. */
export type Operand =
  | { readonly kind: 'table'; readonly schema: string; readonly table: string }
  | { readonly kind: 'saved'; readonly id: string; readonly name: string; readonly tree: QueryExpr }
  | { readonly kind: 'query'; readonly query: BuilderQuery }

export const ROW_OPERATORS = ['=', '<>', '<', '<=', '>', '>=', 'like', 'not like', 'in', 'between', 'is null', 'is not null'] as const
export type RowOperator = (typeof ROW_OPERATORS)[number]

/** One condition on an attribute, its value typed by the attribute's DataJoint type. */
export interface ConditionRow {
  readonly kind: 'row'
  readonly attribute: string
  readonly op: RowOperator
  /** The value as typed; `in` takes comma-separated values, `between` uses `value` and `high`. */
  readonly value: string
  readonly high: string
  readonly valueType: LiteralType
}

/** A condition as DataJoint text (`credits > 3.5 and dept = 'BIOL'`), read by the engine's parser. */
export interface ConditionText {
  readonly kind: 'text'
  readonly text: string
}

export interface ConditionGroup {
  readonly kind: 'group'
  readonly combine: 'and' | 'or'
  readonly negated: boolean
  readonly items: readonly ConditionItem[]
}

export type ConditionItem = ConditionRow | ConditionText | ConditionGroup

/** A computed attribute: a name and the expression text the engine's parser reads. */
export interface Computed {
  readonly name: string
  readonly text: string
}

export type StepBody =
  | { readonly kind: 'restrict'; readonly condition: ConditionGroup }
  /** "has a matching row in" (semijoin) or "has no matching row in" (antijoin). */
  | { readonly kind: 'semijoin'; readonly operand: Operand; readonly negated: boolean; readonly semanticCheck: boolean }
  | { readonly kind: 'join'; readonly operand: Operand; readonly left: boolean; readonly semanticCheck: boolean }
  | {
      readonly kind: 'proj'
      readonly keepAll: boolean
      readonly keep: readonly string[]
      readonly drop: readonly string[]
      /** new name → existing name. */
      readonly rename: readonly { readonly to: string; readonly from: string }[]
      readonly computed: readonly Computed[]
    }
  | {
      readonly kind: 'aggr'
      readonly operand: Operand
      readonly computed: readonly Computed[]
      readonly keepNonMatching: boolean
      readonly keepAll: boolean
    }
  | { readonly kind: 'union'; readonly operand: Operand }
  /** `dj.U(attributes) & q`: the distinct values of the attributes. */
  | { readonly kind: 'distinct'; readonly attributes: readonly string[] }
  /** `dj.U(attributes).aggr(q, ...)`: aggregation grouped by chosen attributes. */
  | { readonly kind: 'groupBy'; readonly attributes: readonly string[]; readonly computed: readonly Computed[] }
  /** `q & dj.Top(limit, order_by, offset)`. */
  | { readonly kind: 'top'; readonly orderBy: string; readonly limit: number | null; readonly offset: number }

export type StepKind = StepBody['kind']

export interface Step {
  readonly id: string
  readonly enabled: boolean
  readonly body: StepBody
}

export interface BuilderQuery {
  readonly start: Operand
  readonly steps: readonly Step[]
}

/** What went wrong while turning a step into a tree, before anything is sent: shown at the step. */
export class StepError extends Error {
  /** Where in the typed text the parser stopped, when the problem is in a text field. */
  readonly position: number | null
  readonly field: string | null

  constructor(message: string, options: { position?: number | null; field?: string | null } = {}) {
    super(message)
    this.name = 'StepError'
    this.position = options.position ?? null
    this.field = options.field ?? null
  }
}

/** The tree of a step and, for a step that matches namesakes of two operands, those operands. */
export interface StepTree {
  readonly stepId: string
  readonly expr: QueryExpr | null
  readonly operands: { readonly left: QueryExpr; readonly right: QueryExpr } | null
  readonly error: StepError | null
}

export const STEP_LABELS: Readonly<Record<StepKind, string>> = {
  restrict: 'Restrict',
  semijoin: 'Match rows in',
  join: 'Join',
  proj: 'Project',
  aggr: 'Aggregate',
  union: 'Union',
  distinct: 'Distinct values (dj.U)',
  groupBy: 'Group by (dj.U aggr)',
  top: 'Top',
}

let counter = 0
/** A step id unique within this window (saved drafts keep theirs). */
export function newStepId(): string {
  counter += 1
  return `s${Date.now().toString(36)}${counter.toString(36)}`
}

export function emptyGroup(): ConditionGroup {
  return { kind: 'group', combine: 'and', negated: false, items: [] }
}

/** A new step of a kind, with defaults a person then edits. */
export function newStep(kind: StepKind, operand: Operand | null): Step {
  const other: Operand = operand ?? { kind: 'query', query: { start: { kind: 'table', schema: '', table: '' }, steps: [] } }
  const body: StepBody = (() => {
    switch (kind) {
      case 'restrict':
        return { kind, condition: emptyGroup() }
      case 'semijoin':
        return { kind, operand: other, negated: false, semanticCheck: true }
      case 'join':
        return { kind, operand: other, left: false, semanticCheck: true }
      case 'proj':
        return { kind, keepAll: true, keep: [], drop: [], rename: [], computed: [] }
      case 'aggr':
        return { kind, operand: other, computed: [{ name: 'n', text: 'count(*)' }], keepNonMatching: true, keepAll: false }
      case 'union':
        return { kind, operand: other }
      case 'distinct':
        return { kind, attributes: [] }
      case 'groupBy':
        return { kind, attributes: [], computed: [{ name: 'n', text: 'count(*)' }] }
      case 'top':
        return { kind, orderBy: 'KEY', limit: 10, offset: 0 }
    }
  })()
  return { id: newStepId(), enabled: true, body }
}

/** The literal type a value typed for an attribute of this category is read as. */
export function literalTypeFor(category: string): LiteralType {
  switch (category) {
    case 'integer':
    case 'float':
      return 'number'
    case 'decimal':
      return 'decimal'
    case 'bool':
      return 'bool'
    case 'date':
      return 'date'
    case 'datetime':
      return 'datetime'
    case 'time':
      return 'time'
    case 'uuid':
      return 'uuid'
    default:
      return 'string'
  }
}

const DATETIME = /^(\d{4}-\d{2}-\d{2})[ T](\d{1,2}):(\d{2})(?::(\d{2})(\.\d{1,6})?)?$/
const TIME = /^(-?)(\d{1,3}):(\d{2})(?::(\d{2})(\.\d{1,6})?)?$/
const UUID = /^([0-9a-f]{8})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{12})$/
const INTEGER = /^[+-]?\d+$/
const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?$/

/**
 * A value as typed, in the form the contract's literal takes (`9:30` → `09:30:00`, `+.5` → `0.5`, a uuid without
 * dashes gets them), or null when it cannot be one.
 */
function canonical(value: string, type: LiteralType): string | null {
  switch (type) {
    case 'decimal': {
      const m = DECIMAL.exec(value)
      if (m === null || (m[2] === '' && (m[3] ?? '') === '')) return null
      const [, sign = '', whole = '', fraction = ''] = m
      return `${sign === '-' ? '-' : ''}${whole === '' ? '0' : whole}${fraction === '' ? '' : `.${fraction}`}`
    }
    case 'datetime': {
      const m = DATETIME.exec(value)
      if (m === null) return null
      const [, date = '', hours = '', minutes = '', seconds = '00', fraction = ''] = m
      return `${date} ${hours.padStart(2, '0')}:${minutes}:${seconds}${fraction}`
    }
    case 'time': {
      const m = TIME.exec(value)
      if (m === null) return null
      const [, sign = '', hours = '', minutes = '', seconds = '00', fraction = ''] = m
      return `${sign}${hours.padStart(2, '0')}:${minutes}:${seconds}${fraction}`
    }
    case 'uuid': {
      const m = UUID.exec(value.toLowerCase())
      return m === null ? null : m.slice(1).join('-')
    }
    default:
      return value
  }
}

const WHAT: Partial<Record<LiteralType, string>> = {
  decimal: 'a decimal number',
  date: 'a date (YYYY-MM-DD)',
  datetime: 'a date and time (YYYY-MM-DD HH:MM:SS)',
  time: 'a time (HH:MM:SS)',
  uuid: 'a uuid',
}

/** A typed value as the engine's tagged literal; a value that does not fit its type is refused here. */
export function toLiteral(text: string, type: LiteralType, attribute: string): Literal {
  const value = text.trim()
  const refuse = (what: string) => new StepError(`\`${attribute}\` takes ${what}; “${text}” is not one.`, { field: attribute })
  switch (type) {
    case 'number': {
      if (INTEGER.test(value)) {
        const big = BigInt(value)
        const safe = big <= BigInt(Number.MAX_SAFE_INTEGER) && big >= BigInt(Number.MIN_SAFE_INTEGER)
        return safe ? { kind: 'lit', type: 'number', value: Number(value) } : { kind: 'lit', type: 'bigint', value: big.toString() }
      }
      const n = Number(value)
      if (value === '' || !Number.isFinite(n)) throw refuse('a number')
      return { kind: 'lit', type: 'number', value: n }
    }
    case 'bool': {
      const lower = value.toLowerCase()
      if (lower === 'true' || lower === '1') return { kind: 'lit', type: 'bool', value: true }
      if (lower === 'false' || lower === '0') return { kind: 'lit', type: 'bool', value: false }
      throw refuse('true or false')
    }
    case 'decimal':
    case 'date':
    case 'datetime':
    case 'time':
    case 'uuid': {
      // The contract's own schema decides (calendar dates, hours of a TIME, digits of a decimal): what passes here
      // passes query.check's input validation.
      const form = canonical(value, type)
      const literal = LiteralSchema.safeParse({ kind: 'lit', type, value: form })
      if (form === null || !literal.success) throw refuse(WHAT[type] ?? type)
      return literal.data
    }
    default:
      return { kind: 'lit', type: 'string', value: text }
  }
}

function rowCondition(row: ConditionRow): Condition {
  if (row.attribute === '') throw new StepError('Choose an attribute for every condition.')
  const operand: ScalarExpr = { kind: 'attr', name: row.attribute }
  const literal = (text: string) => toLiteral(text, row.valueType, row.attribute)
  switch (row.op) {
    case 'is null':
      return { kind: 'isNull', operand, negated: false }
    case 'is not null':
      return { kind: 'isNull', operand, negated: true }
    case 'like':
    case 'not like':
      return { kind: 'like', operand, pattern: { kind: 'lit', type: 'string', value: row.value }, negated: row.op === 'not like' }
    case 'in': {
      const values = row.value.split(',').map((v) => v.trim()).filter((v) => v !== '')
      if (values.length === 0) throw new StepError(`List the values of \`${row.attribute}\`, separated by commas.`, { field: row.attribute })
      return { kind: 'in', operand, values: values.map(literal), negated: false }
    }
    case 'between':
      return { kind: 'between', operand, low: literal(row.value), high: literal(row.high), negated: false }
    default:
      return { kind: 'compare', op: row.op, left: operand, right: literal(row.value) }
  }
}

/** Reads DataJoint text with the engine's parser; a parse error keeps its position for the editor to mark. */
function parsed<T>(text: string, field: string, parse: (text: string) => T): T {
  try {
    return parse(text)
  } catch (error) {
    const details = (error as { details?: { position?: unknown } }).details
    const position = typeof details?.position === 'number' ? details.position : null
    throw new StepError(error instanceof Error ? error.message : String(error), { position, field })
  }
}

export function groupCondition(group: ConditionGroup): Condition {
  const parts = group.items.map((item): Condition => {
    switch (item.kind) {
      case 'row':
        return rowCondition(item)
      case 'text':
        return parsed(item.text, 'condition', parseCondition)
      case 'group':
        return groupCondition(item)
    }
  })
  const combined = group.combine === 'and' ? and(parts) : or(parts)
  return group.negated ? not(combined) : combined
}

function computedMap(computed: readonly Computed[]): Record<string, ScalarExpr> {
  const out: Record<string, ScalarExpr> = {}
  for (const { name, text } of computed) {
    if (!/^[a-z_][a-z0-9_]*$/.test(name)) {
      throw new StepError(`“${name}” is not an attribute name: lowercase letters, digits and _, starting with a letter.`, { field: name })
    }
    if (name in out) throw new StepError(`\`${name}\` is computed twice.`, { field: name })
    out[name] = parsed(text, name, parseScalar)
  }
  return out
}

/** The tree of an operand; a saved query is used as it was saved. */
export function operandTree(operand: Operand): QueryExpr {
  switch (operand.kind) {
    case 'table':
      if (operand.table === '') throw new StepError('Choose the table or query this step uses.')
      return table(operand.schema, operand.table)
    case 'saved':
      return operand.tree
    case 'query': {
      const trees = stepTrees(operand.query)
      const failed = trees.find((t) => t.error !== null)
      if (failed?.error != null) throw new StepError(`In the nested query: ${failed.error.message}`)
      const last = trees.at(-1)
      return last?.expr ?? operandTree(operand.query.start)
    }
  }
}

/** The query after `body` is applied to `input`. */
function applyStep(input: QueryExpr, body: StepBody): QueryExpr {
  switch (body.kind) {
    case 'restrict':
      return restrictFolded(input, groupCondition(body.condition), true)
    case 'semijoin': {
      const condition = semijoin(operandTree(body.operand))
      return restrictFolded(input, body.negated ? not(condition) : condition, body.semanticCheck)
    }
    case 'join':
      return join(input, operandTree(body.operand), { left: body.left, semanticCheck: body.semanticCheck })
    case 'proj':
      return proj(input, {
        keepAll: body.keepAll,
        keep: body.keep,
        exclude: body.drop,
        rename: Object.fromEntries(body.rename.map(({ to, from }) => [to, from])),
        compute: computedMap(body.computed),
      })
    case 'aggr':
      return aggr(input, operandTree(body.operand), {
        compute: computedMap(body.computed),
        excludeNonmatching: !body.keepNonMatching,
        keepAll: body.keepAll,
      })
    case 'union':
      return union(input, operandTree(body.operand))
    case 'distinct':
      if (body.attributes.length === 0) throw new StepError('Choose the attributes whose distinct values to keep.')
      return restrict(universal(body.attributes), semijoin(input))
    case 'groupBy':
      return aggr(universal(body.attributes), input, { compute: computedMap(body.computed), excludeNonmatching: true })
    case 'top': {
      if (body.limit !== null && (!Number.isInteger(body.limit) || body.limit < 0)) throw new StepError('The limit is a whole number.')
      if (!Number.isInteger(body.offset) || body.offset < 0) throw new StepError('The offset is a whole number.')
      const orderBy: OrderItem[] = body.orderBy.trim() === '' ? [] : parsed(body.orderBy, 'orderBy', parseOrderByList)
      return top(input, { limit: body.limit, orderBy, offset: body.offset })
    }
  }
}

/**
 * A restriction of a restriction becomes one restriction by the AND of both (DataJoint's `(q & a) & b` is
 * `q & AndList([a, b])`), so a long list of filters does not nest the tree one level per filter.
 */
function restrictFolded(input: QueryExpr, condition: Condition, semanticCheck: boolean): QueryExpr {
  if (input.kind === 'restrict' && input.semanticCheck === semanticCheck && input.input.kind !== 'universal') {
    return restrict(input.input, and([...conjuncts(input.condition), ...conjuncts(condition)]), { semanticCheck })
  }
  return restrict(input, condition, { semanticCheck })
}

function conjuncts(condition: Condition): readonly Condition[] {
  return condition.kind === 'and' ? condition.conditions : [condition]
}

/** The operands whose namesakes a step matches (join, semijoin, aggregation), for the lineage check's display. */
function matchedOperands(input: QueryExpr, body: StepBody): StepTree['operands'] {
  if (body.kind !== 'join' && body.kind !== 'semijoin' && body.kind !== 'aggr') return null
  try {
    return { left: input, right: operandTree(body.operand) }
  } catch {
    return null
  }
}

/**
 * One tree per step (disabled steps pass their input through): the query after that step. A step after one that
 * failed has no tree. A tree deeper than the contract allows is refused at the step that makes it so.
 */
export function stepTrees(query: BuilderQuery): StepTree[] {
  const out: StepTree[] = []
  let current: QueryExpr | null
  let startError: StepError | null = null
  try {
    current = operandTree(query.start)
  } catch (error) {
    current = null
    startError = error instanceof StepError ? error : new StepError(String(error))
  }
  for (const step of query.steps) {
    if (current === null) {
      out.push({ stepId: step.id, expr: null, operands: null, error: startError ?? new StepError('An earlier step has a problem.') })
      startError = null
      continue
    }
    if (!step.enabled) {
      out.push({ stepId: step.id, expr: current, operands: null, error: null })
      continue
    }
    try {
      const expr = applyStep(current, step.body)
      const violation = findBoundsViolation(expr)
      if (violation !== null) {
        throw new StepError(
          `${violation.message}: the query is too deep to send (at most ${AST_LIMITS.maxDepth} levels of operators and conditions). ` +
            'Remove steps or nested operands before this one.',
        )
      }
      out.push({ stepId: step.id, expr, operands: matchedOperands(current, step.body), error: null })
      current = expr
    } catch (error) {
      out.push({ stepId: step.id, expr: null, operands: null, error: error instanceof StepError ? error : new StepError(String(error)) })
      current = null
    }
  }
  return out
}

/** The whole query's tree, or the first step's problem. */
export function queryTree(query: BuilderQuery): { readonly expr: QueryExpr | null; readonly error: StepError | null } {
  const trees = stepTrees(query)
  const failed = trees.find((t) => t.error !== null)
  if (failed !== undefined) return { expr: null, error: failed.error }
  const last = trees.at(-1)
  if (last !== undefined) return { expr: last.expr, error: null }
  try {
    return { expr: operandTree(query.start), error: null }
  } catch (error) {
    return { expr: null, error: error instanceof StepError ? error : new StepError(String(error)) }
  }
}

/** Steps that may trade places: DataJoint's algebra lets restrictions commute with each other (and Top never). */
export function canSwap(a: Step, b: Step): boolean {
  const restricting = (s: Step) => s.body.kind === 'restrict' || s.body.kind === 'semijoin'
  return restricting(a) && restricting(b)
}

/** A short name for an operand, as step titles show it. */
export function operandLabel(operand: Operand): string {
  switch (operand.kind) {
    case 'table':
      return operand.table === '' ? '(choose)' : operand.table
    case 'saved':
      return `saved “${operand.name}”`
    case 'query':
      return `(${operandLabel(operand.query.start)}${operand.query.steps.length === 0 ? '' : ` + ${operand.query.steps.length} steps`})`
  }
}

/** The fix DataJoint's lineage error suggests, applied: the other operand's namesake renamed with proj. */
export function renameInOperand(operand: Operand, attribute: string, to: string): Operand {
  const renameStep: Step = {
    id: newStepId(),
    enabled: true,
    body: { kind: 'proj', keepAll: true, keep: [], drop: [], rename: [{ to, from: attribute }], computed: [] },
  }
  if (operand.kind === 'query') return { kind: 'query', query: { ...operand.query, steps: [...operand.query.steps, renameStep] } }
  return { kind: 'query', query: { start: operand, steps: [renameStep] } }
}

export function replaceStep(query: BuilderQuery, id: string, change: (step: Step) => Step): BuilderQuery {
  return { ...query, steps: query.steps.map((s) => (s.id === id ? change(s) : s)) }
}

export function removeStep(query: BuilderQuery, id: string): BuilderQuery {
  return { ...query, steps: query.steps.filter((s) => s.id !== id) }
}

/** Moves a step one place up or down when the algebra allows it (see canSwap); otherwise the query is unchanged. */
export function moveStep(query: BuilderQuery, id: string, direction: -1 | 1): BuilderQuery {
  const index = query.steps.findIndex((s) => s.id === id)
  const other = index + direction
  const a = query.steps[index]
  const b = query.steps[other]
  if (a === undefined || b === undefined || !canSwap(a, b)) return query
  const steps = [...query.steps]
  steps[index] = b
  steps[other] = a
  return { ...query, steps }
}
