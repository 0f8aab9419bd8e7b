// The pending changes of each open tab, kept while the user moves between tables (the panel lists them all), and
// whether the tab's panel is open. A small external store read with useSyncExternalStore.

import { useCallback, useSyncExternalStore } from 'react'
import type { PendingChange } from './pending-model'

interface TabPending {
  readonly changes: readonly PendingChange[]
  readonly open: boolean
}

const EMPTY: TabPending = { changes: [], open: false }
const byTab = new Map<string, TabPending>()
const listeners = new Set<() => void>()

function set(tabId: string, next: TabPending): void {
  if (next.changes.length === 0 && !next.open) byTab.delete(tabId)
  else byTab.set(tabId, next)
  for (const listener of listeners) listener()
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

export interface PendingChanges extends TabPending {
  /** Replaces the list (staging opens the panel, so the user sees what was staged). */
  readonly update: (change: (list: readonly PendingChange[]) => PendingChange[], options?: { readonly open?: boolean }) => void
  readonly setOpen: (open: boolean) => void
}

export function usePendingChanges(tabId: string): PendingChanges {
  const state = useSyncExternalStore(subscribe, () => byTab.get(tabId) ?? EMPTY)
  const update = useCallback<PendingChanges['update']>(
    (change, options = {}) => {
      const current = byTab.get(tabId) ?? EMPTY
      set(tabId, { changes: change(current.changes), open: options.open ?? current.open })
    },
    [tabId],
  )
  const setOpen = useCallback((open: boolean) => set(tabId, { ...(byTab.get(tabId) ?? EMPTY), open }), [tabId])
  return { ...state, update, setOpen }
}
