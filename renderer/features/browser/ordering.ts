// Grid sorting state → the query's order_by. The primary key always ends the order, so that pages are
// stable: rows with equal sort values keep one order from page to page.

import type { OrderItem } from '../../../src/algebra/ast'
import { KEY_ORDER, attr } from '../../../src/algebra/build'

export interface SortEntry {
  readonly id: string
  readonly desc: boolean
}

/**
 * Unsorted, the order is DataJoint's `KEY`: the same order as the key's attributes, and a request that needs no
 * table detail to be written (the first page is read while the detail is).
 */
export function toOrderBy(sorting: readonly SortEntry[], primaryKey: readonly string[]): readonly OrderItem[] {
  if (sorting.length === 0) return KEY_ORDER
  const items: OrderItem[] = sorting.map((s) => ({ by: attr(s.id), descending: s.desc }))
  const sorted = new Set(sorting.map((s) => s.id))
  for (const name of primaryKey) if (!sorted.has(name)) items.push({ by: attr(name), descending: false })
  return items
}
