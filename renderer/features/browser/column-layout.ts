// The columns of one table as the user arranged them: order, hidden columns, columns pinned to the left. Saved per
// table by name, so a column added to the table since shows up at the end and one dropped since is forgotten.

import type { ColumnLayout } from '../../components/data-grid/data-grid'

export const DEFAULT_LAYOUT: ColumnLayout = { order: [], hidden: [], pinned: [] }

const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every((v) => typeof v === 'string')

/** A saved layout, or null when the saved value is not one. */
export function readLayout(value: unknown): ColumnLayout | null {
  if (typeof value !== 'object' || value === null) return null
  const { order, hidden, pinned } = value as Record<string, unknown>
  return isStringArray(order) && isStringArray(hidden) && isStringArray(pinned) ? { order, hidden, pinned } : null
}

/** The layout for the table's columns as they are now: every column in order, names it no longer has dropped. */
export function fitLayout(layout: ColumnLayout, columns: readonly string[]): ColumnLayout {
  const present = new Set(columns)
  const order = [...layout.order.filter((c) => present.has(c)), ...columns.filter((c) => !layout.order.includes(c))]
  // Pinned columns come first, in the order's order.
  const pinned = order.filter((c) => layout.pinned.includes(c))
  return { order: [...pinned, ...order.filter((c) => !pinned.includes(c))], hidden: layout.hidden.filter((c) => present.has(c)), pinned }
}

export function setHidden(layout: ColumnLayout, column: string, hidden: boolean): ColumnLayout {
  const others = layout.hidden.filter((c) => c !== column)
  return { ...layout, hidden: hidden ? [...others, column] : others }
}

/** Pins a column (after the pinned ones) or unpins it (it goes first among the others). */
export function setPinned(layout: ColumnLayout, column: string, pinned: boolean): ColumnLayout {
  const pins = layout.pinned.filter((c) => c !== column)
  const nextPins = pinned ? [...pins, column] : pins
  const rest = layout.order.filter((c) => c !== column && !nextPins.includes(c))
  const order = pinned ? [...nextPins, ...rest] : [...nextPins, column, ...rest]
  return { ...layout, order, pinned: nextPins }
}

/** Pins exactly the primary-key columns, in the key's order, ahead of the others. */
export function pinKey(layout: ColumnLayout, primaryKey: readonly string[]): ColumnLayout {
  const pinned = primaryKey.filter((c) => layout.order.includes(c))
  return { order: [...pinned, ...layout.order.filter((c) => !pinned.includes(c))], hidden: layout.hidden.filter((c) => !pinned.includes(c)), pinned }
}

/**
 * Moves a column one place up (-1) or down (+1), within its group: pinned columns among the pinned, the others
 * among the others. Returns the layout unchanged at a group's edge.
 */
export function moveColumn(layout: ColumnLayout, column: string, delta: -1 | 1): ColumnLayout {
  const isPinned = layout.pinned.includes(column)
  const group = layout.order.filter((c) => layout.pinned.includes(c) === isPinned)
  const at = group.indexOf(column)
  const to = at + delta
  if (at < 0 || to < 0 || to >= group.length) return layout
  const moved = [...group]
  moved.splice(at, 1)
  moved.splice(to, 0, column)
  const pinned = isPinned ? moved : layout.pinned.filter((c) => layout.order.includes(c))
  const others = isPinned ? layout.order.filter((c) => !layout.pinned.includes(c)) : moved
  return { ...layout, order: [...pinned, ...others], pinned }
}

export function isDefaultLayout(layout: ColumnLayout, columns: readonly string[]): boolean {
  return layout.hidden.length === 0 && layout.pinned.length === 0 && layout.order.every((c, i) => columns[i] === c)
}
