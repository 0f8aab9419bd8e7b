// The laid-out diagram as a standalone SVG document in the palette of its theme: what "Export SVG" saves and what
// "Export PNG" rasterises. Drawn from the same model and layout as the canvas, so the file matches the screen.

import { THICK_EDGE, THIN_EDGE, type DiagramModel, type DiagramViewNode } from './diagram-model'
import { roundedPath, type Box, type DiagramLayout } from './layout'
import { PALETTES } from './palette'

const FONT = "Helvetica, Arial, 'DejaVu Sans', sans-serif"

const escapeXml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;')

const n = (value: number): string => String(Math.round(value * 10) / 10)

export interface SvgOptions {
  /** A second line under a node's label (the cascade preview's row counts), by node id. */
  readonly badges?: ReadonlyMap<string, string>
  readonly title?: string
}

export function diagramSvg(model: DiagramModel, layout: DiagramLayout, options: SvgOptions = {}): string {
  const palette = PALETTES[model.theme]
  const margin = 16
  const width = layout.width + margin * 2
  const height = layout.height + margin * 2
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${n(width)}" height="${n(height)}" viewBox="${n(-margin)} ${n(-margin)} ${n(width)} ${n(height)}" font-family="${FONT}">`,
  ]
  if (options.title !== undefined) out.push(`<title>${escapeXml(options.title)}</title>`)
  out.push(`<rect x="${n(-margin)}" y="${n(-margin)}" width="${n(width)}" height="${n(height)}" fill="${palette.background}"/>`)

  for (const cluster of model.clusters) {
    const box = layout.clusters.get(cluster.id)
    if (box === undefined) continue
    if (cluster.kind === 'entity') {
      out.push(`<rect x="${n(box.x)}" y="${n(box.y)}" width="${n(box.width)}" height="${n(box.height)}" rx="8" fill="${palette.entityFill}"/>`)
      continue
    }
    out.push(
      `<rect x="${n(box.x)}" y="${n(box.y)}" width="${n(box.width)}" height="${n(box.height)}" rx="10" fill="none" stroke="${palette.clusterStroke}" stroke-opacity="0.55" stroke-dasharray="6 4"/>`,
      `<text x="${n(box.x + box.width - 12)}" y="${n(box.y + 18)}" text-anchor="end" font-size="12" font-weight="600" fill="${palette.clusterText}">${escapeXml(cluster.label)}</text>`,
    )
  }

  for (const edge of model.edges) {
    const points = layout.edges.get(edge.id)
    if (points === undefined || points.length < 2) continue
    const dash = edge.dashed ? ' stroke-dasharray="6 4"' : ''
    const title = edge.renames === null ? '' : `<title>${escapeXml(edge.renames)}</title>`
    out.push(
      `<path d="${roundedPath(points)}" fill="none" stroke="${edge.color}" stroke-opacity="${n(edge.opacity)}" stroke-width="${edge.thick ? THICK_EDGE : THIN_EDGE}"${dash}>${title}</path>`,
    )
  }

  for (const node of model.nodes) {
    const box = layout.nodes.get(node.id)
    if (box !== undefined) out.push(nodeSvg(node, box, options.badges?.get(node.id)))
  }
  out.push('</svg>')
  return out.join('\n')
}

function nodeSvg(node: DiagramViewNode, box: Box, badge: string | undefined): string {
  const { fill, stroke, text } = node.colors
  const cx = box.x + box.width / 2
  const cy = box.y + box.height / 2
  const faded = node.external ? ' opacity="0.75"' : ''
  const strokeAttrs = `fill="${fill}" stroke="${stroke}" stroke-width="1.25"${node.external ? ' stroke-dasharray="4 3"' : ''}`
  const shape = (() => {
    switch (node.shape) {
      case 'ellipse':
        return `<ellipse cx="${n(cx)}" cy="${n(cy)}" rx="${n(box.width / 2)}" ry="${n(box.height / 2)}" ${strokeAttrs}/>`
      case 'circle':
        return `<circle cx="${n(cx)}" cy="${n(cy)}" r="${n(box.width / 2)}" ${strokeAttrs}/>`
      case 'box3d': {
        const depth = 5
        const back = `<rect x="${n(box.x + depth)}" y="${n(box.y)}" width="${n(box.width - depth)}" height="${n(box.height - depth)}" ${strokeAttrs}/>`
        return `${back}<rect x="${n(box.x)}" y="${n(box.y + depth)}" width="${n(box.width - depth)}" height="${n(box.height - depth)}" ${strokeAttrs}/>`
      }
      case 'box':
      case 'part':
        return `<rect x="${n(box.x)}" y="${n(box.y)}" width="${n(box.width)}" height="${n(box.height)}" rx="${node.shape === 'part' ? 5 : 7}" ${strokeAttrs}/>`
    }
  })()
  const lines = node.kind === 'collapsed' ? [node.className, node.label] : badge === undefined ? [node.label] : [node.label, badge]
  const lineHeight = node.fontSize + 3
  const firstY = cy - ((lines.length - 1) * lineHeight) / 2 + node.fontSize * 0.35
  const labels = lines.map((line, i) => {
    const weight = i === 0 && node.kind === 'collapsed' ? ' font-weight="600"' : ''
    const underline = i === 0 && node.underline ? ' text-decoration="underline"' : ''
    const size = i === 0 ? node.fontSize : node.fontSize - 2
    return `<text x="${n(cx)}" y="${n(firstY + i * lineHeight)}" text-anchor="middle" font-size="${size}" fill="${text}"${weight}${underline}>${escapeXml(line)}</text>`
  })
  return `<g${faded}><title>${escapeXml(node.kind === 'table' ? node.id : `${node.schema}: ${node.label}`)}</title>${shape}${labels.join('')}</g>`
}
