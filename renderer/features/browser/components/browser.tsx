import { useQueryClient } from '@tanstack/react-query'
import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent as ReactPointerEvent, type ReactNode } from 'react'
import type { QueryExpr } from '../../../../src/algebra/ast'
import { Dialog } from '../../../components/dialog'
import { IconButton } from '../../../components/button'
import { ArrowLeftIcon, ArrowRightIcon, ChevronsLeftIcon, ChevronsRightIcon, SearchIcon, TableIcon } from '../../../components/icons'
import { hashOf, queryKeys } from '../../../lib/query-keys'
import { useIsNarrower } from '../../../lib/use-is-narrower'
import { readers, usePersistedState } from '../../../lib/ui-state'
import { CascadePreview, DiagramView, prewarmDiagramLayout } from '../../diagram'
import { canGoBack, canGoForward, currentEntry, EMPTY_HISTORY, goBack, goForward, navigate, type NavEntry } from '../follow'
import { SchemaTree, type DeclareAction, type TableRef } from './schema-tree'
import { TableView } from './table-view'

export interface BrowserProps {
  readonly tabId: string
  /** Something to open or do from outside the tab (palette, shortcuts); a new `id` does it again. */
  readonly request?: BrowserRequest | null | undefined
  /** The query builder's place in the main area (given by the app shell, which composes the features). */
  readonly queries?: QueriesSlot | undefined
  /** New schema / New table / drop dialogs (given by the app shell); without it the tree offers none of them. */
  readonly declare?: DeclareSlot | undefined
  /** The connection was opened read-only: cells are not edited (the main process refuses every change). */
  readonly readOnly?: boolean
}

export interface DeclareSlot {
  /** The dialog for `action`; `done` closes it, opening the declared table when there is one. */
  render(action: DeclareAction, done: (opened: TableRef | null) => void): ReactNode
}

export interface QueriesSlot {
  /** How many query tabs are open. */
  readonly count: number
  /** Opens a new query tab, starting from a table or from nothing. */
  newQuery(start: TableRef | null): void
  render(defaultSchema: string): ReactNode
}

/** What another part of the window can ask a tab's browser to open. */
export type BrowserTarget =
  | { readonly kind: 'table'; readonly table: TableRef }
  /** A new query tab starting from the table (the table stays as it is). */
  | { readonly kind: 'newQuery'; readonly table: TableRef }
  | { readonly kind: 'diagram'; readonly schema: string }
  /** Focus the tree's search (showing the tree first if it is hidden). */
  | { readonly kind: 'search' }
  /** Hide or show the tree. */
  | { readonly kind: 'toggleTree' }
  /** New schema, or New table / Drop table / Drop schema for the open table (its schema). */
  | { readonly kind: 'declare'; readonly action: 'newSchema' | 'newTable' | 'dropTable' | 'dropSchema' }
export type BrowserRequest = BrowserTarget & { readonly id: number }

const MIN_SIDEBAR = 180
const MAX_SIDEBAR = 560
/** Below this width the tree is a drawer from a rail, so the grid keeps the width (a 1024 px window, or split view). */
const NARROW_BROWSER = 1100

/** What the main area shows: the selected table, or a diagram of schemas (the tree then selects in it). */
type MainView =
  | { readonly kind: 'table' }
  | { readonly kind: 'diagram'; readonly schemas: string[]; readonly id: number }
  /** The query tabs (not restored at start: queries live in their tabs until saved). */
  | { readonly kind: 'queries' }

const readTableRef = (value: unknown): TableRef | null => {
  if (typeof value !== 'object' || value === null) return null
  const { schema, table } = value as Record<string, unknown>
  return typeof schema === 'string' && typeof table === 'string' ? { schema, table } : null
}

const readMainView = (value: unknown): MainView | null => {
  if (typeof value !== 'object' || value === null) return null
  const { kind, schemas, id } = value as Record<string, unknown>
  if (kind === 'table') return { kind }
  const names = readers.strings(schemas)
  return kind === 'diagram' && names !== null && names.length > 0 && typeof id === 'number' ? { kind, schemas: names, id } : null
}

export interface DeletePreview {
  readonly expr: QueryExpr
  readonly subject: string
}

/** A connection's browser: the schema tree beside the open table or a schema diagram. */
export function Browser({ tabId, request, queries, declare, readOnly = false }: BrowserProps) {
  const client = useQueryClient()
  // Which table is open, with what restriction, is the current entry of a back/forward history. The open table is
  // kept for the next start (without its restriction: the history lasts as long as the window).
  const [saved, save] = usePersistedState<TableRef | null>('browser.selected', readTableRef, null)
  const [history, setHistory] = useState(() => (saved === null ? EMPTY_HISTORY : navigate(EMPTY_HISTORY, { ...saved, restriction: null })))
  const current = currentEntry(history)
  const selected: TableRef | null = current === null ? null : { schema: current.schema, table: current.table }
  const openSchema = current?.schema ?? null
  const openName = current?.table ?? null
  useEffect(() => {
    save(openSchema === null || openName === null ? null : { schema: openSchema, table: openName })
  }, [save, openSchema, openName])
  const [main, setMain] = usePersistedState<MainView>('browser.main', readMainView, { kind: 'table' })
  const [preview, setPreview] = useState<DeletePreview | null>(null)
  const [declaring, setDeclaring] = useState<DeclareAction | null>(null)
  const mainRef = useRef<HTMLElement>(null)
  const setSelected = (table: TableRef) => setHistory((h) => navigate(h, { ...table, restriction: null }))
  const go = (entry: NavEntry) => {
    setHistory((h) => navigate(h, entry))
    setMain({ kind: 'table' })
    setDrawerOpen(false)
  }
  const openTable = (table: TableRef) => go({ ...table, restriction: null })
  const back = () => {
    setHistory(goBack)
    setMain({ kind: 'table' })
  }
  const forward = () => {
    setHistory(goForward)
    setMain({ kind: 'table' })
  }
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return
    if (event.key === 'ArrowLeft' && canGoBack(history)) back()
    else if (event.key === 'ArrowRight' && canGoForward(history)) forward()
    else return
    event.preventDefault()
  }
  // A navigation from inside the table view replaces it, and its focused control with it: the keyboard stays here.
  useEffect(() => {
    if (document.activeElement === null || document.activeElement === document.body) mainRef.current?.focus({ preventScroll: true })
  }, [history])
  useEffect(prewarmDiagramLayout, [])
  const newQuery =
    queries === undefined
      ? undefined
      : (start: TableRef | null) => {
          // From the toolbar: a query in the schema of the selected table, its table still to choose.
          queries.newQuery(start ?? (selected === null ? null : { schema: selected.schema, table: '' }))
          setMain({ kind: 'queries' })
          setDrawerOpen(false)
        }
  const openDiagram = (schema: string) => {
    setMain({ kind: 'diagram', schemas: [schema], id: Date.now() })
    setDrawerOpen(false)
  }
  const rootRef = useRef<HTMLDivElement>(null)
  const searchInput = useRef<HTMLInputElement>(null)
  const narrow = useIsNarrower(rootRef, NARROW_BROWSER)
  // Wide: the tree is docked unless the user hid it. Narrow: a rail, and the tree a drawer over the main area, open
  // while nothing is open yet.
  const [treeHidden, setTreeHidden] = usePersistedState('browser.treeHidden', readers.boolean, false)
  const [drawerOpen, setDrawerOpen] = useState(false)
  const railed = narrow || treeHidden
  const treeShown = !railed || drawerOpen || (narrow && selected === null && main.kind === 'table')
  const showTree = () => (narrow ? setDrawerOpen(true) : setTreeHidden(false))
  const toggleTree = () => (narrow ? setDrawerOpen((open) => !open) : setTreeHidden((hidden) => !hidden))
  const [focusSearch, setFocusSearch] = useState(0)
  useEffect(() => {
    if (focusSearch === 0) return
    searchInput.current?.focus()
    searchInput.current?.select()
  }, [focusSearch])

  const handledRequest = useRef<number | null>(null)
  useEffect(() => {
    if (request == null || handledRequest.current === request.id) return
    handledRequest.current = request.id
    switch (request.kind) {
      case 'table':
        openTable(request.table)
        break
      case 'newQuery':
        // Without a query builder (none given to this browser) the table is the closest thing to open.
        if (newQuery === undefined) openTable(request.table)
        else newQuery(request.table)
        break
      case 'diagram':
        openDiagram(request.schema)
        break
      case 'search':
        showTree()
        setFocusSearch((n) => n + 1)
        break
      case 'toggleTree':
        toggleTree()
        break
      case 'declare': {
        const listed = selected === null ? undefined : client.getQueryData<{ table: string; className: string }[]>(queryKeys.tables(tabId, selected.schema))
        const className = listed?.find((t) => t.table === selected?.table)?.className ?? selected?.table ?? ''
        const action = fromRequest(request.action, selected, className)
        if (action !== null) setDeclaring(action)
        break
      }
      default:
    }
  })
  const [sidebarWidth, setSidebarWidth] = usePersistedState('browser.sidebarWidth', readers.number, 280)
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
    <div
      ref={rootRef}
      className={`browser${railed ? ' is-railed' : ''}`}
      style={{ gridTemplateColumns: railed ? '36px minmax(0, 1fr)' : `min(${sidebarWidth}px, 34%) 5px minmax(0, 1fr)` }}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && railed && drawerOpen) setDrawerOpen(false)
        else onKeyDown(event)
      }}
    >
      {railed ? <TreeRail expanded={treeShown} onToggle={toggleTree} onSearch={() => {
        showTree()
        setFocusSearch((n) => n + 1)
      }} /> : null}
      <SchemaTree
        tabId={tabId}
        selected={selected}
        onSelect={(table) => {
          setSelected(table)
          setDrawerOpen(false)
        }}
        onOpenDiagram={openDiagram}
        searchRef={searchInput}
        onHide={narrow ? () => setDrawerOpen(false) : () => setTreeHidden(true)}
        hidden={!treeShown}
        drawer={railed}
        onNewQuery={newQuery}
        onDeclare={declare === undefined ? undefined : setDeclaring}
      />
      {railed ? null : (
        <div
          className="splitter"
          role="separator"
          aria-orientation="vertical"
          aria-label="Resize the schema tree"
          onPointerDown={onResizeStart}
          onPointerMove={onResizeMove}
          onPointerUp={onResizeEnd}
        />
      )}
      <main
        className="browser-main"
        ref={mainRef}
        tabIndex={-1}
        onPointerDown={() => {
          if (railed && drawerOpen) setDrawerOpen(false)
        }}
      >
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
        ) : current === null ? (
          <div className="center-state empty-table">
            <TableIcon size={28} />
            <p>Select a table in the tree to see its rows.</p>
            <p className="muted">
              <kbd>Ctrl</kbd> <kbd>K</kbd> searches tables.
            </p>
          </div>
        ) : (
          <TableView
            key={`${history.index}:${hashOf(current)}`}
            tabId={tabId}
            schema={current.schema}
            table={current.table}
            restriction={current.restriction}
            onNavigate={go}
            onOpenTable={openTable}
            onPreviewDelete={setPreview}
            readOnly={readOnly}
            navigation={
              <div className="history-buttons" role="group" aria-label="History">
                <button type="button" className="icon-btn" aria-label="Back" title="Back (Alt+Left)" disabled={!canGoBack(history)} onClick={back}>
                  <ArrowLeftIcon size={14} />
                </button>
                <button type="button" className="icon-btn" aria-label="Forward" title="Forward (Alt+Right)" disabled={!canGoForward(history)} onClick={forward}>
                  <ArrowRightIcon size={14} />
                </button>
              </div>
            }
            onNewQuery={newQuery}
          />
        )}
      </main>
      {declaring === null || declare === undefined
        ? null
        : declare.render(declaring, (opened) => {
            setDeclaring(null)
            if (opened !== null) openTable(opened)
            else if (declaring.kind === 'dropTable' || declaring.kind === 'dropSchema') {
              // The open table may be gone: show the empty state rather than an error.
              if (selected?.schema === declaring.schema) setHistory(EMPTY_HISTORY)
            }
          })}
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

/** A palette request made concrete: table and schema actions apply to the open table, and need one. */
function fromRequest(action: 'newSchema' | 'newTable' | 'dropTable' | 'dropSchema', selected: TableRef | null, className: string): DeclareAction | null {
  switch (action) {
    case 'newSchema':
      return { kind: 'newSchema' }
    case 'newTable':
      return { kind: 'newTable', schema: selected?.schema ?? null }
    case 'dropTable':
      return selected === null ? null : { kind: 'dropTable', schema: selected.schema, table: selected.table, className }
    case 'dropSchema':
      return selected === null ? null : { kind: 'dropSchema', schema: selected.schema }
    default:
      return null
  }
}

/** The hidden tree's stand-in: show it (or, narrow, open it over the main area) and search. */
function TreeRail({ expanded, onToggle, onSearch }: { readonly expanded: boolean; readonly onToggle: () => void; readonly onSearch: () => void }) {
  return (
    <div className="tree-rail" role="toolbar" aria-label="Schema tree" aria-orientation="vertical">
      <IconButton label={expanded ? 'Hide the schema tree (Ctrl/Cmd+B)' : 'Show the schema tree (Ctrl/Cmd+B)'} aria-expanded={expanded} onClick={onToggle}>
        {expanded ? <ChevronsLeftIcon /> : <ChevronsRightIcon />}
      </IconButton>
      <IconButton label="Search schemas and tables (Ctrl/Cmd+K)" onClick={onSearch}>
        <SearchIcon />
      </IconButton>
    </div>
  )
}
