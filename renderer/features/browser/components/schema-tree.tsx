import { useQueries, useQuery, useQueryClient } from '@tanstack/react-query'
import { useVirtualizer } from '@tanstack/react-virtual'
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent, type Ref } from 'react'
import { IconButton } from '../../../components/button'
import { ErrorCallout } from '../../../components/error-callout'
import { ContextMenu, type ContextMenuEntry } from '../../../components/context-menu'
import { ChevronDownIcon, ChevronRightIcon, ChevronsLeftIcon, CloseIcon, CodeIcon, DatabaseIcon, DiagramIcon, PlusIcon, RefreshIcon, SearchIcon } from '../../../components/icons'
import { Spinner } from '../../../components/spinner'
import { toErrorInfo } from '../../../lib/error-text'
import { refreshSchemas, rowCountsQuery, schemasQuery, tablesQuery, type RowCounts } from '../queries'
import {
  buildTreeRows,
  formatRowCount,
  schemasWithVisibleTables,
  TIER_LABELS,
  type SchemaTables,
  type TableSummary,
  type TreeRow,
} from '../tree-model'
import { readers, usePersistedState } from '../../../lib/ui-state'
import { TierBadge } from './tier-badge'

export interface TableRef {
  readonly schema: string
  readonly table: string
}

/** A change to the tab's schemas the tree asks for (the dialogs are composed in by the app). */
export type DeclareAction =
  | { readonly kind: 'newSchema' }
  | { readonly kind: 'newTable'; readonly schema: string | null }
  | { readonly kind: 'dropSchema'; readonly schema: string }
  | { readonly kind: 'dropTable'; readonly schema: string; readonly table: string; readonly className: string }

export interface SchemaTreeProps {
  readonly tabId: string
  readonly selected: TableRef | null
  readonly onSelect: (table: TableRef) => void
  /** Opens the diagram of a schema. */
  readonly onOpenDiagram: (schema: string) => void
  readonly searchRef?: Ref<HTMLInputElement> | undefined
  /** Hides the tree to a rail (its header then has the button). */
  readonly onHide?: (() => void) | undefined
  /** Not shown (the rail stands for it); kept mounted so its search and scroll survive. */
  readonly hidden?: boolean
  /** Shown over the main area, as a drawer from the rail (narrow windows). */
  readonly drawer?: boolean
  /** Opens a new query tab (the query builder). */
  readonly onNewQuery?: ((start: null) => void) | undefined
  /** New schema, New table, Drop table, Drop schema: offered in the header and the rows' context menus when given. */
  readonly onDeclare?: ((action: DeclareAction) => void) | undefined
}

const ROW_HEIGHT = 26
const TIER_ROW_HEIGHT = 22
/** Open every schema on first load when there are this few. */
const AUTO_EXPAND_MAX = 3

export function SchemaTree({ tabId, selected, onSelect, onOpenDiagram, searchRef, onHide, hidden = false, drawer = false, onNewQuery, onDeclare }: SchemaTreeProps) {
  const [menu, setMenu] = useState<{ readonly x: number; readonly y: number; readonly row: TreeRow } | null>(null)
  const client = useQueryClient()
  const schemas = useQuery(schemasQuery(tabId))
  // Saved as a list; null until the user or the first load expands something (then small servers open fully).
  const [expandedList, setExpandedList] = usePersistedState<string[] | null>('tree.expanded', readers.strings, null)
  const expanded = useMemo<ReadonlySet<string>>(() => new Set(expandedList ?? []), [expandedList])
  const setExpanded = (next: ReadonlySet<string> | ((old: ReadonlySet<string>) => ReadonlySet<string>)) =>
    setExpandedList((old) => [...(typeof next === 'function' ? next(new Set(old ?? [])) : next)])
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set())
  const [search, setSearchText] = useState('')
  const setSearch = (text: string) => {
    setSearchText(text)
    if (text.trim() === '') setCollapsed(new Set())
  }
  const [activeId, setActiveId] = useState<string | null>(null)
  const scrollRef = useRef<HTMLDivElement>(null)
  const treeId = `tree-${tabId}`

  const schemaNames = schemas.data
  const [autoExpanded, setAutoExpanded] = useState(expandedList !== null)
  if (!autoExpanded && schemaNames !== undefined) {
    setAutoExpanded(true)
    if (schemaNames.length <= AUTO_EXPAND_MAX) setExpanded(new Set(schemaNames))
  }

  // Tables load per open schema; while searching, for every schema (the search covers table names).
  const searching = search.trim() !== ''
  const wanted = useMemo(
    () => (schemaNames ?? []).filter((s) => searching || expanded.has(s)),
    [schemaNames, searching, expanded],
  )
  const combineTables = useCallback(
    (results: readonly { readonly data: TableSummary[] | undefined; readonly error: unknown }[]) => {
      const map = new Map<string, SchemaTables>()
      wanted.forEach((schema, i) => {
        const q = results[i]
        if (q === undefined) return
        if (q.data !== undefined) map.set(schema, { status: 'ready', tables: q.data })
        else if (q.error !== null) map.set(schema, { status: 'error', message: toErrorInfo(q.error).message })
        else map.set(schema, { status: 'loading' })
      })
      return map
    },
    [wanted],
  )
  const tables = useQueries({ queries: wanted.map((schema) => tablesQuery(tabId, schema)), combine: combineTables })

  const rows = useMemo(
    () => buildTreeRows({ schemas: schemaNames ?? [], tables, expanded, collapsed, search }),
    [schemaNames, tables, expanded, collapsed, search],
  )

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (i) => (rows[i]?.kind === 'tier' ? TIER_ROW_HEIGHT : ROW_HEIGHT),
    getItemKey: (i) => rows[i]?.id ?? i,
    overscan: 10,
  })
  const items = virtualizer.getVirtualItems()
  useEffect(() => {
    virtualizer.measure()
  }, [rows, virtualizer])

  // Row counts for the schemas whose tables are on screen.
  const visibleRows = items.map((item) => rows[item.index]).filter((r): r is TreeRow => r !== undefined)
  const visibleSchemas = schemasWithVisibleTables(visibleRows).join('\u0000')
  const countTargets = useMemo(() => {
    const list: { schema: string; tables: string[] }[] = []
    for (const schema of visibleSchemas === '' ? [] : visibleSchemas.split('\u0000')) {
      const state = tables.get(schema)
      if (state?.status === 'ready') list.push({ schema, tables: state.tables.map((t) => t.table) })
    }
    return list
  }, [visibleSchemas, tables])
  const combineCounts = useCallback(
    (results: readonly { readonly data: RowCounts | undefined }[]) => {
      const map = new Map<string, RowCounts>()
      countTargets.forEach((t, i) => {
        const data = results[i]?.data
        if (data !== undefined) map.set(t.schema, data)
      })
      return map
    },
    [countTargets],
  )
  const counts = useQueries({ queries: countTargets.map((t) => rowCountsQuery(tabId, t.schema, t.tables)), combine: combineCounts })

  const toggle = (schema: string, open?: boolean) => {
    if (searching) {
      setCollapsed((old) => {
        const next = new Set(old)
        const shouldOpen = open ?? next.has(schema)
        if (shouldOpen) next.delete(schema)
        else next.add(schema)
        return next
      })
      return
    }
    setExpanded((old) => {
      const next = new Set(old)
      const shouldOpen = open ?? !next.has(schema)
      if (shouldOpen) next.add(schema)
      else next.delete(schema)
      return next
    })
  }

  const activate = (row: TreeRow) => {
    setActiveId(row.id)
    if (row.kind === 'schema') toggle(row.schema)
    else if (row.kind === 'table') onSelect({ schema: row.schema, table: row.table.table })
  }

  const activeIndex = rows.findIndex((r) => r.id === activeId)
  const moveTo = (index: number) => {
    const row = rows[Math.max(0, Math.min(rows.length - 1, index))]
    if (row === undefined) return
    setActiveId(row.id)
    virtualizer.scrollToIndex(rows.indexOf(row), { align: 'auto' })
  }
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const row = rows[activeIndex]
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault()
        moveTo(activeIndex + 1)
        break
      case 'ArrowUp':
        event.preventDefault()
        moveTo(activeIndex - 1)
        break
      case 'Home':
        event.preventDefault()
        moveTo(0)
        break
      case 'End':
        event.preventDefault()
        moveTo(rows.length - 1)
        break
      case 'ArrowRight':
        if (row?.kind === 'schema' && !row.expanded) toggle(row.schema, true)
        break
      case 'ArrowLeft':
        if (row?.kind === 'schema' && row.expanded) toggle(row.schema, false)
        else if (row !== undefined && row.kind !== 'schema') moveTo(rows.findIndex((r) => r.kind === 'schema' && r.schema === row.schema))
        break
      case 'ContextMenu':
      case 'F10':
        if (row !== undefined && (event.key === 'ContextMenu' || event.shiftKey)) {
          event.preventDefault()
          const element = document.getElementById(`${treeId}-${activeIndex}`)
          const box = element?.getBoundingClientRect()
          setMenu({ x: (box?.left ?? 0) + 24, y: box?.bottom ?? 0, row })
        }
        break
      case 'Enter':
      case ' ':
        if (row !== undefined) {
          event.preventDefault()
          activate(row)
        }
        break
      default:
    }
  }

  const refresh = () => refreshSchemas(client, tabId)

  const onSearchKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Escape') {
      setSearch('')
    } else if (event.key === 'ArrowDown' || event.key === 'Enter') {
      event.preventDefault()
      const first = rows.findIndex((r) => r.kind === 'table')
      if (first === -1) return
      const row = rows[first]
      if (event.key === 'Enter' && row !== undefined) activate(row)
      else moveTo(first)
      scrollRef.current?.focus()
    }
  }

  return (
    <nav className={`tree-panel${drawer ? ' is-drawer' : ''}`} aria-label="Schemas and tables" hidden={hidden}>
      <div className="tree-header">
        <span className="tree-title">Schemas</span>
        {schemaNames === undefined ? null : <span className="tree-count">{schemaNames.length}</span>}
        <span className="spacer" />
        {onNewQuery === undefined ? null : (
          <IconButton label="New query" onClick={() => onNewQuery(null)}>
            <CodeIcon />
          </IconButton>
        )}
        {onDeclare === undefined ? null : (
          <IconButton label="New schema" onClick={() => onDeclare({ kind: 'newSchema' })}>
            <PlusIcon />
          </IconButton>
        )}
        <IconButton label="Refresh schemas" onClick={refresh}>
          <RefreshIcon />
        </IconButton>
        {onHide === undefined ? null : (
          <IconButton label="Hide the schema tree (Ctrl/Cmd+B)" onClick={onHide}>
            <ChevronsLeftIcon />
          </IconButton>
        )}
      </div>
      <div className="tree-search">
        <SearchIcon className="tree-search-icon" />
        <input
          ref={searchRef}
          type="search"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
          onKeyDown={onSearchKey}
          placeholder="Filter tables…"
          aria-label="Search schemas and tables"
          spellCheck={false}
        />
        {search === '' ? (
          <kbd className="tree-search-kbd" title="Ctrl/Cmd+K or /">
            Ctrl K
          </kbd>
        ) : (
          <button type="button" className="tree-search-clear" aria-label="Clear search" onClick={() => setSearch('')}>
            <CloseIcon size={12} />
          </button>
        )}
      </div>
      {schemas.isPending ? (
        <div className="tree-status">
          <Spinner /> Loading schemas…
        </div>
      ) : schemas.isError ? (
        <div className="tree-status">
          <ErrorCallout error={schemas.error} compact />
        </div>
      ) : rows.length === 0 ? (
        <div className="tree-status muted">{searching ? `Nothing matches “${search.trim()}”` : 'This server has no schemas yet.'}</div>
      ) : (
        <div
          ref={scrollRef}
          className="tree-scroll"
          role="tree"
          id={treeId}
          aria-label="Schemas"
          tabIndex={0}
          aria-activedescendant={activeIndex === -1 ? undefined : `${treeId}-${activeIndex}`}
          onKeyDown={onKeyDown}
        >
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {items.map((item) => {
              const row = rows[item.index]
              if (row === undefined) return null
              return (
                <div
                  key={row.id}
                  id={`${treeId}-${item.index}`}
                  className="tree-item-slot"
                  style={{ height: item.size, transform: `translateY(${item.start}px)` }}
                >
                  <TreeItem
                    row={row}
                    active={row.id === activeId}
                    selected={row.kind === 'table' && selected?.schema === row.schema && selected.table === row.table.table}
                    count={row.kind === 'table' ? counts.get(row.schema)?.[row.table.table] : undefined}
                    onActivate={() => activate(row)}
                    onOpenDiagram={onOpenDiagram}
                    onNewTable={onDeclare === undefined ? undefined : (schema) => onDeclare({ kind: 'newTable', schema })}
                    onContextMenu={(x, y) => {
                      setActiveId(row.id)
                      setMenu({ x, y, row })
                    }}
                  />
                </div>
              )
            })}
          </div>
        </div>
      )}
      {menu === null ? null : (
        <ContextMenu
          label={menu.row.kind === 'schema' ? `Schema ${menu.row.schema}` : menu.row.kind === 'table' ? `Table ${menu.row.label}` : 'Tree'}
          x={menu.x}
          y={menu.y}
          entries={menuEntries(menu.row, { onSelect: activate, onOpenDiagram, onDeclare })}
          onClose={() => setMenu(null)}
        />
      )}
    </nav>
  )
}

/** The context menu of a tree row: a schema's diagram, new table and drop; a table's open and drop. */
function menuEntries(
  row: TreeRow,
  actions: { readonly onSelect: (row: TreeRow) => void; readonly onOpenDiagram: (schema: string) => void; readonly onDeclare: ((action: DeclareAction) => void) | undefined },
): ContextMenuEntry[] {
  const { onDeclare } = actions
  if (row.kind === 'schema') {
    return [
      { kind: 'item', label: `Diagram of ${row.schema}`, onSelect: () => actions.onOpenDiagram(row.schema) },
      ...(onDeclare === undefined
        ? []
        : ([
            { kind: 'item', label: `New table in ${row.schema}…`, onSelect: () => onDeclare({ kind: 'newTable', schema: row.schema }) },
            { kind: 'separator' },
            { kind: 'item', label: `Drop schema ${row.schema}…`, onSelect: () => onDeclare({ kind: 'dropSchema', schema: row.schema }) },
          ] satisfies ContextMenuEntry[])),
    ]
  }
  if (row.kind === 'table') {
    return [
      { kind: 'item', label: `Open ${row.label}`, onSelect: () => actions.onSelect(row) },
      ...(onDeclare === undefined
        ? []
        : ([
            { kind: 'separator' },
            { kind: 'item', label: `Drop table ${row.label}…`, onSelect: () => onDeclare({ kind: 'dropTable', schema: row.schema, table: row.table.table, className: row.label }) },
          ] satisfies ContextMenuEntry[])),
    ]
  }
  return []
}

interface TreeItemProps {
  readonly row: TreeRow
  readonly active: boolean
  readonly selected: boolean
  readonly count: { readonly count: number; readonly estimated: boolean } | undefined
  readonly onActivate: () => void
  readonly onOpenDiagram: (schema: string) => void
  readonly onNewTable: ((schema: string) => void) | undefined
  /** Right-click: the row's menu at the pointer. */
  readonly onContextMenu: (x: number, y: number) => void
}

function TreeItem({ row, active, selected, count, onActivate, onOpenDiagram, onNewTable, onContextMenu }: TreeItemProps) {
  const openMenu = (event: { preventDefault(): void; clientX: number; clientY: number }) => {
    event.preventDefault()
    onContextMenu(event.clientX, event.clientY)
  }
  const activeClass = active ? ' is-active' : ''
  switch (row.kind) {
    case 'schema':
      return (
        <div
          className={`tree-item tree-schema${activeClass}`}
          role="treeitem"
          aria-level={1}
          aria-expanded={row.expanded}
          aria-selected={false}
          onClick={onActivate}
          onContextMenu={openMenu}
        >
          <span className="tree-chevron">{row.expanded ? <ChevronDownIcon size={12} /> : <ChevronRightIcon size={12} />}</span>
          <DatabaseIcon size={14} className="tree-schema-icon" />
          <span className="tree-label">{row.schema}</span>
          {row.tableCount === null ? null : <span className="tree-meta">{row.tableCount}</span>}
          <button
            type="button"
            className="tree-row-action"
            aria-label={`Diagram of ${row.schema}`}
            title={`Diagram of ${row.schema}`}
            onClick={(event) => {
              event.stopPropagation()
              onOpenDiagram(row.schema)
            }}
          >
            <DiagramIcon size={14} />
          </button>
          {onNewTable === undefined ? null : (
            <button
              type="button"
              className="tree-row-action"
              aria-label={`New table in ${row.schema}`}
              title={`New table in ${row.schema}`}
              onClick={(event) => {
                event.stopPropagation()
                onNewTable(row.schema)
              }}
            >
              <PlusIcon size={14} />
            </button>
          )}
        </div>
      )
    case 'tier':
      return (
        <div className={`tree-tier tier-text-${row.tier}`} role="presentation">
          {TIER_LABELS[row.tier]}
          <span className="tree-tier-count">{row.count}</span>
        </div>
      )
    case 'table':
      return (
        <div
          className={`tree-item tree-table depth-${row.depth}${selected ? ' is-selected' : ''}${activeClass}`}
          role="treeitem"
          aria-level={row.depth + 1}
          aria-selected={selected}
          aria-label={row.label}
          title={`${row.schema}.${row.table.table}${row.table.comment === '' ? '' : `\n${row.table.comment}`}`}
          onClick={onActivate}
          onContextMenu={openMenu}
        >
          <TierBadge tier={row.table.tier} />
          <span className="tree-label">{row.label}</span>
          {count === undefined ? null : (
            <span className={`tree-rows${count.estimated ? ' is-estimate' : ''}`} title={count.estimated ? 'Estimated row count' : 'Rows'}>
              {formatRowCount(count.count, count.estimated)}
            </span>
          )}
        </div>
      )
    case 'status':
      return (
        <div className={`tree-status-row is-${row.status}`} role="presentation">
          {row.status === 'loading' ? <Spinner size={12} /> : null}
          {row.message}
        </div>
      )
    default:
      return null
  }
}
