// Query options of the query builder: each step checked in the main process (heading, namesake matches, typed
// error; nothing runs), the "Show SQL" text, saved queries and the run history of the tab's profile.

import { keepPreviousData, queryOptions } from '@tanstack/react-query'
import type { QueryExpr } from '../../../src/algebra/ast'
import type { Input, Output } from '../../../electron/ipc/contract'
import { invoke } from '../../lib/ipc'
import { hashOf, queryKeys } from '../../lib/query-keys'

export type StepCheck = Output<'query.check'>[number]
export type CheckRequest = Input<'query.check'>['steps'][number]
export type SavedQuery = Output<'savedQueries.list'>[number]
export type HistoryEntry = Output<'queryHistory.list'>[number]

export const builderKeys = {
  /** By the requests' texts (`JSON.stringify` of each, computed once by the caller). */
  check: (tabId: string, requestKeys: readonly string[]) => [...queryKeys.tab(tabId), 'builder', 'check', hashOf(requestKeys.join('\n'))] as const,
  sql: (tabId: string, expr: QueryExpr) => [...queryKeys.tab(tabId), 'builder', 'sql', hashOf(expr)] as const,
  saved: (tabId: string) => [...queryKeys.tab(tabId), 'builder', 'saved'] as const,
  history: (tabId: string) => [...queryKeys.tab(tabId), 'builder', 'history'] as const,
}

export function checkQuery(tabId: string, requestKeys: readonly string[], steps: readonly CheckRequest[]) {
  return queryOptions({
    queryKey: builderKeys.check(tabId, requestKeys),
    queryFn: () => invoke('query.check', { tabId, steps: [...steps] }),
    placeholderData: keepPreviousData,
  })
}

export function sqlQuery(tabId: string, expr: QueryExpr) {
  return queryOptions({ queryKey: builderKeys.sql(tabId, expr), queryFn: () => invoke('query.explain', { tabId, expr }) })
}

export function savedQueriesQuery(tabId: string) {
  return queryOptions({ queryKey: builderKeys.saved(tabId), queryFn: () => invoke('savedQueries.list', { tabId }) })
}

export function historyQuery(tabId: string) {
  return queryOptions({ queryKey: builderKeys.history(tabId), queryFn: () => invoke('queryHistory.list', { tabId }) })
}
