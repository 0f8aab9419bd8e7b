// The export bar's state: an export runs in the main process (`export.start`, `compare.export`) and reports through
// `export.progress` events, which may arrive before the start has answered (a small file is written at once). Pure.

import type { EventPayload } from '../../electron/ipc/contract'

export type ExportFormat = 'csv' | 'json'
export type ExportProgress = EventPayload<'export.progress'>

export type ExportState =
  | { readonly status: 'idle' }
  | { readonly status: 'starting'; readonly format: ExportFormat }
  | {
      readonly status: 'running'
      readonly exportId: string
      readonly format: ExportFormat
      readonly fileName: string
      readonly rows: number
      readonly total: number | null
    }
  | { readonly status: 'done'; readonly format: ExportFormat; readonly rows: number; readonly fileName: string }
  | { readonly status: 'cancelled'; readonly format: ExportFormat; readonly rows: number }
  | { readonly status: 'error'; readonly format: ExportFormat; readonly error: unknown }

/** The state once `export.start` answered: running, or idle when the user dismissed the save dialog. */
export function exportStarted(format: ExportFormat, started: { exportId: string | null; fileName: string | null }, total: number | null): ExportState {
  if (started.exportId === null || started.fileName === null) return { status: 'idle' }
  return { status: 'running', exportId: started.exportId, format, fileName: started.fileName, rows: 0, total }
}

/** The state after a progress event: events of other exports leave it as it is. */
export function exportProgressed(state: ExportState, event: ExportProgress): ExportState {
  if (state.status !== 'running' || state.exportId !== event.exportId) return state
  const { format } = state
  switch (event.state) {
    case 'running':
      return { ...state, rows: event.rows, total: event.total ?? state.total }
    case 'done':
      return { status: 'done', format, rows: event.rows, fileName: event.fileName }
    case 'cancelled':
      return { status: 'cancelled', format, rows: event.rows }
    case 'failed':
      return { status: 'error', format, error: event.error }
    default:
      return state
  }
}
