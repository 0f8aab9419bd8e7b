// Large inserts in the server's bulk form (PostgreSQL's COPY FROM STDIN), against the multi-row INSERTs they
// replace: the same stored values for every type, DataJoint's duplicate rules, errors naming the row, one
// transaction per call. PGlite's socket has no COPY FROM STDIN: there the same calls take multi-row INSERTs.

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type * as dj from '../index'
import type { Instance } from '../instance/instance'
import { closeTestSchema, openTestSchema, testInstance, uniqueSchemaName, type TestServer } from '../testing/backends'
import { caught } from '../testing/failures'
import type { Table } from './table'

/** Every DataJoint type a cell can hold, each nullable so that NULL goes through COPY too. */
const EVERY_TYPE = `
k : int32
---
i8 = null : int8
i16 = null : int16
i64 = null : int64
f32 = null : float32
f64 = null : float64
dec = null : decimal(14,4)
flag = null : bool
id = null : uuid
doc = null : json
raw = null : bytes
day = null : date
stamp = null : datetime(6)
clock = null : time
fixed = null : char(4)
text = null : varchar(64)
kind = null : enum('a', 'b', 'c d')
obj = null : <blob>
`

/** Text COPY must escape, and text that looks like its markers. */
const AWKWARD = ['tab\there', 'line\nbreak', 'cr\rlf\r\n', 'back\\slash', '\\N', '\\.', "quote ' \" `", 'ünï ✓ 😀', '', ' \\x00 ', 'end\\']

function everyTypeRow(k: number): Record<string, unknown> {
  const pick = <T>(values: readonly T[]): T => values[k % values.length] as T
  const blank = k % 11 === 0
  return {
    k,
    i8: blank ? null : (k % 256) - 128,
    i16: blank ? null : (k * 37) % 65_536 - 32_768,
    i64: blank ? undefined : k % 3 === 0 ? 2n ** 62n + BigInt(k) : -k * 1_000_003,
    f32: blank ? null : k / 8,
    f64: blank ? null : k % 5 === 0 ? 1e300 / (k + 1) : Math.PI * k,
    dec: blank ? null : `${k}.${String(k % 10_000).padStart(4, '0')}`,
    flag: blank ? null : k % 2 === 0,
    id: blank ? null : `${k.toString(16).padStart(8, '0')}-0000-4000-8000-${k.toString(16).padStart(12, '0')}`,
    doc: blank ? null : { k, text: pick(AWKWARD), list: [1, 'two', null, { deep: pick(AWKWARD) }], ok: k % 2 === 0 },
    raw: blank ? null : Uint8Array.from({ length: k % 40 }, (_, i) => (i * 92 + k) % 256),
    day: blank ? null : k % 2 === 0 ? `20${String(k % 100).padStart(2, '0')}-0${(k % 9) + 1}-1${k % 10}` : new Date(Date.UTC(2000, 0, 1 + k)),
    stamp: blank ? null : `2024-03-0${(k % 9) + 1} 1${k % 10}:0${k % 10}:0${k % 7}.${String(k % 1_000_000).padStart(6, '0')}`,
    clock: blank ? null : `0${k % 10}:1${k % 10}:2${k % 10}`,
    fixed: blank ? null : pick(['a', 'ab\t', 'abcd', '\\x']),
    text: blank ? null : pick(AWKWARD) + String(k),
    kind: blank ? null : pick(['a', 'b', 'c d']),
    obj: blank ? null : k % 3 === 0 ? { k, name: pick(AWKWARD) } : k % 3 === 1 ? [k, k / 2, 'x'] : `blob ${pick(AWKWARD)}`,
  }
}

function narrowRows(count: number, label = 'row'): { n: number; label: string }[] {
  return Array.from({ length: count }, (_, n) => ({ n, label: `${label} ${n}` }))
}

describe.each(['postgresql', 'pglite'] as const)('bulk inserts on %s', (backendName) => {
  let server: TestServer
  let inst: Instance
  let schema: dj.Schema
  let Every: Table
  let EveryTwin: Table
  let Narrow: Table
  let Defaulted: Table
  let Parent: Table
  let Child: Table
  const schemaName = uniqueSchemaName('bulk')
  /** PGlite's socket drops the connection at a COPY FROM STDIN, so its connections have no bulk form. */
  const copies = backendName === 'postgresql'

  beforeAll(async () => {
    ;({ server, inst, schema } = await openTestSchema(backendName, schemaName))
    Every = await schema.manual('Every', EVERY_TYPE)
    EveryTwin = await schema.manual('EveryTwin', EVERY_TYPE)
    Narrow = await schema.manual('Narrow', 'n : int32\n---\nlabel : varchar(16)\nsmall = null : int16')
    Defaulted = await schema.manual('Defaulted', "n : int32\n---\nspecies = 'mouse' : varchar(16)\nweight = null : float64")
    Parent = await schema.manual('Parent', 'parent : int32')
    Child = await schema.manual('Child', '-> Parent\nchild : int32\n---\nlabel : varchar(16)')
  }, 120_000)

  afterAll(() => closeTestSchema({ schema, inst, server }))

  async function reset(...tables: Table[]): Promise<void> {
    for (const table of tables) await inst.run({ sql: `DELETE FROM ${table.fullTableName}`, params: [] })
  }

  /** Runs `fn` and answers how many bulk loads and INSERT statements it made. */
  async function counting(fn: () => Promise<unknown>): Promise<{ bulkLoads: number; inserts: number }> {
    const bulkLoad = vi.spyOn(inst, 'bulkLoad')
    const run = vi.spyOn(inst, 'run')
    try {
      await fn()
      return { bulkLoads: bulkLoad.mock.calls.length, inserts: run.mock.calls.filter(([query]) => /^\s*INSERT/i.test(query.sql)).length }
    } finally {
      bulkLoad.mockRestore()
      run.mockRestore()
    }
  }

  it(`a large insert ${copies ? 'is one COPY' : 'takes multi-row INSERTs'}, and a small one multi-row INSERTs`, async () => {
    expect(await counting(() => Narrow.insert(narrowRows(1_000)))).toEqual(copies ? { bulkLoads: 1, inserts: 0 } : { bulkLoads: 0, inserts: 1 })
    await reset(Narrow)
    expect(await counting(() => Narrow.insert(narrowRows(999)))).toEqual({ bulkLoads: 0, inserts: 1 })
    expect(await Narrow.count()).toBe(999)
    await reset(Narrow)
  })

  it('every type and awkward text arrive exactly as multi-row INSERTs store them', async () => {
    const rows = Array.from({ length: 1_500 }, (_, k) => everyTypeRow(k))
    expect((await counting(() => Every.insert(rows))).bulkLoads).toBe(copies ? 1 : 0)
    const multiRow = vi.spyOn(inst, 'canBulkLoad', 'get').mockReturnValue(false)
    try {
      expect((await counting(() => EveryTwin.insert(rows))).inserts).toBeGreaterThan(1)
    } finally {
      multiRow.mockRestore()
    }
    const loaded = await Every.toDicts({ orderBy: 'KEY' })
    expect(loaded).toHaveLength(1_500)
    expect(loaded).toEqual(await EveryTwin.toDicts({ orderBy: 'KEY' }))
    // And as given, where a value has one canonical form.
    const sample = loaded[12] as Record<string, unknown>
    const given = everyTypeRow(12)
    for (const name of ['i8', 'i16', 'i64', 'f64', 'dec', 'flag', 'id', 'doc', 'text', 'kind', 'clock']) {
      expect(sample[name], name).toEqual(given[name])
    }
    expect(Buffer.from(sample['raw'] as Uint8Array).equals(Buffer.from(given['raw'] as Uint8Array))).toBe(true)
    expect(loaded[15]?.['text']).toBe('\\N15')
    expect(loaded[11]).toEqual({ k: 11, ...Object.fromEntries(Object.keys(given).filter((n) => n !== 'k').map((n) => [n, null])) })
    await reset(Every, EveryTwin)
  })

  it('a DEFAULT that stores a declared value keeps multi-row INSERTs; one that stores NULL does not', async () => {
    const rows = Array.from({ length: 1_200 }, (_, n) => ({ n, species: n === 700 ? null : 'rat', weight: n % 2 === 0 ? null : n / 4 }))
    expect(await counting(() => Defaulted.insert(rows))).toEqual({ bulkLoads: 0, inserts: 1 })
    expect(await Defaulted.restrict({ n: 700 }).fetch1()).toEqual({ n: 700, species: 'mouse', weight: null })
    await reset(Defaulted)
    rows[700] = { n: 700, species: 'rat', weight: null }
    expect(await counting(() => Defaulted.insert(rows))).toEqual(copies ? { bulkLoads: 1, inserts: 0 } : { bulkLoads: 0, inserts: 1 })
    expect(await Defaulted.restrict({ n: 700 }).fetch1()).toEqual({ n: 700, species: 'rat', weight: null })
    expect(await Defaulted.restrict({ n: 701 }).fetch1()).toEqual({ n: 701, species: 'rat', weight: 175.25 })
    await reset(Defaulted)
  })

  describe('duplicates', () => {
    beforeAll(async () => {
      await Narrow.insert(narrowRows(500, 'stored'))
    })

    afterAll(async () => {
      await reset(Narrow)
    })

    it.each([
      ['a stored row', 1_500, 123],
      ['an earlier row of the call', 1_800, 503],
    ])('a duplicate of %s is DUPLICATE with DataJoint’s hint, naming the row, and inserts nothing', async (_name, at, key) => {
      const rows = narrowRows(2_000).map((row) => ({ ...row, n: row.n + 500 }))
      rows[at] = { n: key, label: 'again' }
      const err = await caught(Narrow.insert(rows))
      expect(err.code).toBe('DUPLICATE')
      expect(err.details.hint).toBe('To ignore duplicate entries in insert, set skipDuplicates: true')
      if (copies) {
        expect(err.details.row).toBe(at)
        expect(err.message).toContain(`(row ${at})`)
      }
      expect(await Narrow.count()).toBe(500)
    })

    it('skipDuplicates inserts the new rows, counts only them, and leaves stored rows untouched', async () => {
      const rows = narrowRows(2_000, 'new')
      rows[1_999] = { n: 7, label: 'dup in call' }
      expect(await Narrow.insert(rows, { skipDuplicates: true })).toBe(1_499)
      expect(await Narrow.count()).toBe(1_999)
      expect(await Narrow.restrict({ n: 7 }).fetch1()).toEqual({ n: 7, label: 'stored 7', small: null })
      expect(await Narrow.restrict({ n: 1_000 }).fetch1()).toEqual({ n: 1_000, label: 'new 1000', small: null })
      await reset(Narrow)
      await Narrow.insert(narrowRows(500, 'stored'))
    })

    it('replace overwrites stored rows and inserts the new ones; the given attributes only', async () => {
      await inst.run({ sql: `UPDATE ${Narrow.fullTableName} SET ${inst.dialect.createCompiler().quote('small')} = 5`, params: [] })
      const rows = narrowRows(1_500, 'replaced').map(({ n, label }) => ({ n, label }))
      expect(await Narrow.insert(rows, { replace: true })).toBe(1_500)
      expect(await Narrow.count()).toBe(1_500)
      expect(await Narrow.restrict({ n: 7 }).fetch1()).toEqual({ n: 7, label: 'replaced 7', small: 5 })
      expect(await Narrow.restrict({ n: 1_200 }).fetch1()).toEqual({ n: 1_200, label: 'replaced 1200', small: null })
      await reset(Narrow)
      await Narrow.insert(narrowRows(500, 'stored'))
    })

    it.each([
      ['plain', {}],
      ['skipDuplicates', { skipDuplicates: true }],
      ['replace', { replace: true }],
    ])('a value the server refuses (%s) is DATA_TYPE naming the row and attribute, and changes nothing', async (_name, options) => {
      const before = await Narrow.toDicts({ orderBy: 'KEY' })
      // Keys past the stored ones: a duplicate must not be what fails first.
      const rows = narrowRows(2_000).map((row, i) => ({ n: row.n + 500, label: row.label, small: i === 1_234 ? 40_000 : i % 100 }))
      const outOfRange = await caught(Narrow.insert(rows, options))
      expect(outOfRange.code).toBe('DATA_TYPE')
      if (copies) {
        expect(outOfRange.details).toMatchObject({ row: 1_234, attribute: 'small' })
        expect(outOfRange.message).toContain('(row 1234)')
      }
      rows[1_234] = { n: 1_734, label: 'x'.repeat(17), small: 0 }
      const tooLong = await caught(Narrow.insert(rows, options))
      expect(tooLong.code).toBe('DATA_TYPE')
      if (copies) expect(tooLong.details).toMatchObject({ row: 1_234, attribute: 'label' })
      expect(await Narrow.toDicts({ orderBy: 'KEY' })).toEqual(before)
    })
  })

  it('a missing parent is INTEGRITY and inserts nothing; with every parent there, all rows arrive', async () => {
    await Parent.insert([{ parent: 1 }, { parent: 2 }])
    const rows = Array.from({ length: 1_500 }, (_, child) => ({ parent: (child % 2) + 1, child, label: `c${child}` }))
    rows[900] = { parent: 3, child: 900, label: 'orphan' }
    for (const options of [{}, { skipDuplicates: true }, { replace: true }]) {
      expect((await caught(Child.insert(rows, options))).code).toBe('INTEGRITY')
      expect(await Child.count()).toBe(0)
    }
    rows[900] = { parent: 1, child: 900, label: 'adopted' }
    expect(await Child.insert(rows)).toBe(1_500)
    expect(await Child.restrict({ child: 900 }).fetch1()).toEqual({ parent: 1, child: 900, label: 'adopted' })
    await reset(Child, Parent)
  })

  describe('inside inst.transaction', () => {
    afterAll(async () => {
      await reset(Narrow)
    })

    it('a failed bulk insert undoes only itself, and the transaction goes on to commit', async () => {
      await inst.transaction(async () => {
        await Narrow.insert1({ n: 100_000, label: 'before' })
        const rows = narrowRows(3_000)
        rows[2_999] = { n: 100_000, label: 'dup' }
        expect((await caught(Narrow.insert(rows))).code).toBe('DUPLICATE')
        const outOfRange = narrowRows(2_000).map((row) => ({ ...row, small: row.n === 1_500 ? -40_000 : 0 }))
        expect((await caught(Narrow.insert(outOfRange, { replace: true }))).code).toBe('DATA_TYPE')
        expect(await Narrow.insert(narrowRows(1_000, 'kept').map((r) => ({ ...r, n: r.n + 200_000 })), { skipDuplicates: true })).toBe(1_000)
        await Narrow.insert1({ n: 300_000, label: 'after' })
      })
      expect(await Narrow.count()).toBe(1_002)
      expect(await Narrow.restrict({ n: 100_000 }).fetch1()).toEqual({ n: 100_000, label: 'before', small: null })
      await reset(Narrow)
    })

    it('a bulk insert rolls back with the transaction that holds it', async () => {
      await expect(
        inst.transaction(async () => {
          await Narrow.insert(narrowRows(2_000))
          await Narrow.insert(narrowRows(2_000, 'again'), { skipDuplicates: true })
          expect(await Narrow.count()).toBe(2_000)
          throw new Error('undo')
        }),
      ).rejects.toThrow('undo')
      expect(await Narrow.count()).toBe(0)
    })
  })

  it.runIf(copies)('a connection that dies during the COPY leaves nothing, and the Instance goes on', async () => {
    const admin = testInstance(server)
    try {
      const find = `SELECT pid FROM pg_stat_activity WHERE query LIKE 'COPY %${schemaName}%' AND state = 'active' AND pid <> pg_backend_pid()`
      const inserting = Narrow.insert(narrowRows(400_000))
      const outcome = inserting.then(
        () => 'finished',
        () => 'failed',
      )
      let killed = false
      while (!killed) {
        const found = (await admin.run({ sql: find, params: [] })).rows[0]?.[0]
        if (found !== undefined) {
          await admin.run({ sql: `SELECT pg_terminate_backend(${Number(found)})`, params: [] })
          killed = true
        } else if ((await Promise.race([outcome, new Promise((resolve) => setTimeout(() => resolve('running'), 2))])) !== 'running') {
          break
        }
      }
      expect(killed).toBe(true)
      expect((await caught(inserting)).code).toBe('LOST_CONNECTION')
      expect(await Narrow.count()).toBe(0)
      expect(await Narrow.insert(narrowRows(1_000))).toBe(1_000)
      await reset(Narrow)
    } finally {
      await admin.close()
    }
  })
})
