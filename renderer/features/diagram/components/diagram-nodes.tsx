// The canvas's node and edge components: tables in their tier's shape and colours, collapsed schemas, the
// schema and master–part clusters behind them, and foreign keys along ELK's routes. React Flow renders only
// those on screen.

import { Handle, Position, type EdgeProps, type Node, type NodeProps, type Edge } from '@xyflow/react'
import { memo, type CSSProperties } from 'react'
import { THICK_EDGE, THIN_EDGE, type DiagramViewEdge, type DiagramViewNode } from '../diagram-model'
import { roundedPath, type Point } from '../layout'

/** How a node looks beyond its style: the click's highlight and the cascade preview's counts. */
export type Emphasis = 'normal' | 'dim' | 'focus' | 'affected'

export type TableNodeData = {
  readonly node: DiagramViewNode
  readonly emphasis: Emphasis
  /** The cascade preview: rows this table would lose. */
  readonly badge: string | null
}
export type ClusterNodeData = { readonly label: string; readonly kind: 'schema' | 'entity' }
export type ForeignKeyEdgeData = { readonly edge: DiagramViewEdge; readonly points: readonly Point[]; readonly emphasis: Emphasis }

export type TableFlowNode = Node<TableNodeData, 'table'>
export type ClusterFlowNode = Node<ClusterNodeData, 'cluster'>
export type DiagramFlowNode = TableFlowNode | ClusterFlowNode
export type ForeignKeyFlowEdge = Edge<ForeignKeyEdgeData, 'foreignKey'>

// Edges follow ELK's routes, not the handles; the handles only let React Flow know which nodes an edge joins.
const HIDDEN_HANDLE: CSSProperties = { opacity: 0, pointerEvents: 'none', width: 1, height: 1, minWidth: 0, minHeight: 0, border: 0 }

export const TableNode = memo(function TableNode({ data }: NodeProps<TableFlowNode>) {
  const { node, emphasis, badge } = data
  const style = {
    '--node-fill': node.colors.fill,
    '--node-stroke': node.colors.stroke,
    '--node-text': node.colors.text,
    fontSize: node.fontSize,
  } as CSSProperties
  const classes = ['dj-node', `dj-shape-${node.shape}`, `dj-emphasis-${emphasis}`]
  if (node.external) classes.push('is-external')
  return (
    <div className={classes.join(' ')} style={style}>
      <Handle type="target" position={Position.Left} style={HIDDEN_HANDLE} isConnectable={false} />
      {node.kind === 'collapsed' ? (
        <span className="dj-node-text">
          <span className="dj-node-schema">{node.schema}</span>
          <span className="dj-node-sub">{node.label}</span>
        </span>
      ) : (
        <span className="dj-node-text">
          <span className={node.underline ? 'dj-node-label is-distinguished' : 'dj-node-label'}>{node.label}</span>
          {badge === null ? null : <span className="dj-node-badge">{badge}</span>}
        </span>
      )}
      <Handle type="source" position={Position.Right} style={HIDDEN_HANDLE} isConnectable={false} />
    </div>
  )
})

export const ClusterNode = memo(function ClusterNode({ data }: NodeProps<ClusterFlowNode>) {
  return <div className={`dj-cluster dj-cluster-${data.kind}`}>{data.kind === 'schema' ? <span className="dj-cluster-label">{data.label}</span> : null}</div>
})

export const ForeignKeyEdge = memo(function ForeignKeyEdge({ data }: EdgeProps<ForeignKeyFlowEdge>) {
  if (data === undefined) return null
  const { edge, points, emphasis } = data
  const path = roundedPath(points)
  const style: CSSProperties = {
    stroke: edge.color,
    strokeOpacity: emphasis === 'dim' ? edge.opacity * 0.25 : emphasis === 'focus' ? 1 : edge.opacity,
    strokeWidth: (edge.thick ? THICK_EDGE : THIN_EDGE) + (emphasis === 'focus' ? 0.75 : 0),
    ...(edge.dashed ? { strokeDasharray: '6 4' } : {}),
  }
  return (
    <g className={`dj-edge${edge.renamed ? ' is-renamed' : ''}`}>
      <path d={path} fill="none" style={style} />
      {/* A wide invisible stroke makes the thin line easy to hover for its renaming. */}
      <path d={path} fill="none" stroke="transparent" strokeWidth={12}>
        <title>{edge.renames === null ? `${edge.source} → ${edge.target}` : `Renamed: ${edge.renames}`}</title>
      </path>
    </g>
  )
})

export const NODE_TYPES = { table: TableNode, cluster: ClusterNode }
export const EDGE_TYPES = { foreignKey: ForeignKeyEdge }
