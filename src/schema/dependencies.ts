// The foreign-key dependency graph of loaded schemas (DataJoint's `conn.dependencies`): built from the catalog's
// TableInfos with no queries of its own. Loading asks only the catalog and the introspector, per schema.

import { parseTableName, toCamelCase } from '../declare/tier'
import { DataJointError } from '../errors/datajoint-error'
import { tableKey, type TableInfo, type Tier } from '../heading/table-info'
import type { EngineContext } from '../instance/context'

/**
 * One foreign key, from the referenced (parent) table to the referencing (child) table. Renamed foreign keys
 * are parallel edges flagged `aliased` (DataJoint 2.3's multigraph), not 2.2's numbered alias nodes; the Mermaid
 * export draws them as 2.2's alias nodes.
 */
export interface DependencyEdge {
  /** Node key (`schema.table`) of the referenced table. */
  readonly parent: string
  /** Node key of the referencing table. */
  readonly child: string
  /** The constraint's name. */
  readonly name: string
  /** Every foreign-key column is in the child's primary key. */
  readonly primary: boolean
  /** Child column → parent column, in constraint order. */
  readonly attrMap: Readonly<Record<string, string>>
  /** Some child column is named differently from its parent column (`-> Subject.proj(subj_a='subject_id')`). */
  readonly aliased: boolean
  /** The foreign-key columns are not exactly the child's primary key (not one-to-one). */
  readonly multi: boolean
}

/** A table of the graph. */
export interface DependencyNode {
  /** `schema.table` (see `tableKey`). */
  readonly key: string
  readonly schema: string
  readonly table: string
  /** null for tables outside DataJoint's naming; from the SQL name for referenced tables the catalog does not hold. */
  readonly tier: Tier | null
  /** DataJoint class name; `Master.Part` for parts. */
  readonly className: string
  /** Node key of the master table, for part tables. */
  readonly master: string | null
  /** Primary-key columns, hidden ones included; empty for tables the catalog does not hold. */
  readonly primaryKey: readonly string[]
}

/** Filters edges by kind, like DataJoint's `primary=` argument. */
export interface EdgeFilter {
  /** true: foreign keys made only of primary-key columns; false: those with a secondary column; absent: all. */
  readonly primary?: boolean
}

const CYCLE_MESSAGE = 'DataJoint can only work with acyclic dependencies'

/** How `DependencyGraph.fromTables` builds the graph. */
export interface DependencyGraphOptions {
  /**
   * Accept foreign keys that form a cycle (possible among tables DataJoint did not declare, or a table
   * referencing itself), for drawing only: such a graph refuses ancestors, descendants and parts with DataJoint's
   * error, and its topological order puts the tables on or after a cycle last, by key. Default false.
   */
  readonly allowCycles?: boolean
}

/**
 * The FK graph of a set of tables: one node per table that has a primary key (hidden `~` tables excluded), one
 * edge per foreign key. Cycles (including self-references) are refused with DataJoint's error unless the graph is
 * built for drawing (`allowCycles`).
 *
 * Topological orders follow DataJoint's `topo_sort`: parents before children, ties broken by node key (so the
 * order is the same on every backend), each part table right after its master, and a part's parents from
 * outside its master ordered before the master.
 *
 * @example
 * const graph = DependencyGraph.fromTables(context.catalog.allTables())
 * graph.descendants('lab.lab') // ['lab.lab', 'lab.researcher', ...]
 */
export class DependencyGraph {
  readonly #nodes: ReadonlyMap<string, DependencyNode>
  readonly #edges: readonly DependencyEdge[]
  readonly #in: ReadonlyMap<string, readonly DependencyEdge[]>
  readonly #out: ReadonlyMap<string, readonly DependencyEdge[]>
  #order: readonly string[] | undefined
  /** The foreign keys form a cycle (only in a graph built with `allowCycles`). */
  readonly cyclic: boolean
  /** Built with `allowCycles`: a graph combined with this one is built so too. */
  readonly allowsCycles: boolean

  private constructor(nodes: ReadonlyMap<string, DependencyNode>, edges: readonly DependencyEdge[], allowCycles: boolean) {
    this.#nodes = nodes
    this.#edges = edges
    const incoming = new Map<string, DependencyEdge[]>()
    const outgoing = new Map<string, DependencyEdge[]>()
    for (const key of nodes.keys()) {
      incoming.set(key, [])
      outgoing.set(key, [])
    }
    for (const edge of edges) {
      incoming.get(edge.child)?.push(edge)
      outgoing.get(edge.parent)?.push(edge)
    }
    this.#in = incoming
    this.#out = outgoing
    this.#order = undefined
    this.allowsCycles = allowCycles
    this.cyclic = hasCycle(nodes.keys(), outgoing)
    if (this.cyclic && !allowCycles) throw new DataJointError('INVALID_DEFINITION', CYCLE_MESSAGE)
  }

  /** Builds the graph of the given tables; referenced tables missing from the list become bare nodes. */
  static fromTables(tables: Iterable<TableInfo>, options: DependencyGraphOptions = {}): DependencyGraph {
    const infos = [...tables].filter((t) => !t.table.startsWith('~'))
    const byKey = new Map(infos.map((t) => [tableKey(t.schema, t.table), t]))
    const nodes = new Map<string, DependencyNode>()
    const addNode = (key: string, node: DependencyNode): void => {
      if (!nodes.has(key)) nodes.set(key, node)
    }
    const classNameOf = (info: TableInfo): string => {
      const master = info.tier === 'part' && info.master !== null ? byKey.get(tableKey(info.schema, info.master)) : undefined
      const own = info.className === '' ? info.table : info.className
      return master === undefined ? own : `${master.className}.${own}`
    }
    for (const info of infos) {
      if (info.primaryKey.length === 0) continue
      const key = tableKey(info.schema, info.table)
      const masterKey = info.master === null ? null : tableKey(info.schema, info.master)
      addNode(key, {
        key,
        schema: info.schema,
        table: info.table,
        tier: info.tier,
        className: classNameOf(info),
        master: masterKey !== null && byKey.has(masterKey) ? masterKey : null,
        primaryKey: info.primaryKey,
      })
    }
    const edges: DependencyEdge[] = []
    for (const info of infos) {
      const child = tableKey(info.schema, info.table)
      const childKey = new Set(info.primaryKey)
      for (const fk of info.foreignKeys) {
        if (fk.parentTable.startsWith('~')) continue
        const parent = tableKey(fk.parentSchema, fk.parentTable)
        addNode(child, { key: child, schema: info.schema, table: info.table, tier: info.tier, className: classNameOf(info), master: null, primaryKey: info.primaryKey })
        addNode(parent, bareNode(fk.parentSchema, fk.parentTable))
        const attrMap: Record<string, string> = {}
        fk.attributes.forEach((column, i) => {
          attrMap[column] = fk.parentAttributes[i] ?? column
        })
        const columns = Object.keys(attrMap)
        edges.push({
          parent,
          child,
          name: fk.name,
          primary: columns.every((c) => childKey.has(c)),
          attrMap,
          aliased: columns.some((c) => attrMap[c] !== c),
          multi: columns.length !== childKey.size || !columns.every((c) => childKey.has(c)),
        })
      }
    }
    const sortedNodes = new Map([...nodes.entries()].sort(([a], [b]) => compareKeys(a, b)))
    edges.sort((a, b) => compareKeys(a.parent, b.parent) || compareKeys(a.child, b.child) || compareKeys(a.name, b.name))
    return new DependencyGraph(sortedNodes, edges, options.allowCycles ?? false)
  }

  /** Every node, ordered by key. */
  get nodes(): readonly DependencyNode[] {
    return [...this.#nodes.values()]
  }

  /** Every edge, ordered by parent, child and constraint name. */
  get edges(): readonly DependencyEdge[] {
    return this.#edges
  }

  has(key: string): boolean {
    return this.#nodes.has(key)
  }

  node(key: string): DependencyNode | undefined {
    return this.#nodes.get(key)
  }

  /** The foreign keys of `key` (one edge per foreign key: a parent referenced twice appears twice). */
  parents(key: string, filter: EdgeFilter = {}): DependencyEdge[] {
    return (this.#in.get(key) ?? []).filter((e) => filter.primary === undefined || e.primary === filter.primary)
  }

  /** The foreign keys that reference `key`. */
  children(key: string, filter: EdgeFilter = {}): DependencyEdge[] {
    return (this.#out.get(key) ?? []).filter((e) => filter.primary === undefined || e.primary === filter.primary)
  }

  /** `key` followed by every table that depends on it, directly or not, in topological order. */
  descendants(key: string): string[] {
    this.#require(key)
    this.requireAcyclic()
    const found = reach(key, (k) => (this.#out.get(k) ?? []).map((e) => e.child))
    found.delete(key)
    return [key, ...this.topoSort(found)]
  }

  /** `key` followed by every table it depends on, directly or not, in reverse topological order (DataJoint's order). */
  ancestors(key: string): string[] {
    this.#require(key)
    this.requireAcyclic()
    const found = reach(key, (k) => (this.#in.get(k) ?? []).map((e) => e.parent))
    found.delete(key)
    return [...this.topoSort(found), key].reverse()
  }

  /** The part tables of a master, in topological order. */
  parts(key: string): string[] {
    this.#require(key)
    this.requireAcyclic()
    return this.topoSort(this.nodes.filter((n) => n.master === key).map((n) => n.key))
  }

  /**
   * Node keys in DataJoint's topological order (see the class comment); with `keys`, only those nodes, in the
   * order they have in the whole graph. In a cyclic graph, the tables on or after a cycle follow the others, by key.
   */
  topoSort(keys?: Iterable<string>): string[] {
    this.#order ??= this.#sortAll()
    if (keys === undefined) return [...this.#order]
    const wanted = new Set(keys)
    return this.#order.filter((k) => wanted.has(k))
  }

  /** Refuses a cyclic graph with DataJoint's error: for whatever computes with the dependencies, not drawing. */
  requireAcyclic(): void {
    if (this.cyclic) throw new DataJointError('INVALID_DEFINITION', CYCLE_MESSAGE)
  }

  #require(key: string): void {
    if (!this.#nodes.has(key)) throw new DataJointError('MISSING_TABLE', `Table ${key} is not in the dependency graph.`, { table: key })
  }

  #sortAll(): string[] {
    const keys = [...this.#nodes.keys()]
    const index = new Map(keys.map((k, i) => [k, i]))
    const successors = new Map<string, Set<string>>(keys.map((k) => [k, new Set<string>()]))
    for (const edge of this.#edges) successors.get(edge.parent)?.add(edge.child)
    const masterOf = (k: string): string | null => this.#nodes.get(k)?.master ?? null
    // A part's parents outside its master become the master's parents, so masters sort after everything their
    // parts need. An edge that would close a cycle (a part referencing its master's descendant) is left out.
    for (const node of this.#nodes.values()) {
      const master = node.master
      if (master === null) continue
      for (const edge of this.#in.get(node.key) ?? []) {
        const parent = edge.parent
        if (parent === master || masterOf(parent) === master) continue
        if (successors.get(parent)?.has(master)) continue
        if (reach(master, (k) => successors.get(k) ?? []).has(parent)) continue
        successors.get(parent)?.add(master)
      }
    }
    const indegree = new Map(keys.map((k) => [k, 0]))
    for (const targets of successors.values()) for (const t of targets) indegree.set(t, (indegree.get(t) ?? 0) + 1)
    const ready = keys.filter((k) => indegree.get(k) === 0)
    const sorted: string[] = []
    while (ready.length > 0) {
      ready.sort((a, b) => (index.get(a) ?? 0) - (index.get(b) ?? 0))
      const next = ready.shift() as string
      sorted.push(next)
      for (const t of successors.get(next) ?? []) {
        const d = (indegree.get(t) ?? 0) - 1
        indegree.set(t, d)
        if (d === 0) ready.push(t)
      }
    }
    // Tables on or after a cycle never become ready: they follow, by key, so the order is the same on every backend.
    if (sorted.length < keys.length) {
      const placed = new Set(sorted)
      sorted.push(...keys.filter((k) => !placed.has(k)))
    }
    return this.#placeParts(sorted)
  }

  /** Moves each part right after its master when everything it references is already placed. */
  #placeParts(sorted: readonly string[]): string[] {
    const placed = new Set<string>()
    const result: string[] = []
    const partsOf = new Map<string, string[]>()
    for (const key of sorted) {
      const master = this.#nodes.get(key)?.master
      if (master !== null && master !== undefined) partsOf.set(master, [...(partsOf.get(master) ?? []), key])
    }
    const place = (key: string): void => {
      if (placed.has(key)) return
      placed.add(key)
      result.push(key)
      for (const part of partsOf.get(key) ?? []) {
        if ((this.#in.get(part) ?? []).every((e) => placed.has(e.parent))) place(part)
      }
    }
    for (const key of sorted) place(key)
    return result
  }
}

/**
 * A referenced table the catalog does not hold: tier and class name from its SQL name alone, as DataJoint draws
 * such nodes; no primary key is known.
 */
function bareNode(schema: string, table: string): DependencyNode {
  const parsed = parseTableName(table)
  const className = parsed === null ? table : parsed.master === null ? parsed.className : `${toCamelCase(parsed.master)}.${parsed.className}`
  return { key: tableKey(schema, table), schema, table, tier: parsed?.tier ?? null, className, master: null, primaryKey: [] }
}

/** Orders `schema.table` keys by schema, then table. */
function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

function reach(start: string, next: (key: string) => Iterable<string>): Set<string> {
  const seen = new Set<string>([start])
  const stack = [start]
  while (stack.length > 0) {
    const key = stack.pop() as string
    for (const n of next(key)) {
      if (!seen.has(n)) {
        seen.add(n)
        stack.push(n)
      }
    }
  }
  return seen
}

function hasCycle(keys: Iterable<string>, outgoing: ReadonlyMap<string, readonly DependencyEdge[]>): boolean {
  const state = new Map<string, 1 | 2>()
  for (const root of keys) {
    if (state.has(root)) continue
    const stack: { key: string; next: number }[] = [{ key: root, next: 0 }]
    state.set(root, 1)
    while (stack.length > 0) {
      const frame = stack[stack.length - 1] as { key: string; next: number }
      const edges = outgoing.get(frame.key) ?? []
      if (frame.next >= edges.length) {
        state.set(frame.key, 2)
        stack.pop()
        continue
      }
      const child = (edges[frame.next] as DependencyEdge).child
      frame.next += 1
      const seen = state.get(child)
      if (seen === 1) return true
      if (seen === undefined) {
        state.set(child, 1)
        stack.push({ key: child, next: 0 })
      }
    }
  }
  return false
}

export interface LoadDependenciesOptions {
  /**
   * Also load every schema holding foreign keys into the set, repeatedly (DataJoint's `load_all_downstream`),
   * as delete, drop and cascade previews need. Default false.
   */
  readonly downstream?: boolean
  /** Re-read the schemas' catalog even if it is cached, as DataJoint reloads before delete and drop. Default false. */
  readonly refresh?: boolean
  /** Build the graph for drawing, accepting foreign keys that form a cycle (see `DependencyGraphOptions`). */
  readonly allowCycles?: boolean
}

/**
 * Loads the schemas (and, on request, every schema downstream of them) into the catalog, then builds the graph
 * of everything the catalog holds. Queries: one per round of downstream discovery, plus the catalog's fixed
 * number per load — never one per table.
 */
export async function loadDependencies(
  context: EngineContext,
  schemas: readonly string[],
  options: LoadDependenciesOptions = {},
): Promise<DependencyGraph> {
  const known = new Set(schemas)
  if (options.downstream) {
    for (;;) {
      const found = (await context.catalog.introspector.downstreamSchemas([...known])).filter((s) => !known.has(s))
      if (found.length === 0) break
      for (const schema of found) known.add(schema)
    }
  }
  if (options.refresh) await context.catalog.load([...known], { refresh: true })
  else await context.loadSchemas([...known])
  return DependencyGraph.fromTables(context.catalog.allTables(), { allowCycles: options.allowCycles ?? false })
}
