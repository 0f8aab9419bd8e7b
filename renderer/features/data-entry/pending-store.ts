// The pending changes of each open tab, kept while the user moves between tables (the panel lists them all), and
// whether the tab's panel is open; with them what the grid marks beside the staged edits (the change a commit failed
// on, values refused in a cell's editor and kept for correction) and the Computed or Imported tables whose rows the
// person allowed to edit. A small external store read with useSyncExternalStore.

import { useCallback, useSyncExternalStore } from 'react'
import type { CellDraft, CommitFailure } from './cell-edit-model'
import type { PendingChange } from './pending-model'

interface TabPending {
  readonly changes: readonly PendingChange[]
  readonly open: boolean
  /** The change the last commit failed on; cleared when the list changes. */
  readonly failure: CommitFailure | null
  readonly drafts: readonly CellDraft[]
  /** `schema.table` of the Computed and Imported tables the person allowed to edit ("Edit anyway"). */
  readonly allowed: readonly string[]
}

const EMPTY: TabPending = { changes: [], open: false, failure: null, drafts: [], allowed: [] }
const byTab = new Map<string, TabPending>()
const listeners = new Set<() => void>()

function set(tabId: string, next: TabPending): void {
  if (next.changes.length === 0 && !next.open && next.drafts.length === 0 && next.allowed.length === 0) byTab.delete(tabId)
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
  readonly setFailure: (failure: CommitFailure | null) => void
  readonly updateDrafts: (change: (drafts: readonly CellDraft[]) => CellDraft[]) => void
  /** Allows editing the rows of a Computed or Imported table for as long as the window lasts. */
  readonly allow: (schema: string, table: string) => void
}

export function usePendingChanges(tabId: string): PendingChanges {
  const state = useSyncExternalStore(subscribe, () => byTab.get(tabId) ?? EMPTY)
  const current = useCallback(() => byTab.get(tabId) ?? EMPTY, [tabId])
  const update = useCallback<PendingChanges['update']>(
    (change, options = {}) => {
      const now = current()
      set(tabId, { ...now, changes: change(now.changes), open: options.open ?? now.open, failure: null })
    },
    [tabId, current],
  )
  const setOpen = useCallback((open: boolean) => set(tabId, { ...current(), open }), [tabId, current])
  const setFailure = useCallback((failure: CommitFailure | null) => set(tabId, { ...current(), failure }), [tabId, current])
  const updateDrafts = useCallback<PendingChanges['updateDrafts']>(
    (change) => {
      const now = current()
      const drafts = change(now.drafts)
      if (drafts.length !== now.drafts.length || drafts.some((draft, i) => draft !== now.drafts[i])) set(tabId, { ...now, drafts })
    },
    [tabId, current],
  )
  const allow = useCallback(
    (schema: string, table: string) => {
      const now = current()
      const name = `${schema}.${table}`
      if (!now.allowed.includes(name)) set(tabId, { ...now, allowed: [...now.allowed, name] })
    },
    [tabId, current],
  )
  return { ...state, update, setOpen, setFailure, updateDrafts, allow }
}
