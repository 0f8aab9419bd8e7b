import { useCallback } from 'react'
import type { OrderItem, QueryExpr } from '../../../../src/algebra/ast'
import type { ExportFormat } from '../../../lib/export-progress'
import { invoke } from '../../../lib/ipc'
import { useExportJob } from '../../../lib/use-export-job'

export type { ExportState } from '../../../lib/export-progress'

export interface ExportRequest {
  readonly format: ExportFormat
  readonly expr: QueryExpr
  readonly orderBy: readonly OrderItem[]
  /** The table or query the file is named after. */
  readonly name: string
  /** The expected number of rows, for the progress bar (null: unknown). */
  readonly total: number | null
}

/** Exports the current view (its filters and order) from the main process; see `useExportJob`. */
export function useExport(tabId: string) {
  const { state, start: startJob, cancel, dismiss } = useExportJob()
  const start = useCallback(
    ({ format, expr, orderBy, name, total }: ExportRequest) =>
      startJob(format, total, () => invoke('export.start', { tabId, expr, orderBy: [...orderBy], format, columns: null, name, total })),
    [tabId, startJob],
  )
  return { state, start, cancel, dismiss }
}
