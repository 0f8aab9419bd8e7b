// Query options for declaring and dropping: the DDL preview of a definition (nothing declared) and the drop previews.
// Changes go through `invoke` in the dialogs, which then refresh the tab's catalog queries.

import { queryOptions, type QueryClient } from '@tanstack/react-query'
import type { DeclareInput } from '../../../electron/ipc/contract'
import { invoke } from '../../lib/ipc'
import { hashOf, queryKeys } from '../../lib/query-keys'

export function ddlPreviewQuery(input: DeclareInput) {
  return queryOptions({
    queryKey: [...queryKeys.tab(input.tabId), 'ddlPreview', hashOf(input)] as const,
    queryFn: () => invoke('table.previewDdl', input),
    staleTime: 5_000,
  })
}

export function tableDropPreviewQuery(tabId: string, schema: string, table: string) {
  return queryOptions({
    queryKey: [...queryKeys.tab(tabId), 'dropPreview', schema, table] as const,
    queryFn: () => invoke('table.dropPreview', { tabId, schema, table }),
    staleTime: 0,
    gcTime: 0,
  })
}

export function schemaDropPreviewQuery(tabId: string, schema: string) {
  return queryOptions({
    queryKey: [...queryKeys.tab(tabId), 'schemaDropPreview', schema] as const,
    queryFn: () => invoke('schema.dropPreview', { tabId, schema }),
    staleTime: 0,
    gcTime: 0,
  })
}

/**
 * After a declaration or a drop: the tree, the table lists, counts and details of the tab are read again (in the
 * background: a server with thousands of tables must not hold the dialog open).
 */
export function refreshCatalog(client: QueryClient, tabId: string): void {
  for (const part of ['schemas', 'tables', 'rowCounts', 'detail', 'diagram'] as const) {
    void client.invalidateQueries({ queryKey: [...queryKeys.tab(tabId), part] })
  }
}
