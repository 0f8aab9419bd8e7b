// The data-aware diagrams besides the cascade (table/delete.ts): `Diagram.restrict`, which carries restrictions
// down the FK graph ANDed where they meet, and `Diagram.trace`, which carries one up to every ancestor, ORed.
// Pure: the restrictions are query expressions, nothing is read until they are counted.

import type { QueryExpr } from '../algebra/ast'
import * as build from '../algebra/build'
import { propagateRestrictions, restrictedExpr, type RestrictionEntry } from '../table/delete'
import type { DependencyEdge, DependencyGraph } from './dependencies'

/** A table `Diagram.restrict` was given, and its restriction as one AND-term. */
export interface RestrictSeed {
  readonly key: string
  readonly entries: readonly RestrictionEntry[]
}

/**
 * DataJoint's `Diagram.restrict`, for every seed given so far (a restrict diagram can be restricted again):
 * each seed's descendants receive what its foreign keys pass down, ANDed where paths meet, so a row stays only
 * when it satisfies every restricted ancestor.
 */
export function planRestrict(graph: DependencyGraph, seeds: readonly RestrictSeed[]): Map<string, QueryExpr> {
  const [first, ...rest] = seeds
  if (first === undefined) return new Map()
  const scope = new Set(seeds.flatMap((seed) => graph.descendants(seed.key)))
  const extra = new Map<string, RestrictionEntry[]>()
  for (const seed of rest) extra.set(seed.key, [...(extra.get(seed.key) ?? []), ...seed.entries])
  return propagateRestrictions(graph, first.key, first.entries, scope, extra, 'all').restricted
}

/**
 * DataJoint 2.3's `Diagram.trace`: the seed and every ancestor, each restricted to the rows some path of foreign
 * keys from the seed's rows reaches (ORed where paths meet). Walks children before parents; each foreign key
 * passes up (1) the child's restriction itself when it only constrains columns this foreign key takes from the
 * parent's key, or else (2) a semijoin with the distinct foreign-key values of the restricted child, renamed
 * to the parent's columns.
 */
export function planTrace(graph: DependencyGraph, seed: string, seedEntries: readonly RestrictionEntry[]): Map<string, QueryExpr> {
  const scope = new Set(graph.ancestors(seed))
  const entries = new Map<string, RestrictionEntry[]>([[seed, [...seedEntries]]])
  const restricted = new Map<string, QueryExpr>()
  for (const key of graph.topoSort(scope).reverse()) {
    const own = entries.get(key)
    if (own === undefined) continue
    const expr = restrictedExpr(graph, key, own)
    restricted.set(key, expr)
    for (const edge of graph.parents(key)) {
      if (!scope.has(edge.parent)) continue
      entries.set(edge.parent, [...(entries.get(edge.parent) ?? []), ...propagateEdgeUp(graph, edge, own, expr)])
    }
  }
  return restricted
}

function propagateEdgeUp(graph: DependencyGraph, edge: DependencyEdge, childEntries: readonly RestrictionEntry[], child: QueryExpr): RestrictionEntry[] {
  const columns = Object.keys(edge.attrMap)
  const parentKey = new Set(graph.node(edge.parent)?.primaryKey ?? [])
  const copyable = childEntries.length > 0 && childEntries.every((e) => e.attributes !== null)
  if (!edge.aliased && copyable) {
    const names = new Set(childEntries.flatMap((e) => [...(e.attributes ?? [])]))
    // As in the downward rule, the columns must come through this foreign key, not merely share a name.
    if (names.size > 0 && [...names].every((n) => parentKey.has(n) && columns.includes(n))) return [...childEntries]
  }
  const keep: string[] = []
  const rename: Record<string, string> = {}
  for (const [childColumn, parentColumn] of Object.entries(edge.attrMap)) {
    if (childColumn === parentColumn) keep.push(childColumn)
    else rename[parentColumn] = childColumn
  }
  const parentColumns = Object.values(edge.attrMap)
  // dj.U over the parent's columns keeps only the foreign-key values: the child's other key columns must not
  // take part in the match, even where the parent happens to have a column of the same name.
  const values = build.restrict(build.universal(parentColumns), build.semijoin(build.proj(child, { keep, rename })), { semanticCheck: false })
  return [{ condition: build.semijoin(values), attributes: new Set(parentColumns) }]
}
