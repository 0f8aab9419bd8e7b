import { useRef, useState, type PointerEvent as ReactPointerEvent, type Ref } from 'react'
import { TableIcon } from '../../../components/icons'
import { SchemaTree, type TableRef } from './schema-tree'
import { TableView } from './table-view'

export interface BrowserProps {
  readonly tabId: string
  /** Receives the tree's search box, for the Ctrl/Cmd+K shortcut. */
  readonly searchRef?: Ref<HTMLInputElement> | undefined
}

const MIN_SIDEBAR = 180
const MAX_SIDEBAR = 560

/** A connection's browser: the schema tree beside the open table. */
export function Browser({ tabId, searchRef }: BrowserProps) {
  const [selected, setSelected] = useState<TableRef | null>(null)
  const [sidebarWidth, setSidebarWidth] = useState(280)
  const dragRef = useRef<{ startX: number; startWidth: number } | null>(null)

  const onResizeStart = (event: ReactPointerEvent<HTMLDivElement>) => {
    dragRef.current = { startX: event.clientX, startWidth: sidebarWidth }
    event.currentTarget.setPointerCapture(event.pointerId)
  }
  const onResizeMove = (event: ReactPointerEvent<HTMLDivElement>) => {
    const drag = dragRef.current
    if (drag === null) return
    setSidebarWidth(Math.min(MAX_SIDEBAR, Math.max(MIN_SIDEBAR, drag.startWidth + event.clientX - drag.startX)))
  }
  const onResizeEnd = () => {
    dragRef.current = null
  }

  return (
    <div className="browser" style={{ gridTemplateColumns: `min(${sidebarWidth}px, 34%) 5px minmax(0, 1fr)` }}>
      <SchemaTree tabId={tabId} selected={selected} onSelect={setSelected} searchRef={searchRef} />
      <div
        className="splitter"
        role="separator"
        aria-orientation="vertical"
        aria-label="Resize the schema tree"
        onPointerDown={onResizeStart}
        onPointerMove={onResizeMove}
        onPointerUp={onResizeEnd}
      />
      <main className="browser-main">
        {selected === null ? (
          <div className="center-state empty-table">
            <TableIcon size={28} />
            <p>Select a table in the tree to see its rows.</p>
            <p className="muted">
              <kbd>Ctrl</kbd> <kbd>K</kbd> searches tables.
            </p>
          </div>
        ) : (
          <TableView key={`${selected.schema}.${selected.table}`} tabId={tabId} schema={selected.schema} table={selected.table} />
        )}
      </main>
    </div>
  )
}
