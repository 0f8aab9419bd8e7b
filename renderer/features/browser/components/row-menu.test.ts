import { describe, expect, it } from 'vitest'
import type { WireAttribute } from '../../../../electron/ipc/contract'
import type { ContextMenuEntry } from '../../../components/context-menu'
import type { GridColumn, GridRow } from '../../../components/data-grid/data-grid'
import type { NavEntry } from '../follow'
import type { TableDetail } from '../queries'
import { parentEntry, rowMenuEntries } from './row-menu'

function attribute(name: string, category: string, inKey = false): WireAttribute {
  return { name, type: category, sqlType: category, category, inKey, nullable: false, default: null, comment: '', lineage: null, codec: null, enumValues: null }
}

const attributes = [attribute('subject_id', 'integer', true), attribute('session_idx', 'integer', true), attribute('experimenter', 'string')]
const detail: TableDetail = {
  schema: 'lab',
  table: 'session',
  className: 'Session',
  tier: 'manual',
  comment: '',
  attributes,
  primaryKey: ['subject_id', 'session_idx'],
  definition: '',
  foreignKeys: [
    { parentSchema: 'lab', parentTable: 'subject', attributes: ['subject_id'], parentAttributes: ['subject_id'] },
    { parentSchema: 'lab', parentTable: 'researcher', attributes: ['experimenter'], parentAttributes: ['researcher_id'] },
  ],
  indexes: [],
}
const row: GridRow = { id: '0', index: 0, values: [1001, 2, "o'neil"] }
const column = (name: string): GridColumn => ({ id: name, name, type: '', inKey: false, nullable: false, comment: '', numeric: false, width: 100 })

function menu(target: GridColumn | null) {
  const copied: string[] = []
  const filters: [string, string][] = []
  const visited: NavEntry[] = []
  const shown: GridRow[] = []
  const entries = rowMenuEntries({
    target: { row, column: target, x: 0, y: 0 },
    detail,
    attributes,
    parentName: (fk) => (fk.parentTable === 'subject' ? 'Subject' : 'Researcher'),
    copy: (text) => copied.push(text),
    setFilter: (name, text) => filters.push([name, text]),
    navigate: (entry) => visited.push(entry),
    showReferences: (r) => shown.push(r),
  })
  const choose = (label: string) => {
    const entry = entries.find((e): e is Extract<ContextMenuEntry, { kind: 'item' }> => e.kind === 'item' && e.label === label)
    if (entry === undefined) throw new Error(`no item ${label}`)
    entry.onSelect()
  }
  return { entries, choose, copied, filters, visited, shown }
}

const labels = (entries: readonly ContextMenuEntry[]) => entries.map((e) => (e.kind === 'item' ? e.label : '—'))

describe('the context menu of a cell and of a row', () => {
  it('offers, for a cell of a renamed foreign key, the copies, the filters, its parent and what references the row', () => {
    const { entries, choose, copied, filters, visited, shown } = menu(column('experimenter'))
    expect(labels(entries)).toEqual([
      'Copy cell',
      'Copy row as JSON',
      'Copy key as Python dict',
      'Copy key as TypeScript object',
      '—',
      'Filter by this value',
      'Exclude this value',
      '—',
      'Open parent Researcher',
      '—',
      'Show what references this row',
    ])
    choose('Copy cell')
    choose('Copy key as Python dict')
    choose('Copy key as TypeScript object')
    expect(copied).toEqual(["o'neil", "{'subject_id': 1001, 'session_idx': 2}", '{ subject_id: 1001, session_idx: 2 }'])
    choose('Filter by this value')
    choose('Exclude this value')
    expect(filters).toEqual([
      ['experimenter', "= 'o''neil'"],
      ['experimenter', "!= 'o''neil'"],
    ])
    choose('Open parent Researcher')
    expect(visited).toEqual([
      {
        schema: 'lab',
        table: 'researcher',
        restriction: { condition: { kind: 'match', values: { researcher_id: { kind: 'lit', type: 'string', value: "o'neil" } } }, label: 'with researcher_id = \'o\'\'neil\'' },
      },
    ])
    choose('Show what references this row')
    expect(shown).toEqual([row])
  })

  it('offers every parent on a row number, and no cell items', () => {
    const { entries } = menu(null)
    expect(labels(entries)).toEqual([
      'Copy row as JSON',
      'Copy key as Python dict',
      'Copy key as TypeScript object',
      '—',
      'Open parent Subject',
      'Open parent Researcher',
      '—',
      'Show what references this row',
    ])
  })

  it('has no parent row to open where the foreign key is NULL', () => {
    const fk = detail.foreignKeys[1] as TableDetail['foreignKeys'][number]
    expect(parentEntry(fk, attributes, { ...row, values: [1001, 2, null] })).toBeNull()
  })
})
