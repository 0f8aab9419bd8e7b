import { useQuery } from '@tanstack/react-query'
import { useState, type ReactNode } from 'react'
import { Button } from '../../../components/button'
import { ErrorCallout } from '../../../components/error-callout'
import { CodeIcon, DiagramIcon, TableIcon } from '../../../components/icons'
import { Spinner } from '../../../components/spinner'
import { DiagramView } from '../../diagram'
import { usePrefetchOpeningPage } from '../hooks/use-table-data'
import { tableDetailQuery } from '../queries'
import type { LinkRestriction, NavEntry } from '../follow'
import type { DeletePreview } from './browser'
import { DefinitionPane } from './definition-pane'
import type { TableRef } from './schema-tree'
import { TableData } from './table-data'
import { TableGone, isTableGone } from './table-gone'
import { TierBadge } from './tier-badge'

export interface TableViewProps {
  readonly tabId: string
  readonly schema: string
  readonly table: string
  /** Opens another table (from the Diagram pane). */
  readonly onOpenTable: (table: TableRef) => void
  readonly onPreviewDelete: (preview: DeletePreview) => void
  /** The rows a navigation led to, or null for the whole table. */
  readonly restriction: LinkRestriction | null
  readonly onNavigate: (entry: NavEntry) => void
  /** Back and forward, before the title. */
  readonly navigation: ReactNode
  /** Opens a new query starting from this table (the query builder). */
  readonly onNewQuery?: ((table: TableRef) => void) | undefined
  /** The connection tab is read-only. */
  readonly readOnly?: boolean
}

type Pane = 'data' | 'definition' | 'diagram'

/** One table: its title, and the Data and Definition panes. */
export function TableView({ tabId, schema, table, onOpenTable, onPreviewDelete, restriction, onNavigate, navigation, onNewQuery, readOnly = false }: TableViewProps) {
  const detail = useQuery(tableDetailQuery(tabId, schema, table))
  usePrefetchOpeningPage(tabId, schema, table, restriction !== null)
  const [pane, setPane] = useState<Pane>('data')
  const [diagramSelection, setDiagramSelection] = useState<TableRef | null>({ schema, table })
  const idBase = `tv-${tabId}`

  if (detail.isPending) {
    return (
      <div className="center-state">
        <Spinner /> Loading {schema}.{table}…
      </div>
    )
  }
  if (detail.isError && isTableGone(detail.error)) {
    return (
      <div className="center-state">
        <TableGone tabId={tabId} schema={schema} table={table} className={null} />
      </div>
    )
  }
  if (detail.isError) {
    return (
      <div className="center-state">
        <ErrorCallout error={detail.error} actions={<Button onClick={() => void detail.refetch()}>Try again</Button>} />
      </div>
    )
  }
  const d = detail.data
  return (
    <section className="table-view" aria-label={`Table ${d.className}`}>
      <header className="table-head">
        <div className="table-title-row">
          {navigation}
          <TierBadge tier={d.tier} withLabel />
          <h1 className="table-title">{d.className}</h1>
          <span className="table-sqlname mono" title="Schema and SQL table name">
            {d.schema}.{d.table}
          </span>
          {onNewQuery === undefined ? null : (
            <Button size="sm" variant="ghost" icon={<CodeIcon />} className="table-new-query" onClick={() => onNewQuery({ schema, table })}>
              New query
            </Button>
          )}
        </div>
        {d.comment === '' ? null : <p className="table-comment">{d.comment}</p>}
        <div className="pane-tabs" role="tablist" aria-label="Table view">
          <button
            type="button"
            role="tab"
            id={`${idBase}-data`}
            aria-selected={pane === 'data'}
            aria-controls={`${idBase}-data-panel`}
            className="pane-tab"
            onClick={() => setPane('data')}
          >
            <TableIcon size={14} /> Data
          </button>
          <button
            type="button"
            role="tab"
            id={`${idBase}-definition`}
            aria-selected={pane === 'definition'}
            aria-controls={`${idBase}-definition-panel`}
            className="pane-tab"
            onClick={() => setPane('definition')}
          >
            <CodeIcon size={14} /> Definition
          </button>
          <button
            type="button"
            role="tab"
            id={`${idBase}-diagram`}
            aria-selected={pane === 'diagram'}
            aria-controls={`${idBase}-diagram-panel`}
            className="pane-tab"
            onClick={() => setPane('diagram')}
          >
            <DiagramIcon size={14} /> Diagram
          </button>
        </div>
      </header>
      <div
        className="pane-panel"
        role="tabpanel"
        id={`${idBase}-data-panel`}
        aria-labelledby={`${idBase}-data`}
        hidden={pane !== 'data'}
      >
        <TableData tabId={tabId} detail={d} onPreviewDelete={onPreviewDelete} restriction={restriction} onNavigate={onNavigate} readOnly={readOnly} />
      </div>
      {pane === 'definition' ? (
        <div className="pane-panel pane-scroll" role="tabpanel" id={`${idBase}-definition-panel`} aria-labelledby={`${idBase}-definition`}>
          <DefinitionPane tabId={tabId} detail={d} onOpenTable={onOpenTable} />
        </div>
      ) : null}
      {pane === 'diagram' ? (
        <div className="pane-panel" role="tabpanel" id={`${idBase}-diagram-panel`} aria-labelledby={`${idBase}-diagram`}>
          <DiagramView
            tabId={tabId}
            initialView={{
              schemas: [],
              tables: [{ schema, table }],
              steps: [
                { op: 'parents', table: { schema, table } },
                { op: 'children', table: { schema, table } },
              ],
              collapsed: [],
            }}
            selected={diagramSelection}
            onSelect={setDiagramSelection}
            onOpenTable={onOpenTable}
            onPreviewDelete={(ref, className) => onPreviewDelete({ expr: { kind: 'table', schema: ref.schema, table: ref.table }, subject: `every row of ${className}` })}
          />
        </div>
      ) : null}
    </section>
  )
}
