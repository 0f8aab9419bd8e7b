// Grid sorting state → the query's order_by. The primary key always ends the order, so that pages are
// stable: rows with equal sort values keep one order from page to page.

import type { OrderItem } from '../../../src/algebra/ast'
import { attr } from '../../../src/algebra/build'

export interface SortEntry {
  readonly id: string
  readonly desc: boolean
}

export function toOrderBy(sorting: readonly SortEntry[], primaryKey: readonly string[]): OrderItem[] {
  const items: OrderItem[] = sorting.map((s) => ({ by: attr(s.id), descending: s.desc }))
  const sorted = new Set(sorting.map((s) => s.id))
  for (const name of primaryKey) if (!sorted.has(name)) items.push({ by: attr(name), descending: false })
  return items
}
