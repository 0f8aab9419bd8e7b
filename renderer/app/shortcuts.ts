// Keyboard shortcuts of the window, as data: which key press means what, and the list the `?` help shows. Pure, so
// it is unit-tested; app/use-shortcuts.ts binds it to the window.

export type Shortcut =
  | { readonly type: 'selectTab'; readonly index: number | 'last' }
  | { readonly type: 'closeTab' }
  | { readonly type: 'newConnection' }
  | { readonly type: 'search' }
  | { readonly type: 'toggleTree' }
  | { readonly type: 'palette' }
  | { readonly type: 'showShortcuts' }

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
  const key = press.key.toLowerCase()
  // Ctrl/Cmd+Shift+P, as in VS Code.
  if (mod && press.shiftKey && !press.altKey && key === 'p') return { type: 'palette' }
  if (mod && !press.altKey && !press.shiftKey) {
    if (/^[1-8]$/.test(key)) return { type: 'selectTab', index: Number(key) - 1 }
    if (key === '9') return { type: 'selectTab', index: 'last' }
    if (key === 'w') return { type: 'closeTab' }
    if (key === 't') return { type: 'newConnection' }
    if (key === 'k') return { type: 'search' }
    if (key === 'b') return { type: 'toggleTree' }
    return null
  }
  if (mod || press.altKey || press.inTextField) return null
  if (press.key === '/') return { type: 'search' }
  if (press.key === '?') return { type: 'showShortcuts' }
  return null
}

/** A shortcut as the help lists it: the keys (`Mod` is Ctrl, or ⌘ on a Mac) and what they do. */
export interface ShortcutHelp {
  readonly keys: readonly string[]
  readonly description: string
}

/** Every shortcut of the window and of the views, for the `?` help; grouped by where it works. */
export const SHORTCUT_HELP: readonly { readonly group: string; readonly shortcuts: readonly ShortcutHelp[] }[] = [
  {
    group: 'Window',
    shortcuts: [
      { keys: ['Mod', 'Shift', 'P'], description: 'Command palette: open any table of any tab, switch tabs, run an action' },
      { keys: ['Mod', '1…8'], description: 'Show that connection tab' },
      { keys: ['Mod', '9'], description: 'Show the last connection tab' },
      { keys: ['Mod', 'T'], description: 'New connection' },
      { keys: ['Mod', 'W'], description: 'Close the connection tab' },
      { keys: ['?'], description: 'Show these shortcuts' },
    ],
  },
  {
    group: 'Schema tree',
    shortcuts: [
      { keys: ['Mod', 'K'], description: 'Search schemas and tables' },
      { keys: ['/'], description: 'Search schemas and tables (outside a text field)' },
      { keys: ['Mod', 'B'], description: 'Hide or show the schema tree' },
      { keys: ['↑', '↓'], description: 'Move through the tree' },
      { keys: ['→', '←'], description: 'Expand or collapse a schema' },
      { keys: ['Enter'], description: 'Open the table, or expand the schema' },
    ],
  },
  {
    group: 'Table grid',
    shortcuts: [
      { keys: ['↑', '↓', '←', '→'], description: 'Move the focused cell (with Shift: extend the selection)' },
      { keys: ['Enter'], description: 'Open the cell’s viewer' },
      { keys: ['F2'], description: 'Edit the cell (a secondary attribute; double-click too): Enter stages the edit, Esc cancels' },
      { keys: ['Shift', 'F10'], description: 'The cell’s menu' },
      { keys: ['Mod', 'Shift', 'C'], description: 'Copy the selection with its header line' },
      { keys: ['Alt', '←'], description: 'Back to the previous table or rows' },
    ],
  },
]
