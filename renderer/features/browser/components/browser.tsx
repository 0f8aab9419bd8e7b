import { useEffect, useRef, useState, type PointerEvent as ReactPointerEvent, type ReactNode, type Ref } from 'react'
import type { QueryExpr } from '../../../../src/algebra/ast'
import { Dialog } from '../../../components/dialog'
import { TableIcon } from '../../../components/icons'
import { CascadePreview, DiagramView, prewarmDiagramLayout } from '../../diagram'
import { SchemaTree, type TableRef } from './schema-tree'
import { TableView } from './table-view'

export interface BrowserProps {
  readonly tabId: string
  /** Receives the tree's search box, for the Ctrl/Cmd+K shortcut. */
  readonly searchRef?: Ref<HTMLInputElement> | undefined
  /** The query builder's place in the main area (given by the app shell, which composes the features). */
  readonly queries?: QueriesSlot | undefined
}

export interface QueriesSlot {
  /** How many query tabs are open. */
  readonly count: number
  /** Opens a new query tab, starting from a table or from nothing. */
  newQuery(start: TableRef | null): void
  render(defaultSchema: string): ReactNode
}

const MIN_SIDEBAR = 180
const MAX_SIDEBAR = 560

/** What the main area shows: the selected table, or a diagram of schemas (the tree then selects in it). */
type MainView =
  | { readonly kind: 'table' }
  | { readonly kind: 'diagram'; readonly schemas: readonly string[]; readonly id: number }
  | { readonly kind: 'queries' }

export interface DeletePreview {
  readonly expr: QueryExpr
  readonly subject: string
}

/** A connection's browser: the schema tree beside the open table or a schema diagram. */
export function Browser({ tabId, searchRef, queries }: BrowserProps) {
  const [selected, setSelected] = useState<TableRef | null>(null)
  const [main, setMain] = useState<MainView>({ kind: 'table' })
  const [preview, setPreview] = useState<DeletePreview | null>(null)
  const openTable = (table: TableRef) => {
    setSelected(table)
    setMain({ kind: 'table' })
  }
  useEffect(prewarmDiagramLayout, [])
  const newQuery =
    queries === undefined
      ? undefined
      : (start: TableRef | null) => {
          // From the toolbar: a query in the schema of the selected table, its table still to choose.
          queries.newQuery(start ?? (selected === null ? null : { schema: selected.schema, table: '' }))
          setMain({ kind: 'queries' })
        }
  const openDiagram = (schema: string) => setMain({ kind: 'diagram', schemas: [schema], id: Date.now() })
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
      <SchemaTree tabId={tabId} selected={selected} onSelect={setSelected} onOpenDiagram={openDiagram} searchRef={searchRef} onNewQuery={newQuery} />
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
        {queries === undefined || queries.count === 0 ? null : (
          <div className="main-switch" role="toolbar" aria-label="Main view">
            <button type="button" aria-pressed={main.kind !== 'queries'} onClick={() => setMain({ kind: 'table' })}>
              Browse
            </button>
            <button type="button" aria-pressed={main.kind === 'queries'} onClick={() => setMain({ kind: 'queries' })}>
              Queries ({queries.count})
            </button>
          </div>
        )}
        {main.kind === 'queries' && queries !== undefined ? (
          queries.render(selected?.schema ?? '')
        ) : main.kind === 'diagram' ? (
          <DiagramView
            key={main.id}
            tabId={tabId}
            initialView={{ schemas: [...main.schemas], tables: [], steps: [], collapsed: [] }}
            selected={selected}
            onSelect={setSelected}
            onOpenTable={openTable}
            onPreviewDelete={(table, className) => setPreview({ expr: { kind: 'table', schema: table.schema, table: table.table }, subject: `every row of ${className}` })}
            onNewQuery={newQuery}
          />
        ) : selected === null ? (
          <div className="center-state empty-table">
            <TableIcon size={28} />
            <p>Select a table in the tree to see its rows.</p>
            <p className="muted">
              <kbd>Ctrl</kbd> <kbd>K</kbd> searches tables.
            </p>
          </div>
        ) : (
          <TableView
            key={`${selected.schema}.${selected.table}`}
            tabId={tabId}
            schema={selected.schema}
            table={selected.table}
            onOpenTable={openTable}
            onPreviewDelete={setPreview}
            onNewQuery={newQuery}
          />
        )}
      </main>
      {preview === null ? null : (
        <Dialog title="Preview delete" width="xl" onClose={() => setPreview(null)}>
          <div className="cascade-dialog-body">
            <CascadePreview
              tabId={tabId}
              expr={preview.expr}
              subject={preview.subject}
              onOpenTable={(table) => {
                setPreview(null)
                openTable(table)
              }}
            />
          </div>
        </Dialog>
      )}
    </div>
  )
}
