// dj.Diagram: a view of the FK graph (tables, schemas, generations of them) with DataJoint's diagram algebra, as
// Mermaid in DataJoint's tier styling or as plain graph data for the app to lay out; and the data-aware diagrams —
// the cascade that previews a delete, `restrict` and `trace`. Graph building lives in dependencies.ts, the
// restriction rules in table/delete.ts and diagram-restrictions.ts.

import type { QueryExpr } from '../algebra/ast'
import * as build from '../algebra/build'
import { DataJointError } from '../errors/datajoint-error'
import { tableKey, type Tier } from '../heading/table-info'
import type { EngineContext } from '../instance/context'
import { assertPartIntegrity, fullTableName, planCascade, restrictedTableOf, seedRestriction, type PartIntegrity } from '../table/delete'
import { Table } from '../table/table'
import { DependencyGraph, loadDependencies, type DependencyEdge, type DependencyNode } from './dependencies'
import { planRestrict, planTrace, type RestrictSeed } from './diagram-restrictions'
import { Schema } from './schema'

export type DiagramDirection = 'LR' | 'TB'

export interface DiagramOptions {
  /** Load the schemas whose tables reference the source's first (see `Diagram.of`). Default false. */
  readonly downstream?: boolean
  /**
   * Draw foreign keys that form a cycle (DataJoint refuses them): `graph()` and `mermaid()` work, while
   * `restrict`, `prune` and `counts` still refuse with DataJoint's error. Default false.
   */
  readonly allowCycles?: boolean
  /**
   * Read the schemas' catalog from the server again, as DataJoint does for every diagram. Default true; false uses
   * what the Instance's catalog already holds (loading only what it lacks), for a caller that has just read it.
   */
  readonly refresh?: boolean
}

export interface CascadeOptions {
  /** As for `delete`: `cascade` also reaches the masters of affected part rows. Default `enforce`. */
  readonly partIntegrity?: PartIntegrity
}

/** A table of `Diagram.graph()`. */
export interface DiagramTableNode {
  readonly kind: 'table'
  /** Full table name (`` `schema`.`table` `` / `"schema"."table"`), the node's id. */
  readonly name: string
  readonly schema: string
  readonly table: string
  /** DataJoint's class name (`Session`, `Session.Trial` for a part). */
  readonly className: string
  /** null for tables outside DataJoint's naming. */
  readonly tier: Tier | null
  /** Full name of the master, for a part table. */
  readonly master: string | null
  /**
   * The table adds primary-key attributes of its own beyond those its foreign keys bring (DataJoint underlines
   * these; 2.3 calls them "introducing a dimension"). False when its primary key is unknown.
   */
  readonly distinguished: boolean
  /**
   * Not in the diagram itself: a table of another schema that a foreign key of a diagram table references,
   * drawn for context (DataJoint draws only the diagram's tables).
   */
  readonly external: boolean
}

/** The tables of one schema drawn as one node, after `collapse()`. */
export interface DiagramCollapsedNode {
  readonly kind: 'collapsed'
  /** The schema's name, the node's id (no table's full name looks like it: those are quoted). */
  readonly name: string
  readonly schema: string
  /** Full names of the tables it stands for, in topological order. */
  readonly tables: readonly string[]
}

export type DiagramNode = DiagramTableNode | DiagramCollapsedNode

/** One foreign key from `parent` to `child` (node names); with a collapsed end, the first of those it stands for. */
export interface DiagramForeignKeyEdge {
  readonly kind: 'foreignKey'
  readonly parent: string
  readonly child: string
  /** Every foreign-key attribute is in the child's primary key (drawn solid; dashed otherwise). */
  readonly primary: boolean
  /** The foreign-key attributes are not exactly the child's primary key: one-to-many (drawn thin). */
  readonly multi: boolean
  /** Some attribute is renamed (`-> Subject.proj(subj_a='subject_id')`; DataJoint 2.3 draws the edge orange). */
  readonly aliased: boolean
  /** Child attribute → parent attribute. */
  readonly attributeMap: Readonly<Record<string, string>>
}

/** Every foreign key between two collapsed nodes, drawn as one edge with no per-key style (DataJoint's bundle). */
export interface DiagramBundleEdge {
  readonly kind: 'bundle'
  readonly parent: string
  readonly child: string
}

export type DiagramEdge = DiagramForeignKeyEdge | DiagramBundleEdge

/** The diagram as plain, JSON-safe data: nodes in topological order, edges ordered by their ends. */
export interface DiagramGraph {
  readonly nodes: readonly DiagramNode[]
  readonly edges: readonly DiagramEdge[]
}

/**
 * What a data-aware diagram restricts each table to: `cascade` (a delete preview) and `trace` OR what reaches a
 * table, `restrict` ANDs it and remembers its seeds so it can be restricted again.
 */
type Restrictions =
  | { readonly mode: 'cascade' | 'trace'; readonly restricted: ReadonlyMap<string, QueryExpr> }
  | { readonly mode: 'restrict'; readonly restricted: ReadonlyMap<string, QueryExpr>; readonly seeds: readonly RestrictSeed[] }

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
 * DataJoint's `dj.Diagram`: the tables of a schema (or one table) and the foreign keys between them, combined
 * with DataJoint's algebra; or — from `Diagram.cascade`, `restrict` and `Diagram.trace` — tables each restricted
 * to the rows that reach it.
 *
 * @example
 * const diagram = await dj.Diagram.of(schema)
 * console.log(diagram.mermaid())
 * const { nodes, edges } = diagram.graph()
 * const preview = await dj.Diagram.cascade(Lab.restrict({ lab_id: 1 }))
 * await preview.counts() // { '`s`.`lab`': 1, '`s`.`researcher`': 2, ... }
 */
export class Diagram {
  readonly #context: EngineContext
  readonly #graph: DependencyGraph
  readonly #shown: ReadonlySet<string>
  /** Shown tables drawn on their own; the others are drawn collapsed into one node per schema. */
  readonly #expanded: ReadonlySet<string>
  readonly #restrictions: Restrictions | null

  private constructor(
    context: EngineContext,
    graph: DependencyGraph,
    shown: Iterable<string>,
    expanded: Iterable<string>,
    restrictions: Restrictions | null,
  ) {
    this.#context = context
    this.#graph = graph
    this.#shown = new Set(shown)
    this.#expanded = new Set(expanded)
    this.#restrictions = restrictions
  }

  /**
   * The diagram of a schema (all its tables) or of one table (`dj.Diagram(x)`). The FK graph is that of every
   * schema the catalog holds; tables of other schemas appear once added (`add`). With `downstream`, the schemas
   * whose tables reference this one (and theirs, transitively) are loaded first, so `add(n)` reaches children in
   * other schemas whatever the catalog held before.
   */
  static async of(source: Table | Schema, options: DiagramOptions = {}): Promise<Diagram> {
    const load = { refresh: options.refresh ?? true, downstream: options.downstream ?? false, allowCycles: options.allowCycles ?? false }
    if (source instanceof Schema) {
      const graph = await loadDependencies(source.context, [source.name], load)
      const shown = graph.nodes.filter((n) => n.schema === source.name).map((n) => n.key)
      return new Diagram(source.context, graph, shown, shown, null)
    }
    if (source instanceof Table) {
      const graph = await loadDependencies(source.context, [source.schemaName], load)
      const key = tableKey(source.schemaName, source.tableName)
      if (!graph.has(key)) throw new DataJointError('MISSING_TABLE', `Table ${source.fullTableName} is not declared.`, { table: key })
      const shown = [key]
      return new Diagram(source.context, graph, shown, shown, null)
    }
    throw new DataJointError('INVALID_INPUT', 'dj.Diagram needs a table or a schema.')
  }

  /** The union of the diagrams of tables, schemas and diagrams (`Diagram.from_sequence`). */
  static async fromSequence(sources: readonly (Table | Schema | Diagram)[], options: Pick<DiagramOptions, 'allowCycles' | 'refresh'> = {}): Promise<Diagram> {
    let union: Diagram | null = null
    for (const source of sources) {
      const next = source instanceof Diagram ? source : await Diagram.of(source, options)
      union = union === null ? next : union.add(next)
    }
    if (union === null) throw new DataJointError('INVALID_INPUT', 'Diagram.fromSequence needs at least one table, schema or diagram.')
    return union
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
    return new Diagram(query.context, graph, plan.order, plan.order, { mode: 'cascade', restricted: plan.restricted })
  }

  /**
   * The lineage of `query`'s rows (DataJoint 2.3's `Diagram.trace`): the table and every table it depends on,
   * directly or not, in any schema, each restricted to the rows that the restricted table's foreign keys reach
   * through some path. `restricted(table)` gives one of them, `counts()` how many rows each has.
   */
  static async trace(query: Table): Promise<Diagram> {
    const { schema, table } = restrictedTableOf(query.expr)
    // The catalog loads the schemas that foreign keys point into with the schema: every ancestor is in the graph.
    const graph = await loadDependencies(query.context, [schema], { refresh: true })
    const restricted = planTrace(graph, tableKey(schema, table), seedRestriction(query.expr, query.context.resolveContext))
    return new Diagram(query.context, graph, restricted.keys(), restricted.keys(), { mode: 'trace', restricted })
  }

  /** The FK graph the diagram is drawn from (DataJoint's `conn.dependencies`). */
  get dependencies(): DependencyGraph {
    return this.#graph
  }

  /** Whether this is a cascade diagram (made by `Diagram.cascade`). */
  get isCascade(): boolean {
    return this.#restrictions?.mode === 'cascade'
  }

  /** Full names of the tables shown, in topological order. */
  get tables(): string[] {
    return this.#graph.topoSort(this.#shown).map((key) => this.#fullName(key))
  }

  /**
   * This diagram with another's tables (`d1 + d2`, a table drawn expanded wins over it collapsed), with a table
   * (`d + Table`), or with `n` more generations of children (`d + n`, after which every table is expanded).
   */
  add(other: Diagram | Table | number): Diagram {
    if (other instanceof Diagram) {
      const shown = [...this.#shown, ...other.#shown]
      return this.#with(shown, [...this.#expanded, ...other.#expanded], this.#graphWith(other))
    }
    if (other instanceof Table) {
      const key = this.#keyOf(other)
      return this.#with([...this.#shown, key], [...this.#expanded, key])
    }
    const shown = this.#generations(other, (key) => this.#graph.children(key).map((e) => e.child))
    return this.#with(shown, shown)
  }

  /**
   * This diagram without another's tables (`d1 - d2`), without a table (`d - Table`), or with `n` more
   * generations of parents (`d - n`). Unlike DataJoint, whose `d - n` leaves the new parents collapsed, they are
   * expanded, as `d + n` expands the new children.
   */
  subtract(other: Diagram | Table | number): Diagram {
    if (other instanceof Diagram) return this.#with([...this.#shown].filter((k) => !other.#shown.has(k)), this.#expanded)
    if (other instanceof Table) {
      const key = this.#keyOf(other)
      return this.#with([...this.#shown].filter((k) => k !== key), this.#expanded)
    }
    const shown = this.#generations(other, (key) => this.#graph.parents(key).map((e) => e.parent))
    return this.#with(shown, [...this.#expanded, ...[...shown].filter((k) => !this.#shown.has(k))])
  }

  /** The tables both diagrams show (`d1 * d2`). */
  intersect(other: Diagram): Diagram {
    return this.#with([...this.#shown].filter((k) => other.#shown.has(k)), this.#expanded)
  }

  /**
   * This diagram with the part tables of every master it shows (`add_parts`), of any depth. Parts are drawn
   * like their masters, expanded or collapsed (DataJoint does not mark them expanded, which would collapse the
   * parts of an expanded master).
   */
  addParts(): Diagram {
    const masterOf = (key: string): string | null => this.#graph.node(key)?.master ?? null
    const shownMaster = (key: string): string | null => {
      for (let master = masterOf(key); master !== null; master = masterOf(master)) if (this.#shown.has(master)) return master
      return null
    }
    const parts = this.#graph.nodes.filter((n) => !this.#shown.has(n.key) && shownMaster(n.key) !== null).map((n) => n.key)
    const expandedParts = parts.filter((key) => this.#expanded.has(shownMaster(key) as string))
    return this.#with([...this.#shown, ...parts], [...this.#expanded, ...expandedParts])
  }

  /**
   * This diagram with every table collapsed: `graph()` draws each schema's tables as one node. Combined with
   * `add`, a table expanded in either diagram stays expanded (`Diagram.of(s1).add(Diagram.of(s2).collapse())`).
   */
  collapse(): Diagram {
    return this.#with(this.#shown, [])
  }

  /**
   * This diagram with `query`'s restriction carried to every table that depends on the restricted table (in
   * DataJoint's `restrict`, for exporting a subset): a row stays when it matches every restricted table above it
   * (AND where paths meet). Can be applied again; not to cascade or trace diagrams.
   */
  restrict(query: Table): Diagram {
    const restrictions = this.#restrictions
    if (restrictions !== null && restrictions.mode !== 'restrict') {
      throw new DataJointError(
        'INVALID_QUERY',
        'Cannot apply restrict() on a Diagram produced by Diagram.cascade(). cascade and restrict are mutually exclusive modes.',
      )
    }
    this.#graph.requireAcyclic()
    const { schema, table } = restrictedTableOf(query.expr)
    const key = tableKey(schema, table)
    if (!this.#graph.has(key)) throw new DataJointError('MISSING_TABLE', `Table ${this.#fullName(key)} is not in the diagram.`, { table: key })
    const seeds = [...(restrictions?.seeds ?? []), { key, entries: seedRestriction(query.expr, this.#context.resolveContext) }]
    return new Diagram(this.#context, this.#graph, this.#shown, this.#expanded, { mode: 'restrict', restricted: planRestrict(this.#graph, seeds), seeds })
  }

  /**
   * This diagram without the tables that have no rows (`prune`): after `restrict`, the restricted tables left
   * with no matching rows; otherwise the shown tables that are empty. One count per table. Not for cascade or
   * trace diagrams, which keep every table they reach.
   */
  async prune(): Promise<Diagram> {
    const restrictions = this.#restrictions
    if (restrictions !== null && restrictions.mode !== 'restrict') {
      throw new DataJointError(
        'INVALID_QUERY',
        'prune() cannot be used on a Diagram produced by Diagram.cascade(). Cascade diagrams must retain all descendant tables for safe deletion.',
      )
    }
    this.#graph.requireAcyclic()
    // Only shown tables are counted: dropping a restriction from a table not shown would change nothing.
    const candidates = [...this.#shown].filter((key) => restrictions === null || restrictions.restricted.has(key))
    const empty = new Set<string>()
    for (const key of candidates) if ((await this.#count(key)) === 0) empty.add(key)
    const restricted = restrictions === null ? null : { ...restrictions, restricted: new Map([...restrictions.restricted].filter(([key]) => !empty.has(key))) }
    return new Diagram(this.#context, this.#graph, [...this.#shown].filter((k) => !empty.has(k)), this.#expanded, restricted)
  }

  /**
   * A table of a data-aware diagram restricted as the diagram restricts it (`trace[Table]` in DataJoint 2.3):
   * given as a table or a full table name.
   */
  restricted(table: Table | string): Table {
    const key = table instanceof Table ? this.#keyOf(table) : this.#keyOfName(table)
    const expr = this.#restrictions?.restricted.get(key)
    const node = this.#graph.node(key)
    if (expr === undefined || node === undefined) {
      throw new DataJointError('MISSING_TABLE', `Table ${this.#fullName(key)} is not restricted by this diagram.`, { table: key })
    }
    return new Table(this.#context, node.schema, node.table, expr)
  }

  #generations(n: number, next: (key: string) => string[]): Set<string> {
    let shown = new Set(this.#shown)
    for (let i = 0; i < n; i += 1) shown = new Set([...shown, ...[...shown].flatMap(next)])
    return shown
  }

  #with(shown: Iterable<string>, expanded: Iterable<string>, graph: DependencyGraph = this.#graph): Diagram {
    if (this.#restrictions !== null && this.#restrictions.mode !== 'restrict') {
      throw new DataJointError('INVALID_QUERY', `A ${this.#restrictions.mode} diagram cannot be combined with other diagrams.`)
    }
    return new Diagram(this.#context, graph, shown, expanded, this.#restrictions)
  }

  /**
   * A graph holding both diagrams' tables. Each diagram's graph is the catalog's when it was made, so one made
   * before a schema was loaded lacks that schema's tables; the catalog now holds both.
   */
  #graphWith(other: Diagram): DependencyGraph {
    if ([...other.#shown].every((key) => this.#graph.has(key))) return this.#graph
    if ([...this.#shown].every((key) => other.#graph.has(key))) return other.#graph
    return DependencyGraph.fromTables(this.#context.catalog.allTables(), { allowCycles: this.#graph.allowsCycles || other.#graph.allowsCycles })
  }

  #keyOf(table: Table): string {
    const key = tableKey(table.schemaName, table.tableName)
    if (!this.#graph.has(key)) throw new DataJointError('MISSING_TABLE', `Table ${table.fullTableName} is not in the diagram.`, { table: key })
    return key
  }

  #keyOfName(name: string): string {
    const found = this.#graph.nodes.find((n) => this.#fullName(n.key) === name)
    if (found === undefined) throw new DataJointError('MISSING_TABLE', `Table ${name} is not in the diagram.`, { table: name })
    return found.key
  }

  async #count(key: string): Promise<number> {
    const node = this.#graph.node(key) as DependencyNode
    await this.#context.loadSchemas([node.schema])
    const expr = this.#restrictions?.restricted.get(key) ?? build.table(node.schema, node.table)
    return (await this.#context.pipeline.count(expr)).count
  }

  /**
   * Rows per table (full table name → count) of the shown tables a data-aware diagram restricts (DataJoint's
   * `counts()`), parents first, each logged as `<table> (<n> tuples)`. Nothing is changed.
   */
  async counts(): Promise<Record<string, number>> {
    const restrictions = this.#restrictions
    if (restrictions === null) {
      throw new DataJointError('INVALID_QUERY', 'No restrictions applied. Use Diagram.cascade(table_expr) or diag.restrict(table_expr) first.')
    }
    this.#graph.requireAcyclic()
    const result: Record<string, number> = {}
    for (const key of this.#graph.topoSort(this.#shown)) {
      if (!restrictions.restricted.has(key)) continue
      const name = this.#fullName(key)
      result[name] = await this.#count(key)
      this.#context.logger.info(`${name} (${result[name]} tuples)`)
    }
    return result
  }

  /**
   * The diagram as plain data for a drawing to lay out (what DataJoint's renderers draw, without a layout):
   * the shown tables, the tables of other schemas their foreign keys reference (`external`), and one edge per
   * foreign key between them. Collapsed tables become one node per schema; their edges merge into one per pair
   * of nodes — a `bundle` when both ends are collapsed. Renamed foreign keys are `aliased` edges, not 2.2's
   * alias nodes; a table referencing itself (only in a diagram made with `allowCycles`) has an edge to itself.
   * JSON-safe.
   */
  graph(): DiagramGraph {
    const external = new Set<string>()
    for (const key of this.#shown) {
      const schema = this.#graph.node(key)?.schema
      for (const { parent } of this.#graph.parents(key)) if (!this.#shown.has(parent) && this.#graph.node(parent)?.schema !== schema) external.add(parent)
    }
    const order = this.#graph.topoSort([...this.#shown, ...external])
    const nodeName = (key: string): string => this.#collapsedSchema(key) ?? this.#fullName(key)

    const nodes: DiagramNode[] = []
    const collapsed = new Map<string, string[]>()
    for (const key of order) {
      const schema = this.#collapsedSchema(key)
      if (schema === null) {
        nodes.push(this.#tableNode(key, external.has(key)))
        continue
      }
      const tables = collapsed.get(schema)
      if (tables !== undefined) {
        tables.push(this.#fullName(key))
        continue
      }
      const members = [this.#fullName(key)]
      collapsed.set(schema, members)
      nodes.push({ kind: 'collapsed', name: schema, schema, tables: members })
    }

    // Parallel foreign keys in the order of their columns, which unlike constraint names are the same on every
    // backend: the first of several merged into one edge is then the same everywhere too.
    const columns = (attributeMap: Readonly<Record<string, string>>): string => Object.keys(attributeMap).join(',')
    const byColumns = [...this.#graph.edges].sort((a, b) => compare(a.parent, b.parent) || compare(a.child, b.child) || compare(columns(a.attrMap), columns(b.attrMap)))
    const edges: DiagramEdge[] = []
    const merged = new Set<string>()
    for (const edge of byColumns) {
      const ends = [edge.parent, edge.child]
      if (!ends.every((k) => this.#shown.has(k) || external.has(k)) || !ends.some((k) => this.#shown.has(k))) continue
      const parent = nodeName(edge.parent)
      const child = nodeName(edge.child)
      const parentCollapsed = this.#collapsedSchema(edge.parent) !== null
      const childCollapsed = this.#collapsedSchema(edge.child) !== null
      // Within one collapsed schema a foreign key joins nothing drawn; a table referencing itself keeps its loop.
      if (parent === child && parentCollapsed) continue
      if (parentCollapsed || childCollapsed) {
        // A collapsed node stands for several tables, so several foreign keys may join the same pair: one edge.
        const pair = JSON.stringify([parent, child])
        if (merged.has(pair)) continue
        merged.add(pair)
        if (parentCollapsed && childCollapsed) {
          edges.push({ kind: 'bundle', parent, child })
          continue
        }
      }
      edges.push(foreignKeyEdge(edge, parent, child))
    }
    const edgeColumns = (edge: DiagramEdge): string => (edge.kind === 'foreignKey' ? columns(edge.attributeMap) : '')
    edges.sort((a, b) => compare(a.parent, b.parent) || compare(a.child, b.child) || compare(edgeColumns(a), edgeColumns(b)))
    return { nodes, edges }
  }

  #tableNode(key: string, external: boolean): DiagramTableNode {
    const node = this.#graph.node(key) as DependencyNode
    const inherited = new Set(this.#graph.parents(key, { primary: true }).flatMap((e) => Object.keys(e.attrMap)))
    const ownKey = node.primaryKey.filter((column) => !inherited.has(column))
    return {
      kind: 'table',
      name: this.#fullName(key),
      schema: node.schema,
      table: node.table,
      className: node.className,
      tier: node.tier,
      master: node.master === null ? null : this.#fullName(node.master),
      distinguished: ownKey.length > 0,
      external,
    }
  }

  /**
   * The diagram as a Mermaid flowchart in DataJoint 2.2's format (`diagram.py`): its class definitions, one subgraph per
   * schema, nodes named by class (`Session.Trial` → id `Session_Trial`), solid arrows for primary foreign keys
   * and dotted ones otherwise. A renamed foreign key goes through a numbered alias node (`0((0))`), as DataJoint
   * 2.2 draws it. Names of other schemas' tables that collide are prefixed with their schema. Collapsed tables are
   * one `schema[["(N tables)"]]` node per schema, with one edge per pair of nodes.
   */
  mermaid(direction: DiagramDirection = this.#context.config.display.diagramDirection): string {
    const order = this.#graph.topoSort(this.#shown)
    const expanded = order.filter((key) => this.#collapsedSchema(key) === null)
    const names = this.#classNames(expanded)
    const idOf = (key: string): string => (this.#collapsedSchema(key) ?? names.get(key) ?? key).replace(/[^A-Za-z0-9_]/g, '_')
    const edges = order.flatMap((key) => this.#graph.children(key).filter((e) => this.#shown.has(e.child)))
    const position = new Map(order.map((k, i) => [k, i]))
    edges.sort((a, b) => (position.get(a.parent) ?? 0) - (position.get(b.parent) ?? 0) || (position.get(a.child) ?? 0) - (position.get(b.child) ?? 0) || compare(a.name, b.name))
    const betweenExpanded = (e: DependencyEdge): boolean => this.#collapsedSchema(e.parent) === null && this.#collapsedSchema(e.child) === null
    const aliases = new Map<DependencyEdge, string>()
    edges
      .filter((e) => e.aliased && betweenExpanded(e))
      .sort((a, b) => compare(a.name, b.name) || compare(a.child, b.child)).forEach((e, i) => aliases.set(e, String(i)))

    const lines = [`flowchart ${direction}`, ...CLASS_DEFS.map((d) => `    ${d}`), '']
    const schemas = [...new Set(order.map((k) => this.#graph.node(k)?.schema ?? ''))]
    for (const schema of schemas) {
      lines.push(`    subgraph ${schema}`)
      for (const [edge, alias] of [...aliases].sort((a, b) => Number(a[1]) - Number(b[1]))) {
        if (this.#graph.node(edge.child)?.schema === schema) lines.push(`        ${alias}((${alias}))`)
      }
      const collapsed = order.filter((key) => this.#collapsedSchema(key) === schema)
      if (collapsed.length > 0) {
        const count = collapsed.length === 1 ? '1 table' : `${collapsed.length} tables`
        lines.push(`        ${idOf(collapsed[0] as string)}[["(${count})"]]:::collapsed`)
      }
      for (const key of expanded) {
        const node = this.#graph.node(key) as DependencyNode
        if (node.schema !== schema) continue
        const label = (names.get(key) ?? key).replace(new RegExp(`^${escapeRegExp(schema)}\\.`), '')
        const shape = node.tier === null ? (['((', '))'] as const) : (SHAPES[node.tier] ?? ['[', ']'])
        lines.push(`        ${idOf(key)}${shape[0]}${label}${shape[1]}${node.tier === null ? '' : `:::${node.tier}`}`)
      }
      lines.push('    end')
    }
    lines.push('')
    const drawn = new Set<string>()
    for (const edge of edges) {
      const arrow = edge.primary ? '-->' : '-.->'
      const [parent, child] = [idOf(edge.parent), idOf(edge.child)]
      const alias = aliases.get(edge)
      if (alias !== undefined) {
        lines.push(`    ${parent} ${arrow} ${alias}`, `    ${alias} ${arrow} ${child}`)
      } else if (betweenExpanded(edge)) {
        lines.push(`    ${parent} ${arrow} ${child}`)
      } else if (parent !== child && !drawn.has(`${parent} ${child}`)) {
        // A collapsed node stands for several tables: one edge per pair of nodes, styled by its first foreign key.
        drawn.add(`${parent} ${child}`)
        lines.push(`    ${parent} ${arrow} ${child}`)
      }
    }
    return lines.join('\n')
  }

  /** The schema a shown table is drawn collapsed into, or null when it is drawn on its own. */
  #collapsedSchema(key: string): string | null {
    return this.#shown.has(key) && !this.#expanded.has(key) ? (this.#graph.node(key) as DependencyNode).schema : null
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

function foreignKeyEdge(edge: DependencyEdge, parent: string, child: string): DiagramForeignKeyEdge {
  return { kind: 'foreignKey', parent, child, primary: edge.primary, multi: edge.multi, aliased: edge.aliased, attributeMap: { ...edge.attrMap } }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
