// Keyboard shortcuts of the window, as data: which key press means what. Pure, so it is unit-tested;
// app/use-shortcuts.ts binds it to the window.

export type Shortcut =
  | { readonly type: 'selectTab'; readonly index: number | 'last' }
  | { readonly type: 'closeTab' }
  | { readonly type: 'newConnection' }
  | { readonly type: 'search' }

export interface KeyPress {
  readonly key: string
  readonly ctrlKey: boolean
  readonly metaKey: boolean
  readonly altKey: boolean
  readonly shiftKey: boolean
  /** The press happened in a text field (where `/` types a slash). */
  readonly inTextField: boolean
}

export function shortcutFor(press: KeyPress): Shortcut | null {
  const mod = press.ctrlKey || press.metaKey
  if (mod && !press.altKey && !press.shiftKey) {
    const key = press.key.toLowerCase()
    if (/^[1-8]$/.test(key)) return { type: 'selectTab', index: Number(key) - 1 }
    if (key === '9') return { type: 'selectTab', index: 'last' }
    if (key === 'w') return { type: 'closeTab' }
    if (key === 't') return { type: 'newConnection' }
    if (key === 'k') return { type: 'search' }
    return null
  }
  if (!mod && !press.altKey && press.key === '/' && !press.inTextField) return { type: 'search' }
  return null
}
