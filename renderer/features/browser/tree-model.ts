// The schema tree as a flat list of rows (for a virtualized list): schemas, tier groups, tables, and part
// tables nested under their masters, filtered by the search text. Pure.

import type { Output } from '../../../electron/ipc/contract'

export type TableSummary = Output<'schema.tables'>[number]
export type Tier = TableSummary['tier']

/** DataJoint's pipeline order: lookups and manual entry first, then what is imported and computed. */
export const TIER_ORDER: readonly Tier[] = ['lookup', 'manual', 'imported', 'computed', 'part']

export const TIER_LABELS: Readonly<Record<Tier, string>> = {
  lookup: 'Lookup',
  manual: 'Manual',
  imported: 'Imported',
  computed: 'Computed',
  part: 'Part',
}

export type SchemaTables =
  | { readonly status: 'idle' }
  | { readonly status: 'loading' }
  | { readonly status: 'error'; readonly message: string }
  | { readonly status: 'ready'; readonly tables: readonly TableSummary[] }

export type TreeRow =
  | {
      readonly kind: 'schema'
      readonly id: string
      readonly schema: string
      readonly expanded: boolean
      /** Tables shown under it (after the search), or null when not loaded. */
      readonly tableCount: number | null
    }
  | { readonly kind: 'tier'; readonly id: string; readonly schema: string; readonly tier: Tier; readonly count: number }
  | {
      readonly kind: 'table'
      readonly id: string
      readonly schema: string
      readonly table: TableSummary
      /** 1 for tables, 2 for parts under their master. */
      readonly depth: 1 | 2
      readonly label: string
    }
  | { readonly kind: 'status'; readonly id: string; readonly schema: string; readonly status: 'loading' | 'error' | 'empty'; readonly message: string }

export interface TreeInput {
  readonly schemas: readonly string[]
  readonly tables: ReadonlyMap<string, SchemaTables>
  /** Schemas the user opened (without a search). */
  readonly expanded: ReadonlySet<string>
  /** Schemas the user closed while searching (a search opens every schema it shows). */
  readonly collapsed?: ReadonlySet<string>
  readonly search: string
}

/** The name shown for a table: its class name, a part as `Master.Part` shortened to `Part` under its master. */
export function tableLabel(table: TableSummary, nested: boolean): string {
  if (!nested) return table.className
  const dot = table.className.lastIndexOf('.')
  return dot === -1 ? table.className : table.className.slice(dot + 1)
}

function matches(text: string, needle: string): boolean {
  return text.toLowerCase().includes(needle)
}

function tableMatches(table: TableSummary, needle: string): boolean {
  return matches(table.className, needle) || matches(table.table, needle)
}

/** Lists a schema's tables by tier, with parts after their masters; `keep` limits the tables (search). */
function tableRows(schema: string, tables: readonly TableSummary[], keep: (t: TableSummary) => boolean): TreeRow[] {
  const byName = new Map(tables.map((t) => [t.table, t]))
  const partsOf = new Map<string, TableSummary[]>()
  const orphans: TableSummary[] = []
  for (const t of tables) {
    if (t.tier !== 'part') continue
    const siblings = t.master === null || !byName.has(t.master) ? undefined : (partsOf.get(t.master) ?? [])
    if (siblings === undefined || t.master === null) {
      orphans.push(t)
      continue
    }
    siblings.push(t)
    partsOf.set(t.master, siblings)
  }
  const byTier = new Map<Tier, TableSummary[]>()
  for (const t of tables) {
    const list = byTier.get(t.tier) ?? []
    list.push(t)
    byTier.set(t.tier, list)
  }
  const rows: TreeRow[] = []
  for (const tier of TIER_ORDER) {
    const members = tier === 'part' ? orphans : (byTier.get(tier) ?? [])
    const group: TreeRow[] = []
    for (const t of members) {
      const parts = (partsOf.get(t.table) ?? []).filter(keep)
      if (!keep(t) && parts.length === 0) continue
      group.push({ kind: 'table', id: `${schema}/${t.table}`, schema, table: t, depth: 1, label: tableLabel(t, false) })
      for (const p of parts) {
        group.push({ kind: 'table', id: `${schema}/${p.table}`, schema, table: p, depth: 2, label: tableLabel(p, true) })
      }
    }
    if (group.length === 0) continue
    const count = group.length
    rows.push({ kind: 'tier', id: `${schema}#${tier}`, schema, tier, count }, ...group)
  }
  return rows
}

export function buildTreeRows({ schemas, tables, expanded, collapsed = new Set(), search }: TreeInput): TreeRow[] {
  const needle = search.trim().toLowerCase()
  const rows: TreeRow[] = []
  for (const schema of schemas) {
    const state = tables.get(schema) ?? { status: 'idle' }
    const schemaHit = needle === '' || matches(schema, needle)
    if (needle === '') {
      const isOpen = expanded.has(schema)
      const list = state.status === 'ready' ? tableRows(schema, state.tables, () => true) : []
      rows.push({ kind: 'schema', id: schema, schema, expanded: isOpen, tableCount: state.status === 'ready' ? state.tables.length : null })
      if (isOpen) rows.push(...childRows(schema, state, list))
      continue
    }
    // Searching: a schema whose name matches keeps all its tables; otherwise only matching tables show.
    const keep = schemaHit ? () => true : (t: TableSummary) => tableMatches(t, needle)
    const list = state.status === 'ready' ? tableRows(schema, state.tables, keep) : []
    const shownTables = list.filter((r) => r.kind === 'table').length
    if (!schemaHit && shownTables === 0) continue
    const isOpen = !collapsed.has(schema)
    rows.push({ kind: 'schema', id: schema, schema, expanded: isOpen, tableCount: state.status === 'ready' ? shownTables : null })
    if (isOpen) rows.push(...childRows(schema, state, list))
  }
  return rows
}

function childRows(schema: string, state: SchemaTables, list: TreeRow[]): TreeRow[] {
  switch (state.status) {
    case 'idle':
    case 'loading':
      return [{ kind: 'status', id: `${schema}!status`, schema, status: 'loading', message: 'Loading tables…' }]
    case 'error':
      return [{ kind: 'status', id: `${schema}!status`, schema, status: 'error', message: state.message }]
    case 'ready':
      return list.length === 0 ? [{ kind: 'status', id: `${schema}!status`, schema, status: 'empty', message: 'No tables' }] : list
    default:
      return []
  }
}

/** Schemas that have at least one table row among the given rows (those on screen get row counts). */
export function schemasWithVisibleTables(rows: readonly TreeRow[]): string[] {
  const seen = new Set<string>()
  for (const row of rows) if (row.kind === 'table') seen.add(row.schema)
  return [...seen]
}

/** `1,234`, or `≈ 1.2M` for estimates of big tables. */
export function formatRowCount(count: number, estimated: boolean): string {
  if (!estimated) return count.toLocaleString('en-US')
  if (count >= 1e9) return `≈ ${(count / 1e9).toFixed(1)}B`
  if (count >= 1e6) return `≈ ${(count / 1e6).toFixed(1)}M`
  if (count >= 1e4) return `≈ ${Math.round(count / 1e3)}k`
  return `≈ ${count.toLocaleString('en-US')}`
}
