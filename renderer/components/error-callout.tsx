import type { ReactNode } from 'react'
import { describeError, toErrorInfo } from '../lib/error-text'
import { ErrorIcon, WarningIcon } from './icons'

export interface ErrorCalloutProps {
  readonly error: unknown
  /** Buttons shown under the message (retry, edit connection, ...). */
  readonly actions?: ReactNode
  readonly tone?: 'error' | 'warning'
  readonly compact?: boolean
}

/** A designed error state: a code-specific title, the server's message and a hint. */
export function ErrorCallout({ error, actions, tone = 'error', compact = false }: ErrorCalloutProps) {
  const info = toErrorInfo(error)
  const text = describeError(info)
  return (
    <div className={`callout callout-${tone}${compact ? ' callout-compact' : ''}`} role="alert">
      <span className="callout-icon">{tone === 'error' ? <ErrorIcon /> : <WarningIcon />}</span>
      <div className="callout-body">
        <div className="callout-title">{text.title}</div>
        {text.message === '' || text.message === text.title ? null : <div className="callout-message">{text.message}</div>}
        {text.hint === null ? null : <div className="callout-hint">{text.hint}</div>}
        {actions === undefined ? null : <div className="callout-actions">{actions}</div>}
      </div>
      <code className="callout-code">{info.code}</code>
    </div>
  )
}
