// A virtualized, server-sorted grid on headless TanStack Table v9: rows and columns are virtualized with
// TanStack Virtual, sorting is controlled by the owner (who maps it to the query), cells are selected in
// rectangles (cellSelectionFeature) and copied as TSV.

import {
  cellSelectionFeature,
  columnOrderingFeature,
  columnPinningFeature,
  columnResizingFeature,
  columnSizingFeature,
  columnVisibilityFeature,
  createColumnHelper,
  rowSortingFeature,
  tableFeatures,
  useTable,
  type Cell,
  type Header,
  type OnChangeFn,
  type Row,
  type SortingState,
} from '@tanstack/react-table'
import { useVirtualizer } from '@tanstack/react-virtual'
import {
  memo,
  useCallback,
  useEffect,
  useImperativeHandle,
  useLayoutEffect,
  useMemo,
  useRef,
  type KeyboardEvent,
  type MouseEvent,
  type ReactNode,
  type Ref,
} from 'react'
import type { WireValue } from '../../../electron/ipc/contract'
import { KeyIcon, LinkIcon } from '../icons'
import { toTsv } from './tsv'
import { WireCell } from './wire-cell'
import { displayText, plainText } from './wire-value'

export interface GridColumn {
  readonly id: string
  readonly name: string
  /** The DataJoint type shown under the name. */
  readonly type: string
  readonly inKey: boolean
  readonly nullable: boolean
  readonly comment: string
  readonly numeric: boolean
  readonly width: number
  /** The table this column's foreign key references (its class name): the column is marked, its values link. */
  readonly references?: string | undefined
}

export interface GridRow {
  readonly id: string
  /** 0-based position in the whole result (page offset included), shown 1-based in the gutter. */
  readonly index: number
  /** What the gutter shows instead of `index + 1` (a row counted from the end while the total is an estimate). */
  readonly label?: string
  readonly values: readonly WireValue[]
}

/**
 * How the columns are laid out: their order (ids; columns not named follow in their own order), the hidden ones,
 * and the ones pinned to the left edge (in `order`'s order), which stay in view while scrolling sideways.
 */
export interface ColumnLayout {
  readonly order: readonly string[]
  readonly hidden: readonly string[]
  readonly pinned: readonly string[]
}

/** A cell drawn marked (its owner's edit staged, refused or failed): the text it shows instead of its value, and why. */
export interface GridCellMark {
  readonly kind: 'staged' | 'invalid' | 'failed'
  readonly text: string
  /** The cell's accessible description, shown on hover as well. */
  readonly description: string
}

/**
 * Editing cells in place. The owner decides which cells take an edit and holds which one is being edited; the
 * grid starts an edit (F2 or a double-click), draws the owner's editor over the cell, and marks cells. The editor
 * owns its text and keys, so typing in it renders nothing else of the grid.
 */
export interface GridEditing {
  /** Whether cells of this column are edited in place; the others open their viewer on F2 and double-click, as before. */
  readonly canEdit: (column: GridColumn) => boolean
  /** F2 or a double-click on a cell of a column `canEdit` allows. */
  readonly onStart: (row: GridRow, column: GridColumn) => void
  /** The cell being edited, or null. */
  readonly cell: { readonly rowId: string; readonly columnId: string } | null
  /** The editor drawn over the edited cell; it closes by making the owner's `cell` null. */
  readonly renderEditor: (row: GridRow, column: GridColumn) => ReactNode
  /** Marked cells: row id → column id → mark. */
  readonly marks: ReadonlyMap<string, ReadonlyMap<string, GridCellMark>>
}

/** What the owner can ask of the grid (toolbar buttons). */
export interface DataGridApi {
  /** The selection as TSV, or null when nothing is selected. */
  readonly selectionText: (withHeader: boolean) => string | null
  readonly selectAll: () => void
  readonly focus: () => void
  /** Ids of the rows with a selected cell (`GridRow.id`). */
  readonly selectedRowIds: () => readonly string[]
  /** Selects every cell of one row (and focuses the grid). */
  readonly selectRow: (rowId: string) => void
}

/** Where a context menu was asked for: a cell, or a whole row (its number), at a point of the viewport. */
export interface GridContextTarget {
  readonly row: GridRow
  /** null for the row's number (the row menu). */
  readonly column: GridColumn | null
  readonly x: number
  readonly y: number
}

export interface DataGridProps {
  readonly label: string
  readonly columns: readonly GridColumn[]
  readonly rows: readonly GridRow[]
  readonly sorting: SortingState
  readonly onSortingChange: OnChangeFn<SortingState>
  /** Rendered under each column header (the per-column filter boxes). */
  readonly renderFilter?: (column: GridColumn) => ReactNode
  /** Opens the viewer for a cell (double-click, Enter, or the cell's own button). */
  readonly onOpenCell?: (row: GridRow, column: GridColumn) => void
  readonly onSelectionChange?: (selectedCells: number) => void
  /** Shown in the body when there are no rows. */
  readonly empty?: ReactNode
  /** Rows belong to the previous request while a new one runs. */
  readonly stale?: boolean
  readonly apiRef?: Ref<DataGridApi>
  /** Follows a foreign-key value to its parent row (the link in cells of columns with `references`). */
  readonly onFollow?: (row: GridRow, column: GridColumn) => void
  /** Right-click, Shift+F10 or the ContextMenu key on a cell or a row number. */
  readonly onContextMenu?: (target: GridContextTarget) => void
  /** The rows with a selected cell, whenever they change. */
  readonly onSelectedRowsChange?: ((rowIds: readonly string[]) => void) | undefined
  readonly layout?: ColumnLayout
  /** The rows in view (positions in `rows`) whenever they change: the owner loads more rows as the end nears. */
  readonly onVisibleRowsChange?: (first: number, last: number) => void
  /**
   * When it changes, the grid scrolls back to its first row and clears the selection: other rows (a new page or
   * result), not more rows of the same ones.
   */
  readonly scrollKey?: string
  /** Shown in the header's corner above the row numbers instead of `#` (the owner's column menu button). */
  readonly corner?: ReactNode
  /** In-place editing of cells; without it every cell opens its viewer. */
  readonly editing?: GridEditing | undefined
}

const features = tableFeatures({
  rowSortingFeature,
  columnSizingFeature,
  columnResizingFeature,
  columnOrderingFeature,
  columnVisibilityFeature,
  columnPinningFeature,
  cellSelectionFeature,
})
const NO_LAYOUT: ColumnLayout = { order: [], hidden: [], pinned: [] }
const helper = createColumnHelper<typeof features, GridRow>()

type GridCell = Cell<typeof features, GridRow, unknown>
type GridHeader = Header<typeof features, GridRow, unknown>
type GridTableRow = Row<typeof features, GridRow>

export const ROW_HEIGHT = 28
const HEAD_HEIGHT = 44
const FILTER_HEIGHT = 32
const GUTTER_WIDTH = 56

export function DataGrid(props: DataGridProps) {
  const { label, columns, rows, sorting, onSortingChange, renderFilter, onOpenCell, onSelectionChange, empty, stale, apiRef } = props
  const { onFollow, onContextMenu, onSelectedRowsChange, layout = NO_LAYOUT, onVisibleRowsChange, scrollKey, corner, editing } = props
  const scrollRef = useRef<HTMLDivElement>(null)
  const byId = useMemo(() => new Map(columns.map((c) => [c.id, c])), [columns])

  const columnDefs = useMemo(
    () =>
      helper.columns(
        columns.map((column, index) =>
          helper.accessor((row) => row.values[index] ?? null, {
            id: column.id,
            header: column.name,
            size: column.width,
            minSize: 56,
            maxSize: 1200,
          }),
        ),
      ),
    [columns],
  )
  const data = useMemo(() => [...rows], [rows])

  const table = useTable({
    features,
    columns: columnDefs,
    data,
    getRowId: (row) => row.id,
    state: {
      sorting,
      columnOrder: [...layout.order],
      columnVisibility: Object.fromEntries(layout.hidden.map((id) => [id, false])),
      columnPinning: { start: layout.pinned.filter((id) => !layout.hidden.includes(id)), end: [] },
    },
    onSortingChange,
    manualSorting: true,
    enableMultiSort: true,
    sortDescFirst: false,
    columnResizeMode: 'onChange',
    // Rows appended while scrolling keep the selection; a new page or result clears it (`scrollKey`, below).
    autoResetCellSelection: false,
  })

  // Pinned columns are always drawn (sticky at the left); the others are virtualized behind them.
  const leafColumns = table.getVisibleLeafColumns()
  const pinnedColumns = table.getStartVisibleLeafColumns()
  const centerColumns = table.getCenterVisibleLeafColumns()
  const pinnedOffsets = pinnedColumns.reduce<number[]>((offsets, column, i) => [...offsets, (offsets[i] ?? 0) + column.getSize()], [0])
  const pinnedWidth = pinnedOffsets.at(-1) ?? 0
  const tableRows = table.getRowModel().rows
  const headHeight = HEAD_HEIGHT + (renderFilter === undefined ? 0 : FILTER_HEIGHT)

  const rowVirtualizer = useVirtualizer({
    count: tableRows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 6,
    scrollMargin: headHeight,
    scrollPaddingStart: headHeight,
  })
  const columnVirtualizer = useVirtualizer({
    horizontal: true,
    count: centerColumns.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (index) => centerColumns[index]?.getSize() ?? 120,
    overscan: 4,
    scrollMargin: GUTTER_WIDTH + pinnedWidth,
    scrollPaddingStart: GUTTER_WIDTH + pinnedWidth,
  })

  const sizing = table.state.columnSizing
  const layoutKey = `${layout.order.join('\u0000')}|${layout.hidden.join('\u0000')}|${layout.pinned.join('\u0000')}`
  useEffect(() => {
    columnVirtualizer.measure()
  }, [sizing, columnDefs, layoutKey, columnVirtualizer])

  // (`table` is a new object at each render: the key alone says when the rows are other rows.)
  const shownKey = useRef(scrollKey)
  useEffect(() => {
    if (shownKey.current === scrollKey) return
    shownKey.current = scrollKey
    scrollRef.current?.scrollTo({ top: 0 })
    table.resetCellSelection(true)
  }, [scrollKey, table])

  const virtualRowItems = rowVirtualizer.getVirtualItems()
  const firstVisible = virtualRowItems[0]?.index ?? 0
  const lastVisible = virtualRowItems.at(-1)?.index ?? 0
  useEffect(() => {
    if (tableRows.length === 0) return
    // Just after a new page scrolled the grid back to the top, the virtualizer still holds the old position until
    // the scroll event reaches it: rows "in view" then would be the old page's last ones, and ask for the next page.
    const scrolledTo = scrollRef.current?.scrollTop ?? 0
    if (Math.abs((rowVirtualizer.scrollOffset ?? scrolledTo) - scrolledTo) > 1) return
    onVisibleRowsChange?.(firstVisible, lastVisible)
  }, [firstVisible, lastVisible, tableRows.length, onVisibleRowsChange, rowVirtualizer])

  const selectedCount = table.getSelectedCellCount()
  useEffect(() => {
    onSelectionChange?.(selectedCount)
  }, [selectedCount, onSelectionChange])

  const selectedRows = selectedCount === 0 ? '' : table.getCellSelectionRowIds().join('\u0000')
  useEffect(() => {
    onSelectedRowsChange?.(selectedRows === '' ? [] : selectedRows.split('\u0000'))
  }, [selectedRows, onSelectedRowsChange])

  const selectionText = useCallback(
    (withHeader: boolean): string | null => {
      if (table.getSelectedCellCount() === 0) return null
      const ranges = table.getSelectedCellRangesData() as WireValue[][][]
      const lines = ranges.flatMap((range) => range.map((row) => row.map(plainText)))
      const header = withHeader ? table.getCellSelectionColumnIds().map((id) => byId.get(id)?.name ?? id) : undefined
      return toTsv(lines, header)
    },
    [table, byId],
  )

  useImperativeHandle(
    apiRef,
    () => ({
      selectionText,
      selectAll: () => table.selectAllCells(),
      focus: () => scrollRef.current?.focus(),
      selectedRowIds: () => table.getCellSelectionRowIds(),
      selectRow: (rowId: string) => {
        const first = table.getVisibleLeafColumns()[0]
        const last = table.getVisibleLeafColumns().at(-1)
        if (first === undefined || last === undefined) return
        table.selectCellRange({ anchorRowId: rowId, anchorColumnId: first.id, focusRowId: rowId, focusColumnId: last.id }, { mode: 'replace' })
        scrollRef.current?.focus({ preventScroll: true })
      },
    }),
    [selectionText, table],
  )

  const revealFocused = useCallback(() => {
    const cell = table.getFocusedCell()
    if (cell === undefined) return
    const rowIndex = tableRows.findIndex((r) => r.id === cell.row.id)
    const columnIndex = centerColumns.findIndex((c) => c.id === cell.column.id)
    if (rowIndex >= 0) rowVirtualizer.scrollToIndex(rowIndex, { align: 'auto' })
    if (columnIndex >= 0) columnVirtualizer.scrollToIndex(columnIndex, { align: 'auto' })
  }, [table, tableRows, centerColumns, rowVirtualizer, columnVirtualizer])

  // While the keyboard pages through the rows, the pointer resting over them does not hover them: no hit test and
  // no hover restyle in each frame. A mouse wheel keeps its hover (the pointer is in use).
  const pointerHold = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  const holdPointer = () => {
    const grid = scrollRef.current
    if (grid === null) return
    grid.dataset['keyScrolling'] = ''
    clearTimeout(pointerHold.current)
    pointerHold.current = setTimeout(() => delete grid.dataset['keyScrolling'], 250)
  }
  useEffect(() => () => clearTimeout(pointerHold.current), [])

  /** PageDown/PageUp move the focused cell by the rows in view; Ctrl/Cmd+Home/End to the first or last row. */
  const moveFocusByRows = (event: KeyboardEvent<HTMLDivElement>): boolean => {
    const mod = event.ctrlKey || event.metaKey
    const jump = event.key === 'PageDown' || event.key === 'PageUp' || (mod && (event.key === 'Home' || event.key === 'End'))
    if (!jump) return false
    event.preventDefault()
    const cell = table.getFocusedCell()
    const rowIndex = cell === undefined ? 0 : Math.max(0, tableRows.findIndex((r) => r.id === cell.row.id))
    const inView = Math.max(1, Math.floor(((scrollRef.current?.clientHeight ?? 0) - headHeight) / ROW_HEIGHT) - 1)
    const target =
      event.key === 'PageDown' ? rowIndex + inView : event.key === 'PageUp' ? rowIndex - inView : event.key === 'Home' ? 0 : tableRows.length - 1
    const row = tableRows[Math.min(tableRows.length - 1, Math.max(0, target))]
    const columnId = cell?.column.id ?? leafColumns[0]?.id
    if (row === undefined || columnId === undefined) return true
    table.setFocusedCell(row.id, columnId)
    holdPointer()
    const index = tableRows.indexOf(row)
    rowVirtualizer.scrollToIndex(index, { align: event.key === 'PageDown' || event.key === 'End' ? 'end' : 'start' })
    return true
  }

  const openFocused = useCallback(() => {
    const cell = table.getFocusedCell()
    const column = cell === undefined ? undefined : byId.get(cell.column.id)
    if (cell === undefined || column === undefined) return
    onOpenCell?.(cell.row.original, column)
  }, [table, byId, onOpenCell])

  /** F2 or a double-click: the owner's editor where the column takes one, else the viewer. */
  const startEdit = (row: GridRow, column: GridColumn) => {
    if (editing?.canEdit(column) === true) editing.onStart(row, column)
    else onOpenCell?.(row, column)
  }

  /** The menu for the focused cell, placed at that cell (keyboard: Shift+F10 or the ContextMenu key). */
  const openFocusedMenu = () => {
    const cell = table.getFocusedCell()
    const column = cell === undefined ? undefined : byId.get(cell.column.id)
    if (cell === undefined || column === undefined || onContextMenu === undefined) return
    const rowIndex = tableRows.findIndex((r) => r.id === cell.row.id)
    const element = scrollRef.current?.querySelector(`[aria-rowindex="${rowIndex + 2}"] [data-column-id="${CSS.escape(column.id)}"]`)
    const box = (element ?? scrollRef.current)?.getBoundingClientRect()
    onContextMenu({ row: cell.row.original, column, x: (box?.left ?? 0) + 8, y: (box?.bottom ?? 0) - 4 })
  }

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.target !== event.currentTarget) return
    if ((event.shiftKey && event.key === 'F10') || event.key === 'ContextMenu') {
      event.preventDefault()
      openFocusedMenu()
      return
    }
    // Alt+arrows belong to the browser's back and forward.
    if (event.altKey) return
    if (moveFocusByRows(event)) return
    const direction = ARROWS[event.key]
    if (direction !== undefined) {
      event.preventDefault()
      if (table.getFocusedCell() === undefined) {
        const first = tableRows[0]
        const firstColumn = leafColumns[0]
        if (first !== undefined && firstColumn !== undefined) table.setFocusedCell(first.id, firstColumn.id)
      } else if (event.shiftKey) table.extendCellSelection(direction)
      else table.moveCellSelection(direction)
      revealFocused()
      return
    }
    const mod = event.ctrlKey || event.metaKey
    if (mod && event.key.toLowerCase() === 'a') {
      event.preventDefault()
      table.selectAllCells()
    } else if (event.key === 'Enter') {
      event.preventDefault()
      openFocused()
    } else if (event.key === 'F2') {
      event.preventDefault()
      const cell = table.getFocusedCell()
      const column = cell === undefined ? undefined : byId.get(cell.column.id)
      if (cell !== undefined && column !== undefined) startEdit(cell.row.original, column)
    } else if (event.key === 'Escape') {
      table.resetCellSelection(true)
    } else if (mod && event.shiftKey && event.key.toLowerCase() === 'c') {
      // Ctrl/Cmd+Shift+C: with the header line. Plain Ctrl/Cmd+C goes through the copy event below.
      const text = selectionText(true)
      if (text !== null) {
        event.preventDefault()
        void writeClipboard(text)
      }
    }
  }

  const onCopy = (event: React.ClipboardEvent<HTMLDivElement>) => {
    // Text copied inside a cell's editor is the editor's.
    if (event.target !== event.currentTarget && (event.target as HTMLElement).closest('[data-cell-editor]') !== null) return
    const text = selectionText(false)
    if (text === null) return
    event.preventDefault()
    event.clipboardData.setData('text/plain', text)
  }

  /** A right-click outside the selection selects what was clicked first, as spreadsheets do. */
  const contextMenuAt = (event: MouseEvent, row: GridRow, column: GridColumn | null) => {
    if (onContextMenu === undefined) return
    event.preventDefault()
    const selectedRowIds = table.getCellSelectionRowIds()
    const inside = column === null ? selectedRowIds.includes(row.id) : table.getRow(row.id).getAllCells().find((c) => c.column.id === column.id)?.getIsSelected() === true
    if (!inside) {
      const first = leafColumns[0]
      const last = leafColumns[leafColumns.length - 1]
      if (column !== null) table.selectCellRange({ anchorRowId: row.id, anchorColumnId: column.id, focusRowId: row.id, focusColumnId: column.id }, { mode: 'replace' })
      else if (first !== undefined && last !== undefined) table.selectCellRange({ anchorRowId: row.id, anchorColumnId: first.id, focusRowId: row.id, focusColumnId: last.id }, { mode: 'replace' })
    }
    onContextMenu({ row, column, x: event.clientX, y: event.clientY })
  }

  const rowCallbacks = useRef<RowCallbacks | null>(null)
  useLayoutEffect(() => {
    rowCallbacks.current = { onOpenCell, onFollow, contextMenuAt, selectRow, startEdit }
  })
  // Stable, so memoized rows keep theirs; each call reaches the latest callbacks.
  const rowHandlers = useMemo<RowHandlers>(
    () => ({
      open: (row, column) => rowCallbacks.current?.onOpenCell?.(row, column),
      follow: (row, column) => rowCallbacks.current?.onFollow?.(row, column),
      contextMenu: (event, row, column) => rowCallbacks.current?.contextMenuAt(event, row, column),
      selectRow: (event, rowId) => rowCallbacks.current?.selectRow(event, rowId),
      edit: (row, column) => rowCallbacks.current?.startEdit(row, column),
    }),
    [],
  )

  // An editor that closes gives the keyboard back to the grid (its cell still focused), unless the person moved on.
  const editingCell = editing?.cell ?? null
  const wasEditing = useRef(editingCell)
  useEffect(() => {
    const closed = wasEditing.current !== null && editingCell === null
    wasEditing.current = editingCell
    const active = document.activeElement
    if (closed && (active === null || active === document.body || scrollRef.current?.contains(active) === true)) scrollRef.current?.focus({ preventScroll: true })
  }, [editingCell])

  const selectRow = (event: MouseEvent, rowId: string) => {
    const first = leafColumns[0]
    const last = leafColumns[leafColumns.length - 1]
    if (first === undefined || last === undefined) return
    const active = table.atoms.cellSelection.get().at(-1)
    const anchorRowId = event.shiftKey && active !== undefined ? active.anchorRowId : rowId
    table.selectCellRange(
      { anchorRowId, anchorColumnId: first.id, focusRowId: rowId, focusColumnId: last.id },
      { mode: event.ctrlKey || event.metaKey ? 'include' : 'replace' },
    )
    scrollRef.current?.focus()
  }

  const virtualColumns = columnVirtualizer.getVirtualItems()
  const virtualRows = virtualRowItems
  const centerStart = GUTTER_WIDTH + pinnedWidth
  const totalWidth = columnVirtualizer.getTotalSize()
  const padLeft = (virtualColumns[0]?.start ?? centerStart) - centerStart
  const padRight = totalWidth - ((virtualColumns.at(-1)?.end ?? centerStart) - centerStart)
  const headers = table.getCenterHeaderGroups()[0]?.headers ?? []
  const pinnedHeaders = table.getStartHeaderGroups()[0]?.headers ?? []
  const innerWidth = centerStart + totalWidth
  /** Sticky placement of the i-th pinned column; the last one casts the edge the others scroll under. */
  const pinnedStyle = (i: number, width: number) => ({ width, left: GUTTER_WIDTH + (pinnedOffsets[i] ?? 0) })
  const pinnedClass = (i: number) => ` is-pinned${i === pinnedColumns.length - 1 ? ' is-pinned-last' : ''}`

  // Body rows are memoized: a key press or a scroll renders the rows it moved or whose selection it changed, not
  // every row in view. What they share is one object with a key that changes whenever any of it draws differently.
  const rowColumns: RowColumns = {
    byId,
    centerIndexes: virtualColumns.map((item) => item.index),
    padLeft,
    padRight,
    pinned: (i, width) => ({ className: pinnedClass(i), style: pinnedStyle(i, width) }),
    canOpen: onOpenCell !== undefined,
    canFollow: onFollow !== undefined,
    canEdit: editing === undefined ? NEVER_EDIT : editing.canEdit,
    key: [
      virtualColumns.map((item) => item.index).join(','),
      padLeft,
      padRight,
      pinnedOffsets.join(','),
      JSON.stringify(sizing),
      layoutKey,
      onOpenCell !== undefined,
      onFollow !== undefined,
      editing === undefined ? '' : editableKey(columns, editing.canEdit),
    ].join('|'),
  }
  const marks = editing?.marks
  const selectionRanges = table.atoms.cellSelection.get()
  const selectionState = selectionRanges.length === 0 ? '' : JSON.stringify(selectionRanges)
  const selectedRowBounds = selectionRanges.length === 0 ? [] : table.getCellSelectionBounds().map((bounds) => [bounds.minRowIndex, bounds.maxRowIndex] as const)

  return (
    <div
      ref={scrollRef}
      className={`grid${stale === true ? ' grid-stale' : ''}`}
      role="grid"
      aria-label={label}
      aria-rowcount={tableRows.length + 1}
      aria-colcount={leafColumns.length}
      aria-multiselectable="true"
      aria-busy={stale === true}
      tabIndex={0}
      onKeyDown={onKeyDown}
      onCopy={onCopy}
    >
      <div className="grid-inner" style={{ width: innerWidth }}>
        <div className="grid-head" role="rowgroup" style={{ height: headHeight }}>
          <div className="grid-row grid-head-row" role="row" aria-rowindex={1} style={{ height: HEAD_HEIGHT }}>
            <div className="grid-gutter grid-corner" role="columnheader" aria-label="Row number" style={{ width: GUTTER_WIDTH }}>
              {corner ?? '#'}
            </div>
            {pinnedHeaders.map((header, i) => {
              const column = byId.get(header.column.id)
              if (column === undefined) return null
              return <HeaderCell key={header.id} header={header} column={column} pinned={{ className: pinnedClass(i), style: pinnedStyle(i, header.getSize()) }} />
            })}
            <div style={{ width: padLeft, flex: 'none' }} />
            {virtualColumns.map((item) => {
              const header = headers[item.index]
              const column = header === undefined ? undefined : byId.get(header.column.id)
              if (header === undefined || column === undefined) return null
              return <HeaderCell key={header.id} header={header} column={column} />
            })}
            <div style={{ width: padRight, flex: 'none' }} />
          </div>
          {renderFilter === undefined ? null : (
            <div className="grid-row grid-filter-row" role="row" style={{ height: FILTER_HEIGHT }}>
              <div className="grid-gutter grid-corner" role="columnheader" aria-label="Filters" style={{ width: GUTTER_WIDTH }} />
              {pinnedHeaders.map((header, i) => {
                const column = byId.get(header.column.id)
                if (column === undefined) return null
                return (
                  <div key={header.id} className={`grid-filter-cell${pinnedClass(i)}`} role="columnheader" style={pinnedStyle(i, header.getSize())}>
                    {renderFilter(column)}
                  </div>
                )
              })}
              <div style={{ width: padLeft, flex: 'none' }} />
              {virtualColumns.map((item) => {
                const header = headers[item.index]
                const column = header === undefined ? undefined : byId.get(header.column.id)
                if (header === undefined || column === undefined) return null
                return (
                  <div key={header.id} className="grid-filter-cell" role="columnheader" style={{ width: header.getSize() }}>
                    {renderFilter(column)}
                  </div>
                )
              })}
              <div style={{ width: padRight, flex: 'none' }} />
            </div>
          )}
        </div>
        <div className="grid-body" role="rowgroup" style={{ height: Math.max(rowVirtualizer.getTotalSize(), ROW_HEIGHT * 3) }}>
          {tableRows.length === 0 && empty !== undefined ? <div className="grid-empty">{empty}</div> : null}
          {virtualRows.map((item) => {
            const row = tableRows[item.index]
            if (row === undefined) return null
            const rowMarks = marks?.get(row.id)
            const editedColumn = editingCell !== null && editingCell.rowId === row.id ? byId.get(editingCell.columnId) : undefined
            return (
              <GridRowView
                key={row.id}
                row={row}
                index={item.index}
                top={item.start - headHeight}
                width={innerWidth}
                columns={rowColumns}
                selectionKey={selectedRowBounds.some(([min, max]) => min <= item.index && item.index <= max) ? selectionState : ''}
                editor={editedColumn === undefined || editing === undefined ? null : { columnId: editedColumn.id, node: editing.renderEditor(row.original, editedColumn) }}
                marks={rowMarks}
                marksKey={rowMarks === undefined ? '' : marksKeyOf(rowMarks)}
                handlers={rowHandlers}
                gridRef={scrollRef}
              />
            )
          })}
        </div>
      </div>
    </div>
  )
}

const ARROWS: Readonly<Record<string, 'up' | 'down' | 'left' | 'right'>> = {
  ArrowUp: 'up',
  ArrowDown: 'down',
  ArrowLeft: 'left',
  ArrowRight: 'right',
}

const NEVER_EDIT = (): boolean => false

/** Which columns take an edit, as text: rows draw again when it changes (the owner's table became editable). */
function editableKey(columns: readonly GridColumn[], canEdit: (column: GridColumn) => boolean): string {
  return columns.map((column) => (canEdit(column) ? '1' : '0')).join('')
}

/** A row's marks as text: the row draws again exactly when its own marks change. */
function marksKeyOf(marks: ReadonlyMap<string, GridCellMark>): string {
  let key = ''
  for (const [columnId, mark] of marks) key += `${columnId}\u0000${mark.kind}\u0000${mark.text}\u0000${mark.description}\u0001`
  return key
}

/** A pinned column's sticky placement and classes. */
interface PinnedPlacement {
  readonly className: string
  readonly style: { readonly width: number; readonly left: number }
}

/** What every body row draws besides its own values and selection (see `GridRowView`). */
interface RowColumns {
  readonly byId: ReadonlyMap<string, GridColumn>
  /** The center columns in view (indexes into the row's center cells). */
  readonly centerIndexes: readonly number[]
  readonly padLeft: number
  readonly padRight: number
  readonly pinned: (i: number, width: number) => PinnedPlacement
  readonly canOpen: boolean
  readonly canFollow: boolean
  readonly canEdit: (column: GridColumn) => boolean
  /** Changes exactly when something above draws differently. */
  readonly key: string
}

interface RowCallbacks {
  readonly onOpenCell: ((row: GridRow, column: GridColumn) => void) | undefined
  readonly onFollow: ((row: GridRow, column: GridColumn) => void) | undefined
  readonly contextMenuAt: (event: MouseEvent, row: GridRow, column: GridColumn | null) => void
  readonly selectRow: (event: MouseEvent, rowId: string) => void
  readonly startEdit: (row: GridRow, column: GridColumn) => void
}

interface RowHandlers {
  readonly open: (row: GridRow, column: GridColumn) => void
  readonly follow: (row: GridRow, column: GridColumn) => void
  readonly contextMenu: (event: MouseEvent, row: GridRow, column: GridColumn | null) => void
  readonly selectRow: (event: MouseEvent, rowId: string) => void
  /** A double-click on a cell that takes an edit. */
  readonly edit: (row: GridRow, column: GridColumn) => void
}

interface GridRowViewProps {
  readonly row: GridTableRow
  /** Position in the grid's rows (0-based). */
  readonly index: number
  /** Offset from the top of the body, in pixels. */
  readonly top: number
  readonly width: number
  readonly columns: RowColumns
  /** The selection while it covers this row, else '': the row draws again only when its own selection changes. */
  readonly selectionKey: string
  /**
   * The editor of this row's edited cell, else null. Made at each render of the grid with the owner's latest state,
   * so the edited row (and only it) draws again with the grid; the editor's own typing renders nothing here.
   */
  readonly editor: { readonly columnId: string; readonly node: ReactNode } | null
  /** This row's marked cells (compared through `marksKey`). */
  readonly marks: ReadonlyMap<string, GridCellMark> | undefined
  readonly marksKey: string
  readonly handlers: RowHandlers
  readonly gridRef: React.RefObject<HTMLDivElement | null>
}

const GridRowView = memo(
  function GridRowView({ row, index, top, width, columns, editor, marks, handlers, gridRef }: GridRowViewProps) {
    const { byId, centerIndexes, padLeft, padRight, pinned, canOpen, canFollow, canEdit } = columns
    const cells = row.getCenterVisibleCells()
    const pinnedCells = row.getStartVisibleCells()
    const cellView = (cell: GridCell | undefined, columnIndex: number, placement?: PinnedPlacement) => {
      const column = cell === undefined ? undefined : byId.get(cell.column.id)
      if (cell === undefined || column === undefined) return null
      return (
        <GridCellView
          key={cell.id}
          cell={cell}
          column={column}
          columnIndex={columnIndex}
          pinned={placement}
          onOpen={canOpen ? () => handlers.open(row.original, column) : undefined}
          onEdit={canEdit(column) ? () => handlers.edit(row.original, column) : undefined}
          onFollow={canFollow && column.references !== undefined ? () => handlers.follow(row.original, column) : undefined}
          onContextMenu={(event) => handlers.contextMenu(event, row.original, column)}
          editor={editor !== null && editor.columnId === column.id ? editor.node : null}
          mark={marks?.get(column.id)}
          gridRef={gridRef}
        />
      )
    }
    return (
      <div
        className={`grid-row${index % 2 === 1 ? ' grid-row-alt' : ''}${editor === null ? '' : ' is-editing'}`}
        role="row"
        aria-rowindex={index + 2}
        style={{ height: ROW_HEIGHT, transform: `translateY(${top}px)`, width }}
      >
        <div
          className="grid-gutter"
          role="rowheader"
          style={{ width: GUTTER_WIDTH }}
          onMouseDown={(event) => {
            if (event.button === 0) handlers.selectRow(event, row.id)
          }}
          onContextMenu={(event) => handlers.contextMenu(event, row.original, null)}
          title="Select row (Shift: extend, Ctrl/Cmd: add)"
        >
          {row.original.label ?? (row.original.index + 1).toLocaleString()}
        </div>
        {pinnedCells.map((cell, i) => cellView(cell, i, pinned(i, cell.column.getSize())))}
        <div style={{ width: padLeft, flex: 'none' }} />
        {centerIndexes.map((i) => cellView(cells[i], pinnedCells.length + i))}
        <div style={{ width: padRight, flex: 'none' }} />
      </div>
    )
  },
  (before, after) =>
    sameRow(before.row.original, after.row.original) &&
    before.index === after.index &&
    before.top === after.top &&
    before.width === after.width &&
    before.selectionKey === after.selectionKey &&
    before.editor === after.editor &&
    before.marksKey === after.marksKey &&
    before.columns.key === after.columns.key &&
    before.columns.byId === after.columns.byId &&
    before.handlers === after.handlers,
)

/** The same values at the same place: a page appended rebuilds TanStack's rows, not the values they show. */
function sameRow(before: GridRow, after: GridRow): boolean {
  return before === after || (before.id === after.id && before.index === after.index && before.label === after.label && before.values === after.values)
}

interface HeaderCellProps {
  readonly header: GridHeader
  readonly column: GridColumn
  readonly pinned?: PinnedPlacement
}

function HeaderCell({ header, column, pinned }: HeaderCellProps) {
  const sorted = header.column.getIsSorted()
  const sortIndex = header.column.getSortIndex()
  const toggle = header.column.getToggleSortingHandler()
  const tooltip = [
    `${column.name} : ${column.type}`,
    column.inKey ? 'primary key' : column.nullable ? 'nullable' : null,
    column.references === undefined ? null : `foreign key to ${column.references}`,
    column.comment === '' ? null : column.comment,
    'Click to sort; Shift+click adds to the sort',
  ]
    .filter((line) => line !== null)
    .join('\n')
  return (
    <div
      className={`grid-head-cell${column.inKey ? ' is-key' : ''}${column.numeric ? ' is-num' : ''}${pinned?.className ?? ''}`}
      role="columnheader"
      aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none'}
      style={pinned?.style ?? { width: header.getSize() }}
      title={tooltip}
    >
      <button type="button" className="grid-sort-btn" onClick={toggle} aria-label={`${column.name}, sort${column.references === undefined ? '' : ` (foreign key to ${column.references})`}`}>
        <span className="grid-head-name">
          {column.inKey ? <KeyIcon size={12} className="grid-key-icon" aria-label="primary key" /> : null}
          {column.references === undefined ? null : (
            <LinkIcon size={12} className="grid-fk-icon" aria-label={`foreign key to ${column.references}`} role="img" />
          )}
          <span className="grid-head-text">{column.name}</span>
          {sorted === false ? null : (
            <span className="grid-sort-mark" aria-hidden="true">
              {sorted === 'asc' ? '▲' : '▼'}
              {sortIndex > 0 ? <sub>{sortIndex + 1}</sub> : null}
            </span>
          )}
        </span>
        <span className="grid-head-type">{column.type}</span>
      </button>
      <div
        className={`grid-resizer${header.column.getIsResizing() ? ' is-resizing' : ''}`}
        onMouseDown={header.getResizeHandler()}
        onDoubleClick={() => header.column.resetSize()}
        role="separator"
        aria-orientation="vertical"
        aria-label={`Resize ${column.name}`}
      />
    </div>
  )
}

interface GridCellViewProps {
  readonly cell: GridCell
  readonly column: GridColumn
  readonly columnIndex: number
  readonly onOpen: (() => void) | undefined
  /** A double-click edits the cell (it takes an edit) instead of opening its viewer. */
  readonly onEdit: (() => void) | undefined
  readonly onFollow: (() => void) | undefined
  readonly onContextMenu: (event: MouseEvent) => void
  /** The owner's editor, drawn over the cell while it is edited. */
  readonly editor: ReactNode
  readonly mark: GridCellMark | undefined
  readonly gridRef: React.RefObject<HTMLDivElement | null>
  readonly pinned?: PinnedPlacement | undefined
}

/** Whether an event happened inside a cell's editor (whose pointer and keys are its own). */
function inEditor(event: { readonly target: EventTarget }): boolean {
  return event.target instanceof Element && event.target.closest('[data-cell-editor]') !== null
}

function GridCellView({ cell, column, columnIndex, onOpen, onEdit, onFollow, onContextMenu, editor, mark, gridRef, pinned }: GridCellViewProps) {
  const selected = cell.getIsSelected()
  const focused = cell.getIsFocused()
  const edges = cell.getSelectionEdges()
  const start = cell.getSelectionStartHandler()
  const extend = cell.getSelectionExtendHandler()
  const value = (cell.getValue() ?? null) as WireValue
  const classes = ['grid-cell']
  if (column.numeric) classes.push('is-num')
  if (column.references !== undefined) classes.push('is-fk')
  if (selected) classes.push('is-selected')
  if (focused) classes.push('is-focused')
  if (selected && edges.top) classes.push('edge-top')
  if (selected && edges.bottom) classes.push('edge-bottom')
  if (selected && edges.left) classes.push('edge-left')
  if (selected && edges.right) classes.push('edge-right')
  if (pinned !== undefined) classes.push(pinned.className.trim())
  if (mark !== undefined) classes.push(`is-${mark.kind}`)
  if (editor !== null) classes.push('is-editing')
  return (
    <div
      className={classes.join(' ')}
      role="gridcell"
      aria-selected={selected}
      aria-colindex={columnIndex + 1}
      aria-description={mark?.description}
      title={mark?.description}
      style={pinned?.style ?? { width: cell.column.getSize() }}
      data-column-id={column.id}
      onContextMenu={(event) => {
        if (!inEditor(event)) onContextMenu(event)
      }}
      onMouseDown={(event) => {
        if (event.button !== 0 || inEditor(event)) return
        if ((event.target as HTMLElement).closest('button') !== null) return
        start(event)
        gridRef.current?.focus({ preventScroll: true })
        event.preventDefault()
      }}
      onMouseEnter={extend}
      onDoubleClick={(event) => {
        if (!inEditor(event)) (onEdit ?? onOpen)?.()
      }}
    >
      {mark === undefined ? <WireCell value={value} columnName={column.name} onOpen={onOpen} /> : <span className={`cell-mark-text is-${mark.kind}`}>{mark.text}</span>}
      {editor}
      {onFollow === undefined || value === null ? null : (
        <button
          type="button"
          className="cell-follow"
          onClick={onFollow}
          aria-label={`Open ${column.references ?? 'the parent'} row of ${column.name} ${displayText(value)}`}
          title={`Open the ${column.references ?? 'parent'} row`}
        >
          <LinkIcon size={12} />
        </button>
      )}
    </div>
  )
}

/** Writes text to the clipboard, falling back to a hidden textarea where the async API is unavailable. */
export async function writeClipboard(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text)
    return
  } catch {
    const area = document.createElement('textarea')
    area.value = text
    area.style.position = 'fixed'
    area.style.opacity = '0'
    document.body.append(area)
    area.select()
    document.execCommand('copy')
    area.remove()
  }
}
