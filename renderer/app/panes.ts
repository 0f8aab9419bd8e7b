// Which tabs the window shows: one pane, or two side by side (left and right), one of them focused.
// The stored state may name tabs that have since closed; resolvePanes repairs it against the open tabs.

export interface PaneState {
  readonly left: string | null
  readonly right: string | null
  readonly focus: 'left' | 'right'
  readonly split: boolean
}

/** A saved layout read back (null when it is not one). */
export function readPaneState(value: unknown): PaneState | null {
  if (typeof value !== 'object' || value === null) return null
  const { left, right, focus, split } = value as Record<string, unknown>
  const tab = (v: unknown): v is string | null => v === null || typeof v === 'string'
  if (!tab(left) || !tab(right) || (focus !== 'left' && focus !== 'right') || typeof split !== 'boolean') return null
  return { left, right, focus, split }
}

export function resolvePanes(state: PaneState, tabIds: readonly string[]): PaneState {
  const open = (id: string | null): id is string => id !== null && tabIds.includes(id)
  const left = open(state.left) ? state.left : (tabIds[0] ?? null)
  const right = open(state.right) && state.right !== left ? state.right : (tabIds.find((id) => id !== left) ?? null)
  const split = state.split && left !== null && right !== null
  return { left, right, split, focus: split ? state.focus : 'left' }
}

/** Shows a tab: in one pane it replaces the tab; side by side it focuses a shown tab or replaces the focused one. */
export function showTab(panes: PaneState, tabId: string): PaneState {
  if (!panes.split) return { ...panes, left: tabId, focus: 'left' }
  if (panes.left === tabId) return { ...panes, focus: 'left' }
  if (panes.right === tabId) return { ...panes, focus: 'right' }
  return panes.focus === 'right' ? { ...panes, right: tabId } : { ...panes, left: tabId }
}

/** Turns side by side on (the current tab stays left, the next one shows right and takes the focus) or off. */
export function toggleSplit(panes: PaneState): PaneState {
  if (panes.split) return { ...panes, split: false, focus: 'left' }
  return { ...panes, split: true, focus: 'right' }
}
