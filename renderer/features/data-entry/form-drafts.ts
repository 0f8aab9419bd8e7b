// Entry forms put aside while their person looks at something else: "Open parent" in a picker shows the parent
// row as a new place in the browser (Back returns), and the form — everything typed, the part rows, the choices —
// waits here, per tab and table, to open again as it was when its table is shown again. A small external store read
// with useSyncExternalStore; it lasts as long as the window.

import { useCallback, useSyncExternalStore } from 'react'
import type { FieldState, FormValues } from './entry-model'

export type EntryMode = { readonly kind: 'insert' } | { readonly kind: 'edit'; readonly values: FormValues }

/** An entry form's state, enough to draw it again as it was. */
export interface FormDraft {
  readonly mode: EntryMode
  /** The form's values; null while nothing was typed (the form starts empty). */
  readonly values: Readonly<Record<string, FieldState>> | null
  /** The attributes changed by the person (an edit sends only these). */
  readonly touched: readonly string[]
  /** Part table → its rows. */
  readonly partRows: Readonly<Record<string, readonly Readonly<Record<string, FieldState>>[]>>
  /** "Insert directly anyway" of a Computed or Imported table. */
  readonly allowDirect: boolean
}

const drafts = new Map<string, FormDraft>()
const listeners = new Set<() => void>()

function keyOf(tabId: string, schema: string, table: string): string {
  return JSON.stringify([tabId, schema, table])
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

function set(key: string, draft: FormDraft | null): void {
  if (draft === null) {
    if (!drafts.delete(key)) return
  } else drafts.set(key, draft)
  for (const listener of listeners) listener()
}

export interface FormDraftSlot {
  /** The form put aside for this table, or null. */
  readonly draft: FormDraft | null
  readonly save: (draft: FormDraft) => void
  readonly clear: () => void
}

export function useFormDraft(tabId: string, schema: string, table: string): FormDraftSlot {
  const key = keyOf(tabId, schema, table)
  const draft = useSyncExternalStore(subscribe, () => drafts.get(key) ?? null)
  const save = useCallback((next: FormDraft) => set(key, next), [key])
  const clear = useCallback(() => set(key, null), [key])
  return { draft, save, clear }
}
