// One drawn diagram: the graph mapped to DataJoint's visual language, laid out off the UI thread, on a React Flow
// canvas (pan, zoom, fit, minimap), with hover cards, click-to-highlight, find-and-fly, and SVG/PNG export. The
// schema diagram and the cascade preview both draw through it.

import { useQuery } from '@tanstack/react-query'
import { Background, Controls, MiniMap, ReactFlow, ReactFlowProvider, useReactFlow, type NodeMouseHandler } from '@xyflow/react'
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react'
import type { WireDiagramGraph } from '../../../../electron/ipc/contract'
import { ErrorCallout } from '../../../components/error-callout'
import { Spinner } from '../../../components/spinner'
import { download } from '../../../lib/download'
import { invoke } from '../../../lib/ipc'
import { queryKeys } from '../../../lib/query-keys'
import { neighboursOf, toDiagramModel, type DiagramModel, type DiagramViewNode } from '../diagram-model'
import { diagramSvg } from '../diagram-svg'
import { useDiagramLayout } from '../hooks/use-diagram-layout'
import { useDocumentTheme } from '../hooks/use-document-theme'
import type { DiagramLayout, FlowDirection } from '../layout'
import { measureText } from '../measure-text'
import { PALETTES, STYLE_LABELS } from '../palette'
import { EDGE_TYPES, NODE_TYPES, type DiagramFlowNode, type Emphasis, type ForeignKeyFlowEdge } from './diagram-nodes'
import { DiagramLegend } from './diagram-legend'

export interface DiagramCanvasProps {
  readonly tabId: string
  readonly graph: WireDiagramGraph
  readonly direction: FlowDirection
  /** The accessible name of the canvas region. */
  readonly label: string
  /** File name for exports, without extension. */
  readonly exportName: string
  readonly selectedId: string | null
  readonly onSelect: (node: DiagramViewNode | null) => void
  readonly onOpen: (node: DiagramViewNode) => void
  /** The cascade preview: per node id, the line shown under its label, and the nodes it affects. */
  readonly badges?: ReadonlyMap<string, string>
  /** Extra export formats (Mermaid), shown beside SVG and PNG. */
  readonly extraExports?: ReactNode
  /** Toolbar content before the canvas's own controls. */
  readonly toolbar?: ReactNode
  /** Content over the canvas's top-right corner (the selection's actions). */
  readonly overlay?: ReactNode
  /** Whether the legend starts open (default: where the window has room for it). */
  readonly legendOpen?: boolean
}

/** Above this many tables only what is on screen is rendered, and the first view shows the top left corner. */
const VISIBLE_ONLY_ABOVE = 250
const FIRST_VIEW_ZOOM = 0.85

export function DiagramCanvas(props: DiagramCanvasProps) {
  return (
    <ReactFlowProvider>
      <CanvasInner {...props} />
    </ReactFlowProvider>
  )
}

function CanvasInner({ tabId, graph, direction, label, exportName, selectedId, onSelect, onOpen, badges, extraExports, toolbar, overlay, legendOpen }: DiagramCanvasProps) {
  const theme = useDocumentTheme()
  const options = useMemo(() => ({ badgeLine: badges !== undefined, groupParts: graph.nodes.length <= VISIBLE_ONLY_ABOVE }), [badges, graph])
  const model = useMemo(() => toDiagramModel(graph, theme, measureText, options), [graph, theme, options])
  // Colours change with the theme, the layout does not: lay out per graph and direction only.
  const shape = useMemo(() => toDiagramModel(graph, 'light', measureText, options), [graph, options])
  const layoutState = useDiagramLayout(shape, direction)
  const layout = layoutState.status === 'done' ? layoutState.layout : null
  const laidOutGraph = layoutState.status === 'done' ? layoutState.model : null
  const current = layout !== null && laidOutGraph === shape
  const flow = useReactFlow()
  const [hover, setHover] = useState<{ node: DiagramViewNode; x: number; y: number } | null>(null)
  const hoverTimer = useRef<number | null>(null)
  const regionRef = useRef<HTMLDivElement>(null)

  const emphasis = useMemo(() => {
    if (selectedId === null) return null
    return neighboursOf(model, selectedId)
  }, [model, selectedId])

  const nodes = useMemo(() => (layout === null ? [] : flowNodes(model, layout, emphasis, badges)), [model, layout, emphasis, badges])
  const edges = useMemo(() => (layout === null ? [] : flowEdges(model, layout, emphasis)), [model, layout, emphasis])

  // Fit each new layout into view (keep the user's viewport when only the highlight changes). A large diagram
  // opens on its top left corner at a readable size instead: all of it would be unreadably small, and every node
  // would be on screen and rendered. The minimap and "fit view" show the whole.
  const fittedLayout = useRef<DiagramLayout | null>(null)
  useEffect(() => {
    if (layout === null || fittedLayout.current === layout) return
    fittedLayout.current = layout
    if (model.nodes.length <= VISIBLE_ONLY_ABOVE) {
      window.requestAnimationFrame(() => void flow.fitView({ padding: 0.08, maxZoom: 1.1, duration: 0 }))
      return
    }
    const boxes = [...layout.nodes.values()]
    const left = Math.min(...boxes.map((b) => b.x))
    const top = Math.min(...boxes.map((b) => b.y))
    window.requestAnimationFrame(() => void flow.setViewport({ x: 24 - left * FIRST_VIEW_ZOOM, y: 24 - top * FIRST_VIEW_ZOOM, zoom: FIRST_VIEW_ZOOM }))
  }, [layout, flow, model])

  const flyTo = useCallback(
    (id: string) => void flow.fitView({ nodes: [{ id }], padding: 0.6, maxZoom: 1.2, duration: 350 }),
    [flow],
  )
  // A selection made elsewhere (the tree, the search) brings the node into view.
  const flownTo = useRef<string | null>(null)
  useEffect(() => {
    if (selectedId === null || layout === null || !layout.nodes.has(selectedId) || flownTo.current === selectedId) return
    flownTo.current = selectedId
    flyTo(selectedId)
  }, [selectedId, layout, flyTo])

  const onNodeClick: NodeMouseHandler<DiagramFlowNode> = (_, node) => {
    if (node.type !== 'table') return
    flownTo.current = node.id
    onSelect(node.data.node)
  }
  const onNodeDoubleClick: NodeMouseHandler<DiagramFlowNode> = (_, node) => {
    if (node.type === 'table') onOpen(node.data.node)
  }
  const clearHover = () => {
    if (hoverTimer.current !== null) window.clearTimeout(hoverTimer.current)
    hoverTimer.current = null
    setHover(null)
  }
  const onNodeMouseEnter: NodeMouseHandler<DiagramFlowNode> = (event, node) => {
    if (node.type !== 'table' || node.data.node.kind !== 'table') return
    clearHover()
    const target = node.data.node
    const bounds = regionRef.current?.getBoundingClientRect()
    const x = event.clientX - (bounds?.left ?? 0)
    const y = event.clientY - (bounds?.top ?? 0)
    hoverTimer.current = window.setTimeout(() => setHover({ node: target, x, y }), 350)
  }
  useEffect(() => clearHover, [])

  const [found, setFound] = useState('')
  const onFind = (text: string) => {
    setFound(text)
    const wanted = text.trim().toLowerCase()
    const match = model.nodes.find((n) => n.className.toLowerCase() === wanted || n.table?.toLowerCase() === wanted || n.id.toLowerCase() === wanted)
    if (match === undefined) return
    flownTo.current = match.id
    flyTo(match.id)
    onSelect(match)
  }

  const exportSvg = () => {
    if (layout === null) return
    download([diagramSvg(model, layout, { title: label, ...(badges === undefined ? {} : { badges }) })], 'image/svg+xml', `${exportName}.svg`)
  }
  const exportPng = () => {
    if (layout === null) return
    void svgToPng(diagramSvg(model, layout, badges === undefined ? {} : { badges }), layout).then((blob) => download([blob], 'image/png', `${exportName}.png`))
  }

  const tableCount = model.nodes.length
  const state = layoutState.status === 'error' ? 'error' : current ? 'ready' : 'layout'
  return (
    <section
      className="diagram-canvas"
      aria-label={label}
      data-diagram-state={state}
      data-layout-ms={layoutState.status === 'done' ? Math.round(layoutState.ms) : undefined}
      data-layout-cached={layoutState.status === 'done' ? String(layoutState.cached) : undefined}
      data-theme-palette={theme}
    >
      <div className="diagram-toolbar" role="toolbar" aria-label="Diagram tools">
        {toolbar}
        <span className="spacer" />
        <label className="diagram-find">
          <span className="sr-only">Find a table in the diagram</span>
          <input
            type="search"
            list={`${exportName}-tables`}
            placeholder="Find a table…"
            value={found}
            onChange={(event) => onFind(event.target.value)}
            spellCheck={false}
          />
          <datalist id={`${exportName}-tables`}>
            {model.nodes.map((n) => (n.kind === 'table' ? <option key={n.id} value={n.className} /> : null))}
          </datalist>
        </label>
        <span className="diagram-export" role="group" aria-label="Export the diagram">
          <button type="button" className="btn btn-ghost btn-sm" onClick={exportSvg} disabled={layout === null}>
            SVG
          </button>
          <button type="button" className="btn btn-ghost btn-sm" onClick={exportPng} disabled={layout === null}>
            PNG
          </button>
          {extraExports}
        </span>
      </div>
      <div className="diagram-region" ref={regionRef} style={{ background: PALETTES[theme].background }} onMouseLeave={clearHover}>
        {layoutState.status === 'error' ? (
          <div className="center-state">
            <ErrorCallout error={layoutState.error} />
          </div>
        ) : tableCount === 0 ? (
          <div className="center-state muted">Nothing to draw: no tables here yet.</div>
        ) : (
          <>
            <ReactFlow<DiagramFlowNode, ForeignKeyFlowEdge>
              nodes={nodes}
              edges={edges}
              nodeTypes={NODE_TYPES}
              edgeTypes={EDGE_TYPES}
              colorMode={theme}
              minZoom={0.04}
              maxZoom={2.5}
              nodesDraggable={false}
              nodesConnectable={false}
              elementsSelectable
              elevateNodesOnSelect={false}
              onlyRenderVisibleElements={tableCount > VISIBLE_ONLY_ABOVE}
              onNodeClick={onNodeClick}
              onNodeDoubleClick={onNodeDoubleClick}
              onNodeMouseEnter={onNodeMouseEnter}
              onNodeMouseLeave={clearHover}
              onPaneClick={() => onSelect(null)}
              // Only the user's own panning and zooming hide the card, not a flight to a selection.
              onMoveStart={(event) => {
                regionRef.current?.setAttribute('data-moving', '')
                if (event !== null) clearHover()
              }}
              onMoveEnd={() => regionRef.current?.removeAttribute('data-moving')}
              zoomOnDoubleClick={false}
              proOptions={{ hideAttribution: true }}
            >
              <Background gap={24} size={1} color={theme === 'dark' ? '#222833' : '#eceef2'} />
              <Controls showInteractive={false} position="bottom-right" />
              <MiniMap<DiagramFlowNode>
                position="bottom-left"
                pannable
                zoomable
                ariaLabel="Diagram overview"
                style={{ width: 168, height: 112 }}
                nodeColor={(node) => (node.type === 'table' ? node.data.node.colors.stroke : 'transparent')}
                nodeStrokeColor={(node) => (node.type === 'cluster' && node.data.kind === 'schema' ? PALETTES[theme].clusterStroke : 'transparent')}
                bgColor={PALETTES[theme].background}
              />
            </ReactFlow>
            <DiagramLegend theme={theme} initiallyOpen={legendOpen ?? window.innerWidth >= 1280} unknown={model.nodes.some((n) => n.style === 'unknown')} />
            {overlay}
            {current ? null : (
              <div className="diagram-busy" role="status">
                <Spinner size={14} /> Laying out {tableCount.toLocaleString()} {tableCount === 1 ? 'table' : 'tables'}…
              </div>
            )}
            {hover === null ? null : <HoverCard tabId={tabId} node={hover.node} x={hover.x} y={hover.y} />}
          </>
        )}
      </div>
    </section>
  )
}

function flowNodes(
  model: DiagramModel,
  layout: DiagramLayout,
  emphasis: { nodes: Set<string> } | null,
  badges: ReadonlyMap<string, string> | undefined,
): DiagramFlowNode[] {
  const result: DiagramFlowNode[] = []
  for (const cluster of model.clusters) {
    const box = layout.clusters.get(cluster.id)
    if (box === undefined) continue
    result.push({
      id: cluster.id,
      type: 'cluster',
      position: { x: box.x, y: box.y },
      width: box.width,
      height: box.height,
      data: { label: cluster.label, kind: cluster.kind },
      selectable: false,
      draggable: false,
      focusable: false,
      zIndex: cluster.kind === 'schema' ? -2 : -1,
      style: { pointerEvents: 'none' },
    })
  }
  for (const node of model.nodes) {
    const box = layout.nodes.get(node.id)
    if (box === undefined) continue
    const badge = badges?.get(node.id) ?? null
    let state: Emphasis = badges === undefined ? 'normal' : badge === null ? 'dim' : 'affected'
    if (emphasis !== null) state = emphasis.nodes.has(node.id) ? 'focus' : 'dim'
    // "Not a DataJoint table" already says table.
    const tier = node.style === 'unknown' ? STYLE_LABELS.unknown : `${STYLE_LABELS[node.style]} table`
    const kind = node.kind === 'collapsed' ? `collapsed schema, ${node.label}` : `${tier}${node.external ? ` of schema ${node.schema}` : ''}`
    result.push({
      id: node.id,
      type: 'table',
      position: { x: box.x, y: box.y },
      width: box.width,
      height: box.height,
      data: { node, emphasis: state, badge },
      draggable: false,
      ariaRole: 'button',
      ariaLabel: `${node.kind === 'collapsed' ? node.schema : node.className} (${kind})`,
    })
  }
  return result
}

function flowEdges(model: DiagramModel, layout: DiagramLayout, emphasis: { edges: Set<string> } | null): ForeignKeyFlowEdge[] {
  return model.edges.map((edge) => ({
    id: edge.id,
    source: edge.source,
    target: edge.target,
    type: 'foreignKey',
    selectable: false,
    focusable: false,
    data: {
      edge,
      points: layout.edges.get(edge.id) ?? [],
      emphasis: emphasis === null ? 'normal' : emphasis.edges.has(edge.id) ? 'focus' : 'dim',
    },
  }))
}

/** Rasterises the SVG at up to twice its size, within what a canvas can hold. */
async function svgToPng(svg: string, layout: DiagramLayout): Promise<Blob> {
  const width = layout.width + 32
  const height = layout.height + 32
  const scale = Math.min(2, 16_000 / width, 16_000 / height, Math.sqrt(120_000_000 / (width * height)))
  const image = new Image()
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`
  await image.decode()
  const canvas = document.createElement('canvas')
  canvas.width = Math.max(1, Math.floor(width * scale))
  canvas.height = Math.max(1, Math.floor(height * scale))
  const context = canvas.getContext('2d')
  if (context === null) throw new Error('This window cannot draw a PNG.')
  context.drawImage(image, 0, 0, canvas.width, canvas.height)
  return new Promise((resolve, reject) => canvas.toBlob((blob) => (blob === null ? reject(new Error('The PNG could not be made.')) : resolve(blob)), 'image/png'))
}

/** A table's definition, primary key and row count, shown while the pointer rests on it. */
function HoverCard({ tabId, node, x, y }: { readonly tabId: string; readonly node: DiagramViewNode; readonly x: number; readonly y: number }) {
  const schema = node.schema
  const table = node.table ?? ''
  const detail = useQuery({
    queryKey: queryKeys.tableDetail(tabId, schema, table),
    queryFn: () => invoke('table.detail', { tabId, schema, table }),
  })
  const count = useQuery({
    queryKey: [...queryKeys.tab(tabId), 'diagram-count', schema, table],
    queryFn: () => invoke('table.rowCounts', { tabId, schema, tables: [table], estimate: true }),
    staleTime: 60_000,
  })
  const rows = count.data?.[table]
  return (
    <div className="diagram-hover" role="tooltip" style={{ left: x + 14, top: y + 14 }}>
      <div className="diagram-hover-head">
        <span className="diagram-hover-swatch" style={{ background: node.colors.fill, borderColor: node.colors.stroke }} />
        <strong>{node.className}</strong>
        <span className="muted">{STYLE_LABELS[node.style]}</span>
        <span className="spacer" />
        <span className="diagram-hover-rows">
          {rows === undefined ? '…' : `${rows.estimated ? '≈ ' : ''}${rows.count.toLocaleString()} ${rows.count === 1 ? 'row' : 'rows'}`}
        </span>
      </div>
      <div className="diagram-hover-name mono">
        {schema}.{table}
      </div>
      {detail.data === undefined ? (
        <div className="muted">{detail.isError ? 'The definition could not be read.' : 'Reading the definition…'}</div>
      ) : (
        <>
          <div className="diagram-hover-key">
            Key: {detail.data.primaryKey.length === 0 ? <em>none (one row at most)</em> : detail.data.primaryKey.map((k) => <code key={k}>{k}</code>)}
          </div>
          <pre className="diagram-hover-definition">{detail.data.definition.trim()}</pre>
        </>
      )}
    </div>
  )
}
