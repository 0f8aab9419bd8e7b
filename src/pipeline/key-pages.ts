// Paging by key ("keyset" paging): each page is `WHERE (order key) > (last row's order key) ORDER BY … LIMIT n`,
// so a page costs the same at row 10 and at row 10 million, unlike OFFSET. The order key is the requested order
// followed by the primary key attributes it lacks, which makes it unique. The "greater than" is written as algebra
// (an OR of ANDs, per-attribute direction, plus a bound on the first attribute that index range scans start from),
// so each dialect compiles it like any restriction and every value is a bound parameter.
//
// An order can be followed by key only when every attribute in it compares on the server exactly as it sorts and
// is never NULL. Otherwise (a computed sort expression, a nullable or float attribute, an enum that MySQL sorts by
// declaration) `keyOrder` answers null and callers read the rows another way (the pipeline's cursor stream).

import type { ComparisonOperator, Condition, Literal, OrderItem } from '../algebra/ast'
import * as build from '../algebra/build'
import type { Attribute, AttributeCategory } from '../heading/attribute'
import type { Heading } from '../heading/heading'

/** One attribute of an order key and its direction. */
export interface KeyOrderItem {
  readonly attribute: Attribute
  readonly descending: boolean
}

/** Categories whose decoded values, bound as literals, compare on the server exactly as the column sorts. */
const EXACT_CATEGORIES: ReadonlySet<AttributeCategory> = new Set(['integer', 'string', 'decimal', 'date', 'datetime', 'uuid'])

/**
 * The order key of `orderBy` over `heading` (empty order: the primary key), or null when the order cannot be
 * followed by key (see the module comment).
 */
export function keyOrder(heading: Heading, orderBy: readonly OrderItem[]): KeyOrderItem[] | null {
  const items: KeyOrderItem[] = []
  const seen = new Set<string>()
  const add = (name: string, descending: boolean): boolean => {
    if (seen.has(name)) return true
    const attribute = heading.attributes.find((a) => a.name === name)
    if (attribute === undefined || attribute.nullable || !EXACT_CATEGORIES.has(attribute.category)) return false
    seen.add(name)
    items.push({ attribute, descending })
    return true
  }
  for (const item of orderBy) {
    if (item.by === 'key') {
      if (!heading.primaryKey.every((name) => add(name, item.descending))) return null
    } else if (item.by.kind !== 'attr' || !add(item.by.name, item.descending)) {
      return null
    }
  }
  if (!heading.primaryKey.every((name) => add(name, false))) return null
  return items
}

/** The ORDER BY of an order key. */
export function keyOrderBy(order: readonly KeyOrderItem[]): OrderItem[] {
  return order.map((item) => ({ by: build.attr(item.attribute.name), descending: item.descending }))
}

/** The rows strictly after `last` (the order key's values of a row, decoded) in the order key's order. */
export function afterKey(order: readonly KeyOrderItem[], last: readonly unknown[]): Condition {
  const compare = (i: number, op: ComparisonOperator): Condition => ({
    kind: 'compare',
    op,
    left: build.attr((order[i] as KeyOrderItem).attribute.name),
    right: attributeLiteral((order[i] as KeyOrderItem).attribute, last[i]),
  })
  const after = (i: number): ComparisonOperator => ((order[i] as KeyOrderItem).descending ? '<' : '>')
  const alternatives = order.map((_, i) => build.and([...order.slice(0, i).map((__, j) => compare(j, '=')), compare(i, after(i))]))
  if (order.length === 1) return alternatives[0] as Condition
  // Redundant with the alternatives, but a plain range on the first attribute is what the servers' index scans use.
  const leading = compare(0, (order[0] as KeyOrderItem).descending ? '<=' : '>=')
  return build.and([leading, build.or(alternatives)])
}

/**
 * A value of an attribute as a typed literal of the tree, the form the value's own type keeps on both backends
 * (integers past 2^53 exact, decimals as text, dates, times and uuids typed): for key lookups, keyset paging and
 * matches built from fetched or typed values. Null and undefined are SQL NULL.
 */
export function attributeLiteral(attribute: Attribute, value: unknown): Literal {
  if (value === null || value === undefined) return { kind: 'lit', type: 'null' }
  if (typeof value === 'boolean') return { kind: 'lit', type: 'bool', value }
  if (typeof value === 'bigint') return { kind: 'lit', type: 'bigint', value: value.toString() }
  if (typeof value === 'number') return { kind: 'lit', type: 'number', value }
  const text = String(value as string)
  switch (attribute.category) {
    case 'integer':
      return /^-?\d{1,15}$/.test(text) ? { kind: 'lit', type: 'number', value: Number(text) } : { kind: 'lit', type: 'bigint', value: text }
    case 'decimal':
      return { kind: 'lit', type: 'decimal', value: text }
    case 'float':
      return { kind: 'lit', type: 'number', value: Number(text) }
    case 'date':
      return { kind: 'lit', type: 'date', value: text }
    case 'datetime':
      return { kind: 'lit', type: 'datetime', value: text }
    case 'time':
      return { kind: 'lit', type: 'time', value: text }
    case 'uuid':
      return { kind: 'lit', type: 'uuid', value: text }
    default:
      return { kind: 'lit', type: 'string', value: text }
  }
}
