// dj.Diagram: a view of the FK graph (a table, a schema) rendered as Mermaid in DataJoint's tier styling, and the
// cascade diagram that previews what a delete would remove. Graph building lives in dependencies.ts, the
// cascade rules in table/delete.ts.

import { DataJointError } from '../errors/datajoint-error'
import { tableKey } from '../heading/table-info'
import type { EngineContext } from '../instance/context'
import { cascadeCounts, fullTableName, planCascade, restrictedTableOf, type CascadePlan, type PartIntegrity, assertPartIntegrity } from '../table/delete'
import { Table } from '../table/table'
import { loadDependencies, type DependencyEdge, type DependencyGraph, type DependencyNode } from './dependencies'
import { Schema } from './schema'

export type DiagramDirection = 'LR' | 'TB'

export interface CascadeOptions {
  /** As for `delete`: `cascade` also reaches the masters of affected part rows. Default `enforce`. */
  readonly partIntegrity?: PartIntegrity
}

/** DataJoint's Mermaid class definitions (DataJoint Python's `diagram.py`). */
const CLASS_DEFS = [
  'classDef manual fill:#90EE90,stroke:#006400',
  'classDef lookup fill:#D3D3D3,stroke:#696969',
  'classDef computed fill:#FFB6C1,stroke:#8B0000',
  'classDef imported fill:#ADD8E6,stroke:#00008B',
  'classDef part fill:#FFFFFF,stroke:#000000',
  'classDef collapsed fill:#808080,stroke:#404040',
]

const SHAPES: Readonly<Record<string, readonly [string, string]>> = {
  manual: ['[', ']'],
  lookup: ['[', ']'],
  part: ['[', ']'],
  computed: ['([', '])'],
  imported: ['([', '])'],
}

/**
 * DataJoint's `dj.Diagram`: the tables of a schema (or one table) and the foreign keys between them, or — from
 * `Diagram.cascade` — the tables a delete would reach, each restricted to the rows it would lose.
 *
 * @example
 * const diagram = await dj.Diagram.of(schema)
 * console.log(diagram.mermaid())
 * const preview = await dj.Diagram.cascade(Lab.restrict({ lab_id: 1 }))
 * await preview.counts() // { '`s`.`lab`': 1, '`s`.`researcher`': 2, ... }
 */
export class Diagram {
  readonly #context: EngineContext
  readonly #graph: DependencyGraph
  readonly #shown: ReadonlySet<string>
  readonly #cascade: CascadePlan | null

  private constructor(context: EngineContext, graph: DependencyGraph, shown: Iterable<string>, cascade: CascadePlan | null) {
    this.#context = context
    this.#graph = graph
    this.#shown = new Set(shown)
    this.#cascade = cascade
  }

  /**
   * The diagram of a schema (all its tables) or of one table (`dj.Diagram(x)`). The FK graph is that of every
   * schema the catalog holds; tables of other schemas appear once added (`add`).
   */
  static async of(source: Table | Schema): Promise<Diagram> {
    if (source instanceof Schema) {
      const graph = await loadDependencies(source.context, [source.name], { refresh: true })
      return new Diagram(source.context, graph, graph.nodes.filter((n) => n.schema === source.name).map((n) => n.key), null)
    }
    if (source instanceof Table) {
      const graph = await loadDependencies(source.context, [source.schemaName], { refresh: true })
      return new Diagram(source.context, graph, [tableKey(source.schemaName, source.tableName)], null)
    }
    throw new DataJointError('INVALID_INPUT', 'dj.Diagram needs a table or a schema.')
  }

  /**
   * The cascade of deleting `query` (a restricted table), before anything is deleted (`Diagram.cascade`): the
   * table and every table depending on it in any schema (downstream schemas are loaded), each restricted to the
   * rows the delete would remove. `counts()` gives how many.
   */
  static async cascade(query: Table, options: CascadeOptions = {}): Promise<Diagram> {
    const partIntegrity = options.partIntegrity ?? 'enforce'
    assertPartIntegrity(partIntegrity)
    const { schema } = restrictedTableOf(query.expr)
    const graph = await loadDependencies(query.context, [schema], { downstream: true, refresh: true })
    const plan = await planCascade(query.context, graph, query.expr, partIntegrity)
    return new Diagram(query.context, graph, plan.order, plan)
  }

  /** The dependency graph the diagram is drawn from. */
  get graph(): DependencyGraph {
    return this.#graph
  }

  /** Whether this is a cascade diagram (made by `Diagram.cascade`). */
  get isCascade(): boolean {
    return this.#cascade !== null
  }

  /** Full names of the tables shown, in topological order. */
  get tables(): string[] {
    return this.#graph.topoSort(this.#shown).map((key) => this.#fullName(key))
  }

  /** This diagram with another's tables, or with `n` more generations of children (`d + n`). */
  add(other: Diagram | number): Diagram {
    if (typeof other !== 'number') return this.#with([...this.#shown, ...other.#shown])
    let shown = new Set(this.#shown)
    for (let i = 0; i < other; i += 1) shown = new Set([...shown, ...[...shown].flatMap((k) => this.#graph.children(k).map((e) => e.child))])
    return this.#with(shown)
  }

  /** This diagram without another's tables, or with `n` more generations of parents (`d - n`). */
  subtract(other: Diagram | number): Diagram {
    if (typeof other !== 'number') return this.#with([...this.#shown].filter((k) => !other.#shown.has(k)))
    let shown = new Set(this.#shown)
    for (let i = 0; i < other; i += 1) shown = new Set([...shown, ...[...shown].flatMap((k) => this.#graph.parents(k).map((e) => e.parent))])
    return this.#with(shown)
  }

  /** The tables both diagrams show (`d1 * d2`). */
  intersect(other: Diagram): Diagram {
    return this.#with([...this.#shown].filter((k) => other.#shown.has(k)))
  }

  #with(shown: Iterable<string>): Diagram {
    if (this.#cascade !== null) throw new DataJointError('INVALID_QUERY', 'A cascade diagram cannot be combined with other diagrams.')
    return new Diagram(this.#context, this.#graph, shown, null)
  }

  /**
   * Rows per table (full table name → count) a cascade diagram restricts to (DataJoint's `counts()`), logged as
   * `<table> (<n> tuples)`. Nothing is deleted.
   */
  async counts(): Promise<Record<string, number>> {
    if (this.#cascade === null) {
      throw new DataJointError('INVALID_QUERY', 'No restrictions applied. Use Diagram.cascade(table_expr) or diag.restrict(table_expr) first.')
    }
    const result: Record<string, number> = {}
    for (const [key, count] of await cascadeCounts(this.#context, this.#cascade)) {
      const name = this.#fullName(key)
      result[name] = count
      this.#context.logger.info(`${name} (${count} tuples)`)
    }
    return result
  }

  /**
   * The diagram as a Mermaid flowchart in DataJoint's format (`diagram.py`): its class definitions, one subgraph per
   * schema, nodes named by class (`Session.Trial` → id `Session_Trial`), solid arrows for primary foreign keys
   * and dotted ones otherwise. A renamed foreign key goes through a numbered alias node (`0((0))`), as DataJoint
   * 2.2 draws it. Names of other schemas' tables that collide are prefixed with their schema.
   */
  mermaid(direction: DiagramDirection = this.#context.config.display.diagramDirection): string {
    const order = this.#graph.topoSort(this.#shown)
    const names = this.#classNames(order)
    const idOf = (key: string): string => (names.get(key) ?? key).replace(/[^A-Za-z0-9_]/g, '_')
    const edges = order.flatMap((key) => this.#graph.children(key).filter((e) => this.#shown.has(e.child)))
    const position = new Map(order.map((k, i) => [k, i]))
    edges.sort((a, b) => (position.get(a.parent) ?? 0) - (position.get(b.parent) ?? 0) || (position.get(a.child) ?? 0) - (position.get(b.child) ?? 0) || compare(a.name, b.name))
    const aliases = new Map<DependencyEdge, string>()
    edges
      .filter((e) => e.aliased)
      .sort((a, b) => compare(a.name, b.name) || compare(a.child, b.child)).forEach((e, i) => aliases.set(e, String(i)))

    const lines = [`flowchart ${direction}`, ...CLASS_DEFS.map((d) => `    ${d}`), '']
    const schemas = [...new Set(order.map((k) => this.#graph.node(k)?.schema ?? ''))]
    for (const schema of schemas) {
      lines.push(`    subgraph ${schema}`)
      for (const [edge, alias] of [...aliases].sort((a, b) => Number(a[1]) - Number(b[1]))) {
        if (this.#graph.node(edge.child)?.schema === schema) lines.push(`        ${alias}((${alias}))`)
      }
      for (const key of order) {
        const node = this.#graph.node(key) as DependencyNode
        if (node.schema !== schema) continue
        const label = (names.get(key) ?? key).replace(new RegExp(`^${escapeRegExp(schema)}\\.`), '')
        const shape = node.tier === null ? (['((', '))'] as const) : (SHAPES[node.tier] ?? ['[', ']'])
        lines.push(`        ${idOf(key)}${shape[0]}${label}${shape[1]}${node.tier === null ? '' : `:::${node.tier}`}`)
      }
      lines.push('    end')
    }
    lines.push('')
    for (const edge of edges) {
      const arrow = edge.primary ? '-->' : '-.->'
      const alias = aliases.get(edge)
      if (alias === undefined) lines.push(`    ${idOf(edge.parent)} ${arrow} ${idOf(edge.child)}`)
      else lines.push(`    ${idOf(edge.parent)} ${arrow} ${alias}`, `    ${alias} ${arrow} ${idOf(edge.child)}`)
    }
    return lines.join('\n')
  }

  /** Class names of the shown tables; a name shared by tables of several schemas is prefixed with the schema. */
  #classNames(keys: readonly string[]): Map<string, string> {
    const nodes = keys.map((k) => this.#graph.node(k) as DependencyNode)
    const uses = new Map<string, number>()
    for (const node of nodes) uses.set(node.className, (uses.get(node.className) ?? 0) + 1)
    return new Map(nodes.map((n) => [n.key, (uses.get(n.className) ?? 0) > 1 ? `${n.schema}.${n.className}` : n.className]))
  }

  #fullName(key: string): string {
    const node = this.#graph.node(key)
    return node === undefined ? key : fullTableName(this.#context, node.schema, node.table)
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
