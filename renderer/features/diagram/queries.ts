// Query options for the diagram: the graph of a view, and the cascade preview of a delete (never a delete).

import { queryOptions } from '@tanstack/react-query'
import type { QueryExpr } from '../../../src/algebra/ast'
import type { DiagramView, Input } from '../../../electron/ipc/contract'
import { invoke } from '../../lib/ipc'
import { queryKeys } from '../../lib/query-keys'

export type PartIntegrity = Input<'diagram.cascade'>['partIntegrity']

export function diagramGraphQuery(tabId: string, view: DiagramView) {
  return queryOptions({
    queryKey: queryKeys.diagram(tabId, view),
    queryFn: () => invoke('diagram.graph', { tabId, view }),
    staleTime: 30_000,
  })
}

export function cascadeQuery(tabId: string, expr: QueryExpr, partIntegrity: PartIntegrity) {
  return queryOptions({
    queryKey: queryKeys.cascade(tabId, expr, partIntegrity),
    queryFn: () => invoke('diagram.cascade', { tabId, expr, partIntegrity }),
    // Counts change with the data: a preview is asked for afresh each time it is opened.
    staleTime: 0,
    gcTime: 0,
  })
}
