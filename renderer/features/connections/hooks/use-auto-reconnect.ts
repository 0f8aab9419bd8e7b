import { useQueryClient } from '@tanstack/react-query'
import { useCallback, useEffect, useRef, useState } from 'react'
import { toErrorInfo } from '../../../lib/error-text'
import { queryKeys } from '../../../lib/query-keys'
import { useReconnectTab, type Tab } from '../queries'
import { reconnectDelay, shownState } from '../reconnect'

export interface ReconnectState {
  /** The state to show (see reconnect.ts `shownState`). */
  readonly state: Tab['state']
  readonly attempt: number
  /** When the next automatic attempt starts (ms since epoch), or null while one runs or none is planned. */
  readonly nextAttemptAt: number | null
  readonly reconnecting: boolean
  readonly reconnectNow: () => void
}

/**
 * Watches one tab and reconnects it (`tabs.reconnect`) with backoff while it is lost. A query failing with
 * LOST_CONNECTION marks it lost at once, before (or without) the main process's `tab.state` event.
 */
export function useAutoReconnect(tab: Tab): ReconnectState {
  const client = useQueryClient()
  const { mutate, isPending } = useReconnectTab()
  const [queryLost, setQueryLost] = useState(false)
  const [everConnected, setEverConnected] = useState(tab.state === 'connected')
  const [attempt, setAttempt] = useState(0)
  const [nextAttemptAt, setNextAttemptAt] = useState<number | null>(null)
  const { tabId } = tab
  const pendingRef = useRef(false)
  pendingRef.current = isPending

  if (tab.state === 'connected' && !everConnected) setEverConnected(true)
  const state = shownState({ tab, everConnected, queryLost })

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

  // Back to connected (by a reconnect, or because main's heartbeat saw the server again): start afresh.
  const connected = tab.state === 'connected'
  const [wasLost, setWasLost] = useState(false)
  if (state === 'lost' && !wasLost) setWasLost(true)
  useEffect(() => {
    if (!connected || !wasLost || isPending) return
    setWasLost(false)
    setQueryLost(false)
    setAttempt(0)
    void client.invalidateQueries({ queryKey: queryKeys.tab(tabId) })
  }, [connected, wasLost, isPending, client, tabId])

  const attemptNow = useCallback(() => {
    if (pendingRef.current) return
    setNextAttemptAt(null)
    mutate(tabId, {
      onSuccess: (next) => {
        if (next.state === 'connected') setQueryLost(false)
        else setAttempt((n) => n + 1)
      },
      onError: () => setAttempt((n) => n + 1),
    })
  }, [mutate, tabId])

  useEffect(() => {
    if (state !== 'lost' || isPending) return undefined
    const delay = reconnectDelay(attempt)
    setNextAttemptAt(Date.now() + delay)
    const timer = window.setTimeout(attemptNow, delay)
    return () => window.clearTimeout(timer)
  }, [state, attempt, isPending, attemptNow])

  return { state, attempt, nextAttemptAt: state === 'lost' ? nextAttemptAt : null, reconnecting: isPending, reconnectNow: attemptNow }
}
