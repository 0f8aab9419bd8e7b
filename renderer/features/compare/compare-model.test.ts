import { describe, expect, it } from 'vitest'
import {
  cellText,
  countsDiffer,
  definitionRows,
  differenceLabel,
  progressFraction,
  proposeSchema,
  rowKey,
  tableEntries,
  type SchemaComparison,
} from './compare-model'

describe('proposeSchema', () => {
  it('proposes the same name on the other side, else its first schema', () => {
    expect(proposeSchema('lab', ['ephys', 'lab'])).toBe('lab')
    expect(proposeSchema('lab', ['ephys'])).toBe('ephys')
    expect(proposeSchema(null, [])).toBeNull()
  })
})

describe('definitionRows', () => {
  it('keeps equal lines across and pairs a replaced line with its replacement', () => {
    const rows = definitionRows('probe : varchar(16)\n---\ngain : float32\n', 'probe : varchar(16)\n---\ngain : float64\n')
    expect(rows.map((r) => [r.left.kind, r.left.text, r.right.kind, r.right.text])).toEqual([
      ['same', 'probe : varchar(16)', 'same', 'probe : varchar(16)'],
      ['same', '---', 'same', '---'],
      ['removed', 'gain : float32', 'added', 'gain : float64'],
    ])
    expect(rows.map((r) => [r.left.number, r.right.number])).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
    ])
  })

  it('puts a blank opposite lines of one side only, and numbers each side by its own lines', () => {
    const rows = definitionRows('a\nb\nc', 'a\nc\nd')
    expect(rows.map((r) => [r.left.kind, r.left.text, r.right.kind, r.right.text])).toEqual([
      ['same', 'a', 'same', 'a'],
      ['removed', 'b', 'blank', ''],
      ['same', 'c', 'same', 'c'],
      ['blank', '', 'added', 'd'],
    ])
    expect(rows.map((r) => [r.left.number, r.right.number])).toEqual([
      [1, 1],
      [2, null],
      [3, 2],
      [null, 3],
    ])
  })

  it('pairs a longer replacement line for line, blanks filling the shorter side', () => {
    const rows = definitionRows('x\n', 'y\nz\n')
    expect(rows.map((r) => [r.left.kind, r.right.kind])).toEqual([
      ['removed', 'added'],
      ['blank', 'added'],
    ])
  })
})

describe('differenceLabel', () => {
  it('names the aspect, the attribute and the property', () => {
    expect(differenceLabel({ aspect: 'attribute', name: 'gain', property: 'type', left: 'float32', right: 'float64' })).toBe('Attribute gain: type')
    expect(differenceLabel({ aspect: 'tier', name: null, property: null, left: 'manual', right: 'lookup' })).toBe('Tier')
    expect(differenceLabel({ aspect: 'attribute', name: 'x', property: 'presence', left: 'int32', right: null })).toBe('Attribute x: on one side only')
  })
})

const schemaDiff: SchemaComparison = {
  left: { schema: 'lab', backend: 'postgresql' },
  right: { schema: 'lab', backend: 'mysql' },
  onlyLeft: ['Animal'],
  onlyRight: ['Zebra'],
  equal: false,
  tables: [
    {
      className: 'Probe',
      table: { left: 'probe', right: 'probe' },
      describe: { left: '', right: '' },
      differences: [{ aspect: 'attribute', name: 'gain', property: 'type', left: 'float32', right: 'float64' }],
      rows: { left: { count: 1, estimated: false }, right: { count: 1, estimated: false } },
    },
    {
      className: 'Session',
      table: { left: 'session', right: 'session' },
      describe: { left: '', right: '' },
      differences: [],
      rows: { left: { count: 3, estimated: false }, right: { count: 2, estimated: false } },
    },
  ],
}

describe('tableEntries', () => {
  it('lists every table of either side by class name with its status', () => {
    expect(tableEntries(schemaDiff).map((e) => [e.className, e.status])).toEqual([
      ['Animal', 'onlyLeft'],
      ['Probe', 'differs'],
      ['Session', 'same'],
      ['Zebra', 'onlyRight'],
    ])
  })

  it('tells differing row counts, never from estimates', () => {
    expect(countsDiffer({ left: { count: 3, estimated: false }, right: { count: 2, estimated: false } })).toBe(true)
    expect(countsDiffer({ left: { count: 3, estimated: true }, right: { count: 2, estimated: false } })).toBe(false)
    expect(countsDiffer({ left: { count: 3, estimated: false }, right: null })).toBe(false)
  })
})

describe('cells, keys and progress', () => {
  it('shows tagged values as text', () => {
    expect(cellText(null)).toBe('NULL')
    expect(cellText({ $bigint: '12' })).toBe('12')
    expect(cellText({ $json: '{"a":1}' })).toBe('{"a":1}')
    expect(cellText({ $bytes: { size: 3, head: 'abcdef' } })).toBe('<3 bytes>')
  })

  it('takes a row key from whichever side has the row, bigints kept tagged', () => {
    expect(rowKey({ left: null, right: [{ $bigint: '9007199254740993' }, 'eve'], changed: [] }, ['id', 'name'], ['id'])).toEqual({ id: { $bigint: '9007199254740993' } })
    expect(rowKey({ left: [{ $bytes: { size: 1, head: '00' } }], right: null, changed: [] }, ['id'], ['id'])).toBeNull()
  })

  it('gives no fraction before segments are known', () => {
    expect(progressFraction(null)).toBeNull()
    expect(progressFraction({ segmentsDone: 0, segmentsTotal: 0 })).toBeNull()
    expect(progressFraction({ segmentsDone: 3, segmentsTotal: 4 })).toBe(0.75)
  })
})
