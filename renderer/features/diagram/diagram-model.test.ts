import ELK from 'elkjs/lib/elk.bundled.js'
import { describe, expect, it } from 'vitest'
import type { ElkNode } from 'elkjs/lib/elk-api'
import type { WireDiagramGraph, WireLayout } from '../../../electron/ipc/contract'
import { entityClusterId, neighboursOf, schemaClusterId, THICK_EDGE, THIN_EDGE, toDiagramModel, type DiagramModel } from './diagram-model'
import { diagramSvg } from './diagram-svg'
import { fromWireLayout, roundedPath, toElkGraph } from './layout'
import { PALETTES } from './palette'

/** Monospace estimate: the tests check shapes and styles, not font metrics. */
const measure = (text: string, fontSize: number): number => text.length * fontSize * 0.6

type Tier = 'manual' | 'lookup' | 'imported' | 'computed' | 'part' | null

const table = (schema: string, name: string, className: string, tier: Tier, extra: Partial<{ master: string; distinguished: boolean; external: boolean }> = {}) => ({
  kind: 'table' as const,
  name: `"${schema}"."${name}"`,
  schema,
  table: name,
  className,
  tier,
  master: extra.master ?? null,
  distinguished: extra.distinguished ?? false,
  external: extra.external ?? false,
})

const fk = (parent: string, child: string, options: { primary: boolean; multi: boolean; attributeMap: Record<string, string> }) => ({
  kind: 'foreignKey' as const,
  parent,
  child,
  aliased: Object.entries(options.attributeMap).some(([c, p]) => c !== p),
  ...options,
})

// lab.subject (manual) → ephys.session (manual, adds session_idx) → ephys._recording (imported, 1:1)
// → ephys.__sorting (computed) with part __sorting__unit; #probe (lookup) by a secondary FK; a renamed FK from
// subject to session (`-> Subject.proj(handler_id='subject_id')`); a table outside DataJoint's naming.
const S = '"lab"."subject"'
const SESSION = '"ephys"."session"'
const PROBE = '"ephys"."#probe"'
const REC = '"ephys"."_recording"'
const SORT = '"ephys"."__sorting"'
const UNIT = '"ephys"."__sorting__unit"'
const ODD = '"ephys"."notes"'
const GRAPH: WireDiagramGraph = {
  nodes: [
    table('lab', 'subject', 'Subject', 'manual', { distinguished: true, external: true }),
    table('ephys', '#probe', 'Probe', 'lookup', { distinguished: true }),
    table('ephys', 'session', 'Session', 'manual', { distinguished: true }),
    table('ephys', '_recording', 'Recording', 'imported'),
    table('ephys', '__sorting', 'Sorting', 'computed'),
    table('ephys', '__sorting__unit', 'Sorting.Unit', 'part', { master: SORT, distinguished: true }),
    table('ephys', 'notes', 'Notes', null),
  ],
  edges: [
    fk(S, SESSION, { primary: true, multi: true, attributeMap: { subject_id: 'subject_id' } }),
    fk(S, SESSION, { primary: false, multi: true, attributeMap: { handler_id: 'subject_id' } }),
    fk(SESSION, REC, { primary: true, multi: false, attributeMap: { subject_id: 'subject_id', session_idx: 'session_idx' } }),
    fk(PROBE, REC, { primary: false, multi: true, attributeMap: { probe: 'probe' } }),
    fk(REC, SORT, { primary: true, multi: false, attributeMap: { subject_id: 'subject_id', session_idx: 'session_idx' } }),
    fk(SORT, UNIT, { primary: true, multi: true, attributeMap: { subject_id: 'subject_id', session_idx: 'session_idx' } }),
  ],
}

describe.each(['light', 'dark'] as const)('the diagram in the %s theme', (theme) => {
  const model = toDiagramModel(GRAPH, theme, measure)
  const node = (id: string) => model.nodes.find((n) => n.id === id)
  const palette = PALETTES[theme]

  it('draws each tier in its DataJoint shape and colours', () => {
    expect(node(SESSION)).toMatchObject({ shape: 'box', style: 'manual', colors: palette.tiers.manual })
    expect(node(PROBE)).toMatchObject({ shape: 'box', style: 'lookup', colors: palette.tiers.lookup })
    expect(node(REC)).toMatchObject({ shape: 'ellipse', style: 'imported', colors: palette.tiers.imported })
    expect(node(SORT)).toMatchObject({ shape: 'ellipse', style: 'computed', colors: palette.tiers.computed })
    expect(node(UNIT)).toMatchObject({ shape: 'part', style: 'part', colors: palette.tiers.part })
    // A table outside DataJoint's naming: DataJoint's circle, in its yellow.
    expect(node(ODD)).toMatchObject({ shape: 'circle', style: 'unknown', colors: palette.tiers.unknown })
    expect(node(ODD)?.width).toBe(node(ODD)?.height)
  })

  it('uses DataJoint 2.3 palette values', () => {
    const expected =
      theme === 'light'
        ? { manual: '#E8F0E9', computed: '#FFEDE5', edge: '#171C39', renamed: '#C77D3A', background: '#FFFFFF' }
        : { manual: '#16281F', computed: '#331B12', edge: '#AEB6C2', renamed: '#D68C4A', background: '#161A21' }
    expect(node(SESSION)?.colors.fill).toBe(expected.manual)
    expect(node(SORT)?.colors.fill).toBe(expected.computed)
    expect(palette.edge).toBe(expected.edge)
    expect(palette.edgeRenamed).toBe(expected.renamed)
    expect(palette.background).toBe(expected.background)
  })

  it('draws a part small, in its master group, with only its own name', () => {
    expect(node(UNIT)).toMatchObject({ label: 'Unit', group: SORT, fontSize: 11 })
    expect(node(UNIT)?.height).toBeLessThan(node(SORT)?.height ?? 0)
    expect(model.clusters.find((c) => c.id === entityClusterId(SORT))?.members).toEqual([SORT, UNIT])
  })

  it('underlines tables that introduce key attributes, and marks tables of other schemas', () => {
    expect(node(SESSION)?.underline).toBe(true)
    expect(node(REC)?.underline).toBe(false)
    expect(node(S)).toMatchObject({ external: true, label: 'Subject', schema: 'lab' })
  })

  it('clusters by schema, the master group standing for its members', () => {
    expect(model.clusters.find((c) => c.id === schemaClusterId('lab'))?.members).toEqual([S])
    expect(model.clusters.find((c) => c.id === schemaClusterId('ephys'))?.members).toEqual([PROBE, SESSION, REC, entityClusterId(SORT), ODD])
  })

  it('styles edges as DataJoint does: solid primary, dashed secondary, thick one-to-one, amber renamed', () => {
    const edge = (source: string, target: string, index = 0) => model.edges.find((e) => e.id === `${source}->${target}#${index}`)
    expect(edge(S, SESSION)).toMatchObject({ dashed: false, thick: false, renamed: false, color: palette.edge, renames: null })
    expect(edge(S, SESSION, 1)).toMatchObject({ dashed: true, renamed: true, color: palette.edgeRenamed, renames: 'handler_id ← subject_id' })
    expect(edge(SESSION, REC)).toMatchObject({ dashed: false, thick: true })
    expect(edge(PROBE, REC)).toMatchObject({ dashed: true, thick: false })
    expect(model.edges.every((e) => e.opacity === palette.edgeOpacity)).toBe(true)
  })

  it('highlights a node with its parents and children', () => {
    const { nodes, edges } = neighboursOf(model, REC)
    expect(nodes).toEqual(new Set([REC, SESSION, PROBE, SORT]))
    expect(edges.size).toBe(3)
  })
})

describe('a collapsed schema', () => {
  const graph: WireDiagramGraph = {
    nodes: [
      { kind: 'collapsed', name: 'lab', schema: 'lab', tables: [S, '"lab"."#species"', '"lab"."lab"'] },
      table('ephys', 'session', 'Session', 'manual', { distinguished: true }),
    ],
    edges: [fk(S, SESSION, { primary: true, multi: true, attributeMap: { subject_id: 'subject_id' } })].map((e) => ({ ...e, parent: 'lab' })),
  }
  it.each(['light', 'dark'] as const)('is one box3d node "N tables" in the collapsed colours (%s)', (theme) => {
    const model = toDiagramModel(graph, theme, measure)
    expect(model.nodes[0]).toMatchObject({ kind: 'collapsed', shape: 'box3d', label: '3 tables', className: 'lab', colors: PALETTES[theme].tiers.collapsed, table: null })
    expect(model.edges[0]).toMatchObject({ source: 'lab', target: SESSION })
  })

  it('bundles every foreign key between two collapsed schemas into one plain thick edge', () => {
    const bundled = toDiagramModel(
      {
        nodes: [
          { kind: 'collapsed', name: 'lab', schema: 'lab', tables: [S] },
          { kind: 'collapsed', name: 'ephys', schema: 'ephys', tables: [SESSION] },
        ],
        edges: [{ kind: 'bundle', parent: 'lab', child: 'ephys' }],
      },
      'light',
      measure,
    )
    expect(bundled.edges[0]).toMatchObject({ dashed: false, thick: true, renamed: false, renames: null })
  })

  it('expanded again, shows its tables', () => {
    const expanded = toDiagramModel(GRAPH, 'light', measure)
    expect(expanded.nodes.some((n) => n.kind === 'collapsed')).toBe(false)
    expect(expanded.nodes.filter((n) => n.schema === 'lab').map((n) => n.label)).toEqual(['Subject'])
  })
})

describe('layout and SVG', () => {
  const layOut = async (model: DiagramModel, direction: 'LR' | 'TB') => fromWireLayout(wireLayoutOf(await new ELK().layout(toElkGraph(model, direction) as ElkNode)), model, direction)

  it('lays out without overlaps, clusters around their members, dependencies flowing one way', async () => {
    const model = toDiagramModel(GRAPH, 'light', measure)
    for (const direction of ['LR', 'TB'] as const) {
      const layout = await layOut(model, direction)
      const boxes = model.nodes.map((n) => layout.nodes.get(n.id))
      expect(boxes.every((b) => b !== undefined)).toBe(true)
      const overlap = (a: NonNullable<(typeof boxes)[number]>, b: NonNullable<(typeof boxes)[number]>) =>
        a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
      for (const [i, a] of boxes.entries()) for (const b of boxes.slice(i + 1)) expect(overlap(a!, b!)).toBe(false)
      const ephys = layout.clusters.get(schemaClusterId('ephys'))!
      const recording = layout.nodes.get(REC)!
      expect(recording.x).toBeGreaterThanOrEqual(ephys.x)
      expect(recording.x + recording.width).toBeLessThanOrEqual(ephys.x + ephys.width)
      // Parent before child along the flow.
      const along = (id: string) => (direction === 'LR' ? layout.nodes.get(id)!.x : layout.nodes.get(id)!.y)
      expect(along(SESSION)).toBeLessThan(along(REC))
      expect(along(REC)).toBeLessThan(along(SORT))
      for (const edge of model.edges) expect(layout.edges.get(edge.id)?.length).toBeGreaterThanOrEqual(2)
    }
  })

  it('lays out foreign keys that form a cycle among tables of unknown tier, a table referencing itself included', async () => {
    // Plain SQL tables DataJoint did not declare: `left` and `right` reference each other, `tree` itself.
    const LEFT = '"odd"."left"'
    const RIGHT = '"odd"."right"'
    const TREE = '"odd"."tree"'
    const secondary = (column: string, parentColumn: string) => ({ primary: false, multi: true, attributeMap: { [column]: parentColumn } })
    const cyclic: WireDiagramGraph = {
      nodes: [
        table('odd', 'subject', 'Subject', 'manual', { distinguished: true }),
        table('odd', 'left', 'left', null, { distinguished: true }),
        table('odd', 'right', 'right', null, { distinguished: true }),
        table('odd', 'tree', 'tree', null, { distinguished: true }),
      ],
      edges: [
        fk('"odd"."subject"', LEFT, secondary('subject_id', 'subject_id')),
        fk(LEFT, RIGHT, secondary('left_id', 'left_id')),
        fk(RIGHT, LEFT, secondary('right_id', 'right_id')),
        fk(TREE, TREE, secondary('parent_id', 'tree_id')),
      ],
    }
    const model = toDiagramModel(cyclic, 'light', measure)
    expect(model.nodes.filter((n) => n.id !== '"odd"."subject"').map((n) => n.style)).toEqual(['unknown', 'unknown', 'unknown'])
    for (const direction of ['LR', 'TB'] as const) {
      const layout = await layOut(model, direction)
      for (const node of model.nodes) expect(layout.nodes.get(node.id), node.id).toBeDefined()
      expect(model.edges).toHaveLength(4)
      for (const edge of model.edges) expect(layout.edges.get(edge.id)?.length, edge.id).toBeGreaterThanOrEqual(2)
    }
  })

  it.each(['light', 'dark'] as const)('exports a standalone SVG in the %s palette', async (theme) => {
    const model = toDiagramModel(GRAPH, theme, measure)
    const svg = diagramSvg(model, await layOut(model, 'LR'), { badges: new Map([[SESSION, '2 rows']]) })
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true)
    expect(svg).toContain(`fill="${PALETTES[theme].background}"`)
    expect(svg).toContain(`fill="${PALETTES[theme].tiers.computed.fill}"`)
    expect(svg).toContain('<ellipse')
    expect(svg).toContain('stroke-dasharray="6 4"')
    expect(svg).toContain(`stroke-width="${THICK_EDGE}"`)
    expect(svg).toContain(`stroke-width="${THIN_EDGE}"`)
    expect(svg).toContain(`stroke="${PALETTES[theme].edgeRenamed}"`)
    expect(svg).toContain('<title>handler_id ← subject_id</title>')
    expect(svg).toContain('text-decoration="underline"')
    expect(svg).toContain('>2 rows</text>')
    expect(svg).toContain('>ephys</text>')
  })

  it('rounds the bends of orthogonal routes', () => {
    expect(roundedPath([{ x: 0, y: 0 }, { x: 20, y: 0 }, { x: 20, y: 20 }])).toBe('M0,0 L12,0 Q20,0 20,8 L20,20')
    expect(roundedPath([])).toBe('')
  })
})

describe('the cascade preview', () => {
  it('leaves room under each label for the row count', () => {
    const plain = toDiagramModel(GRAPH, 'light', measure)
    const counted = toDiagramModel(GRAPH, 'light', measure, { badgeLine: true })
    for (const [i, node] of plain.nodes.entries()) expect(counted.nodes[i]!.height).toBeGreaterThan(node.height)
    expect(counted.nodes.find((n) => n.id === UNIT)!.width).toBeGreaterThanOrEqual(measure('999,999 rows', 9))
  })
})

/** ELK's answer as the main process's layout service reads it (electron/ipc/elk-layout.ts, which the renderer may not import). */
function wireLayoutOf(root: ElkNode): WireLayout {
  const boxes = (node: ElkNode): ElkNode[] => (node.children ?? []).flatMap((child) => [child, ...boxes(child)])
  const all = boxes(root)
  const box = (n: ElkNode) => ({ id: n.id, x: n.x ?? 0, y: n.y ?? 0, width: n.width ?? 0, height: n.height ?? 0 })
  const edges = [root, ...all].flatMap((n) =>
    (n.edges ?? []).map((e) => ({ id: e.id, points: (e.sections ?? []).flatMap((s, i) => [...(i === 0 ? [s.startPoint] : []), ...(s.bendPoints ?? []), s.endPoint]) })),
  )
  return { nodes: all.filter((n) => (n.children ?? []).length === 0).map(box), clusters: all.filter((n) => (n.children ?? []).length > 0).map(box), edges, width: root.width ?? 0, height: root.height ?? 0 }
}
