// The schema diagram of one connection: whole schemas, or a table's neighbourhood, refined with DataJoint's
// diagram algebra from the selected node (one more generation of parents or children, hide, collapse a schema
// into one node and expand it again), in either flow direction, with Mermaid export beside SVG and PNG.

import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import type { DiagramView as DiagramViewSpec } from '../../../../electron/ipc/contract'
import { Button } from '../../../components/button'
import { ErrorCallout } from '../../../components/error-callout'
import { Spinner } from '../../../components/spinner'
import { download } from '../../../lib/download'
import { invoke } from '../../../lib/ipc'
import type { DiagramViewNode } from '../diagram-model'
import type { FlowDirection } from '../layout'
import { STYLE_LABELS } from '../palette'
import { diagramGraphQuery } from '../queries'
import { DiagramCanvas } from './diagram-canvas'
import { DirectionToggle } from './direction-toggle'
import { SchemaPicker } from './schema-picker'

export interface TableRef {
  readonly schema: string
  readonly table: string
}

export interface DiagramViewProps {
  readonly tabId: string
  /** What is drawn first; the user's steps refine it. */
  readonly initialView: DiagramViewSpec
  /** The table selected elsewhere (the schema tree): selected and brought into view here too. */
  readonly selected: TableRef | null
  readonly onSelect: (table: TableRef) => void
  readonly onOpenTable: (table: TableRef) => void
  readonly onPreviewDelete: (table: TableRef, className: string) => void
  /** Starts a query from the selected table (the query builder). */
  readonly onNewQuery?: ((table: TableRef) => void) | undefined
}

export function DiagramView({ tabId, initialView, selected, onSelect, onOpenTable, onPreviewDelete, onNewQuery }: DiagramViewProps) {
  const [view, setView] = useState(initialView)
  const [direction, setDirection] = useState<FlowDirection>('LR')
  const [collapsedSelection, setCollapsedSelection] = useState<string | null>(null)
  const graph = useQuery({ ...diagramGraphQuery(tabId, view), placeholderData: keepPreviousData })

  const selectedNode =
    graph.data?.nodes.find((n) => n.kind === 'table' && selected !== null && n.schema === selected.schema && n.table === selected.table) ?? null
  const selectedId = collapsedSelection ?? selectedNode?.name ?? null
  const select = (node: DiagramViewNode | null) => {
    if (node?.kind === 'collapsed') {
      setCollapsedSelection(node.id)
      return
    }
    setCollapsedSelection(null)
    if (node?.table != null) onSelect({ schema: node.schema, table: node.table })
  }

  const step = (op: 'parents' | 'children' | 'hide', table: TableRef) => setView((v) => ({ ...v, steps: [...v.steps, { op, table }] }))
  const setCollapsed = (schema: string, collapsed: boolean) => {
    setCollapsedSelection(null)
    setView((v) => ({ ...v, collapsed: collapsed ? [...new Set([...v.collapsed, schema])] : v.collapsed.filter((s) => s !== schema) }))
  }
  const title = view.schemas.length > 0 ? view.schemas.join(', ') : view.tables.map((t) => `${t.schema}.${t.table}`).join(', ')
  const exportName = `diagram-${title.replace(/[^A-Za-z0-9_.-]+/g, '_').slice(0, 80)}`
  const exportMermaid = async () => {
    const { text } = await invoke('diagram.mermaid', { tabId, view, direction })
    download([text], 'text/plain', `${exportName}.mmd`)
  }

  if (graph.isPending) {
    return (
      <div className="center-state">
        <Spinner /> Reading the dependencies of {title}…
      </div>
    )
  }
  if (graph.isError && graph.data === undefined) {
    return (
      <div className="center-state">
        <ErrorCallout error={graph.error} actions={<Button onClick={() => void graph.refetch()}>Try again</Button>} />
      </div>
    )
  }
  const data = graph.data
  if (data === undefined) return null

  const selectedRef = selectedNode?.kind === 'table' ? { schema: selectedNode.schema, table: selectedNode.table } : null
  const collapsedNode = collapsedSelection === null ? undefined : data.nodes.find((n) => n.name === collapsedSelection)
  const overlay =
    collapsedNode !== undefined ? (
      <div className="diagram-selection" role="region" aria-label="Selected schema">
        <div className="diagram-selection-title">
          <strong>{collapsedNode.schema}</strong>
          <span className="muted">collapsed schema</span>
        </div>
        <div className="diagram-selection-actions">
          <Button size="sm" variant="primary" onClick={() => setCollapsed(collapsedNode.schema, false)}>
            Expand schema
          </Button>
        </div>
      </div>
    ) : selectedRef !== null && selectedNode !== null && selectedNode.kind === 'table' ? (
      <div className="diagram-selection" role="region" aria-label="Selected table">
        <div className="diagram-selection-title">
          <strong>{selectedNode.className}</strong>
          <span className="muted">{selectedNode.tier === null ? STYLE_LABELS.unknown : STYLE_LABELS[selectedNode.tier]}</span>
        </div>
        <div className="diagram-selection-name mono">
          {selectedNode.schema}.{selectedNode.table}
        </div>
        <div className="diagram-selection-actions">
          <Button size="sm" variant="primary" onClick={() => onOpenTable(selectedRef)}>
            Open data
          </Button>
          {onNewQuery === undefined ? null : (
            <Button size="sm" onClick={() => onNewQuery(selectedRef)}>
              New query
            </Button>
          )}
          <Button size="sm" onClick={() => step('parents', selectedRef)} title="Add one generation of parents (DataJoint's d - 1)">
            Add parents
          </Button>
          <Button size="sm" onClick={() => step('children', selectedRef)} title="Add one generation of children (DataJoint's d + 1)">
            Add children
          </Button>
          <Button size="sm" onClick={() => step('hide', selectedRef)}>
            Hide
          </Button>
          {view.schemas.includes(selectedNode.schema) ? (
            <Button size="sm" onClick={() => setCollapsed(selectedNode.schema, true)}>
              Collapse schema
            </Button>
          ) : null}
          <Button size="sm" variant="danger" onClick={() => onPreviewDelete(selectedRef, selectedNode.className)}>
            Preview delete
          </Button>
        </div>
      </div>
    ) : null

  const toolbar = (
    <>
      <span className="diagram-title">
        Diagram · <strong>{title}</strong>
      </span>
      {graph.isFetching ? <Spinner size={12} /> : null}
      <SchemaPicker
        tabId={tabId}
        shown={view.schemas}
        collapsed={view.collapsed}
        onShow={(schema, shown) =>
          setView((v) => ({ ...v, schemas: shown ? [...v.schemas, schema] : v.schemas.filter((s) => s !== schema), collapsed: v.collapsed.filter((s) => s !== schema || shown) }))
        }
        onCollapse={setCollapsed}
      />
      <DirectionToggle value={direction} onChange={setDirection} />
      {view.steps.length > 0 || view.collapsed.length !== initialView.collapsed.length ? (
        <Button size="sm" variant="ghost" onClick={() => setView(initialView)}>
          Reset view
        </Button>
      ) : null}
      {graph.isError ? <ErrorCallout error={graph.error} compact /> : null}
    </>
  )

  return (
    <DiagramCanvas
      tabId={tabId}
      graph={data}
      direction={direction}
      label={`Diagram of ${title}`}
      exportName={exportName}
      selectedId={selectedId}
      onSelect={select}
      onOpen={(node) => (node.table === null ? setCollapsed(node.schema, false) : onOpenTable({ schema: node.schema, table: node.table }))}
      toolbar={toolbar}
      overlay={overlay}
      extraExports={
        <button type="button" className="btn btn-ghost btn-sm" onClick={() => void exportMermaid()}>
          Mermaid
        </button>
      }
    />
  )
}
