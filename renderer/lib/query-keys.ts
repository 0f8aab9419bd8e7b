// Query keys for TanStack Query. Everything that belongs to a connection tab lives under
// ['tab', tabId, ...], so closing or reconnecting a tab invalidates or drops its whole subtree at once.

import type { OrderItem, QueryExpr } from '../../src/algebra/ast'

/** A short, stable fingerprint of a JSON-safe value (FNV-1a over its JSON text). */
export function hashOf(value: unknown): string {
  const text = JSON.stringify(value) ?? 'undefined'
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  return `${(hash >>> 0).toString(36)}-${text.length.toString(36)}`
}

export const queryKeys = {
  appInfo: () => ['app', 'info'] as const,
  profiles: () => ['connections'] as const,
  tabs: () => ['tabs'] as const,
  tab: (tabId: string) => ['tab', tabId] as const,
  schemas: (tabId: string) => ['tab', tabId, 'schemas'] as const,
  tables: (tabId: string, schema: string) => ['tab', tabId, 'tables', schema] as const,
  rowCounts: (tabId: string, schema: string) => ['tab', tabId, 'rowCounts', schema] as const,
  tableDetail: (tabId: string, schema: string, table: string) => ['tab', tabId, 'detail', schema, table] as const,
  /** Every page of `expr`, in any order and size (what Cancel stops). */
  fetches: (tabId: string, expr: QueryExpr) => ['tab', tabId, 'fetch', hashOf(expr)] as const,
  /** A page counted from the first row, or from the last when `fromEnd`. */
  fetch: (tabId: string, expr: QueryExpr, orderBy: readonly OrderItem[], page: { readonly pageIndex: number; readonly fromEnd: boolean }, pageSize: number) =>
    ['tab', tabId, 'fetch', hashOf(expr), hashOf(orderBy), pageSize, page.fromEnd ? 'fromEnd' : 'fromStart', page.pageIndex] as const,
  count: (tabId: string, expr: QueryExpr) => ['tab', tabId, 'count', hashOf(expr)] as const,
  diagram: (tabId: string, view: unknown) => ['tab', tabId, 'diagram', hashOf(view)] as const,
  cascade: (tabId: string, expr: QueryExpr, partIntegrity: string) => ['tab', tabId, 'cascade', hashOf(expr), partIntegrity] as const,
  cellValue: (tabId: string, schema: string, table: string, attribute: string, key: Readonly<Record<string, unknown>>) =>
    ['tab', tabId, 'cell', schema, table, attribute, hashOf(key)] as const,
  references: (tabId: string, expr: QueryExpr) => ['tab', tabId, 'references', hashOf(expr)] as const,
} as const
