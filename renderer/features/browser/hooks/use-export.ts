import { useCallback, useRef, useState } from 'react'
import type { OrderItem, QueryExpr } from '../../../../src/algebra/ast'
import type { WireAttribute } from '../../../../electron/ipc/contract'
import { download } from '../../../lib/download'
import { invoke } from '../../../lib/ipc'
import { newRequestId } from '../../../lib/request-id'
import { csvChunk, EXPORT_TYPES, exportFileName, jsonChunk, jsonEnd, type ExportFormat } from '../export-format'

const BATCH_ROWS = 5_000

export type ExportState =
  | { readonly status: 'idle' }
  | { readonly status: 'running'; readonly format: ExportFormat; readonly rows: number; readonly total: number | null }
  | { readonly status: 'done'; readonly format: ExportFormat; readonly rows: number; readonly fileName: string }
  | { readonly status: 'cancelled'; readonly format: ExportFormat; readonly rows: number }
  | { readonly status: 'error'; readonly format: ExportFormat; readonly error: unknown }

export interface ExportRequest {
  readonly format: ExportFormat
  readonly expr: QueryExpr
  readonly orderBy: readonly OrderItem[]
  readonly table: string
  /** The expected number of rows, for the progress bar (null: unknown). */
  readonly total: number | null
}

/**
 * Exports the current view (its filters and order) in batches of `query.exportBatch`, showing progress and
 * allowing cancel, then hands the assembled file to the browser as a download.
 */
export function useExport(tabId: string) {
  const [state, setState] = useState<ExportState>({ status: 'idle' })
  const abortRef = useRef<{ cancelled: boolean; requestId: string | null } | null>(null)

  const start = useCallback(
    async ({ format, expr, orderBy, table, total }: ExportRequest) => {
      if (abortRef.current !== null) return
      const control = { cancelled: false, requestId: null as string | null }
      abortRef.current = control
      const chunks: string[] = []
      let rows = 0
      let attributes: readonly WireAttribute[] = []
      setState({ status: 'running', format, rows: 0, total })
      try {
        for (;;) {
          const requestId = newRequestId()
          control.requestId = requestId
          const batch = await invoke('query.exportBatch', { tabId, requestId, expr, orderBy: [...orderBy], offset: rows, limit: BATCH_ROWS })
          if (control.cancelled) break
          attributes = batch.attributes
          const first = rows === 0
          chunks.push(format === 'csv' ? csvChunk(attributes, batch.rows, first) : jsonChunk(attributes, batch.rows, first))
          rows += batch.rows.length
          setState({ status: 'running', format, rows, total })
          if (batch.rows.length < BATCH_ROWS) break
        }
        if (control.cancelled) {
          setState({ status: 'cancelled', format, rows })
          return
        }
        if (format === 'json') chunks.push(jsonEnd(rows > 0))
        const fileName = exportFileName(table, format, new Date())
        download(chunks, EXPORT_TYPES[format], fileName)
        setState({ status: 'done', format, rows, fileName })
      } catch (error) {
        setState(control.cancelled ? { status: 'cancelled', format, rows } : { status: 'error', format, error })
      } finally {
        abortRef.current = null
      }
    },
    [tabId],
  )

  const cancel = useCallback(() => {
    const control = abortRef.current
    if (control === null) return
    control.cancelled = true
    if (control.requestId !== null) invoke('query.cancel', { tabId, requestId: control.requestId }).catch(() => undefined)
  }, [tabId])

  const dismiss = useCallback(() => setState({ status: 'idle' }), [])

  return { state, start, cancel, dismiss }
}
