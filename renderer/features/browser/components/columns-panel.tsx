// The "Columns" popover of a table's toolbar: show or hide each column, pin it to the left edge, move it up or
// down; pin the primary key in one step. The layout is saved per table by the caller.

import { useEffect, useRef } from 'react'
import { Button, IconButton } from '../../../components/button'
import type { ColumnLayout } from '../../../components/data-grid/data-grid'
import { ChevronDownIcon, ChevronUpIcon, CloseIcon, KeyIcon, PinIcon } from '../../../components/icons'
import { DEFAULT_LAYOUT, fitLayout, moveColumn, pinKey, setHidden, setPinned } from '../column-layout'

export interface ColumnsPanelProps {
  readonly tableName: string
  /** The table's columns in their own order. */
  readonly columns: readonly string[]
  readonly primaryKey: readonly string[]
  /** The layout fitted to `columns`. */
  readonly layout: ColumnLayout
  readonly onChange: (layout: ColumnLayout) => void
  readonly onClose: () => void
}

export function ColumnsPanel({ tableName, columns, primaryKey, layout, onChange, onClose }: ColumnsPanelProps) {
  const ref = useRef<HTMLDivElement>(null)
  const returnFocus = useRef<Element | null>(document.activeElement)

  useEffect(() => {
    ref.current?.querySelector<HTMLElement>('input, button')?.focus()
    // A click elsewhere closes the panel; one on the button that toggles it is left to that button.
    const onPointerDown = (event: PointerEvent) => {
      const target = event.target
      if (target instanceof Element && target.closest('[data-columns-toggle]') !== null) return
      if (!(target instanceof Node) || ref.current?.contains(target) !== true) onClose()
    }
    document.addEventListener('pointerdown', onPointerDown, true)
    return () => document.removeEventListener('pointerdown', onPointerDown, true)
  }, [onClose])

  const close = () => {
    onClose()
    if (returnFocus.current instanceof HTMLElement) returnFocus.current.focus({ preventScroll: true })
  }
  const shown = layout.order.filter((c) => !layout.hidden.includes(c)).length

  return (
    <div
      ref={ref}
      className="columns-panel"
      role="dialog"
      aria-label={`Columns of ${tableName}`}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation()
          close()
        }
      }}
    >
      <div className="columns-panel-head">
        <strong>Columns</strong>
        <span className="muted">
          {shown} of {columns.length} shown
        </span>
        <span className="spacer" />
        <IconButton label="Close the column list" onClick={close}>
          <CloseIcon size={12} />
        </IconButton>
      </div>
      <div className="columns-panel-actions">
        <Button size="sm" variant="ghost" icon={<KeyIcon size={12} />} disabled={primaryKey.length === 0} onClick={() => onChange(pinKey(layout, primaryKey))}>
          Pin key columns
        </Button>
        <Button size="sm" variant="ghost" onClick={() => onChange(fitLayout(DEFAULT_LAYOUT, columns))}>
          Reset columns
        </Button>
      </div>
      <ul className="columns-panel-list" aria-label="Column order">
        {layout.order.map((column) => {
          const pinned = layout.pinned.includes(column)
          const hidden = layout.hidden.includes(column)
          // The last column shown cannot be hidden: the grid needs one.
          const lastShown = !hidden && shown === 1
          return (
            <li key={column} className={pinned ? 'is-pinned-item' : undefined}>
              <label className="columns-panel-name">
                <input
                  type="checkbox"
                  checked={!hidden}
                  disabled={lastShown}
                  aria-label={`Show ${column}`}
                  onChange={(event) => onChange(setHidden(layout, column, !event.target.checked))}
                />
                {primaryKey.includes(column) ? <KeyIcon size={11} className="grid-key-icon" aria-label="primary key" /> : null}
                <span className="mono">{column}</span>
              </label>
              <IconButton
                label={pinned ? `Unpin ${column}` : `Pin ${column}`}
                aria-pressed={pinned}
                className={pinned ? 'is-on' : undefined}
                onClick={() => onChange(setPinned(layout, column, !pinned))}
              >
                <PinIcon size={13} />
              </IconButton>
              <IconButton label={`Move ${column} up`} onClick={() => onChange(moveColumn(layout, column, -1))}>
                <ChevronUpIcon size={13} />
              </IconButton>
              <IconButton label={`Move ${column} down`} onClick={() => onChange(moveColumn(layout, column, 1))}>
                <ChevronDownIcon size={13} />
              </IconButton>
            </li>
          )
        })}
      </ul>
    </div>
  )
}
