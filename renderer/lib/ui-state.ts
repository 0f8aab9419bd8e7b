// Where the user was, kept by the main process across reloads and restarts (`session.uiState`): each view saves
// its state under a key, and reads it back when it mounts. Read once before the window renders, so a view mounts
// with its saved state rather than flashing its defaults; saved in batches a moment after the last change.

import { createContext, useCallback, useContext, useRef, useState, type SetStateAction } from 'react'
import type { UiStateValue } from '../../electron/ipc/contract'
import { invoke } from './ipc'

const saved = new Map<string, unknown>()
const pending = new Map<string, UiStateValue | null>()
let timer: ReturnType<typeof setTimeout> | null = null
const SAVE_DELAY_MS = 400

/** Loads the saved view state; the window renders after it (or without it, if the main process cannot say). */
export async function loadUiState(): Promise<void> {
  const entries = await invoke('session.uiState', {})
  for (const [key, entry] of Object.entries(entries)) saved.set(key, entry.value)
}

function flush(): void {
  timer = null
  if (pending.size === 0) return
  const entries = Object.fromEntries(pending)
  pending.clear()
  // Losing where the user was is not worth an error on screen; the next change saves again.
  invoke('session.saveUiState', { entries }).catch(() => undefined)
}

function save(key: string, value: UiStateValue | null): void {
  if (value === null) saved.delete(key)
  else saved.set(key, value)
  pending.set(key, value)
  timer ??= setTimeout(flush, SAVE_DELAY_MS)
}

/** Saves what is pending at once (before the page unloads). */
export function flushUiState(): void {
  if (timer !== null) clearTimeout(timer)
  flush()
}

/**
 * The key prefix of the views inside it: a connection tab's profile, so a tab reopened after a restart (a new tab
 * id) finds its state.
 */
export const UiStateScope = createContext<string | null>(null)

/** Turns a saved value back into the state, or null when it is not of the expected shape (an older version's). */
export type UiStateReader<T> = (value: unknown) => T | null

/**
 * `useState`, saved under `key` inside the current scope (outside any scope, `key` is the window's own). `read` checks
 * what comes back: the renderer trusts nothing it did not just write.
 */
export function usePersistedState<T>(key: string, read: UiStateReader<T>, initial: T | (() => T)): [T, (next: SetStateAction<T>) => void] {
  const scope = useContext(UiStateScope)
  const fullKey = scope === null ? key : `${scope}:${key}`
  const [state, setState] = useState<T>(() => {
    const stored = saved.get(fullKey)
    const restored = stored === undefined ? null : read(stored)
    return restored ?? (typeof initial === 'function' ? (initial as () => T)() : initial)
  })
  const current = useRef(state)
  current.current = state
  const set = useCallback(
    (next: SetStateAction<T>) => {
      const value = typeof next === 'function' ? (next as (old: T) => T)(current.current) : next
      current.current = value
      setState(value)
      // Plain data by construction (the readers accept nothing else); the main process checks it is JSON.
      if (JSON.stringify(value) !== JSON.stringify(saved.get(fullKey))) save(fullKey, value as UiStateValue)
    },
    [fullKey],
  )
  return [state, set]
}

/** The value saved under `key` in the current scope, as `usePersistedState` would start from it, or null. */
export function useSavedValue<T>(key: string, read: UiStateReader<T>): T | null {
  const scope = useContext(UiStateScope)
  const stored = saved.get(scope === null ? key : `${scope}:${key}`)
  return stored === undefined ? null : read(stored)
}

/** Readers for the common shapes. */
export const readers = {
  string: (value: unknown): string | null => (typeof value === 'string' ? value : null),
  number: (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null),
  boolean: (value: unknown): boolean | null => (typeof value === 'boolean' ? value : null),
  strings: (value: unknown): string[] | null => (Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : null),
  stringRecord: (value: unknown): Record<string, string> | null =>
    typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'string')
      ? (value as Record<string, string>)
      : null,
}
