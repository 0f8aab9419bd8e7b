import { describe, expect, test } from 'vitest'
import { buildTreeRows, formatRowCount, schemasWithVisibleTables, type SchemaTables, type TableSummary } from './tree-model'

function t(table: string, className: string, tier: TableSummary['tier'], master: string | null = null): TableSummary {
  return { table, className, tier, master, comment: '' }
}

const LAB: TableSummary[] = [
  t('session', 'Session', 'manual'),
  t('#species', 'Species', 'lookup'),
  t('session__trial', 'Session.Trial', 'part', 'session'),
  t('__activity', 'Activity', 'computed'),
  t('_recording', 'Recording', 'imported'),
  t('subject', 'Subject', 'manual'),
  t('gone__part', 'Gone.Part', 'part', 'gone'),
]

const ready = (tables: TableSummary[]): SchemaTables => ({ status: 'ready', tables })

describe('buildTreeRows', () => {
  test('collapsed schemas show only themselves', () => {
    const rows = buildTreeRows({ schemas: ['lab', 'other'], tables: new Map(), expanded: new Set(), search: '' })
    expect(rows.map((r) => r.id)).toEqual(['lab', 'other'])
    expect(rows[0]).toMatchObject({ kind: 'schema', expanded: false, tableCount: null })
  })

  test('an expanded schema lists tables by tier in pipeline order, parts under their master', () => {
    const rows = buildTreeRows({ schemas: ['lab'], tables: new Map([['lab', ready(LAB)]]), expanded: new Set(['lab']), search: '' })
    expect(rows.map((r) => (r.kind === 'table' ? `${'  '.repeat(r.depth)}${r.label}` : r.kind === 'tier' ? `[${r.tier} ${r.count}]` : r.id))).toEqual([
      'lab',
      '[lookup 1]',
      '  Species',
      '[manual 3]',
      '  Session',
      '    Trial',
      '  Subject',
      '[imported 1]',
      '  Recording',
      '[computed 1]',
      '  Activity',
      '[part 1]',
      '  Gone.Part',
    ])
    expect(rows[0]).toMatchObject({ tableCount: 7 })
  })

  test('loading and error states show as a status row', () => {
    const loading = buildTreeRows({ schemas: ['lab'], tables: new Map([['lab', { status: 'loading' }]]), expanded: new Set(['lab']), search: '' })
    expect(loading[1]).toMatchObject({ kind: 'status', status: 'loading' })
    const failed = buildTreeRows({
      schemas: ['lab'],
      tables: new Map([['lab', { status: 'error', message: 'denied' }]]),
      expanded: new Set(['lab']),
      search: '',
    })
    expect(failed[1]).toMatchObject({ kind: 'status', status: 'error', message: 'denied' })
  })

  test('search keeps matching tables (and the master of a matching part), opening their schema', () => {
    const rows = buildTreeRows({
      schemas: ['lab', 'other'],
      tables: new Map([
        ['lab', ready(LAB)],
        ['other', ready([t('thing', 'Thing', 'manual')])],
      ]),
      expanded: new Set(),
      search: 'TRI',
    })
    expect(rows.map((r) => (r.kind === 'table' ? r.label : r.id))).toEqual(['lab', 'lab#manual', 'Session', 'Trial'])
    expect(rows[0]).toMatchObject({ expanded: true, tableCount: 2 })
  })

  test('search matching a schema name opens the schema with all its tables', () => {
    const rows = buildTreeRows({
      schemas: ['lab', 'other'],
      tables: new Map([['other', ready([t('thing', 'Thing', 'manual')])]]),
      expanded: new Set(),
      search: 'oth',
    })
    expect(rows.map((r) => r.id)).toEqual(['other', 'other#manual', 'other/thing'])
  })

  test('a schema closed during a search stays closed', () => {
    const rows = buildTreeRows({
      schemas: ['other'],
      tables: new Map([['other', ready([t('thing', 'Thing', 'manual')])]]),
      expanded: new Set(['other']),
      collapsed: new Set(['other']),
      search: 'thi',
    })
    expect(rows.map((r) => r.id)).toEqual(['other'])
  })

  test('schemasWithVisibleTables', () => {
    const rows = buildTreeRows({ schemas: ['lab', 'x'], tables: new Map([['lab', ready(LAB)]]), expanded: new Set(['lab', 'x']), search: '' })
    expect(schemasWithVisibleTables(rows)).toEqual(['lab'])
  })
})

describe('formatRowCount', () => {
  test('exact counts in full, estimates rounded with ≈', () => {
    expect(formatRowCount(1234, false)).toBe('1,234')
    expect(formatRowCount(950, true)).toBe('≈ 950')
    expect(formatRowCount(48_200, true)).toBe('≈ 48k')
    expect(formatRowCount(3_450_000, true)).toBe('≈ 3.5M')
  })
})

describe('large schemas', () => {
  test('5,000 tables: every part finds its master', () => {
    const many: TableSummary[] = []
    for (let i = 0; i < 2500; i++) {
      many.push(t(`t${i}`, `T${i}`, i % 2 === 0 ? 'manual' : 'computed'))
      many.push(t(`t${i}__p`, `T${i}.P`, 'part', `t${i}`))
    }
    const rows = buildTreeRows({ schemas: ['big'], tables: new Map([['big', ready(many)]]), expanded: new Set(['big']), search: '' })
    expect(rows).toHaveLength(1 + 2 + 5000)
    expect(rows.filter((r) => r.kind === 'table' && r.depth === 2)).toHaveLength(2500)
  })
})
