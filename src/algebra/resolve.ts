// Binds an expression tree to table headings: result heading and primary key of every node, DataJoint's
// semantic (lineage) checks and operand rules. Pure: tables come from a Catalog the caller has already loaded.

import { DataJointError } from '../errors/datajoint-error'
import type { Attribute, AttributeCategory } from '../heading/attribute'
import { Heading, computedAttribute, determines, joinHeadings } from '../heading/heading'
import type { TableInfo } from '../heading/table-info'
import type { Condition, Literal, OrderItem, QueryExpr, ScalarExpr } from './ast'
import { checkConditionExpr, checkScalarExpr, type Placement } from './check-expression'
import { parseScalar } from './parse-expression'
import { assertNever, matchKeyAttribute } from './visit'

/** Read access to loaded table metadata. */
export interface Catalog {
  table(schema: string, table: string): TableInfo | undefined
}

export interface ResolveContext {
  readonly catalog: Catalog
  /** Receives DataJoint's warnings (e.g. semantic check disabled for lack of `~lineage`). */
  readonly warn?: (message: string) => void
}

/** An output attribute of a node and how it is derived from the node's input scope. */
export interface OutputAttribute {
  readonly attribute: Attribute
  /** The expression over the input's attributes; `attr` of the same name for pass-through. */
  readonly source: ScalarExpr
}

export type ResolvedCondition =
  | { readonly kind: 'const'; readonly value: boolean }
  | { readonly kind: 'and'; readonly conditions: readonly ResolvedCondition[] }
  | { readonly kind: 'or'; readonly conditions: readonly ResolvedCondition[] }
  | { readonly kind: 'not'; readonly condition: ResolvedCondition }
  /** One equality of the dict form, bound to its attribute so the value can be typed for the backend. */
  | { readonly kind: 'equals'; readonly attribute: Attribute; readonly value: Literal }
  | { readonly kind: 'scalar'; readonly condition: Exclude<Condition, { kind: 'and' | 'or' | 'not' | 'const' | 'match' | 'semijoin' }> }
  /** Rows of the input whose `on` attributes match a row of `query`; with no `on`, true iff `query` is non-empty. */
  | { readonly kind: 'semijoin'; readonly query: Resolved; readonly on: readonly string[] }

export type ResolvedNode =
  | { readonly kind: 'table'; readonly info: TableInfo }
  | { readonly kind: 'restrict'; readonly input: Resolved; readonly condition: ResolvedCondition }
  | { readonly kind: 'join'; readonly left: Resolved; readonly right: Resolved; readonly outer: boolean; readonly on: readonly string[] }
  | { readonly kind: 'proj'; readonly input: Resolved; readonly outputs: readonly OutputAttribute[] }
  | {
      readonly kind: 'aggr'
      /** null for `dj.U(...).aggr(...)`: grouping attributes come from `group` itself. */
      readonly input: Resolved | null
      readonly group: Resolved
      readonly on: readonly string[]
      readonly outer: boolean
      /** Attribute names (of the joined scope) to GROUP BY. */
      readonly groupBy: readonly string[]
      readonly outputs: readonly OutputAttribute[]
    }
  | { readonly kind: 'union'; readonly left: Resolved; readonly right: Resolved }
  | {
      readonly kind: 'top'
      readonly input: Resolved
      readonly limit: number | null
      readonly offset: number
      readonly orderBy: readonly { readonly expr: ScalarExpr; readonly descending: boolean }[]
    }
  /** `dj.U(a, b) & q`: the distinct values of a, b in q. */
  | { readonly kind: 'distinct'; readonly input: Resolved; readonly attributes: readonly string[] }

export interface Resolved {
  readonly node: ResolvedNode
  readonly heading: Heading
  /** Whether every table below has a `~lineage` table (semantic checks need it). */
  readonly lineageAvailable: boolean
}

const invalid = (message: string): DataJointError => new DataJointError('INVALID_QUERY', message)
const unknownAttribute = (name: string): DataJointError =>
  new DataJointError('UNKNOWN_ATTRIBUTE', `Attribute \`${name}\` is not found in query.`, { attribute: name })

/** Resolves a whole tree, throwing coded errors with DataJoint's messages on the first violation. */
export function resolve(expr: QueryExpr, context: ResolveContext): Resolved {
  switch (expr.kind) {
    case 'table': {
      const info = context.catalog.table(expr.schema, expr.table)
      if (info === undefined) {
        throw new DataJointError('MISSING_TABLE', `Table \`${expr.schema}\`.\`${expr.table}\` is not loaded or does not exist.`, {
          table: `${expr.schema}.${expr.table}`,
        })
      }
      const visible = info.attributes.filter((a) => !a.hidden)
      return { node: { kind: 'table', info }, heading: new Heading(visible), lineageAvailable: info.lineageAvailable }
    }
    case 'restrict':
      return resolveRestrict(expr.input, expr.condition, expr.semanticCheck, context)
    case 'join':
      return resolveJoin(expr, context)
    case 'proj':
      return resolveProj(expr, context)
    case 'aggr':
      return resolveAggr(expr, context)
    case 'union':
      return resolveUnion(resolve(expr.left, context), resolve(expr.right, context))
    case 'top':
      return resolveTop(resolve(expr.input, context), expr.limit, expr.orderBy, expr.offset)
    case 'universal':
      throw invalid('dj.U(...) can only be used to restrict or aggregate another query: dj.U(...).restrict(q) or dj.U(...).aggr(q, ...).')
    default:
      return assertNever(expr)
  }
}

function resolveRestrict(inputExpr: QueryExpr, condition: Condition, semanticCheck: boolean, context: ResolveContext): Resolved {
  if (inputExpr.kind === 'universal') {
    if (condition.kind !== 'semijoin') {
      throw invalid('dj.U(...) can only be restricted by a query expression.')
    }
    const query = resolve(condition.query, context)
    const missing = inputExpr.attributes.filter((a) => !query.heading.has(a))
    if (missing.length > 0) {
      throw invalid(`Attributes ${formatList(missing)} not found in the restricting expression.`)
    }
    const attributes = inputExpr.attributes.map((name) => ({ ...query.heading.require(name), inKey: true }))
    return {
      node: { kind: 'distinct', input: query, attributes: [...inputExpr.attributes] },
      heading: new Heading(attributes),
      lineageAvailable: query.lineageAvailable,
    }
  }
  const input = resolve(inputExpr, context)
  const resolved = resolveCondition(condition, input, semanticCheck, context)
  checkConditionExpr(condition, { heading: input.heading, placement: restrictionPlacement(input) })
  if (resolved.kind === 'const' && resolved.value) return input
  return { node: { kind: 'restrict', input, condition: resolved }, heading: input.heading, lineageAvailable: input.lineageAvailable }
}

const ROW: Placement = { kind: 'row' }

/**
 * A restriction of an aggregation is evaluated per group (HAVING), so it may aggregate too, but only over the
 * grouping attributes: the aggregation's computed attributes are aggregates already.
 */
function restrictionPlacement(input: Resolved): Placement {
  const grouping = groupingAttributes(input)
  return grouping === null ? ROW : { kind: 'group', outside: null, inside: new Set(grouping) }
}

function groupingAttributes(resolved: Resolved): readonly string[] | null {
  const node = resolved.node
  if (node.kind === 'aggr') return node.groupBy
  if (node.kind === 'restrict') return groupingAttributes(node.input)
  return null
}

function resolveCondition(
  condition: Condition,
  input: Resolved,
  semanticCheck: boolean,
  context: ResolveContext,
): ResolvedCondition {
  const recurse = (c: Condition): ResolvedCondition => resolveCondition(c, input, semanticCheck, context)
  switch (condition.kind) {
    case 'const':
      return condition
    case 'and': {
      const parts = condition.conditions.map(recurse).filter((c) => !(c.kind === 'const' && c.value))
      if (parts.some((c) => c.kind === 'const' && !c.value)) return { kind: 'const', value: false }
      if (parts.length === 0) return { kind: 'const', value: true }
      return parts.length === 1 ? (parts[0] as ResolvedCondition) : { kind: 'and', conditions: parts }
    }
    case 'or': {
      const parts = condition.conditions.map(recurse).filter((c) => !(c.kind === 'const' && !c.value))
      if (parts.some((c) => c.kind === 'const' && c.value)) return { kind: 'const', value: true }
      if (parts.length === 0) return { kind: 'const', value: false }
      return parts.length === 1 ? (parts[0] as ResolvedCondition) : { kind: 'or', conditions: parts }
    }
    case 'not': {
      const inner = recurse(condition.condition)
      if (inner.kind === 'const') return { kind: 'const', value: !inner.value }
      if (inner.kind === 'not') return inner.condition
      return { kind: 'not', condition: inner }
    }
    case 'match': {
      // DataJoint ignores keys that are not attributes, nor json paths into one; no matching key at all means
      // "no restriction".
      const parts: ResolvedCondition[] = []
      for (const [key, value] of Object.entries(condition.values)) {
        const attribute = input.heading.get(key)
        if (attribute !== undefined) {
          parts.push({ kind: 'equals', attribute, value })
          continue
        }
        const path = jsonPathKey(key, input.heading)
        if (path === null) continue
        parts.push({
          kind: 'scalar',
          condition: value.type === 'null' ? { kind: 'isNull', operand: path, negated: false } : { kind: 'compare', op: '=', left: path, right: value },
        })
      }
      if (parts.length === 0) return { kind: 'const', value: true }
      return parts.length === 1 ? (parts[0] as ResolvedCondition) : { kind: 'and', conditions: parts }
    }
    case 'semijoin': {
      if (condition.query.kind === 'universal') return { kind: 'const', value: true }
      const query = resolve(condition.query, context)
      const on = commonAttributes(input, query, semanticCheck, context)
      return { kind: 'semijoin', query, on }
    }
    case 'compare':
    case 'isNull':
    case 'in':
    case 'between':
    case 'like':
    case 'truthy':
      for (const name of conditionAttributes(condition)) {
        if (!input.heading.has(name)) throw unknownAttribute(name)
      }
      return { kind: 'scalar', condition }
    default:
      return assertNever(condition)
  }
}

/**
 * A dict key such as `meta.c.d[0]` or `meta.n:int` as the json path it names, as DataJoint's condition.py reads
 * dict keys; null when the part before the first dot is not an attribute (the key is then ignored). A path into
 * an attribute that is not json cannot match anything, so it is an error rather than silently ignored.
 */
function jsonPathKey(key: string, heading: Heading): Extract<ScalarExpr, { kind: 'jsonPath' }> | null {
  const name = matchKeyAttribute(key)
  const attribute = name === key ? undefined : heading.get(name)
  if (attribute === undefined) return null
  if (attribute.category !== 'json') {
    throw invalid(`Restriction key \`${key}\` is a json path, but \`${name}\` is not a json attribute.`)
  }
  const notAPath = (): DataJointError => invalid(`Restriction key \`${key}\` is not a valid json path into \`${name}\`.`)
  let expr: ScalarExpr
  try {
    expr = parseScalar(key)
  } catch {
    throw notAPath()
  }
  if (expr.kind !== 'jsonPath' || expr.attr !== name) throw notAPath()
  return expr
}

/**
 * The namesakes two operands are matched on, after DataJoint's semantic check: every namesake must have the
 * same, known lineage on both sides (unless the check is off or a side lacks `~lineage`).
 */
export function commonAttributes(a: Resolved, b: Resolved, semanticCheck: boolean, context: ResolveContext): string[] {
  const common = a.heading.names.filter((name) => b.heading.has(name))
  if (!semanticCheck || common.length === 0) return common
  if (!a.lineageAvailable || !b.lineageAvailable) {
    context.warn?.(
      'Semantic check disabled: ~lineage table not found. To enable semantic matching, rebuild lineage with: schema.rebuild_lineage()',
    )
    return common
  }
  for (const name of common) {
    const left = a.heading.require(name).lineage
    const right = b.heading.require(name).lineage
    if (left === null || right === null || left !== right) {
      throw new DataJointError(
        'INCOMPATIBLE_OPERANDS',
        // DataJoint prints a missing lineage as Python's None.
        `Cannot join on attribute \`${name}\`: different lineages (${left ?? 'None'} vs ${right ?? 'None'}). ` +
          'Use .proj() to rename one of the attributes.',
        { attribute: name },
      )
    }
  }
  return common
}

function resolveJoin(expr: Extract<QueryExpr, { kind: 'join' }>, context: ResolveContext): Resolved {
  if (expr.right.kind === 'universal' || expr.left.kind === 'universal') {
    throw invalid(
      'table * dj.U(...) is no longer supported in DataJoint 2.0. Use dj.U(...).restrict(table) or table.proj(...) instead.',
    )
  }
  const left = resolve(expr.left, context)
  const right = resolve(expr.right, context)
  const on = commonAttributes(left, right, expr.semanticCheck, context)
  if (expr.outer && !determines(left.heading, right.heading)) {
    const missing = right.heading.primaryKey.filter((name) => !left.heading.has(name))
    throw invalid(
      'Left join requires the left operand to determine the right operand (A → B). The following attributes from ' +
        `the right operand's primary key are not in the left operand: ${formatList(missing)}. ` +
        'Use an inner join or restructure the query.',
    )
  }
  let heading = joinHeadings(left.heading, right.heading)
  if (expr.outer) {
    // Attributes from the right side of a left join can be NULL.
    heading = new Heading(heading.attributes.map((a) => (left.heading.has(a.name) || a.nullable ? a : { ...a, nullable: true })))
  }
  return {
    node: { kind: 'join', left, right, outer: expr.outer, on },
    heading,
    lineageAvailable: left.lineageAvailable && right.lineageAvailable,
  }
}

function resolveProj(expr: Extract<QueryExpr, { kind: 'proj' }>, context: ResolveContext): Resolved {
  const input = resolve(expr.input, context)
  const heading = input.heading
  const renamedSources = new Set(Object.values(expr.rename))

  for (const name of [...expr.keep, ...expr.exclude, ...renamedSources]) {
    if (!heading.has(name)) throw unknownAttribute(name)
  }
  for (const name of expr.exclude) {
    if (heading.require(name).inKey) {
      throw invalid(`Cannot exclude primary key attribute ${name}`)
    }
  }
  const kept = new Set<string>(expr.keep)
  for (const name of heading.primaryKey) if (!renamedSources.has(name)) kept.add(name)
  if (expr.keepAll) {
    for (const name of heading.secondaryAttributes) if (!renamedSources.has(name)) kept.add(name)
  }
  for (const name of expr.exclude) kept.delete(name)

  const newNames = [...Object.keys(expr.rename), ...Object.keys(expr.compute)]
  for (const name of newNames) {
    if (kept.has(name) || (heading.has(name) && !renamedSources.has(name) && !expr.exclude.includes(name))) {
      throw invalid(`Attribute \`${name}\` already exists`)
    }
  }

  // Order: original heading order, renamed and duplicated attributes right after their source, computed last.
  const renamedFrom = new Map<string, string[]>()
  for (const [to, from] of Object.entries(expr.rename)) renamedFrom.set(from, [...(renamedFrom.get(from) ?? []), to])
  const duplicates = new Map<string, string[]>()
  const computed: [string, ScalarExpr][] = []
  for (const [name, value] of Object.entries(expr.compute)) {
    if (value.kind === 'attr') {
      if (!heading.has(value.name)) throw unknownAttribute(value.name)
      duplicates.set(value.name, [...(duplicates.get(value.name) ?? []), name])
    } else {
      computed.push([name, value])
    }
  }

  const outputs: OutputAttribute[] = []
  for (const attribute of heading.attributes) {
    if (kept.has(attribute.name)) outputs.push({ attribute, source: attrRef(attribute.name) })
    for (const to of renamedFrom.get(attribute.name) ?? []) {
      outputs.push({ attribute: { ...attribute, name: to }, source: attrRef(attribute.name) })
    }
    for (const to of duplicates.get(attribute.name) ?? []) {
      outputs.push({ attribute: { ...attribute, name: to }, source: attrRef(attribute.name) })
    }
  }
  for (const [name, value] of computed) {
    checkScalar(value, heading)
    checkScalarExpr(value, { heading, placement: ROW })
    outputs.push({ attribute: computedAttribute(name, inferCategory(value, heading), 'computed'), source: value })
  }
  return {
    node: { kind: 'proj', input, outputs },
    heading: new Heading(outputs.map((o) => o.attribute)),
    lineageAvailable: input.lineageAvailable,
  }
}

function resolveAggr(expr: Extract<QueryExpr, { kind: 'aggr' }>, context: ResolveContext): Resolved {
  const group = resolve(expr.group, context)
  if (expr.input.kind === 'universal') {
    const attributes = expr.input.attributes
    const missing = attributes.filter((a) => !group.heading.has(a))
    if (missing.length > 0) throw invalid(`Attributes ${formatList(missing)} not found in the group expression.`)
    if (!expr.excludeNonmatching) {
      throw invalid('Aggregation of dj.U(...) cannot keep non-matching rows: use excludeNonmatching: true.')
    }
    const outputs: OutputAttribute[] = attributes.map((name) => ({
      attribute: { ...group.heading.require(name), inKey: true },
      source: attrRef(name),
    }))
    outputs.push(...computedOutputs(expr.compute, group.heading, attributes))
    return {
      node: { kind: 'aggr', input: null, group, on: [], outer: false, groupBy: [...attributes], outputs },
      heading: new Heading(outputs.map((o) => o.attribute)),
      lineageAvailable: group.lineageAvailable,
    }
  }

  const input = resolve(expr.input, context)
  const missing = input.heading.primaryKey.filter((name) => !group.heading.has(name))
  if (missing.length > 0) {
    throw invalid(
      'Aggregation requires the group expression to contain all primary key attributes of the grouping expression. ' +
        `Missing attributes: ${formatList(missing)}`,
    )
  }
  const on = commonAttributes(input, group, true, context)
  const keep = new Set<string>(input.heading.primaryKey)
  for (const name of expr.keep) {
    if (!input.heading.has(name)) throw unknownAttribute(name)
    keep.add(name)
  }
  if (expr.keepAll) for (const name of input.heading.secondaryAttributes) keep.add(name)

  const outputs: OutputAttribute[] = input.heading.attributes
    .filter((a) => keep.has(a.name))
    .map((attribute) => ({ attribute, source: attrRef(attribute.name) }))
  const joined = joinHeadings(input.heading, group.heading)
  for (const name of Object.keys(expr.compute)) {
    if (keep.has(name)) throw invalid(`Attribute \`${name}\` already exists`)
  }
  outputs.push(...computedOutputs(expr.compute, joined, [...keep]))
  return {
    node: {
      kind: 'aggr',
      input,
      group,
      on,
      outer: !expr.excludeNonmatching,
      groupBy: outputs.filter((o) => keep.has(o.attribute.name)).map((o) => o.attribute.name),
      outputs,
    },
    heading: new Heading(outputs.map((o) => o.attribute)),
    lineageAvailable: input.lineageAvailable && group.lineageAvailable,
  }
}

/** An aggregation's computed attributes: per group, so outside aggregates only `grouping` attributes may appear. */
function computedOutputs(compute: Readonly<Record<string, ScalarExpr>>, scope: Heading, grouping: readonly string[]): OutputAttribute[] {
  const placement: Placement = { kind: 'group', outside: new Set(grouping), inside: null }
  return Object.entries(compute).map(([name, value]) => {
    checkScalar(value, scope)
    checkScalarExpr(value, { heading: scope, placement })
    return { attribute: computedAttribute(name, inferCategory(value, scope), 'computed'), source: value }
  })
}

function resolveUnion(left: Resolved, right: Resolved): Resolved {
  const leftKey = new Set(left.heading.primaryKey)
  const rightKey = right.heading.primaryKey
  if (leftKey.size !== rightKey.length || !rightKey.every((name) => leftKey.has(name))) {
    throw new DataJointError('UNION_PK_MISMATCH', 'The operands of a union must share the same primary key.')
  }
  const shared = left.heading.secondaryAttributes.filter((name) => right.heading.has(name))
  if (shared.length > 0) {
    throw new DataJointError('UNION_PK_MISMATCH', 'The operands of a union must not share any secondary attributes.')
  }
  // Each side's secondary attributes are NULL on rows present only on the other side.
  const attributes = joinHeadings(left.heading, right.heading).attributes.map((a) => (a.inKey ? a : { ...a, nullable: true }))
  return {
    node: { kind: 'union', left, right },
    heading: new Heading(attributes),
    lineageAvailable: left.lineageAvailable && right.lineageAvailable,
  }
}

function resolveTop(input: Resolved, limit: number | null, orderBy: readonly OrderItem[], offset: number): Resolved {
  const items = orderBy.length === 0 ? [{ by: 'key' as const, descending: false }] : orderBy
  const expanded: { expr: ScalarExpr; descending: boolean }[] = []
  for (const item of items) {
    if (item.by === 'key') {
      for (const name of input.heading.primaryKey) expanded.push({ expr: attrRef(name), descending: item.descending })
    } else {
      checkScalar(item.by, input.heading)
      checkScalarExpr(item.by, { heading: input.heading, placement: ROW })
      expanded.push({ expr: item.by, descending: item.descending })
    }
  }
  return {
    node: { kind: 'top', input, limit, offset, orderBy: expanded },
    heading: input.heading,
    lineageAvailable: input.lineageAvailable,
  }
}

function attrRef(name: string): ScalarExpr {
  return { kind: 'attr', name }
}

function checkScalar(expr: ScalarExpr, heading: Heading): void {
  for (const name of scalarAttributes(expr)) if (!heading.has(name)) throw unknownAttribute(name)
}

/** Attribute names referenced by a scalar expression (json paths count as their attribute). */
export function scalarAttributes(expr: ScalarExpr): string[] {
  switch (expr.kind) {
    case 'attr':
      return [expr.name]
    case 'lit':
      return []
    case 'fn':
      return expr.args.flatMap(scalarAttributes)
    case 'op':
      return [...scalarAttributes(expr.left), ...scalarAttributes(expr.right)]
    case 'neg':
      return scalarAttributes(expr.operand)
    case 'truth':
      return conditionAttributes(expr.condition)
    case 'case':
      return [
        ...expr.branches.flatMap((b) => [...conditionAttributes(b.when), ...scalarAttributes(b.result)]),
        ...(expr.otherwise === null ? [] : scalarAttributes(expr.otherwise)),
      ]
    case 'jsonPath':
      return [expr.attr]
    default:
      return assertNever(expr)
  }
}

/** Attribute names a condition references directly (not inside semijoin operands). */
export function conditionAttributes(condition: Condition): string[] {
  switch (condition.kind) {
    case 'const':
    case 'semijoin':
      return []
    case 'and':
    case 'or':
      return condition.conditions.flatMap(conditionAttributes)
    case 'not':
      return conditionAttributes(condition.condition)
    case 'match':
      return Object.keys(condition.values).map(matchKeyAttribute)
    case 'compare':
      return [...scalarAttributes(condition.left), ...scalarAttributes(condition.right)]
    case 'isNull':
    case 'truthy':
      return scalarAttributes(condition.operand)
    case 'in':
      return [...scalarAttributes(condition.operand), ...condition.values.flatMap(scalarAttributes)]
    case 'between':
      return [condition.operand, condition.low, condition.high].flatMap(scalarAttributes)
    case 'like':
      return [...scalarAttributes(condition.operand), ...scalarAttributes(condition.pattern)]
    default:
      return assertNever(condition)
  }
}

/** A best guess of a computed attribute's category; decoding of computed columns also uses the driver's type. */
function inferCategory(expr: ScalarExpr, heading: Heading): AttributeCategory {
  switch (expr.kind) {
    case 'attr':
      return heading.get(expr.name)?.category ?? 'other'
    case 'lit':
      return 'other'
    case 'truth':
      return 'bool'
    case 'fn':
      if (expr.name === 'count') return 'integer'
      if (expr.name === 'min' || expr.name === 'max') return expr.args[0] ? inferCategory(expr.args[0], heading) : 'other'
      if (expr.name === 'group_concat' || expr.name === 'concat' || expr.name === 'lower' || expr.name === 'upper') return 'string'
      return 'other'
    default:
      return 'other'
  }
}

function formatList(names: readonly string[]): string {
  return `[${names.map((n) => `'${n}'`).join(', ')}]`
}
