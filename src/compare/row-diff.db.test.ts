// dj.diffRows on real servers, for PostgreSQL vs MariaDB, PostgreSQL vs PostgreSQL and MariaDB vs PGlite: a row
// of every DataJoint core type that differs in that type only is found with both values, a row equal across the
// backends is not reported (and its checksums agree: no row moves), NULL, '' and an absent row are kept apart,
// segments are split down to leaves, and a comparison aborted midway leaves nothing running on either server.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Instance } from '../instance/instance'
import type { Schema } from '../schema/schema'
import type { Table } from '../table/table'
import { startTestServer, testInstance, uniqueSchemaName, type TestBackendName, type TestServer } from '../testing/backends'
import { CORE_TYPE_COLUMNS, declareComparePipeline, fillSeries } from '../testing/compare-pipeline'
import { caught } from '../testing/failures'
import { diffRows, rowDiffPage } from './row-diff'

interface Opened {
  readonly server: TestServer
  readonly inst: Instance
  readonly schemas: Schema[]
}

const opened = new Map<TestBackendName, Opened>()

function get(name: TestBackendName): Opened {
  const entry = opened.get(name)
  if (entry === undefined) throw new Error(`${name} not opened`)
  return entry
}

beforeAll(async () => {
  for (const name of ['postgresql', 'mysql', 'pglite'] as const) {
    const server = await startTestServer(name)
    opened.set(name, { server, inst: testInstance(server), schemas: [] })
  }
})

afterAll(async () => {
  for (const entry of opened.values()) {
    for (const schema of entry.schemas.reverse()) await schema.drop({ prompt: false })
    await entry.inst.close()
    await entry.server.stop()
  }
})

async function newSchema(name: TestBackendName, prefix: string): Promise<Schema> {
  const entry = get(name)
  const schema = await entry.inst.schema(uniqueSchemaName(prefix))
  entry.schemas.push(schema)
  return schema
}

type Column = keyof typeof CORE_TYPE_COLUMNS

const BASE: Record<Column, unknown> = {
  v_float32: 1.5,
  v_float64: 0.1,
  v_int64: 9007199254740993n,
  v_int32: 7,
  v_int16: -3,
  v_int8: 5,
  v_bool: true,
  v_uuid: 'f81d4fae-7dec-11d0-a765-00a0c91e6bf6',
  v_json: { b: [1, 2.5, 'x y'], a: { z: true, aa: null } },
  v_bytes: Uint8Array.from([0, 1, 2, 255]),
  v_date: '2024-05-01',
  v_datetime: '2024-05-01 12:00:00.123',
  v_char: 'ab',
  v_varchar: 'héllo wörld',
  v_enum: 'low',
  v_decimal: '12.500',
  v_blob: [1, 2, 3],
  v_time: '12:34:56',
}

const CHANGED: Record<Column, unknown> = {
  v_float32: 2.25,
  v_float64: 0.2,
  v_int64: 9007199254740994n,
  v_int32: 8,
  v_int16: -4,
  v_int8: 6,
  v_bool: false,
  v_uuid: 'f81d4fae-7dec-11d0-a765-00a0c91e6bf7',
  v_json: { b: [1, 2.5, 'x y'], a: { z: false, aa: null } },
  v_bytes: Uint8Array.from([0, 1, 2, 254]),
  v_date: '2024-05-02',
  v_datetime: '2024-05-01 12:00:00.124',
  v_char: 'abc',
  v_varchar: 'héllo world',
  v_enum: 'high',
  v_decimal: '12.501',
  v_blob: [1, 2, 4],
  v_time: '12:34:57',
}

const COLUMNS = Object.keys(CORE_TYPE_COLUMNS) as Column[]

/** Row 1: the base values; row 10 + i: column i changed on the right only; 100-102: NULL vs '' vs absent; 1000+: equal filler. */
function rowsOf(side: 'left' | 'right'): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [{ typed_id: 1, ...BASE }]
  COLUMNS.forEach((column, i) => {
    rows.push({ typed_id: 10 + i, ...BASE, ...(side === 'right' ? { [column]: CHANGED[column] } : {}) })
  })
  rows.push({ typed_id: 100, ...BASE, v_varchar: side === 'left' ? null : '' })
  if (side === 'left') rows.push({ typed_id: 101, ...BASE, v_varchar: '' })
  else rows.push({ typed_id: 102, ...BASE, v_varchar: null })
  for (let id = 1000; id < 1200; id += 1) rows.push({ typed_id: id, ...BASE, v_int32: id })
  return rows
}

const PAIRS: readonly (readonly [TestBackendName, TestBackendName])[] = [
  ['postgresql', 'mysql'],
  ['postgresql', 'postgresql'],
  ['mysql', 'pglite'],
]

describe.each(PAIRS)('diffRows, %s vs %s', (leftName, rightName) => {
  let left: Table
  let right: Table
  let leftIdentical: Table
  let leftLab: Table
  let rightLab: Table

  beforeAll(async () => {
    const leftPipeline = await declareComparePipeline(await newSchema(leftName, 'rdiff_l'))
    const rightPipeline = await declareComparePipeline(await newSchema(rightName, 'rdiff_r'))
    left = leftPipeline.Typed
    right = rightPipeline.Typed
    leftLab = leftPipeline.Lab
    rightLab = rightPipeline.Lab
    await left.insert(rowsOf('left'))
    await right.insert(rowsOf('right'))
    leftIdentical = (await declareComparePipeline(await newSchema(leftName, 'rdiff_same'))).Typed
    await leftIdentical.insert(rowsOf('right'))
  })

  it('finds each core type that differs in its own row, with both values, and nothing else', async () => {
    const progress: { segmentsDone: number; segmentsTotal: number }[] = []
    const diff = await diffRows(left, right, { segmentSize: 40, leafSize: 4, fanout: 4, onProgress: (p) => progress.push(p) })
    expect(diff.primaryKey).toEqual(['typed_id'])
    // Every segment compared is reported once, never more done than known, and all done at the end.
    expect(progress.length).toBeGreaterThan(1)
    expect(progress.every((p) => p.segmentsDone <= p.segmentsTotal)).toBe(true)
    expect(progress.at(-1)).toEqual({ segmentsDone: diff.segments.compared, segmentsTotal: diff.segments.compared })
    expect(diff.changed.map((row) => row.key)).toEqual([...COLUMNS.map((_, i) => ({ typed_id: 10 + i })), { typed_id: 100 }])
    COLUMNS.forEach((column, i) => {
      const row = diff.changed[i]
      expect(row?.attributes.map((a) => a.name), column).toEqual([column])
    })
    const byColumn = new Map(diff.changed.map((row) => [row.attributes[0]?.name, row.attributes[0]]))
    expect(byColumn.get('v_int32')).toEqual({ name: 'v_int32', left: 7, right: 8 })
    expect(byColumn.get('v_decimal')).toEqual({ name: 'v_decimal', left: '12.500', right: '12.501' })
    expect(byColumn.get('v_uuid')?.right).toBe('f81d4fae-7dec-11d0-a765-00a0c91e6bf7')
    expect(diff.changed.at(-1)?.attributes).toEqual([{ name: 'v_varchar', left: null, right: '' }])
    expect(diff.onlyLeft).toEqual([{ typed_id: 101 }])
    expect(diff.onlyRight).toEqual([{ typed_id: 102 }])
    expect(diff.counts).toEqual({ onlyLeft: 1, onlyRight: 1, changed: COLUMNS.length + 1, equal: 201 })
    expect(rowDiffPage(diff, 'changed', { offset: 2, limit: 2 }).map((row) => row.key)).toEqual([{ typed_id: 12 }, { typed_id: 13 }])
    expect(diff.segments.leaves).toBeGreaterThan(0)
  })

  it('finds rows equal across the backends equal by their checksums: no row moves', async () => {
    const diff = await diffRows(leftIdentical, right, { segmentSize: 40 })
    expect(diff.counts).toEqual({ onlyLeft: 0, onlyRight: 0, changed: 0, equal: rowsOf('right').length })
    // JSON is normalised by each server in its own form, so across backends its rows are compared on the client.
    const acrossJsonForms = left.context.dialect.rowDigest.jsonForm !== right.context.dialect.rowDigest.jsonForm
    if (!acrossJsonForms) expect(diff.rowsMoved).toBe(0)
    const withoutJson = await diffRows(leftIdentical, right, { segmentSize: 40, ignore: ['v_json'] })
    expect(withoutJson.rowsMoved).toBe(0)
    expect(withoutJson.segments.differing).toBe(0)
  })

  it('matches text keys that the servers order differently (case, accents, punctuation)', async () => {
    // MariaDB's default collation ignores case and accents; PostgreSQL's orders by code point or locale.
    const labs = Array.from({ length: 40 }, (_, i) => ({ lab: `${['a', 'B', 'é', 'Z', '_', '1'][i % 6] ?? ''}lab${i}`, lab_name: `Lab ${i}` }))
    await leftLab.insert(labs)
    await rightLab.insert(labs.filter((lab) => lab.lab !== 'Blab1').map((lab) => (lab.lab === 'élab2' ? { ...lab, lab_name: 'renamed' } : lab)))
    const diff = await diffRows(leftLab, rightLab, { segmentSize: 5, leafSize: 2, fanout: 2 })
    expect(diff.onlyLeft).toEqual([{ lab: 'Blab1' }])
    expect(diff.onlyRight).toEqual([])
    expect(diff.changed).toEqual([{ key: { lab: 'élab2' }, attributes: [{ name: 'lab_name', left: 'Lab 2', right: 'renamed' }] }])
    expect(diff.counts.equal).toBe(38)
  })

  it('compares restricted queries and only the attributes asked for', async () => {
    const diff = await diffRows(left.restrict('typed_id < 30'), right.restrict('typed_id < 30'), { attributes: ['v_int32', 'v_date'] })
    expect(diff.compared).toEqual(['v_int32', 'v_date'])
    expect(diff.changed.map((row) => row.attributes.map((a) => a.name))).toEqual([['v_int32'], ['v_date']])
    const tolerant = await diffRows(left.restrict('typed_id < 30'), right.restrict('typed_id < 30'), {
      attributes: ['v_float32', 'v_float64'],
      floatTolerance: 1,
    })
    expect(tolerant.counts.changed).toBe(0)
  })
})

describe.each([['postgresql', 'mysql']] as const)('diffRows cancelled, %s vs %s', (leftName, rightName) => {
  const ROWS = 300_000

  async function running(inst: Instance): Promise<number> {
    const sql =
      inst.dialect.backend === 'mysql'
        ? "SELECT count(*) FROM information_schema.processlist WHERE info LIKE '%dj\\_rows%' AND id <> connection_id()"
        : "SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%dj\\_rows%' AND state = 'active' AND pid <> pg_backend_pid()"
    return Number((await inst.run({ sql, params: [] })).rows[0]?.[0])
  }

  it('stops every statement on both servers when the signal aborts', async () => {
    const tables: Table[] = []
    for (const name of [leftName, rightName]) {
      const schema = await newSchema(name, 'rdiff_cancel')
      const Big = await schema.manual('Big', 'id : int32\n---\nval : float64\nlabel : varchar(32)')
      await fillSeries(get(name).inst, schema.name, 'big', ROWS)
      tables.push(Big)
    }
    const [left, right] = tables as [Table, Table]
    await right.restrict({ id: 5 }).delete({ prompt: false })
    const controller = new AbortController()
    const comparison = diffRows(left, right, { signal: controller.signal, segmentSize: 5_000 })
    // Midway: once a checksum statement runs on the left server.
    const settled = comparison.then(
      () => true,
      () => true,
    )
    while (!controller.signal.aborted) {
      if ((await running(get(leftName).inst)) > 0) controller.abort()
      else if (await Promise.race([settled, new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 5))])) break
    }
    expect(controller.signal.aborted).toBe(true)
    const err = await caught(comparison)
    expect(err.code).toBe('CANCELLED')
    expect(await running(get(leftName).inst)).toBe(0)
    expect(await running(get(rightName).inst)).toBe(0)
    const complete = await diffRows(left, right, { segmentSize: 50_000 })
    expect(complete.onlyLeft).toEqual([{ id: 5 }])
    expect(complete.counts.equal).toBe(ROWS - 1)
  })
})
