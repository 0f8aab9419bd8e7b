// dj.copyRows on real servers: a session copied from MariaDB to PostgreSQL and from PostgreSQL to PGlite with its
// upstream rows (a renamed foreign key included) and its part rows, rows already there skipped and counted, a
// preview that writes nothing, a refusal naming the tables whose definitions differ, and a copy whose target
// connection is killed midway leaving the target unchanged.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Instance } from '../instance/instance'
import type { Schema } from '../schema/schema'
import type { Table } from '../table/table'
import { startTestServer, testInstance, uniqueSchemaName, type TestBackendName, type TestServer } from '../testing/backends'
import { declareComparePipeline, type ComparePipeline } from '../testing/compare-pipeline'
import { caught } from '../testing/failures'
import { copyRows } from './copy-rows'

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

async function fill(p: ComparePipeline, trialsPerSession: number): Promise<void> {
  await p.Lab.insert([
    { lab: 'north', lab_name: 'North lab' },
    { lab: 'south', lab_name: 'South lab' },
    { lab: 'east', lab_name: 'East lab' },
  ])
  await p.Subject.insert([
    { subject_id: 1, lab: 'north', sex: 'F', weight: 21.5 },
    { subject_id: 2, lab: 'south', sex: 'M', weight: null },
  ])
  await p.Session.insert([
    { subject_id: 1, session: 1, host_lab: 'east', session_date: '2024-05-01', note: 'first' },
    { subject_id: 1, session: 2, host_lab: null, session_date: '2024-05-02', note: '' },
    { subject_id: 2, session: 1, host_lab: 'north', session_date: '2024-05-03', note: 'other' },
  ])
  const trials = []
  for (const [subject_id, session] of [[1, 1], [1, 2], [2, 1]] as const) {
    for (let trial = 0; trial < trialsPerSession; trial += 1) trials.push({ subject_id, session, trial, score: trial * 0.5 })
  }
  await p.Trial.insert(trials)
}

async function counts(p: ComparePipeline): Promise<number[]> {
  return Promise.all([p.Lab, p.Subject, p.Session, p.Trial].map((t: Table) => t.count()))
}

describe.each([
  ['mysql', 'postgresql'],
  ['postgresql', 'pglite'],
] as const)('copyRows from %s to %s', (sourceName, targetName) => {
  let source: ComparePipeline
  let target: ComparePipeline
  let targetSchema: Schema

  beforeAll(async () => {
    source = await declareComparePipeline(await newSchema(sourceName, 'copy_src'))
    await fill(source, 4)
    targetSchema = await newSchema(targetName, 'copy_dst')
    target = await declareComparePipeline(targetSchema)
    await target.Lab.insert1({ lab: 'north', lab_name: 'North lab' })
  })

  it('previews, copies a session with its upstream and part rows, and skips what is there', async () => {
    const session = source.Session.restrict({ subject_id: 1, session: 1 })
    const preview = await copyRows(session, targetSchema, { upstream: true, parts: true, preview: true })
    expect(await counts(target)).toEqual([1, 0, 0, 0])
    const perTable = (report: typeof preview) => Object.fromEntries(report.tables.map((t) => [t.source.split('.')[1], [t.copied, t.skipped]]))
    // Lab: north (the subject's) and east (the session's host_lab, through the renamed foreign key).
    expect(perTable(preview)).toEqual({ '#lab': [1, 1], subject: [1, 0], session: [1, 0], session__trial: [4, 0] })
    expect(preview.preview).toBe(true)

    const report = await copyRows(session, targetSchema, { upstream: true, parts: true })
    expect(perTable(report)).toEqual(perTable(preview))
    expect(report.tables.map((t) => t.source.split('.')[1])).toEqual(['#lab', 'subject', 'session', 'session__trial'])
    expect(await counts(target)).toEqual([2, 1, 1, 4])
    expect(await target.Session.toDicts()).toEqual(await session.toDicts())
    expect(await target.Trial.toDicts({ orderBy: 'KEY' })).toEqual(await source.Trial.restrict({ subject_id: 1, session: 1 }).toDicts({ orderBy: 'KEY' }))

    const again = await copyRows(session, targetSchema, { upstream: true, parts: true })
    expect(again.copied).toBe(0)
    expect(again.skipped).toBe(8)
  })

  it('copies only the rows asked for without upstream, and fails on the missing parent', async () => {
    const err = await caught(copyRows(source.Session.restrict({ subject_id: 2 }), targetSchema))
    expect(err.code).toBe('INTEGRITY')
    expect(await counts(target)).toEqual([2, 1, 1, 4])
  })

  it('refuses a target whose definitions differ, naming the tables', async () => {
    const other = await newSchema(targetName, 'copy_other')
    await other.lookup('Lab', 'lab : varchar(16)\n---\nlab_name : varchar(64)')
    await other.manual('Subject', 'subject_id : int64\n---\n-> Lab\nsex = "U" : enum(\'F\',\'M\',\'U\')\nweight = null : float32')
    const err = await caught(copyRows(source.Subject.restrict({ subject_id: 1 }), other, { upstream: true }))
    expect(err.code).toBe('INCOMPATIBLE_OPERANDS')
    expect(err.message).toContain(`${other.name}.subject (attribute subject_id: int32 vs int64)`)
    expect(err.message).not.toContain('#lab')
  })
})

describe.each([
  ['postgresql', 'mysql'],
  ['mysql', 'postgresql'],
] as const)('copyRows interrupted, %s to %s', (sourceName, targetName) => {
  it('leaves the target unchanged when its connection is killed midway', async () => {
    const source = await declareComparePipeline(await newSchema(sourceName, 'copy_kill_src'))
    await fill(source, 15_000)
    const targetSchema = await newSchema(targetName, 'copy_kill_dst')
    const target = await declareComparePipeline(targetSchema)
    const admin = testInstance(get(targetName).server)
    try {
      const find =
        targetName === 'mysql'
          ? `SELECT id FROM information_schema.processlist WHERE info LIKE 'INSERT%' AND info LIKE '%${targetSchema.name}%' AND id <> connection_id()`
          : `SELECT pid FROM pg_stat_activity WHERE query LIKE '%${targetSchema.name}%' AND state IN ('active', 'idle in transaction') AND pid <> pg_backend_pid()`
      const copying = copyRows(source.Session, targetSchema, { upstream: true, parts: true })
      let killed = false
      const outcome = copying.then(
        () => 'finished',
        () => 'failed',
      )
      while (!killed) {
        const found = (await admin.run({ sql: find, params: [] })).rows[0]?.[0]
        if (found !== undefined) {
          const kill = targetName === 'mysql' ? `KILL ${Number(found)}` : `SELECT pg_terminate_backend(${Number(found)})`
          await admin.run({ sql: kill, params: [] })
          killed = true
        } else if ((await Promise.race([outcome, new Promise((resolve) => setTimeout(() => resolve('running'), 2))])) !== 'running') {
          break
        }
      }
      expect(killed).toBe(true)
      const err = await caught(copying)
      expect(err.code).toBe('LOST_CONNECTION')
      expect(await counts(target)).toEqual([0, 0, 0, 0])
    } finally {
      await admin.close()
    }
  })
})
