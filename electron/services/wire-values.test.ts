import { describe, expect, it } from 'vitest'
import { createPostgresDialect } from '../../src/adapters/postgres/dialect'
import { encodeBlob } from '../../src/codecs/blob'
import { zeroVectorBomb } from '../../src/testing/blob-bomb'
import type { Attribute } from '../../src/heading/attribute'
import { WireValueSchema } from '../ipc/contract'
import { MAX_SUMMARISED_BLOB, toWireAttribute, toWireRows, toWireValue } from './wire-values'

function attribute(name: string, category: Attribute['category'], codec: string | null = null): Attribute {
  return {
    name,
    type: codec ?? category,
    sqlType: 'x',
    coreType: null,
    codec,
    category,
    enumValues: category === 'enum' ? ['a', 'b'] : null,
    inKey: name === 'id',
    nullable: true,
    default: undefined,
    comment: '',
    autoIncrement: false,
    lineage: null,
    hidden: false,
  }
}

describe('wire values', () => {
  it('tags values JSON cannot carry', () => {
    expect(toWireValue(2n ** 70n)).toEqual({ $bigint: '1180591620717411303424' })
    expect(toWireValue(new Uint8Array(40).fill(0xab))).toEqual({ $bytes: { size: 40, head: 'ab'.repeat(16) } })
    expect(toWireValue({ a: [1, 2n] })).toEqual({ $json: '{"a":[1,"2"]}' })
    expect(toWireValue(Number.NaN)).toBe('NaN')
    expect(toWireValue(new Date('2024-01-02T03:04:05Z'))).toBe('2024-01-02T03:04:05.000Z')
    expect(toWireValue(undefined)).toBeNull()
  })

  it('converts raw rows by attribute: blobs summarised with their size, json tagged, bigints exact', () => {
    const blob = encodeBlob({ a: 1, b: [1, 2, 3] })
    const attributes = [
      attribute('id', 'integer'),
      attribute('data', 'codec', '<blob>'),
      attribute('meta', 'json'),
      attribute('name', 'string'),
      attribute('raw', 'bytes'),
      attribute('flag', 'bool'),
    ]
    const postgres = createPostgresDialect()
    const decoders = attributes.map((a) => postgres.columnDecoder(a, undefined))
    const rows = toWireRows(attributes, decoders, [
      [9007199254740993n, blob, 'just a string', 'x', Buffer.from('hi'), true],
      [1, null, null, null, null, null],
    ])
    expect(rows).toEqual([
      [{ $bigint: '9007199254740993' }, { $blob: { summary: 'dict (2 keys)', size: blob.byteLength } }, { $json: '"just a string"' }, 'x', { $bytes: { size: 2, head: '6869' } }, true],
      [1, null, null, null, null, null],
    ])
    for (const row of rows) for (const cell of row) expect(WireValueSchema.safeParse(cell).success).toBe(true)
  })

  it('summarises an undecodable blob instead of failing the page', () => {
    const [[cell]] = toWireRows([attribute('data', 'codec', '<blob>')], [(raw) => raw], [[Buffer.from('not a blob')]]) as [[unknown]]
    expect(cell).toEqual({ $blob: { summary: 'undecodable blob', size: 10 } })
  })

  it('describes a blob expanding past the grid budget without expanding it', () => {
    const bomb = zeroVectorBomb(512)
    const small = zeroVectorBomb(MAX_SUMMARISED_BLOB / (1024 * 1024) - 1)
    const before = process.memoryUsage().arrayBuffers
    const rows = toWireRows([attribute('data', 'codec', '<blob>')], [(raw) => raw], [[bomb], [bomb], [bomb], [small]])
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(MAX_SUMMARISED_BLOB * 2)
    const bombCell = { $blob: { summary: 'float64 [67108864] (512 MiB, not expanded)', size: bomb.byteLength } }
    expect(rows).toEqual([[bombCell], [bombCell], [bombCell], [{ $blob: { summary: 'float64 [393216]', size: small.byteLength } }]])
  })

  it('describes attributes without the engine-only fields', () => {
    expect(toWireAttribute(attribute('kind', 'enum'))).toEqual({
      name: 'kind',
      type: 'enum',
      sqlType: 'x',
      category: 'enum',
      inKey: false,
      nullable: true,
      default: null,
      comment: '',
      lineage: null,
      codec: null,
      enumValues: ['a', 'b'],
    })
  })
})
