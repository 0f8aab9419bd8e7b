import type { ExportState } from '../lib/export-progress'
import { Button } from './button'
import { ErrorCallout } from './error-callout'
import { ProgressBar } from './progress-bar'
import { Spinner } from './spinner'

export interface ExportStatusProps {
  readonly state: ExportState
  readonly onCancel: () => void
  readonly onDismiss: () => void
}

/** The bar of an export the main process writes: progress with a cancel, then how it ended. */
export function ExportStatus({ state, onCancel, onDismiss }: ExportStatusProps) {
  switch (state.status) {
    case 'idle':
      return null
    case 'starting':
      return (
        <div className="export-bar" role="status">
          <Spinner size={12} />
          <span>Starting the {state.format.toUpperCase()} export…</span>
        </div>
      )
    case 'running': {
      const progress = state.total === null || state.total === 0 ? null : state.rows / state.total
      return (
        <div className="export-bar" role="status">
          <Spinner size={12} />
          <span>
            Exporting {state.format.toUpperCase()} to <strong>{state.fileName}</strong>… {state.rows.toLocaleString()}
            {state.total === null ? '' : ` of ${state.total.toLocaleString()}`} rows
          </span>
          <ProgressBar value={progress} label="Export progress" />
          <Button size="sm" variant="ghost" onClick={onCancel} aria-label="Cancel export">
            Cancel
          </Button>
        </div>
      )
    }
    case 'done':
      return (
        <div className="export-bar is-done" role="status">
          <span>
            Exported {state.rows.toLocaleString()} rows to <strong>{state.fileName}</strong>
          </span>
          <Button size="sm" variant="ghost" onClick={onDismiss}>
            Dismiss
          </Button>
        </div>
      )
    case 'cancelled':
      return (
        <div className="export-bar" role="status">
          <span>Export cancelled after {state.rows.toLocaleString()} rows.</span>
          <Button size="sm" variant="ghost" onClick={onDismiss}>
            Dismiss
          </Button>
        </div>
      )
    case 'error':
      return (
        <div className="export-bar is-error">
          <ErrorCallout error={state.error} compact actions={<Button size="sm" onClick={onDismiss}>Dismiss</Button>} />
        </div>
      )
    default:
      return null
  }
}
