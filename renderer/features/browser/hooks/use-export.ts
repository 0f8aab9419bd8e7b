import { useCallback, useEffect, useRef, useState } from 'react'
import type { OrderItem, QueryExpr } from '../../../../src/algebra/ast'
import { downloadFrom } from '../../../lib/download'
import { invoke, on } from '../../../lib/ipc'
import { exportProgressed, exportStarted, type ExportFormat, type ExportProgress, type ExportState } from '../export-progress'

export type { ExportState } from '../export-progress'

export interface ExportRequest {
  readonly format: ExportFormat
  readonly expr: QueryExpr
  readonly orderBy: readonly OrderItem[]
  /** The table or query the file is named after. */
  readonly name: string
  /** The expected number of rows, for the progress bar (null: unknown). */
  readonly total: number | null
}

/**
 * Exports the current view (its filters and order) from the main process, which asks where to save (Electron) or
 * streams a download (browser mode); the bar follows `export.progress` and can cancel.
 */
export function useExport(tabId: string) {
  const [state, setState] = useState<ExportState>({ status: 'idle' })
  // Events that arrived before export.start answered, by export id (the latest one of each).
  const early = useRef(new Map<string, ExportProgress>())

  useEffect(
    () =>
      on('export.progress', (event) => {
        if (event.tabId !== tabId) return
        early.current.set(event.exportId, event)
        setState((current) => exportProgressed(current, event))
      }),
    [tabId],
  )

  const start = useCallback(
    async ({ format, expr, orderBy, name, total }: ExportRequest) => {
      setState({ status: 'starting', format })
      try {
        const started = await invoke('export.start', { tabId, expr, orderBy: [...orderBy], format, columns: null, name, total })
        if (started.downloadUrl !== null && started.fileName !== null) downloadFrom(started.downloadUrl, started.fileName)
        const seen = started.exportId === null ? undefined : early.current.get(started.exportId)
        const running = exportStarted(format, started, total)
        setState(seen === undefined ? running : exportProgressed(running, seen))
      } catch (error) {
        setState({ status: 'error', format, error })
      } finally {
        early.current.clear()
      }
    },
    [tabId],
  )

  const cancel = useCallback(() => {
    if (state.status !== 'running') return
    invoke('export.cancel', { exportId: state.exportId }).catch(() => undefined)
  }, [state])

  const dismiss = useCallback(() => setState({ status: 'idle' }), [])

  return { state, start, cancel, dismiss }
}
