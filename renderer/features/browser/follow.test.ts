import { describe, expect, it } from 'vitest'
import type { WireAttribute } from '../../../electron/ipc/contract'
import { parseColumnFilter } from './filters'
import {
  canGoBack,
  canGoForward,
  currentEntry,
  EMPTY_HISTORY,
  foreignKeysOf,
  goBack,
  goForward,
  keyAsPython,
  keyAsTypeScript,
  navigate,
  parentCondition,
  rowAsJson,
  valueFilterText,
  type NavEntry,
} from './follow'

function attribute(name: string, category: string, inKey = false): WireAttribute {
  return { name, type: category, sqlType: category, category, inKey, nullable: false, default: null, comment: '', lineage: null, codec: null, enumValues: null }
}

const unitAttributes = [attribute('subject_id', 'integer', true), attribute('session_idx', 'integer', true), attribute('unit_id', 'integer', true), attribute('peak_channel', 'integer')]
const unitForeignKeys = [
  { parentSchema: 'ephys', parentTable: '__spike_sorting', attributes: ['subject_id', 'session_idx'], parentAttributes: ['subject_id', 'session_idx'] },
  { parentSchema: 'ephys', parentTable: '_recording__channel', attributes: ['subject_id', 'session_idx', 'peak_channel'], parentAttributes: ['subject_id', 'session_idx', 'channel_idx'] },
]

describe('following a foreign key to the parent row', () => {
  it('lists the foreign keys of a column in declaration order', () => {
    expect(foreignKeysOf(unitForeignKeys, 'session_idx').map((fk) => fk.parentTable)).toEqual(['__spike_sorting', '_recording__channel'])
    expect(foreignKeysOf(unitForeignKeys, 'peak_channel').map((fk) => fk.parentTable)).toEqual(['_recording__channel'])
    expect(foreignKeysOf(unitForeignKeys, 'unit_id')).toEqual([])
  })

  it('names the parent columns of a renamed foreign key', () => {
    const fk = unitForeignKeys[1] as (typeof unitForeignKeys)[number]
    expect(parentCondition(fk, unitAttributes, [3, 1, 7, 42])).toEqual({
      kind: 'match',
      values: {
        subject_id: { kind: 'lit', type: 'number', value: 3 },
        session_idx: { kind: 'lit', type: 'number', value: 1 },
        channel_idx: { kind: 'lit', type: 'number', value: 42 },
      },
    })
  })

  it('has no parent row where a foreign-key value is NULL', () => {
    const surgeon = { parentSchema: 'lab', parentTable: 'researcher', attributes: ['surgeon'], parentAttributes: ['researcher_id'] }
    expect(parentCondition(surgeon, [attribute('surgeon', 'string')], [null])).toBeNull()
    expect(parentCondition(surgeon, [attribute('surgeon', 'string')], ['alice'])).toEqual({ kind: 'match', values: { researcher_id: { kind: 'lit', type: 'string', value: 'alice' } } })
  })
})

describe('a row as text', () => {
  it('copies the row as JSON, big integers exact and json embedded', () => {
    const attributes = [attribute('id', 'integer', true), attribute('big', 'integer'), attribute('meta', 'json')]
    expect(JSON.parse(rowAsJson(attributes, [1, { $bigint: '9007199254740993' }, { $json: '{"rig":"A"}' }]))).toEqual({ id: 1, big: '9007199254740993', meta: { rig: 'A' } })
  })

  it('writes key dicts for Python and TypeScript', () => {
    const key = [
      ['subject_id', 1],
      ['name', "O'Brien\n"],
      ['big', { $bigint: '9007199254740993' }],
      ['flag', true],
      ['missing', null],
    ] as const
    expect(keyAsPython(key)).toBe("{'subject_id': 1, 'name': 'O\\'Brien\\n', 'big': 9007199254740993, 'flag': True, 'missing': None}")
    expect(keyAsTypeScript(key)).toBe('{ subject_id: 1, name: "O\'Brien\\n", big: 9007199254740993n, flag: true, missing: null }')
    expect(keyAsTypeScript([['odd name', 'x']])).toBe('{ "odd name": "x" }')
  })
})

describe('filtering by a value', () => {
  const cases = [
    [attribute('notes', 'string'), "it's * here"],
    [attribute('sex', 'enum'), 'F'],
    [attribute('weight_g', 'decimal'), '23.50'],
    [attribute('dob', 'date'), '2024-06-01'],
    [attribute('start', 'datetime'), '2024-06-01 12:30:00'],
    [attribute('n', 'integer'), 42],
  ] as const

  it('writes filters that the column filter reads back as exactly that value', () => {
    for (const [column, value] of cases) {
      const keep = parseColumnFilter({ ...column, enumValues: column.category === 'enum' ? ['F', 'M'] : null }, valueFilterText(column, value, false) ?? '')
      expect(keep.kind === 'ok' && keep.condition.kind === 'compare' && keep.condition.op).toBe('=')
      if (keep.kind === 'ok' && keep.condition.kind === 'compare' && keep.condition.right.kind === 'lit' && keep.condition.right.type !== 'null') {
        expect(String(keep.condition.right.value)).toBe(String(value))
      }
      const drop = parseColumnFilter({ ...column, enumValues: column.category === 'enum' ? ['F', 'M'] : null }, valueFilterText(column, value, true) ?? '')
      expect(drop.kind === 'ok' && drop.condition.kind === 'compare' && drop.condition.op).toBe('<>')
    }
  })

  it('filters NULL with is null, and refuses blobs', () => {
    expect(valueFilterText(attribute('x', 'string'), null, false)).toBe('is null')
    expect(valueFilterText(attribute('x', 'string'), null, true)).toBe('is not null')
    expect(valueFilterText(attribute('x', 'codec'), { $blob: { summary: 'x', size: 3 } }, false)).toBeNull()
  })
})

describe('the navigation history', () => {
  const at = (table: string, label?: string): NavEntry => ({
    schema: 'lab',
    table,
    restriction: label === undefined ? null : { condition: { kind: 'const', value: true }, label },
  })

  it('goes back and forward, and a new place drops what was ahead', () => {
    let history = navigate(navigate(navigate(EMPTY_HISTORY, at('subject')), at('session', 'of alice')), at('session__trial'))
    expect(canGoBack(history)).toBe(true)
    expect(canGoForward(history)).toBe(false)
    history = goBack(goBack(history))
    expect(currentEntry(history)).toEqual(at('subject'))
    expect(canGoBack(history)).toBe(false)
    history = goForward(history)
    expect(currentEntry(history)).toEqual(at('session', 'of alice'))
    history = navigate(history, at('researcher'))
    expect(canGoForward(history)).toBe(false)
    expect(history.entries.map((e) => e.table)).toEqual(['subject', 'session', 'researcher'])
  })

  it('does not repeat the place it is at, but tells restrictions apart', () => {
    const once = navigate(EMPTY_HISTORY, at('subject'))
    expect(navigate(once, at('subject'))).toBe(once)
    expect(navigate(once, at('subject', 'alice')).entries).toHaveLength(2)
  })
})
