import { describe, expect, it } from 'vitest'
import { DataJointError } from '../errors/datajoint-error'
import { checkEntryValue, coreIntegerRange, type EntryAttribute } from './entry-value'

// The app's wire copy of an attribute: a plain-string category, `default` null when there is none.
function attribute(overrides: Partial<EntryAttribute>): EntryAttribute {
  return { name: 'x', type: 'int32', sqlType: 'int', category: 'integer', nullable: false, default: null, enumValues: null, ...overrides }
}

function refusal(fn: () => unknown): DataJointError {
  try {
    fn()
  } catch (error) {
    if (error instanceof DataJointError) return error
    throw error
  }
  throw new Error('expected a refusal')
}

describe('a typed entry value', () => {
  it('checks core integer types without a dialect, and a native one only where a range is given', () => {
    expect(coreIntegerRange({ type: 'int16' })).toEqual([-32768n, 32767n])
    expect(coreIntegerRange({ type: 'smallint' })).toBeNull()
    expect(checkEntryValue(attribute({ type: 'int16' }), '+32767', 0)).toBe('32767')
    expect(refusal(() => checkEntryValue(attribute({ type: 'int16' }), '32768', 4))).toMatchObject({ code: 'DATA_TYPE', details: { attribute: 'x', row: 4 } })
    expect(checkEntryValue(attribute({ type: 'tinyint', sqlType: 'tinyint' }), '300', 0)).toBe('300')
    expect(refusal(() => checkEntryValue(attribute({ type: 'tinyint', sqlType: 'tinyint' }), '300', 0, () => [-128n, 127n])).message).toBe(
      '300 is out of range for `x` (tinyint: -128 to 127).',
    )
  })

  it('refuses an enum value outside its members and a malformed uuid, naming the attribute', () => {
    const sex = attribute({ name: 'sex', category: 'enum', type: "enum('F','M')", enumValues: ['F', 'M'] })
    expect(checkEntryValue(sex, 'M', 0)).toBe('M')
    expect(refusal(() => checkEntryValue(sex, 'X', 0)).message).toBe('`sex` is one of F, M; not X.')
    const id = attribute({ name: 'id', category: 'uuid', type: 'uuid' })
    expect(checkEntryValue(id, '{6F9619FF-8B86-D011-B42D-00C04FC964FF}', 0)).toBe('{6F9619FF-8B86-D011-B42D-00C04FC964FF}')
    expect(checkEntryValue(id, 'urn:uuid:6f9619ff8b86d011b42d00c04fc964ff', 0)).toBe('urn:uuid:6f9619ff8b86d011b42d00c04fc964ff')
    expect(refusal(() => checkEntryValue(id, '6f9619ff-8b86', 0)).details).toEqual({ attribute: 'id', row: 0 })
  })

  it('reads an empty field as the default, and a wire attribute without one (null) stores empty text', () => {
    const text = attribute({ category: 'string', type: 'varchar(4)', sqlType: 'varchar(4)' })
    expect(checkEntryValue(text, '', 0)).toBe('')
    expect(checkEntryValue({ ...text, default: '""' }, '', 0)).toBeUndefined()
    expect(checkEntryValue(attribute({ category: 'decimal', type: 'decimal(6,2)', sqlType: 'decimal(6,2)' }), ' ', 0)).toBeUndefined()
    expect(refusal(() => checkEntryValue(attribute({ category: 'decimal', type: 'decimal(6,2)', sqlType: 'decimal(6,2)' }), '12.345', 0)).message).toBe(
      '`x` keeps 2 decimal places; 12.345 has more.',
    )
    expect(checkEntryValue(attribute({ category: 'codec', type: '<blob>' }), '[1, 2]', 0)).toBe('[1, 2]')
  })
})
