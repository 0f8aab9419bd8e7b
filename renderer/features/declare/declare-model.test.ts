import { describe, expect, it } from 'vitest'
import { confirmationMatches, definitionCompletions, lineRange, tableNameFor } from './declare-model'

const tables = [
  { schema: 'tutorial', className: 'Lab', tier: 'manual' as const },
  { schema: 'other', className: 'Rig', tier: 'lookup' as const },
]

describe('tableNameFor', () => {
  it('names tables as DataJoint does per tier', () => {
    expect(tableNameFor('Lab', 'manual', null)).toBe('lab')
    expect(tableNameFor('CellType', 'lookup', null)).toBe('#cell_type')
    expect(tableNameFor('Scan', 'imported', null)).toBe('_scan')
    expect(tableNameFor('SpikeRate', 'computed', null)).toBe('__spike_rate')
    expect(tableNameFor('Member', 'part', 'lab')).toBe('lab__member')
    expect(tableNameFor('Unit', 'part', '__spike_rate')).toBe('__spike_rate__unit')
  })

  it('is null while the class name is not CamelCase or a part has no master', () => {
    expect(tableNameFor('lab', 'manual', null)).toBeNull()
    expect(tableNameFor('Lab_Member', 'manual', null)).toBeNull()
    expect(tableNameFor('Member', 'part', null)).toBeNull()
  })
})

describe('definitionCompletions', () => {
  const context = { schema: 'tutorial', tables, isPart: false }

  it('offers tables after ->, other schemas qualified, master for parts', () => {
    expect(definitionCompletions('-> La', context)).toMatchObject({ from: 3, options: [{ label: 'Lab' }, { label: 'other.Rig' }] })
    expect(definitionCompletions('  -> [nullable] ', context)?.from).toBe(16)
    expect(definitionCompletions('-> ', { ...context, isPart: true })?.options[0]?.label).toBe('master')
  })

  it('offers core types and codecs after an attribute colon, defaults included', () => {
    const result = definitionCompletions('email = null : var', context)
    expect(result?.from).toBe(15)
    expect(result?.options.map((o) => o.label)).toEqual(expect.arrayContaining(['varchar(32)', 'int32', 'float64', '<blob>', '<attach>']))
    expect(definitionCompletions('lab : ', context)?.from).toBe(6)
  })

  it('offers nothing in comments or before the colon', () => {
    expect(definitionCompletions('# a lab: ', context)).toBeNull()
    expect(definitionCompletions('lab : varchar(16)  # name: ', context)).toBeNull()
    expect(definitionCompletions('lab_na', context)).toBeNull()
  })
})

describe('confirmationMatches and lineRange', () => {
  it('needs the exact name', () => {
    expect(confirmationMatches(' lab ', 'lab')).toBe(true)
    expect(confirmationMatches('Lab', 'lab')).toBe(false)
  })

  it('finds a line by number, clamped to the text', () => {
    expect(lineRange('ab\ncde\nf', 2)).toEqual({ from: 3, to: 6 })
    expect(lineRange('ab\ncde', 9)).toEqual({ from: 3, to: 6 })
  })
})
