import { WarningIcon } from '../../../components/icons'

/** Said up front on a read-only tab: the main process refuses every change made through it. */
export function ReadOnlyNotice({ what }: { readonly what: string }) {
  return (
    <div className="callout callout-warning callout-compact" role="note" aria-label="Read-only tab">
      <span className="callout-icon">
        <WarningIcon />
      </span>
      <div className="callout-body">
        <div className="callout-message">This tab is read-only: {what} will be refused.</div>
      </div>
    </div>
  )
}
