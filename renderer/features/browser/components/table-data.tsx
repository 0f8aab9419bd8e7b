import { useCallback, useMemo, useRef, useState } from 'react'
import type { QueryExpr } from '../../../../src/algebra/ast'
import { Button, IconButton } from '../../../components/button'
import { ContextMenu } from '../../../components/context-menu'
import {
  DataGrid,
  writeClipboard,
  type DataGridApi,
  type GridColumn,
  type GridContextTarget,
  type GridRow,
} from '../../../components/data-grid/data-grid'
import { ErrorCallout } from '../../../components/error-callout'
import { ExportStatus } from '../../../components/export-status'
import {
  CloseIcon,
  ColumnsIcon,
  CopyIcon,
  DiagramIcon,
  DownloadIcon,
  FilterIcon,
  LinkIcon,
  ReferencesIcon,
  RefreshIcon,
  StopIcon,
} from '../../../components/icons'
import { ProgressBar } from '../../../components/progress-bar'
import { Spinner } from '../../../components/spinner'
import { toErrorInfo } from '../../../lib/error-text'
import { formatDuration } from '../../../lib/use-elapsed'
import { useDebounced } from '../../../lib/use-debounced'
import { DataEntryActions, PendingChangesPanel, useCellEditing, usePendingChanges } from '../../data-entry'
import { keysRestriction } from '../../diagram'
import { foreignKeysOf, type LinkRestriction, type NavEntry } from '../follow'
import { rowKey } from '../grid-columns'
import { useClassNames } from '../hooks/use-class-names'
import { useExport } from '../hooks/use-export'
import { useTableData, type TableData as TableDataState } from '../hooks/use-table-data'
import type { TableDetail } from '../queries'
import type { DeletePreview } from './browser'
import { CellViewer, type CellTarget } from './cell-viewer'
import { ColumnFilter } from './column-filter'
import { ColumnsPanel } from './columns-panel'
import { TableGone, isTableGone } from './table-gone'
import { Pager } from './pager'
import { ReferencesPanel, type Reference } from './references-panel'
import { RestrictionBar } from './restriction-bar'
import { parentEntry, rowMenuEntries } from './row-menu'

export interface TableDataProps {
  readonly tabId: string
  readonly detail: TableDetail
  /** "What would deleting the selected rows remove": the cascade preview. */
  readonly onPreviewDelete: (preview: DeletePreview) => void
  /** The rows a navigation led to (shown above the grid, before any filter), or null for the whole table. */
  readonly restriction?: LinkRestriction | null
  /**
   * Goes to another place: a parent row, the rows referencing a selection, this table unrestricted. Without it
   * (a query's result) there are no parent links and no "Referenced by".
   */
  readonly onNavigate?: ((entry: NavEntry) => void) | undefined
  /** A query's tree to show instead of the table's rows (the query builder's results); `detail` then describes it. */
  readonly query?: QueryExpr | undefined
  /** The connection tab is read-only: edits are refused at the cell. */
  readonly readOnly?: boolean
}

/** Show the running-query bar only for queries that take a noticeable time. */
const SLOW_QUERY_MS = 300

/** The data of one table: server-sorted, paged and filtered grid, total, copy, export and the cell viewer. */
export function TableData({ tabId, detail, onPreviewDelete, restriction = null, onNavigate, query, readOnly = false }: TableDataProps) {
  const data = useTableData(tabId, detail, restriction?.condition ?? null, query)
  const exporter = useExport(tabId)
  const gridApi = useRef<DataGridApi>(null)
  const [selectedCells, setSelectedCells] = useState(0)
  const [viewer, setViewer] = useState<CellTarget | null>(null)
  const [copied, setCopied] = useState<string | null>(null)
  const [columnsOpen, setColumnsOpen] = useState(false)
  const closeColumns = useCallback(() => setColumnsOpen(false), [])

  const { attributes } = data
  const openCell = useCallback(
    (row: GridRow, column: GridColumn) => {
      const index = attributes.findIndex((a) => a.name === column.id)
      const attribute = attributes[index]
      if (attribute === undefined) return
      setViewer({ attribute, value: row.values[index] ?? null, key: rowKey(attributes, detail.primaryKey, row.values) })
    },
    [attributes, detail.primaryKey],
  )

  const copy = (withHeader: boolean) => {
    const text = gridApi.current?.selectionText(withHeader) ?? null
    if (text === null) return
    void writeClipboard(text).then(() => {
      setCopied(`Copied ${selectedCells.toLocaleString()} ${selectedCells === 1 ? 'cell' : 'cells'}`)
      window.setTimeout(() => setCopied(null), 2000)
    })
  }

  /** The table restricted to the rows with these ids (their primary keys), or null. */
  const rowsRestriction = useCallback(
    (rowIds: readonly string[]) => {
      if (detail.primaryKey.length === 0) return null
      const ids = new Set(rowIds)
      const keyIndexes = detail.primaryKey.map((name) => attributes.findIndex((a) => a.name === name))
      const keys = data.rows
        .filter((row) => ids.has(row.id))
        .map((row) => Object.fromEntries(detail.primaryKey.map((name, i) => [name, row.values[keyIndexes[i] ?? -1] ?? null])))
      return keys.length === 0 ? null : { expr: keysRestriction(detail.schema, detail.table, keys), rows: keys.length }
    },
    [attributes, data.rows, detail.primaryKey, detail.schema, detail.table],
  )

  const previewDelete = () => {
    const selection = rowsRestriction(gridApi.current?.selectedRowIds() ?? [])
    if (selection === null || selection.expr === null) return
    const n = selection.rows
    onPreviewDelete({ expr: selection.expr, subject: `${n.toLocaleString()} selected ${n === 1 ? 'row' : 'rows'} of ${detail.className}` })
  }

  const selectedRows = () => {
    const ids = new Set(gridApi.current?.selectedRowIds() ?? [])
    return data.rows.filter((row) => ids.has(row.id)).map((row) => row.values)
  }


  // Foreign-key columns name the table they reference (the first foreign key a column is in: a part's master).
  const parentNames = useClassNames(tabId, useMemo(() => detail.foreignKeys.map((fk) => fk.parentSchema), [detail.foreignKeys]))
  const parentName = useCallback(
    (fk: TableDetail['foreignKeys'][number]) =>
      `${fk.parentSchema === detail.schema ? '' : `${fk.parentSchema}.`}${parentNames.get(`${fk.parentSchema}.${fk.parentTable}`) ?? fk.parentTable}`,
    [parentNames, detail.schema],
  )
  const columns = useMemo(
    () =>
      data.columns.map((column) => {
        const fk = onNavigate === undefined ? undefined : foreignKeysOf(detail.foreignKeys, column.id)[0]
        return fk === undefined ? column : { ...column, references: parentName(fk) }
      }),
    [data.columns, detail.foreignKeys, parentName, onNavigate],
  )

  const pending = usePendingChanges(tabId)
  // A query's result is not a table: its cells are not edited.
  const cellEditing = useCellEditing({ tabId, detail, attributes, rows: data.rows, readOnly })
  const [selectedRowIds, setSelectedRowIds] = useState<readonly string[]>([])
  const [showReferences, setShowReferences] = useState(false)
  // While the panel is open, a selection being dragged asks once it rests; a closed panel opens on the current one.
  const settledRowIds = useDebounced(selectedRowIds, showReferences ? 200 : 0)
  const selection = useMemo(() => (showReferences ? rowsRestriction(settledRowIds) : null), [showReferences, rowsRestriction, settledRowIds])
  const openReference = (reference: Reference) => {
    const rows = selection?.rows ?? 0
    const via = reference.aliased ? ` through ${Object.keys(reference.attributeMap).filter((c) => reference.attributeMap[c] !== c).join(', ')}` : ''
    onNavigate?.({
      schema: reference.schema,
      table: reference.table,
      restriction:
        reference.expr.kind === 'restrict'
          ? { condition: reference.expr.condition, label: `referencing ${rows.toLocaleString()} selected ${detail.className} ${rows === 1 ? 'row' : 'rows'}${via}` }
          : null,
    })
  }

  const [menu, setMenu] = useState<GridContextTarget | null>(null)
  const closeMenu = useCallback(() => setMenu(null), [])
  const notify = (text: string) => {
    setCopied(text)
    window.setTimeout(() => setCopied(null), 2000)
  }
  const menuEntries =
    menu === null
      ? []
      : rowMenuEntries({
          target: menu,
          detail,
          attributes,
          parentName,
          copy: (text, what) => void writeClipboard(text).then(() => notify(`Copied ${what}`)),
          setFilter: data.setFilterText,
          navigate: (entry) => onNavigate?.(entry),
          showReferences: (row) => {
            gridApi.current?.selectRow(row.id)
            setShowReferences(true)
          },
        })

  const startExport = (format: 'csv' | 'json') =>
    void exporter.start({ format, expr: data.expr, orderBy: data.orderBy, name: detail.table, total: data.total?.count ?? null })

  const understood = [...data.filterResults.entries()].flatMap(([column, result]) =>
    result.kind === 'ok' ? [{ column, summary: result.summary }] : [],
  )
  const activeFilters = understood.length + (data.restrictionResult.kind === 'ok' ? 1 : 0)
  const firstRow = data.rows[0]
  const lastRow = data.rows.at(-1)
  // Rows counted from the end (the total is an estimate) have no number from the start to show.
  const rowsText =
    firstRow === undefined || lastRow === undefined
      ? 'No rows'
      : firstRow.label === undefined
        ? `Rows ${(firstRow.index + 1).toLocaleString()}–${(lastRow.index + 1).toLocaleString()}`
        : `Rows ${firstRow.label} … ${lastRow.label ?? ''} (counted from the end)`

  return (
    <div className="table-data">
      <div className="toolbar" role="toolbar" aria-label="Table data">
        <TotalLabel data={data} />
        {activeFilters === 0 ? null : (
          <span className="toolbar-chip">
            <FilterIcon size={12} />
            {activeFilters} {activeFilters === 1 ? 'filter' : 'filters'}
            <button type="button" className="link-btn" onClick={data.clearFilters}>
              Clear
            </button>
          </span>
        )}
        <span className="spacer" />
        {copied === null ? null : (
          <span className="toolbar-note" role="status">
            {copied}
          </span>
        )}
        {/* A query's result is not a table: rows are entered into tables. */}
        {query === undefined ? (
          <DataEntryActions
            tabId={tabId}
            detail={detail}
            attributes={attributes}
            hasSelection={selectedCells > 0}
            selectedRows={selectedRows}
            onOpenTable={(table) => onNavigate?.({ ...table, restriction: null })}
            onOpenRows={(table, condition, label) => onNavigate?.({ ...table, restriction: { condition, label } })}
            restricted={data.filtered ? data.expr : null}
          />
        ) : null}
        <Button
          size="sm"
          variant="ghost"
          icon={<CopyIcon />}
          disabled={selectedCells === 0}
          onClick={() => copy(true)}
          aria-label="Copy"
          title="Copy the selected cells as TSV with a header line (Ctrl/Cmd+C copies without it)"
        >
          <span className="narrow-hidden">Copy</span>
        </Button>
        <Button
          size="sm"
          variant="ghost"
          icon={<DiagramIcon />}
          disabled={selectedCells === 0 || detail.primaryKey.length === 0 || query !== undefined}
          onClick={previewDelete}
          aria-label="Preview delete"
          title="What deleting the selected rows would remove, drawn on the diagram (nothing is deleted)"
        >
          <span className="narrow-hidden">Preview delete</span>
        </Button>
        <Button
          size="sm"
          variant="ghost"
          icon={<ReferencesIcon />}
          aria-pressed={showReferences}
          disabled={detail.primaryKey.length === 0 || onNavigate === undefined}
          onClick={() => setShowReferences((shown) => !shown)}
          aria-label="Referenced by"
          title="The tables that reference the selected rows, with their row counts"
        >
          <span className="wide-only">Referenced by</span>
        </Button>
        <Button
          size="sm"
          variant="ghost"
          icon={<DownloadIcon />}
          onClick={() => startExport('csv')}
          disabled={exporter.state.status === 'running' || exporter.state.status === 'starting'}
          aria-label="Export CSV"
          title="Export this view (filters and order) as CSV"
        >
          <span className="wide-only">Export </span>
          <span>CSV</span>
        </Button>
        <Button
          size="sm"
          variant="ghost"
          icon={<DownloadIcon />}
          onClick={() => startExport('json')}
          disabled={exporter.state.status === 'running' || exporter.state.status === 'starting'}
          aria-label="Export JSON"
          title="Export this view (filters and order) as JSON"
        >
          <span className="wide-only">Export </span>
          <span>JSON</span>
        </Button>
        <Button size="sm" variant="ghost" icon={<RefreshIcon />} onClick={data.retry} aria-label="Reload rows" title="Reload rows" />
      </div>

      {restriction === null ? null : (
        <div className="link-restriction" role="status" aria-label="Followed restriction">
          <LinkIcon size={13} aria-hidden />
          <span>
            Showing <strong>{detail.className}</strong> rows {restriction.label}
          </span>
          <Button size="sm" variant="ghost" onClick={() => onNavigate?.({ schema: detail.schema, table: detail.table, restriction: null })}>
            Show all rows
          </Button>
        </div>
      )}

      <RestrictionBar
        text={data.restrictionText}
        result={data.restrictionResult}
        rejected={data.rejected?.restriction === true ? data.rejected.message : null}
        onChange={data.setRestriction}
      />

      {understood.length === 0 ? null : (
        <ul className="filter-summary" aria-label="Column filters">
          {understood.map(({ column, summary }) => (
            <li key={column} className={data.rejected?.columns.has(column) === true ? 'is-rejected' : undefined}>
              <code>{summary}</code>
              <button
                type="button"
                className="icon-btn"
                aria-label={`Remove the filter on ${column}`}
                title="Remove this filter"
                onClick={() => data.setFilterText(column, '')}
              >
                <CloseIcon size={10} />
              </button>
            </li>
          ))}
        </ul>
      )}

      <QueryStatus data={data} />

      <div className="table-body">
        <div className="table-grid-wrap">
          {columnsOpen ? (
            <ColumnsPanel
              tableName={detail.className}
              columns={attributes.map((a) => a.name)}
              primaryKey={detail.primaryKey}
              layout={data.layout}
              onChange={data.setLayout}
              onClose={closeColumns}
            />
          ) : null}
          {data.page.isError && isTableGone(data.page.error) && query === undefined ? (
            <TableGone tabId={tabId} schema={detail.schema} table={detail.table} className={detail.className} />
          ) : data.page.isError && data.shownPage === undefined ? (
            isLost(data.page.error) ? (
              <div className="center-state muted" role="status">
                <Spinner /> Waiting for the connection; the rows reload when it is back.
              </div>
            ) : (
              <div className="table-error">
                <ErrorCallout error={data.page.error} actions={<Button onClick={data.retry}>Try again</Button>} />
              </div>
            )
          ) : (
            <DataGrid
              label={`${detail.className} rows`}
              columns={columns}
              rows={data.rows}
              sorting={data.sorting}
              onSortingChange={data.onSortingChange}
              renderFilter={(column) => (
                <ColumnFilter
                  column={attributes.find((a) => a.name === column.id) ?? { name: column.id, category: 'other', enumValues: null }}
                  text={data.filterTexts[column.id] ?? ''}
                  result={data.filterResults.get(column.id)}
                  rejected={data.rejected?.columns.has(column.id) === true ? data.rejected.message : null}
                  onChange={(text) => data.setFilterText(column.id, text)}
                />
              )}
              onOpenCell={openCell}
              onSelectionChange={setSelectedCells}
              // Only the references panel follows the selected rows: with it closed, moving around renders nothing here.
              onSelectedRowsChange={showReferences ? setSelectedRowIds : undefined}
              onContextMenu={setMenu}
              onFollow={(row, column) => {
                const fk = foreignKeysOf(detail.foreignKeys, column.id)[0]
                const entry = fk === undefined ? null : parentEntry(fk, attributes, row)
                if (entry !== null) onNavigate?.(entry)
              }}
              stale={data.stale}
              apiRef={gridApi}
              layout={data.layout}
              onVisibleRowsChange={data.onVisibleRowsChange}
              scrollKey={data.scrollKey}
              editing={query === undefined ? cellEditing : undefined}
              corner={
                <IconButton
                  label="Columns"
                  className="grid-columns-btn"
                  data-columns-toggle
                  aria-haspopup="dialog"
                  aria-expanded={columnsOpen}
                  onClick={() => setColumnsOpen((open) => !open)}
                  title="Columns: show, hide, pin and reorder (remembered for this table)"
                >
                  <ColumnsIcon size={14} />
                </IconButton>
              }
              empty={
                data.page.isPending ? (
                  <span className="muted">
                    <Spinner /> Loading rows…
                  </span>
                ) : (
                  <span className="muted">{data.filtered ? 'No rows match the filters.' : 'This table is empty.'}</span>
                )
              }
            />
          )}
        </div>
        {showReferences ? (
          <ReferencesPanel
            tabId={tabId}
            expr={selection?.expr ?? null}
            selectedRows={selection?.rows ?? 0}
            schema={detail.schema}
            onOpen={openReference}
            onClose={() => setShowReferences(false)}
          />
        ) : null}
        {pending.open && query === undefined ? <PendingChangesPanel tabId={tabId} onOpenTable={(table) => onNavigate?.({ ...table, restriction: null })} /> : null}
      </div>

      {menu === null ? null : (
        <ContextMenu
          label={menu.column === null ? `Row ${menu.row.index + 1}` : `Cell ${menu.column.name}, row ${menu.row.index + 1}`}
          x={menu.x}
          y={menu.y}
          entries={menuEntries}
          onClose={closeMenu}
        />
      )}

      <div className="statusbar">
        <span className="statusbar-item">{rowsText}</span>
        {selectedCells > 0 ? (
          <span className="statusbar-item">
            {selectedCells.toLocaleString()} {selectedCells === 1 ? 'cell' : 'cells'} selected
          </span>
        ) : null}
        {data.shownPage === undefined ? null : (
          <span className="statusbar-item muted" title="Time the server took for this page">
            {formatDuration(data.shownPage.elapsedMs)}
          </span>
        )}
        <span className="spacer" />
        <ExactCount data={data} />
        <Pager
          pageSize={data.pageSize}
          state={data.pager}
          onFirst={data.firstPage}
          onPrevious={data.previousPage}
          onNext={data.nextPage}
          onLast={data.lastPage}
          onPageSize={data.setPageSize}
        />
      </div>

      <ExportStatus state={exporter.state} onCancel={exporter.cancel} onDismiss={exporter.dismiss} />

      {viewer === null || query !== undefined ? null : (
        <CellViewer tabId={tabId} schema={detail.schema} table={detail.table} target={viewer} onClose={() => setViewer(null)} />
      )}
    </div>
  )
}

function isLost(error: unknown): boolean {
  return toErrorInfo(error).code === 'LOST_CONNECTION'
}

function TotalLabel({ data }: { readonly data: TableDataState }) {
  if (data.count.isError) return <span className="toolbar-total muted">Total unavailable</span>
  if (data.total === null) {
    return (
      <span className="toolbar-total muted">
        <Spinner size={12} /> Counting…
      </span>
    )
  }
  const { count, estimated } = data.total
  return (
    <span className="toolbar-total" title={estimated ? 'Estimated from the server statistics ("Count exactly" in the status bar counts them)' : undefined}>
      <span>{estimated ? `≈ ${count.toLocaleString()} rows` : `Total: ${count.toLocaleString()}`}</span>
      {data.count.isFetching || data.exactCount.isFetching ? <Spinner size={10} /> : null}
    </span>
  )
}

/** "Count exactly" for a total that is an estimate: the time so far and Cancel while it runs (a COUNT(*) on the server). */
function ExactCount({ data }: { readonly data: TableDataState }) {
  if (data.total === null || !data.total.estimated) return null
  if (data.exactCount.isFetching) {
    return (
      <span className="statusbar-item exact-count" role="status" aria-label="Exact count">
        <span>Counting exactly… {formatDuration(data.countingMs ?? 0)}</span>
        <ProgressBar value={null} label="Counting progress" />
        <Button size="sm" variant="ghost" icon={<StopIcon />} onClick={data.cancelCount} aria-label="Cancel the count">
          Cancel
        </Button>
      </span>
    )
  }
  return (
    <span className="statusbar-item exact-count">
      {data.countCancelled ? <span className="muted">Count cancelled.</span> : null}
      {data.exactCount.isError ? <span className="muted">The count failed.</span> : null}
      <Button size="sm" variant="ghost" onClick={data.countExactly} title="Count the rows with COUNT(*) on the server: a big table can take a while">
        Count exactly
      </Button>
    </span>
  )
}

function QueryStatus({ data }: { readonly data: TableDataState }) {
  if (data.cancelled) {
    return (
      <div className="query-status is-cancelled" role="status">
        Query cancelled.
        <Button size="sm" variant="ghost" onClick={data.retry}>
          Run again
        </Button>
      </div>
    )
  }
  // A lost connection is the tab's banner's business; the rows reload when it is back.
  if (data.rejected !== null) {
    return (
      <div className="query-status-error">
        <ErrorCallout
          error={data.page.error}
          compact
          actions={<span className="muted">What is marked in red was not applied; the rows below are the last ones that loaded.</span>}
        />
      </div>
    )
  }
  // A dropped table is said in the pane itself (TableGone), not as the server's error here.
  if (data.page.isError && data.shownPage !== undefined && !isLost(data.page.error) && !isTableGone(data.page.error)) {
    return (
      <div className="query-status-error">
        <ErrorCallout error={data.page.error} compact actions={<Button size="sm" onClick={data.retry}>Try again</Button>} />
      </div>
    )
  }
  if (data.elapsedMs === null || data.elapsedMs < SLOW_QUERY_MS) return null
  return (
    <div className="query-status" role="status">
      <Spinner size={12} />
      <span>Running query… {formatDuration(data.elapsedMs)}</span>
      <Button size="sm" variant="ghost" icon={<StopIcon />} onClick={data.cancel}>
        Cancel
      </Button>
    </div>
  )
}
