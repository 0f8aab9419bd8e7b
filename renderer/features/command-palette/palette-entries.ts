// What the command palette offers, as data: every table of every connected tab (to open, or to start a new query
// from), the tabs, and the window's actions.
// Pure (the palette component runs an entry's action), so ranking and the cap on shown tables are unit-tested.

import type { Tier } from '../../../src/heading/table-info'

export type PaletteAction =
  | { readonly type: 'openTable'; readonly tabId: string; readonly schema: string; readonly table: string }
  /** A new query tab in the table's connection tab, starting from the table. */
  | { readonly type: 'newQuery'; readonly tabId: string; readonly schema: string; readonly table: string }
  | { readonly type: 'openDiagram'; readonly tabId: string; readonly schema: string }
  | { readonly type: 'showTab'; readonly tabId: string }
  | { readonly type: 'newConnection' }
  | { readonly type: 'closeTab' }
  | { readonly type: 'toggleSplit' }
  | { readonly type: 'compare' }
  | { readonly type: 'cycleTheme' }
  | { readonly type: 'search' }
  | { readonly type: 'toggleTree' }
  | { readonly type: 'showShortcuts' }
  /** New schema / New table, or a drop of the focused tab's open table or its schema (the dialogs preview first). */
  | { readonly type: 'declare'; readonly action: 'newSchema' | 'newTable' | 'dropTable' | 'dropSchema' }

export type PaletteGroup = 'Tables' | 'Queries' | 'Diagrams' | 'Tabs' | 'Actions'

export interface PaletteEntry {
  /** Unique among the entries (cmdk's item value). */
  readonly id: string
  readonly group: PaletteGroup
  readonly label: string
  /** Shown after the label, dimmed: where the entry leads (schema, tab). */
  readonly detail: string
  readonly tier?: Tier
  /** Keys of a shortcut that does the same, in the help's notation. */
  readonly shortcut?: readonly string[]
  readonly action: PaletteAction
}

export interface PaletteTab {
  readonly tabId: string
  readonly title: string
  readonly connected: boolean
}

export interface PaletteTable {
  readonly schema: string
  readonly table: string
  /** DataJoint's class name; parts as `Master.Part`. */
  readonly className: string
  readonly tier: Tier
}

export interface PaletteInput {
  readonly tabs: readonly PaletteTab[]
  readonly focusedTabId: string | null
  /** Tables each connected tab has loaded so far, by tab id. */
  readonly tables: ReadonlyMap<string, readonly PaletteTable[]>
  /** Schemas each connected tab has, by tab id (their diagrams). */
  readonly schemas: ReadonlyMap<string, readonly string[]>
  readonly search: string
  readonly split: boolean
}

/** More tables than a person reads: the rest are found by typing more. */
export const MAX_TABLES_SHOWN = 50
/** "New query from <Table>" entries shown for a search (the best matches; none without a search). */
export const MAX_NEW_QUERIES_SHOWN = 10

/**
 * How well `text` matches `search` (0: not at all). Every word of the search must occur; a match at the start of the
 * text or of a word in it ranks above one inside a word, and the class name above the SQL name.
 */
export function matchScore(search: string, texts: readonly string[]): number {
  const words = search.toLowerCase().split(/\s+/).filter((w) => w !== '')
  if (words.length === 0) return 1
  const haystacks = texts.map((t) => t.toLowerCase())
  let score = 0
  for (const word of words) {
    let best = 0
    haystacks.forEach((text, rank) => {
      const at = text.indexOf(word)
      if (at === -1) return
      const weight = at === 0 ? 4 : /[^a-z0-9]/.test(text[at - 1] ?? '') ? 3 : 1
      best = Math.max(best, weight * (texts.length - rank) + (text.length === word.length ? 2 : 0))
    })
    if (best === 0) return 0
    score += best
  }
  return score
}

function ranked<T>(items: readonly T[], search: string, texts: (item: T) => readonly string[], limit = Infinity): T[] {
  return items
    .map((item, index) => ({ item, index, score: matchScore(search, texts(item)) }))
    .filter((entry) => entry.score > 0)
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .slice(0, limit)
    .map((entry) => entry.item)
}

/**
 * The entries for `input.search`, best first within each group: actions, tabs, tables (the focused tab's first),
 * new queries from those tables, diagrams.
 */
export function paletteEntries(input: PaletteInput): PaletteEntry[] {
  const { tabs, focusedTabId, search } = input
  const titleOf = new Map(tabs.map((t) => [t.tabId, t.title]))
  const several = tabs.length > 1

  const actions: PaletteEntry[] = [
    { id: 'action:new-connection', group: 'Actions', label: 'New connection…', detail: '', shortcut: ['Mod', 'T'], action: { type: 'newConnection' } },
    { id: 'action:search', group: 'Actions', label: 'Search the schema tree', detail: '', shortcut: ['Mod', 'K'], action: { type: 'search' } },
    { id: 'action:toggle-tree', group: 'Actions', label: 'Hide or show the schema tree', detail: '', shortcut: ['Mod', 'B'], action: { type: 'toggleTree' } },
    { id: 'action:toggle-split', group: 'Actions', label: input.split ? 'Show one tab' : 'Show two tabs side by side', detail: '', action: { type: 'toggleSplit' } },
    { id: 'action:compare', group: 'Actions', label: 'Compare two schemas…', detail: 'tables, definitions, rows', action: { type: 'compare' } },
    { id: 'action:cycle-theme', group: 'Actions', label: 'Change the theme (system, light, dark)', detail: '', action: { type: 'cycleTheme' } },
    { id: 'action:shortcuts', group: 'Actions', label: 'Show keyboard shortcuts', detail: '', shortcut: ['?'], action: { type: 'showShortcuts' } },
  ]
  if (focusedTabId !== null) {
    actions.push({ id: 'action:close-tab', group: 'Actions', label: 'Close this connection tab', detail: titleOf.get(focusedTabId) ?? '', shortcut: ['Mod', 'W'], action: { type: 'closeTab' } })
    const tab = titleOf.get(focusedTabId) ?? ''
    actions.push(
      { id: 'action:new-schema', group: 'Actions', label: 'New schema…', detail: tab, action: { type: 'declare', action: 'newSchema' } },
      { id: 'action:new-table', group: 'Actions', label: 'New table…', detail: tab, action: { type: 'declare', action: 'newTable' } },
      { id: 'action:drop-table', group: 'Actions', label: 'Drop the open table…', detail: tab, action: { type: 'declare', action: 'dropTable' } },
      { id: 'action:drop-schema', group: 'Actions', label: 'Drop the open table’s schema…', detail: tab, action: { type: 'declare', action: 'dropSchema' } },
    )
  }

  const tabEntries: PaletteEntry[] = tabs.map((tab, index) => ({
    id: `tab:${tab.tabId}`,
    group: 'Tabs',
    label: `Show ${tab.title}`,
    detail: tab.connected ? '' : 'not connected',
    ...(index < 8 ? { shortcut: ['Mod', String(index + 1)] } : {}),
    action: { type: 'showTab', tabId: tab.tabId },
  }))

  // The focused tab's tables come first: most searches are for the connection in front of the user.
  const tabOrder = [...tabs].sort((a, b) => Number(b.tabId === focusedTabId) - Number(a.tabId === focusedTabId))
  const tables = tabOrder.flatMap((tab) =>
    (input.tables.get(tab.tabId) ?? []).map((t) => {
      const name = t.className
      const entry: PaletteEntry = {
        id: `table:${tab.tabId}:${t.schema}.${t.table}`,
        group: 'Tables',
        label: name,
        detail: several ? `${t.schema} · ${tab.title}` : t.schema,
        tier: t.tier,
        action: { type: 'openTable', tabId: tab.tabId, schema: t.schema, table: t.table },
      }
      return { entry, texts: [name, t.table, t.schema, several ? tab.title : ''] }
    }),
  )
  const newQueries = tabOrder.flatMap((tab) =>
    (input.tables.get(tab.tabId) ?? []).map((t) => ({
      entry: {
        id: `query:${tab.tabId}:${t.schema}.${t.table}`,
        group: 'Queries',
        label: `New query from ${t.className}`,
        detail: several ? `${t.schema} · ${tab.title}` : t.schema,
        tier: t.tier,
        action: { type: 'newQuery', tabId: tab.tabId, schema: t.schema, table: t.table },
      } satisfies PaletteEntry,
      texts: [`New query from ${t.className}`, t.table, t.schema, several ? tab.title : ''],
    })),
  )
  const diagrams = tabOrder.flatMap((tab) =>
    (input.schemas.get(tab.tabId) ?? []).map((schema) => ({
      entry: {
        id: `diagram:${tab.tabId}:${schema}`,
        group: 'Diagrams',
        label: `Diagram of ${schema}`,
        detail: several ? tab.title : '',
        action: { type: 'openDiagram', tabId: tab.tabId, schema },
      } satisfies PaletteEntry,
      texts: [`diagram ${schema}`, several ? tab.title : ''],
    })),
  )

  return [
    ...ranked(actions, search, (a) => [a.label]),
    ...ranked(tabEntries, search, (t) => [t.label]),
    ...ranked(tables, search, (t) => t.texts, MAX_TABLES_SHOWN).map((t) => t.entry),
    // New queries and diagrams only when asked for: with an empty search they would crowd out the tables.
    ...(search.trim() === '' ? [] : ranked(newQueries, search, (q) => q.texts, MAX_NEW_QUERIES_SHOWN).map((q) => q.entry)),
    ...(search.trim() === '' ? [] : ranked(diagrams, search, (d) => d.texts, 10).map((d) => d.entry)),
  ]
}
