// ELK's laid-out JSON graph read as the wire layout (boxes and routes): the main process's layout service sends
// this; the renderer's unit tests read ELK's answer the same way.

import type { WireLayout } from './contract'

export interface ElkOutNode {
  readonly id: string
  readonly x?: number
  readonly y?: number
  readonly width?: number
  readonly height?: number
  readonly children?: readonly ElkOutNode[]
  readonly edges?: readonly {
    readonly id: string
    readonly sections?: readonly { startPoint: Point; endPoint: Point; bendPoints?: readonly Point[] }[]
  }[]
}
interface Point {
  readonly x: number
  readonly y: number
}

/** ELK's answer as leaf boxes, cluster boxes and edge routes, every coordinate relative to the root. */
export function readLayout(root: ElkOutNode): WireLayout {
  const nodes: WireLayout['nodes'] = []
  const clusters: WireLayout['clusters'] = []
  const visit = (node: ElkOutNode) => {
    const box = { id: node.id, x: node.x ?? 0, y: node.y ?? 0, width: node.width ?? 0, height: node.height ?? 0 }
    if (node.children === undefined || node.children.length === 0) nodes.push(box)
    else clusters.push(box)
    for (const child of node.children ?? []) visit(child)
  }
  for (const child of root.children ?? []) visit(child)
  const edges: WireLayout['edges'] = []
  const collect = (node: ElkOutNode) => {
    for (const edge of node.edges ?? []) {
      const points: Point[] = []
      for (const section of edge.sections ?? []) {
        if (points.length === 0) points.push({ x: section.startPoint.x, y: section.startPoint.y })
        for (const bend of section.bendPoints ?? []) points.push({ x: bend.x, y: bend.y })
        points.push({ x: section.endPoint.x, y: section.endPoint.y })
      }
      edges.push({ id: edge.id, points })
    }
    for (const child of node.children ?? []) collect(child)
  }
  collect(root)
  return { nodes, clusters, edges, width: root.width ?? 0, height: root.height ?? 0 }
}
