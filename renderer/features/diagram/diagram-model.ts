// The engine's diagram graph → what is drawn, in DataJoint 2.3's visual language: each node's shape, colours,
// label and size, each edge's dash, thickness and colour, and the clusters (one per schema, one per master with
// its parts). Pure: the canvas, the layout and the SVG export all start from this model.

import type { WireDiagramGraph } from '../../../electron/ipc/contract'
import { PALETTES, type DiagramTheme, type NodeStyle, type TierColors } from './palette'

export type NodeShape = 'box' | 'ellipse' | 'part' | 'circle' | 'box3d'

export interface DiagramViewNode {
  /** The engine's node name: a full table name, or the schema of a collapsed node. */
  readonly id: string
  readonly kind: 'table' | 'collapsed'
  readonly schema: string
  /** SQL table name; null for a collapsed schema. */
  readonly table: string | null
  /** What the node reads: the class name (a part's own name inside its master's group), or "N tables". */
  readonly label: string
  /** DataJoint's class name (`Session.Trial`), or the schema of a collapsed node. */
  readonly className: string
  readonly style: NodeStyle
  readonly shape: NodeShape
  readonly colors: TierColors
  /** Introduces primary-key attributes of its own: DataJoint underlines the label. */
  readonly underline: boolean
  /** A table of another schema drawn only because a foreign key reaches it. */
  readonly external: boolean
  /** The master's node id when the part is drawn in its master's group. */
  readonly group: string | null
  readonly fontSize: number
  readonly width: number
  readonly height: number
}

export interface DiagramViewEdge {
  readonly id: string
  readonly source: string
  readonly target: string
  /** Secondary foreign key (some attribute outside the child's primary key). */
  readonly dashed: boolean
  /** Thick when the foreign key is the child's whole primary key (one-to-one), thin for one-to-many. */
  readonly thick: boolean
  readonly renamed: boolean
  /** `child ← parent` per renamed attribute, shown on hover. */
  readonly renames: string | null
  /** Child attribute → parent attribute; empty for a bundle of a collapsed schema. */
  readonly attributeMap: Readonly<Record<string, string>>
  readonly color: string
  readonly opacity: number
}

export interface DiagramCluster {
  readonly id: string
  readonly kind: 'schema' | 'entity'
  /** The schema's name (schema clusters); empty for a master's group. */
  readonly label: string
  readonly schema: string
  /** Direct members: node ids and, for a schema, the ids of its entity groups. */
  readonly members: readonly string[]
}

export interface DiagramModel {
  readonly nodes: readonly DiagramViewNode[]
  readonly edges: readonly DiagramViewEdge[]
  readonly clusters: readonly DiagramCluster[]
  readonly theme: DiagramTheme
}

/** Width of a label in pixels at a font size: the canvas measures text, tests estimate. */
export type MeasureText = (text: string, fontSize: number) => number

export const FONT_SIZE = 13
export const PART_FONT_SIZE = 11
/** DataJoint's pen widths (0.75 and 2) scaled for a screen at 100 %. */
export const THIN_EDGE = 1.25
export const THICK_EDGE = 2.75

export const entityClusterId = (master: string): string => `entity:${master}`
export const schemaClusterId = (schema: string): string => `schema:${schema}`

function styleOf(node: WireDiagramGraph['nodes'][number]): NodeStyle {
  if (node.kind === 'collapsed') return 'collapsed'
  return node.tier ?? 'unknown'
}

const SHAPES: Readonly<Record<NodeStyle, NodeShape>> = {
  manual: 'box',
  lookup: 'box',
  imported: 'ellipse',
  computed: 'ellipse',
  part: 'part',
  unknown: 'circle',
  collapsed: 'box3d',
}

function sizeOf(shape: NodeShape, textWidth: number): { width: number; height: number } {
  const round = (value: number) => Math.ceil(value)
  switch (shape) {
    case 'box':
      return { width: round(textWidth + 28), height: 32 }
    case 'ellipse':
      return { width: round(textWidth * 1.12 + 40), height: 38 }
    case 'part':
      return { width: round(textWidth + 20), height: 24 }
    case 'circle': {
      const diameter = round(Math.max(textWidth + 20, 40))
      return { width: diameter, height: diameter }
    }
    case 'box3d':
      return { width: round(Math.max(textWidth, 80) + 40), height: 48 }
  }
}

export const tablesLabel = (count: number): string => (count === 1 ? '1 table' : `${count} tables`)

export interface ModelOptions {
  /** Leave room under each table's label for a second line (the cascade preview's row counts). */
  readonly badgeLine?: boolean
}

/** Room for the widest badge a table is likely to get ("999,999 rows"). */
const BADGE_SAMPLE = '999,999 rows'

/** The drawing of `graph` in `theme`; `measure` sizes the labels. */
export function toDiagramModel(graph: WireDiagramGraph, theme: DiagramTheme, measure: MeasureText, options: ModelOptions = {}): DiagramModel {
  const palette = PALETTES[theme]
  const drawn = new Set(graph.nodes.map((n) => n.name))
  const nodes: DiagramViewNode[] = graph.nodes.map((node) => {
    const style = styleOf(node)
    const shape = SHAPES[style]
    const fontSize = shape === 'part' ? PART_FONT_SIZE : FONT_SIZE
    if (node.kind === 'collapsed') {
      const label = tablesLabel(node.tables.length)
      const textWidth = Math.max(measure(node.schema, fontSize), measure(label, fontSize))
      return {
        id: node.name,
        kind: 'collapsed',
        schema: node.schema,
        table: null,
        label,
        className: node.schema,
        style,
        shape,
        colors: palette.tiers.collapsed,
        underline: false,
        external: false,
        group: null,
        fontSize,
        ...sizeOf(shape, textWidth),
      }
    }
    // A part sits in its master's group when both are drawn in the same schema; it then reads only its own name.
    const group = node.master !== null && drawn.has(node.master) && !node.external ? node.master : null
    const label = group === null ? node.className : (node.className.split('.').at(-1) ?? node.className)
    const size = options.badgeLine
      ? sizeOf(shape, Math.max(measure(label, fontSize), measure(BADGE_SAMPLE, fontSize - 2)))
      : sizeOf(shape, measure(label, fontSize))
    return {
      id: node.name,
      kind: 'table',
      schema: node.schema,
      table: node.table,
      label,
      className: node.className,
      style,
      shape,
      colors: palette.tiers[style],
      underline: node.distinguished,
      external: node.external,
      group,
      fontSize,
      width: size.width,
      height: options.badgeLine ? size.height + fontSize : size.height,
    }
  })

  const seen = new Map<string, number>()
  const edges: DiagramViewEdge[] = graph.edges.map((edge) => {
    const pair = `${edge.parent}->${edge.child}`
    const index = seen.get(pair) ?? 0
    seen.set(pair, index + 1)
    const common = { id: `${pair}#${index}`, source: edge.parent, target: edge.child, opacity: palette.edgeOpacity }
    if (edge.kind === 'bundle') {
      // A bundle stands for several foreign keys: DataJoint claims no per-key style for it.
      return { ...common, dashed: false, thick: true, renamed: false, renames: null, attributeMap: {}, color: palette.edge }
    }
    const renames = Object.entries(edge.attributeMap)
      .filter(([child, parent]) => child !== parent)
      .map(([child, parent]) => `${child} ← ${parent}`)
      .join('; ')
    return {
      ...common,
      dashed: !edge.primary,
      thick: !edge.multi,
      renamed: edge.aliased,
      renames: edge.aliased && renames !== '' ? renames : null,
      attributeMap: edge.attributeMap,
      color: edge.aliased ? palette.edgeRenamed : palette.edge,
    }
  })

  return { nodes, edges, clusters: clustersOf(nodes), theme }
}

/** One cluster per schema (in order of first appearance), and one per master drawn with its parts. */
function clustersOf(nodes: readonly DiagramViewNode[]): DiagramCluster[] {
  const groups = new Map<string, string[]>()
  for (const node of nodes) {
    if (node.group === null) continue
    const members = groups.get(node.group) ?? [node.group]
    members.push(node.id)
    groups.set(node.group, members)
  }
  const schemaMembers = new Map<string, string[]>()
  const memberOf = (schema: string): string[] => {
    const members = schemaMembers.get(schema) ?? []
    schemaMembers.set(schema, members)
    return members
  }
  for (const node of nodes) {
    if (node.group !== null) continue
    memberOf(node.schema).push(groups.has(node.id) ? entityClusterId(node.id) : node.id)
  }
  const byId = new Map(nodes.map((n) => [n.id, n]))
  const clusters: DiagramCluster[] = [...schemaMembers].map(([schema, members]) => ({
    id: schemaClusterId(schema),
    kind: 'schema',
    label: schema,
    schema,
    members,
  }))
  for (const [master, members] of groups) {
    clusters.push({ id: entityClusterId(master), kind: 'entity', label: '', schema: byId.get(master)?.schema ?? '', members })
  }
  return clusters
}

/** Parents and children of a node through the drawn edges: what a click highlights. */
export function neighboursOf(model: DiagramModel, id: string): { nodes: Set<string>; edges: Set<string> } {
  const nodes = new Set([id])
  const edges = new Set<string>()
  for (const edge of model.edges) {
    if (edge.source !== id && edge.target !== id) continue
    edges.add(edge.id)
    nodes.add(edge.source)
    nodes.add(edge.target)
  }
  return { nodes, edges }
}
