// The diagram model as an ELK graph (layered, one flow direction, schemas and master–part groups as nested
// clusters) and ELK's answer read back as absolute boxes and edge routes. ELK itself runs in the main process's
// layout worker (electron/services/diagram-layout.ts); these two conversions are pure and cheap.

import type { ElkGraphInput, WireLayout } from '../../../electron/ipc/contract'
import type { DiagramModel } from './diagram-model'

export type FlowDirection = 'LR' | 'TB'

export interface Box {
  readonly x: number
  readonly y: number
  readonly width: number
  readonly height: number
}

export interface Point {
  readonly x: number
  readonly y: number
}

export interface DiagramLayout {
  readonly nodes: ReadonlyMap<string, Box>
  readonly clusters: ReadonlyMap<string, Box>
  /** Each edge's route from the parent to the child, bends included. */
  readonly edges: ReadonlyMap<string, readonly Point[]>
  readonly width: number
  readonly height: number
}

/**
 * Above this many nodes the layout trades polish for time: ELK's crossing minimisation does one sweep instead of
 * seven, edges into one node share their last stretch (ELK's merged edges), and a hub's edges beyond its first few
 * are routed after the layout (see HUB_CHILDREN). At 2,000 tables this takes the layout from over a minute to
 * about a second.
 */
const LARGE = 250
/**
 * A table with more children than this (a lookup every module references) is a hub: ELK places it by its first
 * children only, and its other edges run from it along a shared trunk. ELK would otherwise route each of its
 * hundreds of edges through every layer it crosses, which is most of a large layout's time.
 */
const HUB_CHILDREN = 24
export const CLUSTER_LABEL_HEIGHT = 24

const SCHEMA_PADDING = { top: CLUSTER_LABEL_HEIGHT + 10, side: 16 }

/**
 * One schema and no master groups lays out flat (ELK's hierarchy handling costs several times the time), the
 * schema's frame then drawn around its tables.
 */
const isFlat = (model: DiagramModel): boolean => model.clusters.length === 1 && model.clusters[0]?.kind === 'schema'

export function toElkGraph(model: DiagramModel, direction: FlowDirection): ElkGraphInput {
  const nodeById = new Map(model.nodes.map((n) => [n.id, n]))
  const clusterById = new Map(model.clusters.map((c) => [c.id, c]))
  const toElk = (id: string): ElkGraphInput => {
    const node = nodeById.get(id)
    if (node !== undefined) return { id, width: node.width, height: node.height }
    const cluster = clusterById.get(id)
    if (cluster === undefined) throw new Error(`Diagram layout: unknown member ${id}`)
    const top = cluster.kind === 'schema' ? SCHEMA_PADDING.top : 8
    const side = cluster.kind === 'schema' ? SCHEMA_PADDING.side : 8
    return {
      id,
      layoutOptions: { 'elk.padding': `[top=${top},left=${side},bottom=${side},right=${side}]` },
      children: cluster.members.map(toElk),
    }
  }
  const large = model.nodes.length > LARGE
  const edges: NonNullable<ElkGraphInput['edges']> = laidOutEdges(model).map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] }))
  const flat = isFlat(model)
  const outer = flat ? `[top=${SCHEMA_PADDING.top + 12},left=${SCHEMA_PADDING.side + 12},bottom=${SCHEMA_PADDING.side + 12},right=${SCHEMA_PADDING.side + 12}]` : '[top=12,left=12,bottom=12,right=12]'
  return {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': direction === 'LR' ? 'RIGHT' : 'DOWN',
      'elk.hierarchyHandling': flat ? 'SEPARATE_CHILDREN' : 'INCLUDE_CHILDREN',
      'elk.edgeRouting': 'ORTHOGONAL',
      'elk.spacing.nodeNode': '18',
      'elk.layered.spacing.nodeNodeBetweenLayers': '44',
      'elk.spacing.edgeNode': '12',
      'elk.layered.spacing.edgeNodeBetweenLayers': '14',
      'elk.spacing.componentComponent': '36',
      'elk.layered.thoroughness': large ? '1' : '7',
      'elk.layered.mergeEdges': large ? 'true' : 'false',
      'elk.layered.highDegreeNodes.treatment': large ? 'true' : 'false',
      'elk.padding': outer,
      // Every coordinate relative to the root, so nested clusters need no offset arithmetic.
      'org.eclipse.elk.json.shapeCoords': 'ROOT',
      'org.eclipse.elk.json.edgeCoords': 'ROOT',
    },
    children: flat ? model.nodes.map((n) => toElk(n.id)) : model.clusters.filter((c) => c.kind === 'schema').map((c) => toElk(c.id)),
    edges,
  }
}

/** The edges ELK routes: all of them, except, in a large diagram, a hub's beyond its first HUB_CHILDREN. */
function laidOutEdges(model: DiagramModel): DiagramModel['edges'] {
  if (model.nodes.length <= LARGE) return model.edges
  const seen = new Map<string, number>()
  return model.edges.filter((edge) => {
    const count = (seen.get(edge.source) ?? 0) + 1
    seen.set(edge.source, count)
    return count <= HUB_CHILDREN
  })
}

/**
 * ELK's answer as boxes and routes. A hub's edges ELK did not route leave it along one trunk beside it, then turn
 * to their child; a flat layout's schema frame is drawn around its tables.
 */
export function fromWireLayout(wire: WireLayout, model: DiagramModel, direction: FlowDirection): DiagramLayout {
  const boxOf = (b: WireLayout['nodes'][number]): [string, Box] => [b.id, { x: b.x, y: b.y, width: b.width, height: b.height }]
  const nodes = new Map(wire.nodes.map(boxOf))
  const edges = new Map<string, readonly Point[]>(wire.edges.map((e) => [e.id, e.points]))
  for (const edge of model.edges) {
    if (edges.has(edge.id)) continue
    const from = nodes.get(edge.source)
    const to = nodes.get(edge.target)
    if (from !== undefined && to !== undefined) edges.set(edge.id, trunkRoute(from, to, direction))
  }
  const clusters = new Map(wire.clusters.map(boxOf))
  const layout = { nodes, clusters, edges, width: wire.width, height: wire.height }
  const schema = model.clusters[0]
  if (!isFlat(model) || schema === undefined || nodes.size === 0) return layout
  let left = Infinity
  let top = Infinity
  let right = -Infinity
  let bottom = -Infinity
  for (const b of nodes.values()) {
    left = Math.min(left, b.x)
    top = Math.min(top, b.y)
    right = Math.max(right, b.x + b.width)
    bottom = Math.max(bottom, b.y + b.height)
  }
  clusters.set(schema.id, {
    x: left - SCHEMA_PADDING.side,
    y: top - SCHEMA_PADDING.top,
    width: right - left + 2 * SCHEMA_PADDING.side,
    height: bottom - top + SCHEMA_PADDING.top + SCHEMA_PADDING.side,
  })
  return layout
}

/** Out of the parent's far side, along a trunk just beyond it, then straight into the child's near side. */
function trunkRoute(from: Box, to: Box, direction: FlowDirection): Point[] {
  const gap = 16
  if (direction === 'LR') {
    const start = { x: from.x + from.width, y: from.y + from.height / 2 }
    const end = { x: to.x, y: to.y + to.height / 2 }
    const trunk = start.x + gap
    return [start, { x: trunk, y: start.y }, { x: trunk, y: end.y }, end]
  }
  const start = { x: from.x + from.width / 2, y: from.y + from.height }
  const end = { x: to.x + to.width / 2, y: to.y }
  const trunk = start.y + gap
  return [start, { x: start.x, y: trunk }, { x: end.x, y: trunk }, end]
}

/** An SVG path through `points` with rounded bends (ELK routes are orthogonal). */
export function roundedPath(points: readonly Point[], radius = 8): string {
  const first = points[0]
  if (first === undefined) return ''
  let path = `M${first.x},${first.y}`
  for (let i = 1; i < points.length; i += 1) {
    const point = points[i] as Point
    const next = points[i + 1]
    if (next === undefined) {
      path += ` L${point.x},${point.y}`
      break
    }
    const previous = points[i - 1] as Point
    const into = Math.min(radius, Math.hypot(point.x - previous.x, point.y - previous.y) / 2)
    const out = Math.min(radius, Math.hypot(next.x - point.x, next.y - point.y) / 2)
    const before = towards(point, previous, into)
    const after = towards(point, next, out)
    path += ` L${before.x},${before.y} Q${point.x},${point.y} ${after.x},${after.y}`
  }
  return path
}

function towards(from: Point, to: Point, distance: number): Point {
  const length = Math.hypot(to.x - from.x, to.y - from.y)
  if (length === 0) return from
  const round = (value: number) => Math.round(value * 10) / 10
  return { x: round(from.x + ((to.x - from.x) * distance) / length), y: round(from.y + ((to.y - from.y) * distance) / length) }
}
