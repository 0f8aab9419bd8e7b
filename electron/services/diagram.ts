// The schema diagram: a view (schemas, tables, DataJoint's diagram algebra steps, collapsed schemas) turned into
// the engine's layout-free Diagram graph or its Mermaid text, and the cascade preview of a delete with its row
// counts, and the layout the renderer asks for (diagram-layout.ts). Drawing is the renderer's; nothing here deletes.

import { DataJointError, Diagram, restrictedTableOf, Table, type Instance, type QueryExpr } from '../../src/index'
import type { DiagramView } from '../ipc/contract'
import { readRecently, recordCatalogRead } from './catalog-reads'
import type { DiagramLayoutService } from './diagram-layout'
import type { Handlers } from './handlers'
import type { TabRegistry } from './tabs'

/**
 * The diagram a view describes. Whole schemas load once each (a constant number of catalog statements per schema,
 * whatever its table count); steps and single tables reuse that graph.
 */
export async function diagramOf(instance: Instance, view: DiagramView): Promise<Diagram> {
  const parts: Diagram[] = []
  const collapsed = new Set(view.collapsed)
  // A children step may reach tables of schemas the view does not name (a table's children in another schema):
  // those schemas are loaded only then, so a view without one keeps its constant catalog cost.
  // Drawn, not computed with: a schema whose foreign keys form a cycle (tables DataJoint did not declare) is drawn.
  const schemas = new Set([...view.schemas, ...view.tables.map((t) => t.schema)])
  // The tree has just read these schemas, or this diagram did for its previous view: no second read (see catalog-reads).
  const refresh = !readRecently(instance, schemas)
  const load = { downstream: view.steps.some((step) => step.op === 'children'), allowCycles: true, refresh }
  for (const name of new Set(view.schemas)) {
    // `instance.schema` reads the schema's catalog (unless just read): the diagram draws from that read.
    const whole = await Diagram.of(await instance.schema(name, { create: false, refresh }), { ...load, refresh: false })
    parts.push(collapsed.has(name) ? whole.collapse() : whole)
  }
  for (const { schema, table } of view.tables) parts.push(await Diagram.of(new Table(instance, schema, table), load))
  if (parts.length === 0) throw new DataJointError('INVALID_INPUT', 'A diagram needs at least one schema or table.')
  if (refresh) recordCatalogRead(instance, schemas)
  let diagram = await Diagram.fromSequence(parts)
  for (const { op, table } of view.steps) {
    const target = new Table(instance, table.schema, table.table)
    if (op === 'hide') {
      diagram = diagram.subtract(target)
      continue
    }
    // `dj.Diagram(t) ± 1` drawn on this diagram's graph: no catalog reload per step.
    const alone = diagram.subtract(diagram).add(target)
    diagram = diagram.add(op === 'children' ? alone.add(1) : alone.subtract(1))
  }
  return diagram
}

/** The table a delete would start from: `expr` must be a table or a restriction of one (as `delete` requires). */
function restrictedTable(instance: Instance, expr: QueryExpr): Table {
  const { schema, table } = restrictedTableOf(expr)
  return new Table(instance, schema, table, expr)
}

export function diagramHandlers(tabs: TabRegistry, layouts: DiagramLayoutService) {
  return {
    // Warmed at the renderer's first (tiny) layout, which it asks for while idle: see DiagramLayoutService.
    'diagram.layout': ({ graph }) => layouts.layout(graph),
    'diagram.graph': ({ tabId, view }) => tabs.use(tabId, async (instance) => (await diagramOf(instance, view)).graph()),
    'diagram.mermaid': ({ tabId, view, direction }) => tabs.use(tabId, async (instance) => ({ text: (await diagramOf(instance, view)).mermaid(direction) })),
    'diagram.cascade': ({ tabId, expr, partIntegrity }) =>
      tabs.use(tabId, async (instance) => {
        const cascade = await Diagram.cascade(restrictedTable(instance, expr), { partIntegrity })
        return { graph: cascade.graph(), counts: await cascade.counts() }
      }),
  } satisfies Partial<Handlers>
}
