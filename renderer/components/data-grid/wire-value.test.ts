import { describe, expect, test } from 'vitest'
import type { WireValue } from '../../../electron/ipc/contract'
import { cellKind, displayText, formatSize, hexPreview, isLongText, jsonPreview, plainText, toJsonValue, toKeyValue } from './wire-value'
import { toTsv } from './tsv'

describe('cellKind', () => {
  test('NULL and the empty string are different kinds', () => {
    expect(cellKind(null)).toBe('null')
    expect(cellKind('')).toBe('empty')
    expect(cellKind('x')).toBe('string')
  })

  test('every tagged value has its kind', () => {
    const cases: [WireValue, string][] = [
      [true, 'bool'],
      [3.5, 'number'],
      [{ $bigint: '1' }, 'bigint'],
      [{ $bytes: { size: 3, head: '0a0b0c' } }, 'bytes'],
      [{ $blob: { summary: 'x', size: 1 } }, 'blob'],
      [{ $json: '{}' }, 'json'],
    ]
    for (const [value, kind] of cases) expect(cellKind(value)).toBe(kind)
  })
})

describe('display and plain text', () => {
  test('display text', () => {
    expect(displayText(null)).toBe('NULL')
    expect(displayText(false)).toBe('false')
    expect(displayText({ $bigint: '-9223372036854775808' })).toBe('-9223372036854775808')
    expect(displayText({ $bytes: { size: 20, head: '00ff10' } })).toBe('00 ff 10 …')
    expect(displayText({ $bytes: { size: 2, head: '00ff' } })).toBe('00 ff')
    expect(displayText({ $blob: { summary: 'float64 (100,)', size: 900 } })).toBe('float64 (100,)')
    expect(displayText({ $json: '{ "a" :  1 }' })).toBe('{"a":1}')
  })

  test('plain text: NULL is an empty field; bytes as hex', () => {
    expect(plainText(null)).toBe('')
    expect(plainText('')).toBe('')
    expect(plainText(42)).toBe('42')
    expect(plainText({ $bytes: { size: 2, head: '00ff' } })).toBe('0x00ff')
    expect(plainText({ $bytes: { size: 9, head: '00ff' } })).toBe('0x00ff…')
  })

  test('JSON export values', () => {
    expect(toJsonValue({ $bigint: '12345678901234567890' })).toBe('12345678901234567890')
    expect(toJsonValue({ $json: '[1,{"b":null}]' })).toEqual([1, { b: null }])
    expect(toJsonValue({ $json: 'not json' })).toBe('not json')
    expect(toJsonValue(null)).toBeNull()
  })

  test('primary-key values for cell.value', () => {
    expect(toKeyValue(5)).toBe(5)
    expect(toKeyValue('a')).toBe('a')
    expect(toKeyValue({ $bigint: '99' })).toBe('99')
    expect(toKeyValue({ $json: '{}' })).toBeNull()
  })
})

describe('helpers', () => {
  test('formatSize', () => {
    expect(formatSize(0)).toBe('0 B')
    expect(formatSize(999)).toBe('999 B')
    expect(formatSize(1234)).toBe('1.2 kB')
    expect(formatSize(5_600_000)).toBe('5.6 MB')
    expect(formatSize(250_000)).toBe('250 kB')
  })

  test('hexPreview limits bytes and normalises the prefix', () => {
    expect(hexPreview('0xDEADBEEF', 4)).toBe('de ad be ef')
    expect(hexPreview('', 0)).toBe('(no bytes)')
    expect(hexPreview('00112233445566778899', 10, 4)).toBe('00 11 22 33 …')
  })

  test('long text and JSON previews', () => {
    expect(isLongText('short')).toBe(false)
    expect(isLongText('a\nb')).toBe(true)
    expect(isLongText('x'.repeat(81))).toBe(true)
    expect(jsonPreview(JSON.stringify({ k: 'v'.repeat(200) }), 20)).toHaveLength(20)
  })
})

describe('toTsv', () => {
  test('tabs, newlines and quotes are quoted; header first', () => {
    expect(toTsv([['a', 'b\tc'], ['say "hi"', 'x\ny']], ['h1', 'h2'])).toBe('h1\th2\na\t"b\tc"\n"say ""hi"""\t"x\ny"')
  })
})
