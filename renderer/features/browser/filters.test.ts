import { describe, expect, test } from 'vitest'
import type { Condition } from '../../../src/algebra/ast'
import { ConditionSchema } from '../../../src/algebra/ast.schema'
import { combineFilters, filteredTable, parseColumnFilter, parseRestriction, type FilterColumn, type FilterResult } from './filters'

const column = (name: string, category: string, enumValues: readonly string[] | null = null): FilterColumn => ({ name, category, enumValues })

const NAME = column('name', 'string')
const WEIGHT = column('weight', 'float')
const COUNT = column('n', 'integer')
const DOB = column('dob', 'date')
const SEEN = column('seen_at', 'datetime')
const START = column('start', 'time')
const SEX = column('sex', 'enum', ['F', 'M', 'U'])
const ALIVE = column('alive', 'bool')
const ID = column('id', 'uuid')
const INFO = column('info', 'json')
const DATA = column('data', 'codec')

function ok(target: FilterColumn, text: string): { condition: Condition; summary: string } {
  const result = parseColumnFilter(target, text)
  if (result.kind !== 'ok') throw new Error(`expected ok for ${JSON.stringify(text)}, got ${JSON.stringify(result)}`)
  // Every condition a filter makes must pass the validation the main process applies to what arrives.
  expect(ConditionSchema.safeParse(result.condition).error).toBeUndefined()
  return { condition: result.condition, summary: result.summary }
}

function error(target: FilterColumn, text: string): Extract<FilterResult, { kind: 'error' }> {
  const result = parseColumnFilter(target, text)
  if (result.kind !== 'error') throw new Error(`expected an error for ${JSON.stringify(text)}, got ${JSON.stringify(result)}`)
  return result
}

const a = (name: string) => ({ kind: 'attr', name }) as const
const lower = (name: string) => ({ kind: 'fn', name: 'lower', args: [a(name)], distinct: false, star: false, separator: null }) as const

describe('parseColumnFilter', () => {
  test('empty and blank text is no filter', () => {
    expect(parseColumnFilter(NAME, '')).toEqual({ kind: 'empty' })
    expect(parseColumnFilter(NAME, '   ')).toEqual({ kind: 'empty' })
  })

  describe('date', () => {
    test('> 2024-06-01 is the date, not the number 2017', () => {
      expect(ok(DOB, '> 2024-06-01')).toEqual({
        condition: { kind: 'compare', op: '>', left: a('dob'), right: { kind: 'lit', type: 'date', value: '2024-06-01' } },
        summary: 'dob > 2024-06-01',
      })
      expect(ok(DOB, "<= '2024-06-01'").condition).toMatchObject({ op: '<=', right: { type: 'date', value: '2024-06-01' } })
    })

    test('a bare date is an equality; lists and ranges are dates too', () => {
      expect(ok(DOB, '2024-06-01')).toMatchObject({ condition: { op: '=', right: { type: 'date' } }, summary: 'dob = 2024-06-01' })
      expect(ok(DOB, 'between 2024-01-01 and 2024-06-30')).toMatchObject({
        condition: { kind: 'between', low: { type: 'date', value: '2024-01-01' }, high: { type: 'date', value: '2024-06-30' } },
        summary: 'dob between 2024-01-01 and 2024-06-30',
      })
      expect(ok(DOB, 'in (2024-01-01, 2024-02-01)').summary).toBe('dob in (2024-01-01, 2024-02-01)')
    })

    test('a value that is not a calendar date is an error at its position', () => {
      expect(error(DOB, '> 2024-02-30')).toMatchObject({ position: 2, message: 'Expected a date like 2024-06-01, got "2024-02-30"' })
      expect(error(DOB, '> 2017')).toMatchObject({ position: 2 })
      expect(error(DOB, 'head').message).toContain('Expected a date')
    })
  })

  describe('datetime and time', () => {
    test('a bare date on a datetime is that whole day', () => {
      expect(ok(SEEN, '2024-06-01')).toEqual({
        condition: {
          kind: 'and',
          conditions: [
            { kind: 'compare', op: '>=', left: a('seen_at'), right: { kind: 'lit', type: 'datetime', value: '2024-06-01 00:00:00' } },
            { kind: 'compare', op: '<', left: a('seen_at'), right: { kind: 'lit', type: 'datetime', value: '2024-06-02 00:00:00' } },
          ],
        },
        summary: 'seen_at on 2024-06-01',
      })
      expect(ok(SEEN, '2024-12-31').condition).toMatchObject({ conditions: [{}, { right: { value: '2025-01-01 00:00:00' } }] })
    })

    test('datetimes with or without seconds; a date after an operator is its midnight', () => {
      expect(ok(SEEN, '> 2024-06-01 12:30').condition).toMatchObject({ right: { type: 'datetime', value: '2024-06-01 12:30:00' } })
      expect(ok(SEEN, '< 2024-06-01T12:30:05.25').summary).toBe('seen_at < 2024-06-01 12:30:05.25')
      expect(ok(SEEN, '>= 2024-06-01').condition).toMatchObject({ right: { type: 'datetime', value: '2024-06-01 00:00:00' } })
      expect(error(SEEN, '> 2024-06-01 25:00').message).toContain('Expected a date or datetime')
    })

    test('times are padded to HH:MM:SS; durations beyond 24 h are allowed as in MySQL', () => {
      expect(ok(START, '> 9:30')).toMatchObject({ condition: { right: { type: 'time', value: '09:30:00' } }, summary: 'start > 09:30:00' })
      expect(ok(START, '12:00:01.5').condition).toMatchObject({ op: '=', right: { type: 'time', value: '12:00:01.5' } })
      expect(ok(START, '< 100:00').condition).toMatchObject({ right: { value: '100:00:00' } })
      expect(error(START, '> noon').message).toContain('Expected a time')
    })
  })

  describe('numbers', () => {
    test('comparisons keep the literal types the engine binds exactly', () => {
      expect(ok(WEIGHT, '= 5').condition).toEqual({ kind: 'compare', op: '=', left: a('weight'), right: { kind: 'lit', type: 'number', value: 5 } })
      expect(ok(WEIGHT, '<= 2.5').condition).toMatchObject({ op: '<=', right: { type: 'decimal', value: '2.5' } })
      expect(ok(WEIGHT, '>-3')).toMatchObject({ condition: { op: '>', right: { value: -3 } }, summary: 'weight > -3' })
      expect(ok(COUNT, '!= 9007199254740993')).toMatchObject({ condition: { op: '<>', right: { type: 'bigint' } }, summary: 'n ≠ 9007199254740993' })
      expect(ok(COUNT, '<> 1').condition).toMatchObject({ op: '<>' })
      expect(ok(COUNT, '7')).toMatchObject({ condition: { op: '=' }, summary: 'n = 7' })
    })

    test('in, between and their negations', () => {
      expect(ok(COUNT, 'in (1, 2,3)')).toMatchObject({ condition: { kind: 'in', negated: false, values: [{ value: 1 }, { value: 2 }, { value: 3 }] }, summary: 'n in (1, 2, 3)' })
      expect(ok(COUNT, 'not in 1, 2')).toMatchObject({ condition: { kind: 'in', negated: true }, summary: 'n not in (1, 2)' })
      expect(ok(COUNT, 'NOT BETWEEN 1 AND 3')).toMatchObject({ condition: { kind: 'between', negated: true } })
    })

    test('a non-number is an error at the value, and like is for text only', () => {
      expect(error(COUNT, '> abc')).toMatchObject({ position: 2, message: 'Expected a number, got "abc"' })
      expect(error(COUNT, 'in (1, x)')).toMatchObject({ position: 7 })
      expect(error(COUNT, '> ')).toMatchObject({ position: 1 })
      expect(error(COUNT, "like '1%'").message).toBe('"like" applies to text columns only')
      expect(error(COUNT, 'between 1')).toMatchObject({ message: 'Expected two values: between a and b' })
    })
  })

  describe('text', () => {
    test('bare text means contains, in any case, with LIKE characters taken literally', () => {
      expect(ok(NAME, 'head')).toEqual({
        condition: { kind: 'like', operand: lower('name'), pattern: { kind: 'lit', type: 'string', value: '%head%' }, negated: false },
        summary: 'name contains "head"',
      })
      expect(ok(NAME, 'Alice Chen').condition).toMatchObject({ pattern: { value: '%alice chen%' } })
      expect(ok(NAME, 'a_b\\c').condition).toMatchObject({ pattern: { value: '%a\\_b\\\\c%' } })
    })

    test('wildcards make a pattern; quotes and = make an exact value', () => {
      expect(ok(NAME, 'Al*')).toMatchObject({ condition: { kind: 'like', operand: lower('name'), pattern: { value: 'al%' } }, summary: 'name like "Al%" (any case)' })
      expect(ok(NAME, '%son').condition).toMatchObject({ pattern: { value: '%son' } })
      expect(ok(NAME, "'Alice'")).toMatchObject({ condition: { kind: 'compare', op: '=', right: { type: 'string', value: 'Alice' } }, summary: 'name = "Alice"' })
      expect(ok(NAME, '= head').condition).toMatchObject({ kind: 'compare', op: '=', left: a('name'), right: { value: 'head' } })
      expect(ok(NAME, "= 'O''Brien'").condition).toMatchObject({ right: { value: "O'Brien" } })
      expect(ok(NAME, '!= "x"').summary).toBe('name ≠ "x"')
    })

    test('operators: like, in with quoted commas, comparisons, is null', () => {
      expect(ok(NAME, "like 'A%'").condition).toEqual({ kind: 'like', operand: a('name'), pattern: { kind: 'lit', type: 'string', value: 'A%' }, negated: false })
      expect(ok(NAME, "NOT LIKE 'A%'").condition).toMatchObject({ kind: 'like', negated: true })
      expect(ok(NAME, "in ('a, b', c)").condition).toMatchObject({ kind: 'in', values: [{ value: 'a, b' }, { value: 'c' }] })
      expect(ok(NAME, '< m').condition).toMatchObject({ kind: 'compare', op: '<', right: { type: 'string', value: 'm' } })
      expect(ok(NAME, 'is null')).toEqual({ condition: { kind: 'isNull', operand: a('name'), negated: false }, summary: 'name is null' })
      expect(ok(NAME, '  IS NOT NULL ')).toMatchObject({ condition: { negated: true }, summary: 'name is not null' })
    })

    test('operator words followed by prose are text to find', () => {
      expect(ok(NAME, 'in vivo').summary).toBe('name contains "in vivo"')
      expect(ok(NAME, 'between sessions').summary).toBe('name contains "between sessions"')
      expect(ok(NAME, 'like a rat').summary).toBe('name contains "like a rat"')
      expect(ok(NAME, 'not in (a)').summary).toBe('name not in ("a")')
      expect(ok(NAME, 'between a and c').summary).toBe('name between "a" and "c"')
    })

    test('text with SQL in it is a value, never SQL', () => {
      expect(ok(NAME, "= a'; drop table x").condition).toMatchObject({ kind: 'compare', right: { type: 'string', value: "a'; drop table x" } })
      expect(error(NAME, "= 'a'; drop table x")).toMatchObject({ position: 5, message: 'Unexpected text after the quoted value at position 5' })
      expect(ok(NAME, "x' or '1'='1").condition).toMatchObject({ kind: 'like', pattern: { value: "%x' or '1'='1%" } })
      expect(error(NAME, "= 'abc")).toMatchObject({ position: 2, message: 'Unterminated quoted value at position 2' })
    })
  })

  test('enum: one of the choices, matched in any case', () => {
    expect(ok(SEX, 'f')).toEqual({ condition: { kind: 'compare', op: '=', left: a('sex'), right: { kind: 'lit', type: 'string', value: 'F' } }, summary: 'sex = "F"' })
    expect(ok(SEX, '!= M').summary).toBe('sex ≠ "M"')
    expect(ok(SEX, 'in (F, U)').summary).toBe('sex in ("F", "U")')
    expect(error(SEX, 'X')).toMatchObject({ position: 0, message: 'Expected one of F, M, U, got "X"' })
    expect(error(SEX, "like 'F%'").message).toBe('"like" applies to text columns only')
  })

  test('bool: true/false in words or digits', () => {
    expect(ok(ALIVE, 'true')).toEqual({ condition: { kind: 'compare', op: '=', left: a('alive'), right: { kind: 'lit', type: 'bool', value: true } }, summary: 'alive = true' })
    expect(ok(ALIVE, '= 0').condition).toMatchObject({ right: { type: 'bool', value: false } })
    expect(ok(ALIVE, 'no').summary).toBe('alive = false')
    expect(error(ALIVE, 'maybe').message).toBe('Expected true or false, got "maybe"')
  })

  test('uuid: a typed literal, lower-cased', () => {
    expect(ok(ID, '1B4E28BA-2FA1-11D2-883F-0016D3CCA427').condition).toMatchObject({ right: { type: 'uuid', value: '1b4e28ba-2fa1-11d2-883f-0016d3cca427' } })
    expect(error(ID, '1b4e28ba').message).toContain('Expected a uuid')
  })

  describe('json', () => {
    test('a path, then a condition whose values decide the cast', () => {
      expect(ok(INFO, '.weight > 3')).toEqual({
        condition: { kind: 'compare', op: '>', left: { kind: 'jsonPath', attr: 'info', path: ['weight'], as: 'double' }, right: { kind: 'lit', type: 'number', value: 3 } },
        summary: 'info.weight > 3',
      })
      expect(ok(INFO, '$.subject.born >= 2024-01-01').condition).toMatchObject({ left: { path: ['subject', 'born'], as: 'date' }, right: { type: 'date' } })
      expect(ok(INFO, '.tags[0] = "a"')).toMatchObject({ condition: { left: { path: ['tags', 0], as: null }, right: { type: 'string', value: 'a' } }, summary: 'info.tags[0] = "a"' })
      expect(ok(INFO, '.tags[0] is null').condition).toMatchObject({ kind: 'isNull', operand: { kind: 'jsonPath' } })
      expect(ok(INFO, '.species head')).toMatchObject({ condition: { kind: 'like', pattern: { value: '%head%' } }, summary: 'info.species contains "head"' })
      expect(ok(INFO, '.weight between 1 and 2').condition).toMatchObject({ operand: { as: 'double' } })
      expect(ok(INFO, '.weight')).toMatchObject({ condition: { kind: 'isNull', negated: true }, summary: 'info.weight is present' })
    })

    test('the whole column takes only is null; anything else needs a path', () => {
      expect(ok(INFO, 'is null').condition).toEqual({ kind: 'isNull', operand: a('info'), negated: false })
      expect(error(INFO, 'weight > 3').message).toContain('Start with a path')
    })
  })

  test('blobs and other opaque columns take only is null', () => {
    expect(ok(DATA, 'is not null').summary).toBe('data is not null')
    expect(error(DATA, '= 1').message).toBe('A codec column can be filtered only by "is null" or "is not null"')
  })

  test('positions count from the text as typed, leading blanks included', () => {
    expect(error(COUNT, '   > x')).toMatchObject({ position: 5 })
  })
})

describe('parseRestriction', () => {
  const names = ['name', 'sex', 'dob']

  test('a DataJoint restriction string is parsed by the engine', () => {
    const result = parseRestriction("sex='F' and dob > '2020-01-01'", names)
    expect(result).toMatchObject({ kind: 'ok', condition: { kind: 'and' }, summary: "sex = 'F' AND dob > '2020-01-01'" })
  })

  test('errors carry their position', () => {
    expect(parseRestriction("sex = 'F' and and", names)).toMatchObject({ kind: 'error', position: 14 })
    expect(parseRestriction('dob > (select 1)', names)).toMatchObject({ kind: 'error', position: 7 })
    expect(parseRestriction("sex = 'F'; drop table x", names)).toMatchObject({ kind: 'error', position: 9 })
  })

  test('unknown attributes are refused before anything runs, at their position', () => {
    expect(parseRestriction("sex = 'F' and height > 3", names)).toEqual({ kind: 'error', message: "Unknown attribute 'height'", position: 14 })
  })

  test('blank is no restriction', () => {
    expect(parseRestriction('  ', names)).toEqual({ kind: 'empty' })
  })
})

describe('combineFilters and filteredTable', () => {
  test('no valid filter is the unrestricted table', () => {
    expect(filteredTable('lab', 'subject', combineFilters([{ kind: 'empty' }]))).toEqual({ kind: 'table', schema: 'lab', table: 'subject' })
  })

  test('valid filters are ANDed; invalid ones are left out', () => {
    const results = [parseColumnFilter(WEIGHT, '> 3'), parseColumnFilter(NAME, "like 'A%'"), parseColumnFilter(DOB, '> 2024-99-01')]
    const expr = filteredTable('lab', 'subject', combineFilters(results))
    expect(expr).toMatchObject({ kind: 'restrict', input: { kind: 'table' }, condition: { kind: 'and' } })
    if (expr.kind === 'restrict' && expr.condition.kind === 'and') expect(expr.condition.conditions).toHaveLength(2)
  })
})
