import { describe, expect, test } from 'vitest'
import { matchScore, MAX_NEW_QUERIES_SHOWN, MAX_TABLES_SHOWN, paletteEntries, type PaletteInput, type PaletteTable } from './palette-entries'

const table = (schema: string, className: string, tier: PaletteTable['tier'] = 'manual'): PaletteTable => ({
  schema,
  table: className.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase(),
  className,
  tier,
})

const input = (patch: Partial<PaletteInput> = {}): PaletteInput => ({
  tabs: [
    { tabId: 'a', title: 'Lab server', connected: true },
    { tabId: 'b', title: 'Staging', connected: true },
  ],
  focusedTabId: 'a',
  tables: new Map([
    ['a', [table('lab', 'Subject'), table('lab', 'Session'), table('lab', 'Session.Trial', 'part')]],
    ['b', [table('lab', 'Subject'), table('ephys', 'SpikeSorting', 'computed')]],
  ]),
  schemas: new Map([
    ['a', ['lab']],
    ['b', ['lab', 'ephys']],
  ]),
  search: '',
  split: false,
  ...patch,
})

describe('matchScore', () => {
  test('every word must occur', () => {
    expect(matchScore('sub lab', ['Subject', 'lab'])).toBeGreaterThan(0)
    expect(matchScore('sub zebra', ['Subject', 'lab'])).toBe(0)
  })

  test('a match at the start beats one inside a word, and the first text beats later ones', () => {
    expect(matchScore('ses', ['Session'])).toBeGreaterThan(matchScore('ses', ['Possession']))
    expect(matchScore('trial', ['Session.Trial'])).toBeGreaterThan(matchScore('trial', ['Sessiontrial']))
    expect(matchScore('lab', ['Lab', 'x'])).toBeGreaterThan(matchScore('lab', ['x', 'Lab']))
  })
})

describe('paletteEntries', () => {
  test('with no search: the actions, the tabs, and the tables with the focused tab first; no diagrams', () => {
    const entries = paletteEntries(input())
    expect(entries.filter((e) => e.group === 'Tabs').map((e) => e.label)).toEqual(['Show Lab server', 'Show Staging'])
    const tables = entries.filter((e) => e.group === 'Tables')
    expect(tables.map((e) => `${e.label} ${e.detail}`)).toEqual([
      'Subject lab · Lab server',
      'Session lab · Lab server',
      'Session.Trial lab · Lab server',
      'Subject lab · Staging',
      'SpikeSorting ephys · Staging',
    ])
    expect(entries.some((e) => e.group === 'Diagrams')).toBe(false)
    expect(entries.find((e) => e.id === 'action:close-tab')?.detail).toBe('Lab server')
  })

  test('a search keeps what matches, best first, and opens the table in its own tab', () => {
    const entries = paletteEntries(input({ search: 'spike' }))
    expect(entries.map((e) => e.label)).toEqual(['SpikeSorting', 'New query from SpikeSorting'])
    expect(entries[0]?.action).toEqual({ type: 'openTable', tabId: 'b', schema: 'ephys', table: 'spike_sorting' })
  })

  test('a search offers a new query from each table it finds, in the table’s tab; none without a search', () => {
    const entries = paletteEntries(input({ search: 'new query session' }))
    expect(entries.filter((e) => e.group === 'Queries').map((e) => `${e.label} ${e.detail}`)).toEqual([
      'New query from Session lab · Lab server',
      'New query from Session.Trial lab · Lab server',
    ])
    expect(entries.find((e) => e.group === 'Queries')?.action).toEqual({ type: 'newQuery', tabId: 'a', schema: 'lab', table: 'session' })
    expect(paletteEntries(input()).some((e) => e.group === 'Queries')).toBe(false)
    const many = Array.from({ length: 500 }, (_, i) => table('big', `Table${i}`))
    expect(paletteEntries(input({ tables: new Map([['a', many]]), search: 'table' })).filter((e) => e.group === 'Queries')).toHaveLength(MAX_NEW_QUERIES_SHOWN)
  })

  test('a search by the tab title finds the tables of that tab, and diagrams by schema', () => {
    const entries = paletteEntries(input({ search: 'staging lab' }))
    expect(entries.filter((e) => e.group === 'Tables').map((e) => e.detail)).toEqual(['lab · Staging'])
    expect(entries.filter((e) => e.group === 'Diagrams').map((e) => e.action)).toEqual([{ type: 'openDiagram', tabId: 'b', schema: 'lab' }])
  })

  test('one tab: the detail names only the schema', () => {
    const entries = paletteEntries(input({ tabs: [{ tabId: 'a', title: 'Lab server', connected: true }] }))
    expect(entries.find((e) => e.group === 'Tables')?.detail).toBe('lab')
  })

  test('at most MAX_TABLES_SHOWN tables are listed', () => {
    const many = Array.from({ length: 500 }, (_, i) => table('big', `Table${i}`))
    const entries = paletteEntries(input({ tables: new Map([['a', many]]), search: 'table' }))
    expect(entries.filter((e) => e.group === 'Tables')).toHaveLength(MAX_TABLES_SHOWN)
  })

  test('the split action says what it will do', () => {
    expect(paletteEntries(input({ split: true })).find((e) => e.id === 'action:toggle-split')?.label).toBe('Show one tab')
  })
})

describe('declare and drop actions', () => {
  test('offered for the focused tab, found by their words', () => {
    const labels = paletteEntries(input({ search: 'drop' })).map((e) => e.label)
    expect(labels).toEqual(expect.arrayContaining(['Drop the open table…', 'Drop the open table’s schema…']))
    expect(paletteEntries(input({ search: 'new table' }))[0]?.action).toEqual({ type: 'declare', action: 'newTable' })
    expect(paletteEntries(input({ focusedTabId: null, search: 'new schema' })).some((e) => e.id === 'action:new-schema')).toBe(false)
  })
})
