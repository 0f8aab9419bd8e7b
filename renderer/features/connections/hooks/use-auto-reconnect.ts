import { useQueryClient } from '@tanstack/react-query'
import { useCallback, useEffect, useRef, useState } from 'react'
import { toErrorInfo } from '../../../lib/error-text'
import { queryKeys } from '../../../lib/query-keys'
import { useReconnectTab, type Tab } from '../queries'
import { reconnectDelay } from '../reconnect'

export interface ReconnectState {
  /** The state to show: the main process's, or `lost` when a query of this tab lost its connection first. */
  readonly state: Tab['state']
  readonly attempt: number
  /** When the next automatic attempt starts (ms since epoch), or null while one runs or none is planned. */
  readonly nextAttemptAt: number | null
  readonly reconnecting: boolean
  readonly reconnectNow: () => void
}

/**
 * Watches one tab and reconnects it with backoff while it is lost. A query failing with LOST_CONNECTION
 * marks the tab lost right away, before (or without) the main process's `tab.state` event.
 */
export function useAutoReconnect(tab: Tab): ReconnectState {
  const client = useQueryClient()
  const reconnect = useReconnectTab()
  const [queryLost, setQueryLost] = useState(false)
  const [attempt, setAttempt] = useState(0)
  const [nextAttemptAt, setNextAttemptAt] = useState<number | null>(null)
  const { tabId } = tab
  const state: Tab['state'] = tab.state === 'connected' && queryLost ? 'lost' : tab.state
  const { mutate, isPending } = reconnect
  const pendingRef = useRef(false)
  pendingRef.current = isPending

  useEffect(
    () =>
      client.getQueryCache().subscribe((event) => {
        if (event.type !== 'updated' || event.action.type !== 'error') return
        const key = event.query.queryKey
        if (key[0] !== 'tab' || key[1] !== tabId) return
        if (toErrorInfo(event.action.error).code === 'LOST_CONNECTION') setQueryLost(true)
      }),
    [client, tabId],
  )

  const attemptNow = useCallback(() => {
    if (pendingRef.current) return
    setNextAttemptAt(null)
    mutate(tabId, {
      onSuccess: (next) => {
        if (next.state === 'connected') {
          setQueryLost(false)
          setAttempt(0)
          void client.invalidateQueries({ queryKey: queryKeys.tab(tabId) })
        } else {
          setAttempt((n) => n + 1)
        }
      },
      onError: () => setAttempt((n) => n + 1),
    })
  }, [client, mutate, tabId])

  // Plan the next attempt whenever the tab is lost and nothing is running.
  useEffect(() => {
    if (state !== 'lost' || isPending) return undefined
    const delay = reconnectDelay(attempt)
    setNextAttemptAt(Date.now() + delay)
    const timer = window.setTimeout(attemptNow, delay)
    return () => window.clearTimeout(timer)
  }, [state, attempt, isPending, attemptNow])

  useEffect(() => {
    if (tab.state === 'connected' && !queryLost) setAttempt(0)
  }, [tab.state, queryLost])

  return { state, attempt, nextAttemptAt: state === 'lost' ? nextAttemptAt : null, reconnecting: isPending, reconnectNow: attemptNow }
}
