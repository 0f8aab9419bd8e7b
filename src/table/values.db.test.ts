// Value round trips through insert and fetch on both drivers: every core type, native time, enums, char
// padding, JS Dates, `<blob>` cells (ours and DataJoint Python's bytes), and the streaming path.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type * as dj from '../index'
import { encodeBlob } from '../codecs/blob'
import type { BlobNdarray } from '../codecs/blob'
import type { Instance } from '../instance/instance'
import { TEST_BACKENDS, closeTestSchema, openTestSchema, uniqueSchemaName, type TestServer } from '../testing/backends'
import { caught } from '../testing/failures'
import type { Table } from './table'

function hex(text: string): Uint8Array {
  return Uint8Array.from(Buffer.from(text.replace(/\s+/g, ''), 'hex'))
}

// Written by DataJoint Python's blob.pack() (datajoint-python main, numpy 2.4); see src/codecs/blob.test.ts.
const PYTHON_BLOBS = {
  /** {'x': 1, 'y': [1.5]} */
  dict: hex(`
    646a30000402000000000000000a000000000000000501000000000000007804000000000000000a0100010a00000000
    000000050100000000000000791a0000000000000002010000000000000009000000000000000d000000000000f83f
  `),
  /** np.array([[1., 2., 3.], [4., 5., 6.]]) */
  float64_2x3: hex(`
    6d596d00410200000000000000020000000000000003000000000000000600000000000000000000000000f03f000000
    00000010400000000000000040000000000000144000000000000008400000000000001840
  `),
}

describe.each(TEST_BACKENDS)('value round trips on %s', (backendName) => {
  let server: TestServer
  let inst: Instance
  let schema: dj.Schema
  const schemaName = uniqueSchemaName('vals')
  const mysql = backendName === 'mysql'
  let counter = 0

  /** Declares a one-attribute table (`v`), inserts the values in order and reads them back in order. */
  async function roundTrip(type: string, values: readonly unknown[]): Promise<unknown[]> {
    counter += 1
    const table = await schema.manual(`Values${counter}`, `k : int32\n---\nv = null : ${type}`)
    await table.insert(values.map((v, k) => ({ k, v })))
    const rows = await table.toDicts({ orderBy: 'KEY' })
    expect(rows.map((r) => r['k'])).toEqual(values.map((_, k) => k))
    // The streaming path decodes exactly like toDicts.
    const streamed: Record<string, unknown>[] = []
    for await (const batch of table.cursor({ orderBy: 'KEY', batchSize: 3 })) streamed.push(...batch)
    expect(streamed).toEqual(rows)
    return rows.map((r) => r['v'])
  }

  async function tableOf(type: string): Promise<Table> {
    counter += 1
    return schema.manual(`Values${counter}`, `k : int32\n---\nv = null : ${type}`)
  }

  beforeAll(async () => {
    ;({ server, inst, schema } = await openTestSchema(backendName, schemaName))
  }, 120_000)

  afterAll(() => closeTestSchema({ schema, inst, server }))

  it('int8 / int16 / int32: their full ranges as numbers; numeric strings, bigints and booleans accepted', async () => {
    expect(await roundTrip('int8', [-128, 127, 0, '-5', 7n, true])).toEqual([-128, 127, 0, -5, 7, 1])
    expect(await roundTrip('int16', [-32768, 32767])).toEqual([-32768, 32767])
    expect(await roundTrip('int32', [-2147483648, 2147483647, null])).toEqual([-2147483648, 2147483647, null])
  })

  it('int64: numbers within 2^53, bigints beyond (documented choice), exact at the extremes', async () => {
    const values = [
      0,
      Number.MAX_SAFE_INTEGER,
      -Number.MAX_SAFE_INTEGER,
      2n ** 53n,
      -(2n ** 63n),
      2n ** 63n - 1n,
      '9007199254740993',
      12n,
    ]
    const back = await roundTrip('int64', values)
    expect(back).toEqual([
      0,
      Number.MAX_SAFE_INTEGER,
      -Number.MAX_SAFE_INTEGER,
      2n ** 53n,
      -(2n ** 63n),
      2n ** 63n - 1n,
      9007199254740993n,
      12,
    ])
    expect(back.map((v) => typeof v)).toEqual(['number', 'number', 'number', 'bigint', 'bigint', 'bigint', 'bigint', 'number'])
  })

  it('integers: fractions, non-numeric text and values out of range are DATA_TYPE errors', async () => {
    const table = await tableOf('int8')
    const fraction = await caught(table.insert1({ k: 1, v: 1.5 }))
    expect(fraction.code).toBe('DATA_TYPE')
    expect(fraction.details).toMatchObject({ row: 0, attribute: 'v' })
    expect((await caught(table.insert1({ k: 1, v: 'ten' }))).code).toBe('DATA_TYPE')
    // int8 is `tinyint` on MySQL (the server refuses 300) and `smallint` on PostgreSQL (-32768…32767).
    expect((await caught(table.insert1({ k: 1, v: 40_000 }))).code).toBe('DATA_TYPE')
    expect(await table.count()).toBe(0)
  })

  it('decimals come back as strings with the server’s digits', async () => {
    expect(await roundTrip('decimal(8,3)', ['3.5', 2.25, '-12345.678', 0, '0.0005', null])).toEqual([
      '3.500',
      '2.250',
      '-12345.678',
      '0.000',
      // Rounded half away from zero by both servers.
      '0.001',
      null,
    ])
    expect(await roundTrip('decimal(30,0)', ['123456789012345678901234567890'])).toEqual(['123456789012345678901234567890'])
  })

  it('float64 and float32 round-trip; NaN and "" are stored as NULL on both backends (documented choice)', async () => {
    expect(await roundTrip('float64', [0.1 + 0.2, 1e300, -2.5e-300, 0, -0, 123456789.125, Number.NaN, '', '2.5'])).toEqual([
      0.30000000000000004,
      1e300,
      -2.5e-300,
      0,
      0,
      123456789.125,
      null,
      null,
      2.5,
    ])
    const single = await roundTrip('float32', [1.5, -0.25, 3.4e38, 0.1, Number.NaN])
    expect(single.slice(0, 3)).toEqual([1.5, -0.25, 3.4e38])
    expect(single[3]).toBeCloseTo(0.1, 6)
    expect(single[4]).toBeNull()
    const table = await tableOf('float64')
    expect((await caught(table.insert1({ k: 1, v: Number.POSITIVE_INFINITY }))).code).toBe('DATA_TYPE')
  })

  it('bool is true/false on both backends', async () => {
    expect(await roundTrip('bool', [true, false, 1, 0, 'true', 'FALSE', null])).toEqual([true, false, true, false, true, false, null])
    expect((await caught((await tableOf('bool')).insert1({ k: 1, v: 'maybe' }))).code).toBe('DATA_TYPE')
  })

  it('date is YYYY-MM-DD text; JS Dates are taken in UTC', async () => {
    expect(
      await roundTrip('date', ['2024-02-29', new Date(Date.UTC(1999, 11, 31)), new Date('2024-05-06T23:30:00Z'), '1000-01-01', '9999-12-31']),
    ).toEqual(['2024-02-29', '1999-12-31', '2024-05-06', '1000-01-01', '9999-12-31'])
  })

  it('datetime and datetime(3) are the server’s text; JS Dates are taken in UTC, ISO strings accepted', async () => {
    const instant = new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 678))
    const whole = new Date(Date.UTC(2024, 0, 2, 3, 4, 5))
    const seconds = await roundTrip('datetime', ['2024-01-02 03:04:05', whole, '2024-01-02T03:04:05Z', instant])
    expect(seconds.slice(0, 3)).toEqual(['2024-01-02 03:04:05', '2024-01-02 03:04:05', '2024-01-02 03:04:05'])
    // datetime is `datetime` (whole seconds) on MySQL but `timestamp` (microseconds) on PostgreSQL.
    expect(seconds[3]).toBe(mysql ? '2024-01-02 03:04:05' : '2024-01-02 03:04:05.678')
    expect(await roundTrip('datetime(3)', [instant, '2024-01-02 03:04:05.5', '2024-01-02T03:04:05.123Z', whole])).toEqual([
      '2024-01-02 03:04:05.678',
      '2024-01-02 03:04:05.500',
      '2024-01-02 03:04:05.123',
      '2024-01-02 03:04:05.000',
    ].map((text) => (mysql ? text : text.replace(/\.?0+$/, ''))))
  })

  it('native time is the server’s text', async () => {
    expect(await roundTrip('time', ['12:34:56', '00:00:00', '23:59:59', null])).toEqual(['12:34:56', '00:00:00', '23:59:59', null])
  })

  it('uuid: any case, hyphens or not, braces, or 16 bytes in; lowercase hyphenated out (on PostgreSQL too)', async () => {
    const canonical = '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0'
    const values = [
      canonical,
      canonical.toUpperCase(),
      canonical.replace(/-/g, ''),
      `{${canonical.toUpperCase()}}`,
      Uint8Array.from(Buffer.from(canonical.replace(/-/g, ''), 'hex')),
      null,
    ]
    expect(await roundTrip('uuid', values)).toEqual([canonical, canonical, canonical, canonical, canonical, null])
    const table = await tableOf('uuid')
    for (const bad of ['0f1e2d3c-4b5a', 'zz1e2d3c4b5a69788796a5b4c3d2e1f0', new Uint8Array(15), 42]) {
      const err = await caught(table.insert1({ k: 1, v: bad }))
      expect(err.code).toBe('DATA_TYPE')
      expect(err.message).toContain('badly formed UUID value')
      expect(err.details).toMatchObject({ row: 0, attribute: 'v' })
    }
  })

  it('uuid primary keys restrict by any spelling', async () => {
    counter += 1
    const table = await schema.manual(`Values${counter}`, 'id : uuid\n---\nlabel : varchar(10)')
    const id = 'A1B2C3D4-E5F6-0718-293A-4B5C6D7E8F90'
    await table.insert1({ id, label: 'one' })
    expect(await table.restrict({ id: id.toLowerCase() }).fetch1()).toEqual({ id: id.toLowerCase(), label: 'one' })
    expect(await table.restrict({ id: id.replace(/-/g, '') }).count()).toBe(1)
  })

  it('json: objects, arrays, strings, numbers, booleans and nesting come back parsed', async () => {
    const values = [
      { a: 1, b: [true, null, 'x'], c: { d: { e: 'deep' } } },
      [1, 'two', 3.5, [4], { five: 5 }],
      'just a string',
      '{"not": "parsed"}',
      42,
      -0.5,
      true,
      { unicode: 'ünï ✓ 😀', quote: 'he said "hi"', backslash: 'a\\b' },
      [],
      {},
    ]
    expect(await roundTrip('json', values)).toEqual(values)
  })

  it('bytes come back as Uint8Array, byte for byte', async () => {
    const big = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 7) % 256)
    const back = await roundTrip('bytes', [new Uint8Array([0, 1, 2, 255]), new Uint8Array(0), big, Buffer.from('text'), null])
    expect(back.slice(0, 4).every((v) => v instanceof Uint8Array)).toBe(true)
    expect(back.slice(0, 4).map((v) => [...(v as Uint8Array)])).toEqual([[0, 1, 2, 255], [], [...big], [...Buffer.from('text')]])
    expect(back[4]).toBeNull()
    expect((await caught((await tableOf('bytes')).insert1({ k: 1, v: 'text' }))).code).toBe('DATA_TYPE')
  })

  it('<blob> cells: JS scalars, strings, arrays and dicts are written and decoded back', async () => {
    const values = [3.5, 7, -(2n ** 62n), true, 'hello ✓', [1, 2.5, 'three', [4]], { x: 1, y: 'z', nested: { list: [null, false] } }, new Uint8Array([9, 8])]
    const back = await roundTrip('<blob>', [...values, null])
    expect(back.slice(0, 7)).toEqual(values.slice(0, 7))
    expect([...(back[7] as Uint8Array)]).toEqual([9, 8])
    expect(back[8]).toBeNull()
  })

  it('<blob> cells written as DataJoint Python writes them decode (numpy arrays, dicts, compressed)', async () => {
    const table = await tableOf('<blob>')
    const matrix: BlobNdarray = { __blob__: 'ndarray', dtype: 'float64', shape: [2, 3], data: [1, 2, 3, 4, 5, 6] }
    const large: BlobNdarray = { __blob__: 'ndarray', dtype: 'int32', shape: [1000], data: Array.from({ length: 1000 }, (_, i) => i % 10) }
    const compressed = encodeBlob(large)
    expect(Buffer.from(compressed.subarray(0, 5)).toString()).toBe('ZL123')
    const raw = [PYTHON_BLOBS.dict, PYTHON_BLOBS.float64_2x3, encodeBlob(matrix), compressed]
    // Straight into the column, as Python's connection would: no engine encoding involved.
    const sql =
      server.backend === 'mysql'
        ? `INSERT INTO ${table.fullTableName} (k, v) VALUES (?, ?)`
        : `INSERT INTO ${table.fullTableName} (k, v) VALUES ($1, $2)`
    for (const [k, bytes] of raw.entries()) await inst.run({ sql, params: [k, bytes] })
    const back = (await table.toDicts({ orderBy: 'KEY' })).map((r) => r['v'])
    expect(back[0]).toEqual({ x: 1, y: [1.5] })
    expect(back[1]).toEqual(matrix)
    expect(back[2]).toEqual(matrix)
    expect(back[3]).toEqual(large)
  })

  it('values with no encoding are DATA_TYPE errors naming row and attribute, before anything is sent', async () => {
    const cases: [string, unknown][] = [
      ['json', () => 1],
      ['json', Symbol('s')],
      ['<blob>', { a: undefined }],
      ['<blob>', [1, () => 2]],
      ['<blob>', new Date(0)],
      ['date', new Date('not a date')],
      ['datetime', new Date(Number.NaN)],
    ]
    for (const [type, bad] of cases) {
      const table = await tableOf(type)
      const err = await caught(table.insert([{ k: 0, v: null }, { k: 1, v: bad }]))
      expect(err.code, type).toBe('DATA_TYPE')
      expect(err.details, type).toMatchObject({ row: 1, attribute: 'v' })
      expect(await table.count()).toBe(0)
    }
  })

  it('enum: declared values round-trip; anything else is a DATA_TYPE error naming the allowed values', async () => {
    expect(await roundTrip("enum('low', 'mid', 'high')", ['low', 'high', 'mid', null])).toEqual(['low', 'high', 'mid', null])
    const err = await caught((await tableOf("enum('low', 'high')")).insert1({ k: 1, v: 'LOW' }))
    expect(err.code).toBe('DATA_TYPE')
    expect(err.message).toContain('low, high')
    expect(err.details).toMatchObject({ row: 0, attribute: 'v' })
  })

  it('char(n) pads on PostgreSQL and strips on MariaDB; varchar keeps text exactly', async () => {
    // Server behaviour, not ours: PostgreSQL returns char(n) blank-padded; MySQL/MariaDB remove trailing spaces
    // on read (unless PAD_CHAR_TO_FULL_LENGTH).
    expect(await roundTrip('char(4)', ['ab', 'abcd', 'a  '])).toEqual(mysql ? ['ab', 'abcd', 'a'] : ['ab  ', 'abcd', 'a   '])
    expect(await roundTrip('varchar(20)', ['trailing  ', ' lead', 'ünï ✓ 😀', "it's", 'back\\slash', '', 12])).toEqual([
      'trailing  ',
      ' lead',
      'ünï ✓ 😀',
      "it's",
      'back\\slash',
      '',
      '12',
    ])
  })

  it('computed attributes (aggregates, arithmetic) decode alike through toDicts() and cursor()', async () => {
    counter += 1
    const Lab = await schema.manual(`Values${counter}`, 'lab_id : int32\n---\nbudget : decimal(8,2)\nsize : int64')
    const Member = await schema.manual(`Values${counter}m`, `-> Values${counter}\nmember : int32\n---\nweight : float64`)
    await Lab.insert([
      { lab_id: 1, budget: '10.50', size: 3 },
      { lab_id: 2, budget: '3', size: 2n ** 60n },
    ])
    await Member.insert([
      { lab_id: 1, member: 1, weight: 1.5 },
      { lab_id: 1, member: 2, weight: 2 },
    ])
    const query = Lab.aggr(Member, { n: 'count(member)', total: 'sum(member)', heaviest: 'max(weight)' }, { attributes: ['...'] }).proj(
      '...',
      { twice: 'budget * 2', bigger: 'size + 1' },
    )
    const rows = await query.toDicts({ orderBy: 'KEY' })
    const streamed: Record<string, unknown>[] = []
    for await (const batch of query.cursor({ orderBy: 'KEY', batchSize: 1 })) streamed.push(...batch)
    expect(streamed).toEqual(rows)
    expect(rows.map((r) => [r['n'], r['heaviest'], r['twice']])).toEqual([
      [2, 2, '21.00'],
      [0, null, '6.00'],
    ])
    expect(rows.map((r) => r['bigger'])).toEqual([4, 2n ** 60n + 1n])
  })

  it('restricting by the values read back finds the same rows', async () => {
    counter += 1
    const table = await schema.manual(
      `Values${counter}`,
      'k : int32\n---\nd : date\ndt : datetime(3)\ndec : decimal(8,3)\nbig : int64\nflag : bool',
    )
    await table.insert1({ k: 1, d: new Date(Date.UTC(2024, 6, 1)), dt: '2024-07-01 10:00:00.250', dec: '1.5', big: 2n ** 60n, flag: true })
    const row = await table.fetch1()
    const { k: _k, ...rest } = row
    for (const [name, value] of Object.entries(rest)) {
      expect(await table.restrict({ [name]: value }).count(), name).toBe(1)
    }
  })
})
