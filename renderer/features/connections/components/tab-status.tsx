import { useEffect, useState } from 'react'
import { Button } from '../../../components/button'
import { ErrorCallout } from '../../../components/error-callout'
import { DatabaseIcon, RefreshIcon, WarningIcon } from '../../../components/icons'
import { Spinner } from '../../../components/spinner'
import type { ReconnectState } from '../hooks/use-auto-reconnect'
import type { Tab } from '../queries'
import { HostKeyPrompt, unknownHostKey } from './host-key-prompt'

export interface ConnectingStateProps {
  readonly tab: Tab
}

export function ConnectingState({ tab }: ConnectingStateProps) {
  return (
    <div className="center-state" role="status">
      <Spinner size={22} />
      <p>
        Connecting to <strong>{tab.title}</strong>…
      </p>
      {tab.isDemo ? <p className="muted">Starting the embedded demo database; the first start takes a few seconds.</p> : null}
    </div>
  )
}

export interface TabErrorStateProps {
  readonly tab: Tab
  readonly retrying: boolean
  readonly onRetry: () => void
  readonly onEdit: (() => void) | undefined
}

/** A tab that could not connect: what went wrong (by code), retry and edit. */
export function TabErrorState({ tab, retrying, onRetry, onEdit }: TabErrorStateProps) {
  return (
    <div className="center-state">
      <div className="state-card">
        <div className="state-card-head">
          <DatabaseIcon size={18} />
          <span>{tab.title}</span>
        </div>
        {unknownHostKey(tab.error) !== null ? (
          <HostKeyPrompt error={tab.error} onTrusted={onRetry} />
        ) : (
          <ErrorCallout
            error={tab.error ?? { code: 'CONNECTION_FAILED', message: 'The connection could not be opened.', details: {} }}
            actions={
              <>
                <Button variant="primary" icon={retrying ? <Spinner size={12} /> : <RefreshIcon />} onClick={onRetry} disabled={retrying}>
                  Retry
                </Button>
                {onEdit === undefined ? null : <Button onClick={onEdit}>Edit connection</Button>}
              </>
            }
          />
        )}
      </div>
    </div>
  )
}

function useCountdown(target: number | null): number | null {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    if (target === null) return undefined
    setNow(Date.now())
    const timer = window.setInterval(() => setNow(Date.now()), 250)
    return () => window.clearInterval(timer)
  }, [target])
  return target === null ? null : Math.max(0, Math.ceil((target - now) / 1000))
}

/** A message as a sentence: capitalised, ending with a full stop. */
function sentence(message: string): string {
  const text = message.trim()
  if (text === '') return ''
  const capital = text.charAt(0).toUpperCase() + text.slice(1)
  return /[.!?]$/.test(capital) ? capital : `${capital}.`
}

export interface LostBannerProps {
  readonly tab: Tab
  readonly reconnect: ReconnectState
}

/** Shown above a lost tab's (stale) content while it reconnects with backoff. */
export function LostBanner({ tab, reconnect }: LostBannerProps) {
  const seconds = useCountdown(reconnect.nextAttemptAt)
  return (
    <div className="banner banner-warning" role="alert">
      <WarningIcon />
      <span className="banner-text">
        <strong>Connection lost</strong>
        {tab.error === null ? null : <span className="banner-detail"> — {sentence(tab.error.message)}</span>}{' '}
        {reconnect.reconnecting ? 'Reconnecting…' : seconds === null ? 'Waiting to reconnect…' : `Reconnecting in ${seconds} s…`}
        {reconnect.attempt > 0 ? <span className="muted"> (attempt {reconnect.attempt + 1})</span> : null}
      </span>
      <Button size="sm" onClick={reconnect.reconnectNow} disabled={reconnect.reconnecting} icon={reconnect.reconnecting ? <Spinner size={12} /> : <RefreshIcon />}>
        Reconnect now
      </Button>
    </div>
  )
}
