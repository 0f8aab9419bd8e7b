import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  assertTableNameLength,
  checkClassName,
  fromCamelCase,
  isHiddenTableName,
  jobsTableNameOf,
  parseTableName,
  receivesJobMetadata,
  tableNameOf,
  TIER_PATTERNS,
  toCamelCase,
} from './tier'

describe('fromCamelCase', () => {
  it.each([
    ['SessionTrial', 'session_trial'],
    ['Lab', 'lab'],
    ['ProcessedEMG', 'processed_e_m_g'],
    ['RNASeq', 'r_n_a_seq'],
    ['Session2Trial', 'session2_trial'],
    ['Scan3D', 'scan3_d'],
    ['A', 'a'],
  ])('%s -> %s (as DataJoint Python names it)', (name, snake) => {
    expect(fromCamelCase(name)).toBe(snake)
  })

  it('removes underscores before converting, like Python', () => {
    expect(fromCamelCase('Session_Trial')).toBe('session_trial')
  })

  it.each(['lab', '2Lab', 'La-b', '', 'Läb'])('rejects %j', (name) => {
    expect(() => fromCamelCase(name)).toThrow('ClassName must be alphanumeric in CamelCase, begin with a capital letter')
  })
})

describe('toCamelCase', () => {
  it.each([
    ['#species', 'Species'],
    ['__session_stats', 'SessionStats'],
    ['processed_e_m_g', 'ProcessedEMG'],
    ['session__trial', 'SessionTrial'],
    ['table_name', 'TableName'],
    ['_recording', 'Recording'],
    ['~lineage', 'Lineage'],
    ['scan3_d', 'Scan3D'],
  ])('%s -> %s', (name, camel) => {
    expect(toCamelCase(name)).toBe(camel)
  })

  it('inverts fromCamelCase for class names without digit-letter ambiguity', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^([A-Z][a-z0-9]{0,5}){1,4}$/), (name) => {
        expect(toCamelCase(fromCamelCase(name))).toBe(name)
      }),
    )
  })
})

describe('checkClassName', () => {
  it('accepts CamelCase silently', () => {
    expect(checkClassName('SessionStats').warnings).toEqual([])
  })

  it('warns about underscores with Python’s text', () => {
    expect(checkClassName('Session_Stats').warnings).toEqual([
      'Table class name `Session_Stats` contains underscores. CamelCase names without underscores are recommended.',
    ])
  })

  it('rejects non-CamelCase with the declare() message', () => {
    expect(() => checkClassName('session')).toThrow(
      'Table class name `session` is invalid. Class names must be in CamelCase, starting with a capital letter.',
    )
  })
})

describe('tableNameOf', () => {
  it('prefixes per tier', () => {
    expect(tableNameOf('Session', 'manual')).toBe('session')
    expect(tableNameOf('Species', 'lookup')).toBe('#species')
    expect(tableNameOf('Recording', 'imported')).toBe('_recording')
    expect(tableNameOf('SessionStats', 'computed')).toBe('__session_stats')
  })

  it('names parts after their master’s SQL name', () => {
    expect(tableNameOf('Trial', 'part', 'session')).toBe('session__trial')
    expect(tableNameOf('Part', 'part', '#look')).toBe('#look__part')
    expect(tableNameOf('Part', 'part', '__comp')).toBe('__comp__part')
    expect(tableNameOf('Part', 'part', '_imp')).toBe('_imp__part')
  })

  it('requires a non-part master for parts', () => {
    expect(() => tableNameOf('Trial', 'part')).toThrow()
    expect(() => tableNameOf('Trial', 'part', 'session__x')).toThrow()
  })
})

describe('parseTableName', () => {
  it.each([
    ['session', 'manual', 'Session', null, null],
    ['#species', 'lookup', 'Species', null, null],
    ['_recording', 'imported', 'Recording', null, null],
    ['__session_stats', 'computed', 'SessionStats', null, null],
    ['session__trial', 'part', 'Trial', 'session', 'trial'],
    ['#look__part', 'part', 'Part', '#look', 'part'],
    ['__comp__part', 'part', 'Part', '__comp', 'part'],
    ['_imp__part', 'part', 'Part', '_imp', 'part'],
    ['session__epoch', 'part', 'Epoch', 'session', 'epoch'],
    ['processed_e_m_g', 'manual', 'ProcessedEMG', null, null],
  ])('%s', (table, tier, className, master, partName) => {
    expect(parseTableName(table)).toEqual({ tier, className, master, partName })
  })

  it.each(['~lineage', '~~session_stats', '~log', 'Session', 'a__b__c', '___x', 'a_', '2a', ''])(
    'returns null for %j',
    (table) => {
      expect(parseTableName(table)).toBeNull()
    },
  )

  it('round-trips every generated table name', () => {
    const className = fc.stringMatching(/^[A-Z][a-z0-9]{0,6}([A-Z][a-z0-9]{0,6}){0,2}$/)
    const tier = fc.constantFrom('manual', 'lookup', 'imported', 'computed' as const)
    fc.assert(
      fc.property(className, tier, className, (name, masterTier, part) => {
        const table = tableNameOf(name, masterTier)
        expect(parseTableName(table)).toMatchObject({ tier: masterTier, master: null })
        const partTable = tableNameOf(part, 'part', table)
        expect(parseTableName(partTable)).toMatchObject({ tier: 'part', master: table, partName: fromCamelCase(part) })
        expect(TIER_PATTERNS.part.test(partTable)).toBe(true)
      }),
    )
  })
})

describe('naming helpers', () => {
  it('recognises hidden tables', () => {
    expect(isHiddenTableName('~lineage')).toBe(true)
    expect(isHiddenTableName('~~jobs')).toBe(true)
    expect(isHiddenTableName('lab')).toBe(false)
  })

  it('checks the per-backend length limits with Python’s message', () => {
    expect(() => assertTableNameLength('a'.repeat(64), 'mysql')).not.toThrow()
    expect(() => assertTableNameLength('a'.repeat(65), 'mysql')).toThrow(
      `Table name \`${'a'.repeat(65)}\` exceeds the max length of 64`,
    )
    expect(() => assertTableNameLength('a'.repeat(64), 'postgresql')).toThrow('exceeds the max length of 63')
  })

  it('decides job metadata from the SQL name, parts of Imported tables included (Python quirk)', () => {
    expect(receivesJobMetadata('__comp')).toBe(true)
    expect(receivesJobMetadata('_imp')).toBe(true)
    expect(receivesJobMetadata('_imp__part')).toBe(true)
    expect(receivesJobMetadata('__comp__part')).toBe(false)
    expect(receivesJobMetadata('manual')).toBe(false)
    expect(receivesJobMetadata('#look')).toBe(false)
  })

  it('names jobs tables', () => {
    expect(jobsTableNameOf('__session_stats')).toBe('~~session_stats')
    expect(jobsTableNameOf('_recording')).toBe('~~recording')
  })
})
