import { describe, expect, test } from 'vitest'
import type { Condition } from '../../../src/algebra/ast'
import { combineFilters, filteredTable, parseColumnFilter } from './filters'

const COLUMNS = ['subject_id', 'name', 'weight', 'sex', 'dob']

function ok(column: string, text: string): Condition {
  const result = parseColumnFilter(column, text, COLUMNS)
  if (result.kind !== 'ok') throw new Error(`expected ok for ${JSON.stringify(text)}, got ${JSON.stringify(result)}`)
  return result.condition
}

const a = (name: string) => ({ kind: 'attr', name }) as const

describe('parseColumnFilter', () => {
  test('empty and blank text is no filter', () => {
    expect(parseColumnFilter('name', '', COLUMNS)).toEqual({ kind: 'empty' })
    expect(parseColumnFilter('name', '   ', COLUMNS)).toEqual({ kind: 'empty' })
  })

  test('a leading comparison operator applies to the column', () => {
    expect(ok('weight', '= 5')).toEqual({ kind: 'compare', op: '=', left: a('weight'), right: { kind: 'lit', type: 'number', value: 5 } })
    expect(ok('weight', '>3')).toMatchObject({ kind: 'compare', op: '>', left: a('weight') })
    expect(ok('weight', '<= 2.5')).toMatchObject({ kind: 'compare', op: '<=', right: { kind: 'lit', type: 'decimal', value: '2.5' } })
    expect(ok('weight', '!= 1')).toMatchObject({ kind: 'compare', op: '<>' })
    expect(ok('weight', '<> 1')).toMatchObject({ kind: 'compare', op: '<>' })
  })

  test('keywords apply to the column: like, in, between, is null', () => {
    expect(ok('name', "like 'A%'")).toEqual({
      kind: 'like',
      operand: a('name'),
      pattern: { kind: 'lit', type: 'string', value: 'A%' },
      negated: false,
    })
    expect(ok('name', "NOT LIKE 'A%'")).toMatchObject({ kind: 'like', negated: true })
    expect(ok('name', 'is null')).toEqual({ kind: 'isNull', operand: a('name'), negated: false })
    expect(ok('name', 'is not null')).toEqual({ kind: 'isNull', operand: a('name'), negated: true })
    expect(ok('weight', 'in (1, 2)')).toMatchObject({ kind: 'in', operand: a('weight'), negated: false })
    expect(ok('weight', 'between 1 and 3')).toMatchObject({ kind: 'between', operand: a('weight') })
  })

  test('a bare number or quoted string is an equality', () => {
    expect(ok('weight', '5')).toMatchObject({ kind: 'compare', op: '=', right: { kind: 'lit', type: 'number', value: 5 } })
    expect(ok('name', "'O''Brien'")).toMatchObject({ kind: 'compare', op: '=', right: { kind: 'lit', value: "O'Brien" } })
  })

  test('dates, uuids and plain words are string equalities, not arithmetic or attributes', () => {
    expect(ok('dob', '2024-05-01')).toEqual({ kind: 'compare', op: '=', left: a('dob'), right: { kind: 'lit', type: 'string', value: '2024-05-01' } })
    expect(ok('name', 'Alice')).toMatchObject({ right: { kind: 'lit', type: 'string', value: 'Alice' } })
    expect(ok('name', 'Alice Chen')).toMatchObject({ right: { kind: 'lit', type: 'string', value: 'Alice Chen' } })
  })

  test('wildcards make a LIKE pattern', () => {
    expect(ok('name', 'Al*')).toMatchObject({ kind: 'like', operand: a('name'), pattern: { value: 'Al%' } })
    expect(ok('name', '%son')).toMatchObject({ kind: 'like', pattern: { value: '%son' } })
  })

  test('a whole expression over other attributes is parsed as is', () => {
    expect(ok('name', "weight > 3 and sex = 'F'")).toMatchObject({ kind: 'and' })
    // A bare attribute name of the table is a truthiness test, as in DataJoint.
    expect(ok('name', 'weight')).toEqual({ kind: 'truthy', operand: a('weight') })
  })

  test('a parse error reports the position in the text the user typed', () => {
    // '>' ends the (trimmed) text: the error is at its end.
    expect(parseColumnFilter('weight', '> ', COLUMNS)).toMatchObject({ kind: 'error', position: 1 })
    const unterminated = parseColumnFilter('name', "= 'abc", COLUMNS)
    expect(unterminated).toMatchObject({ kind: 'error', position: 2 })
    if (unterminated.kind === 'error') expect(unterminated.message).toContain('position 2')
    expect(parseColumnFilter('name', "  like 'x", COLUMNS)).toMatchObject({ kind: 'error', position: 7 })
  })

  test('text outside the grammar is refused, never sent', () => {
    expect(parseColumnFilter('name', "= 'a'; drop table x", COLUMNS)).toMatchObject({ kind: 'error' })
    expect(parseColumnFilter('name', "= 'a' -- comment", COLUMNS)).toMatchObject({ kind: 'error' })
    expect(parseColumnFilter('weight', '> (select 1)', COLUMNS)).toMatchObject({ kind: 'error' })
  })

  test('an expression naming unknown attributes is an error before anything runs', () => {
    expect(parseColumnFilter('name', 'height > 3', COLUMNS)).toEqual({ kind: 'error', message: "Unknown attribute 'height'", position: null })
  })

  test('the column name is quoted, so keyword-named attributes work', () => {
    expect(parseColumnFilter('key', '= 1', ['key'])).toMatchObject({ kind: 'ok', condition: { left: a('key') } })
  })
})

describe('combineFilters and filteredTable', () => {
  test('no valid filter is the unrestricted table', () => {
    expect(filteredTable('lab', 'subject', combineFilters([{ kind: 'empty' }]))).toEqual({ kind: 'table', schema: 'lab', table: 'subject' })
  })

  test('valid filters are ANDed; invalid ones are left out', () => {
    const results = [
      parseColumnFilter('weight', '> 3', COLUMNS),
      parseColumnFilter('name', "like 'A%'", COLUMNS),
      parseColumnFilter('sex', '= (', COLUMNS),
    ]
    const expr = filteredTable('lab', 'subject', combineFilters(results))
    expect(expr).toMatchObject({ kind: 'restrict', input: { kind: 'table' }, condition: { kind: 'and' } })
    if (expr.kind === 'restrict' && expr.condition.kind === 'and') expect(expr.condition.conditions).toHaveLength(2)
  })
})
