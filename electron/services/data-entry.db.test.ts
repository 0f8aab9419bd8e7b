// Data entry against PostgreSQL and MariaDB through the dispatcher: a master with its parts in one transaction,
// refusals placed at their table, row and attribute with nothing written, the foreign-key picker's pages, update1,
// the delete checked against its preview, read-only tabs, and the server connection killed in the middle of a
// 5,000-part insert, a 20,000-row import and a cascade delete, each leaving the database exactly as before.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { decodeBlob, NPY_DATA_URL_PREFIX, parseNpy, type Instance, type Table } from '../../src/index'
import { startTestServer, testInstance, uniqueSchemaName, type TestServer } from '../../src/testing/backends'
import type { Tab } from '../ipc/contract'
import { createHarness, type Harness } from '../testing/service-harness'

type Backend = 'postgresql' | 'mysql'

interface Tables {
  readonly Rig: Table
  readonly Lab: Table
  readonly Subject: Table
  readonly Session: Table
  readonly Trial: Table
  readonly Stats: Table
  readonly Reading: Table
}

async function declare(inst: Instance, name: string): Promise<Tables> {
  const schema = await inst.schema(name)
  const Rig = await schema.lookup('Rig', 'rig : varchar(16)\n---\nroom : varchar(32)', {
    contents: [
      { rig: 'A', room: 'north' },
      { rig: 'B', room: 'south' },
      { rig: 'LOCKED', room: 'held by the test' },
    ],
  })
  const Lab = await schema.manual('Lab', 'lab_id : int16\n---\nlab_name : varchar(20)\nfounded : date\nbudget = null : decimal(8,2)')
  const Subject = await schema.manual(
    'Subject',
    "subject_id : int32\n---\n-> Lab\nsex : enum('F', 'M', 'U')\nsubject_uuid = null : uuid\nmeta = null : json\ntrace = null : <blob>\nnotes = '' : varchar(100)",
  )
  const Session = await schema.manual('Session', '-> Subject\nsession_idx : int16\n---\n-> Rig\nstarted : datetime')
  const Trial = await schema.part(Session, 'Trial', '-> master\ntrial_idx : int32\n---\n-> Rig\nvalue : float64')
  const Stats = await schema.computed('Stats', '-> Session\n---\nn : int32')
  const Reading = await schema.manual('Reading', 'reading_id : int32\n---\n-> Rig\nvalue : float64')
  return { Rig, Lab, Subject, Session, Trial, Stats, Reading }
}

async function counts(tables: Tables): Promise<Record<string, number>> {
  const out: Record<string, number> = {}
  for (const [name, table] of Object.entries(tables)) out[name] = await (table as Table).count()
  return out
}

/**
 * Holds a row in a transaction of its own (`FOR UPDATE`), runs `work`, and kills the server session that blocks on
 * that row once it waits (an insert checking a foreign key to it, a delete reaching it): in the middle of `work`'s
 * transaction, after its earlier statements ran.
 */
async function killWhenBlocked(locker: Instance, watcher: Instance, backend: Backend, lock: { schema: string; table: string; where: string }, work: () => Promise<unknown>): Promise<unknown> {
  const q = backend === 'mysql' ? '`' : '"'
  let result: unknown
  await locker.transaction(async () => {
    await locker.run({ sql: `SELECT * FROM ${q}${lock.schema}${q}.${q}${lock.table}${q} WHERE ${lock.where} FOR UPDATE`, params: [] })
    const own = Number((await locker.run({ sql: backend === 'mysql' ? 'SELECT CONNECTION_ID()' : 'SELECT pg_backend_pid()', params: [] })).rows[0]?.[0])
    const running = work().then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    )
    // MariaDB: the session whose write on this test's schema (unique to this run, so no other test's session is
    // touched) has run a second: blocked on the locked row, inside its transaction. Read from the process list
    // alone: MariaDB's INNODB_TRX did not list that session's transaction while it waited (so a join on it never
    // matched, and each test waited out the 50 s lock timeout). Killed a little early, it is still mid-transaction.
    // A statement with values runs prepared: its command is Execute.
    const blocked =
      backend === 'mysql'
        ? `SELECT ID FROM information_schema.PROCESSLIST
            WHERE ID NOT IN (${own}, CONNECTION_ID()) AND COMMAND IN ('Query', 'Execute') AND TIME_MS >= 1000
              AND (INFO LIKE 'INSERT%' OR INFO LIKE 'DELETE%') AND INFO LIKE '%\`${lock.schema}\`%'`
        : `SELECT pid FROM pg_stat_activity WHERE ${own} = ANY(pg_blocking_pids(pid))`
    for (;;) {
      // Watched from another session: inside a transaction PostgreSQL answers from one snapshot of pg_stat_activity.
      const waiting = (await watcher.run({ sql: blocked, params: [] })).rows[0]?.[0]
      if (waiting !== undefined && waiting !== null) {
        await watcher.run({ sql: backend === 'mysql' ? `KILL ${Number(waiting)}` : `SELECT pg_terminate_backend(${Number(waiting)})`, params: [] })
        break
      }
      const settled = await Promise.race([running, new Promise((resolve) => setTimeout(() => resolve(null), 20))])
      if (settled !== null) throw new Error(`the work finished without blocking: ${JSON.stringify(settled)}`)
    }
    result = await running
  })
  return result
}

describe.each(['postgresql', 'mysql'] as const)('data entry on %s', (backend) => {
  let server: TestServer
  let inst: Instance
  let harness: Harness
  let tab: Tab
  let readOnlyTab: Tab
  let tables: Tables
  const schema = uniqueSchemaName('entry')

  const reopen = async () => {
    tab = await harness.value('tabs.reconnect', { tabId: tab.tabId })
  }

  beforeAll(async () => {
    server = await startTestServer(backend)
    inst = testInstance(server)
    tables = await declare(inst, schema)
    await tables.Lab.insert([
      { lab_id: 1, lab_name: 'Tolias', founded: '2001-01-01' },
      { lab_id: 2, lab_name: 'Svoboda', founded: '2005-06-01' },
    ])
    await tables.Subject.insert(Array.from({ length: 30 }, (_, i) => ({ subject_id: 100 + i, lab_id: 1 + (i % 2), sex: 'F' })))
    harness = createHarness()
    const base = { backend: server.backend, host: server.host, port: server.port, user: server.user, tls: 'disabled', color: '#000000' } as const
    const profile = await harness.value('connections.save', { profile: { ...base, name: 'entry', readOnly: false }, password: server.password })
    const readOnly = await harness.value('connections.save', { profile: { ...base, name: 'entry ro', readOnly: true }, password: server.password })
    tab = await harness.value('tabs.open', { profileId: profile.id })
    readOnlyTab = await harness.value('tabs.open', { profileId: readOnly.id })
  })

  afterAll(async () => {
    await harness?.dispose()
    await (await inst.schema(schema, { create: true })).drop({ prompt: false })
    await inst.close()
    await server?.stop()
  })

  it('inserts a master and its parts in one transaction, the parts taking the master’s key', async () => {
    const result = await harness.value('entry.insert', {
      tabId: tab.tabId,
      schema,
      table: 'session',
      rows: [{ subject_id: '100', session_idx: '1', rig: 'A', started: '2024-05-01T10:30' }],
      parts: [{ table: 'session__trial', rows: [1, 2, 3].map((i) => ({ trial_idx: String(i), rig: 'B', value: `${i}.5` })) }],
    })
    expect(result.inserted).toEqual({ session: 1, session__trial: 3 })
    const trials = await tables.Trial.restrict({ subject_id: 100, session_idx: 1 }).toDicts({ orderBy: 'KEY' })
    expect(trials.map((t) => [t['trial_idx'], t['value']])).toEqual([
      [1, 1.5],
      [2, 2.5],
      [3, 3.5],
    ])
    expect((await tables.Session.restrict({ subject_id: 100 }).fetch1())['started']).toBe('2024-05-01 10:30:00')
  })

  it('stores typed values exactly: decimals, dates, uuid, json, <blob> from text, explicit NULL, hostile text', async () => {
    const hostile = `Robert'); DROP TABLE lab;-- \\ " \` $1 ?`
    await harness.value('entry.insert', { tabId: tab.tabId, schema, table: 'lab', rows: [{ lab_id: '3', lab_name: hostile.slice(0, 20), founded: '1999-12-31', budget: '123456.78' }], parts: [] })
    expect(await tables.Lab.restrict({ lab_id: 3 }).fetch1()).toEqual({ lab_id: 3, lab_name: hostile.slice(0, 20), founded: '1999-12-31', budget: '123456.78' })
    await harness.value('entry.insert', {
      tabId: tab.tabId,
      schema,
      table: 'subject',
      rows: [
        {
          subject_id: '900',
          lab_id: '3',
          sex: 'M',
          subject_uuid: '6F9619FF-8B86-D011-B42D-00C04FC964FF',
          meta: '{"rig": {"gain": 2.5}, "tags": ["a", "b"]}',
          trace: '[[1, 2, 3], [4, 5, 6]]',
          notes: hostile,
        },
        { subject_id: '901', lab_id: '3', sex: 'U', subject_uuid: null, meta: null, trace: '{"a": [1, "x"], "b": "text"}', notes: '' },
      ],
      parts: [],
    })
    const [first, second] = await tables.Subject.restrict('subject_id >= 900').toDicts({ orderBy: 'KEY' })
    expect(first).toMatchObject({ subject_uuid: '6f9619ff-8b86-d011-b42d-00c04fc964ff', meta: { rig: { gain: 2.5 }, tags: ['a', 'b'] }, notes: hostile })
    expect(first?.['trace']).toEqual({ __blob__: 'ndarray', dtype: 'float64', shape: [2, 3], data: [1, 2, 3, 4, 5, 6] })
    expect(second).toMatchObject({ subject_uuid: null, meta: null, notes: '', trace: { a: [1, 'x'], b: 'text' } })
    // The stored bytes are the engine's blob encoding, which DataJoint Python reads.
    const raw = await inst.pipeline.fetchRaw(tables.Subject.restrict({ subject_id: 900 }).proj('trace').expr)
    const cell = raw.rows[0]?.[raw.heading.names.indexOf('trace')]
    expect(decodeBlob(cell as Uint8Array)).toEqual(first?.['trace'])
  })

  it('stores an uploaded .npy file as the array np.load gives, in the engine’s blob encoding', async () => {
    // Files numpy wrote: Fortran-order big-endian int16, uint64 beyond 2^53, complex128.
    const files = ['i2-fortran-big-endian.npy', 'u8.npy', 'c16.npy'].map((name) => new Uint8Array(readFileSync(new URL(`../../src/codecs/npy-fixtures/${name}`, import.meta.url))))
    const rows = files.map((file, i) => ({ subject_id: String(910 + i), lab_id: '1', sex: 'F', trace: NPY_DATA_URL_PREFIX + Buffer.from(file).toString('base64') }))
    await harness.value('entry.insert', { tabId: tab.tabId, schema, table: 'subject', rows, parts: [] })
    const raw = await inst.pipeline.fetchRaw(tables.Subject.restrict('subject_id between 910 and 912').proj('trace').expr, { orderBy: [{ by: 'key', descending: false }] })
    const cells = raw.rows.map((row) => decodeBlob(row[raw.heading.names.indexOf('trace')] as Uint8Array))
    expect(cells).toEqual(files.map((file) => parseNpy(file)))
    expect(cells[0]).toMatchObject({ dtype: 'int16', shape: [3, 4], data: Array.from({ length: 12 }, (_, i) => i - 6) })
    expect(cells[1]).toMatchObject({ dtype: 'uint64', data: [0, 2n ** 64n - 1n, 2n ** 53n + 1n] })
    const broken = await harness.call('entry.insert', { tabId: tab.tabId, schema, table: 'subject', rows: [{ subject_id: '913', lab_id: '1', sex: 'F', trace: `${NPY_DATA_URL_PREFIX}AAAA` }], parts: [] })
    expect(broken.ok ? null : broken.error.details).toMatchObject({ attribute: 'trace', row: 0 })
    await tables.Subject.restrict('subject_id between 910 and 912').delete({ prompt: false })
  })

  it('refuses bad values at their table, row and attribute, writing nothing', async () => {
    const before = await counts(tables)
    const refusal = async (input: Parameters<Harness['call']>[1]) => {
      const result = await harness.call('entry.insert', input as never)
      if (result.ok) throw new Error('expected a refusal')
      return { code: result.error.code, ...result.error.details }
    }
    const session = (extra: Record<string, string>) => ({ subject_id: '101', session_idx: '5', rig: 'A', started: '2024-05-02 09:00', ...extra })
    const part = (rows: Record<string, string>[]) => [{ table: 'session__trial', rows }]
    expect(await refusal({ tabId: tab.tabId, schema, table: 'session', rows: [session({ session_idx: '40000' })], parts: [] })).toMatchObject({
      code: 'DATA_TYPE',
      table: 'session',
      row: 0,
      attribute: 'session_idx',
    })
    expect(
      await refusal({ tabId: tab.tabId, schema, table: 'session', rows: [session({})], parts: part([{ trial_idx: '1', rig: 'A', value: '1' }, { trial_idx: '2', rig: 'A', value: 'abc' }]) }),
    ).toMatchObject({ code: 'DATA_TYPE', table: 'session__trial', row: 1, attribute: 'value' })
    expect(await refusal({ tabId: tab.tabId, schema, table: 'lab', rows: [{ lab_id: '9', lab_name: 'x', founded: '2024-02-30' }], parts: [] })).toMatchObject({
      code: 'DATA_TYPE',
      attribute: 'founded',
    })
    expect(await refusal({ tabId: tab.tabId, schema, table: 'lab', rows: [{ lab_id: '9', lab_name: 'x', founded: '2024-02-01', budget: '1.234' }], parts: [] })).toMatchObject({
      code: 'DATA_TYPE',
      attribute: 'budget',
    })
    expect(await refusal({ tabId: tab.tabId, schema, table: 'lab', rows: [{ lab_id: '9', lab_name: 'x'.repeat(21), founded: '2024-02-01' }], parts: [] })).toMatchObject({
      code: 'DATA_TYPE',
      attribute: 'lab_name',
    })
    expect(await refusal({ tabId: tab.tabId, schema, table: 'subject', rows: [{ subject_id: '950', lab_id: '1', sex: 'F', meta: '{oops' }], parts: [] })).toMatchObject({
      code: 'DATA_TYPE',
      attribute: 'meta',
    })
    // A duplicate key and a missing parent, which only the server finds, placed at their field.
    expect(await refusal({ tabId: tab.tabId, schema, table: 'lab', rows: [{ lab_id: '1', lab_name: 'again', founded: '2024-01-01' }], parts: [] })).toMatchObject({
      code: 'DUPLICATE',
      table: 'lab',
      row: 0,
      attribute: 'lab_id',
    })
    expect(await refusal({ tabId: tab.tabId, schema, table: 'session', rows: [session({ subject_id: '7777' })], parts: [] })).toMatchObject({
      code: 'INTEGRITY',
      table: 'session',
      row: 0,
      attribute: 'subject_id',
    })
    expect(
      await refusal({ tabId: tab.tabId, schema, table: 'session', rows: [session({})], parts: part([{ trial_idx: '1', rig: 'A', value: '1' }, { trial_idx: '2', rig: 'Z', value: '2' }]) }),
    ).toMatchObject({ code: 'INTEGRITY', table: 'session__trial', row: 1, attribute: 'rig' })
    expect(
      await refusal({ tabId: tab.tabId, schema, table: 'session', rows: [session({})], parts: part([{ trial_idx: '1', rig: 'A', value: '1' }, { trial_idx: '1', rig: 'A', value: '2' }]) }),
    ).toMatchObject({ code: 'DUPLICATE', table: 'session__trial', row: 1, attribute: 'trial_idx' })
    expect(await refusal({ tabId: tab.tabId, schema, table: 'lab', rows: [{ lab_id: '9', lab_name: null, founded: '2024-01-01' } as never], parts: [] })).toMatchObject({
      code: 'DATA_TYPE',
      attribute: 'lab_name',
    })
    expect(await counts(tables)).toEqual(before)
  })

  it('follows DataJoint’s tier rules and refuses every change on a read-only tab', async () => {
    const stats = { tabId: tab.tabId, schema, table: '__stats', rows: [{ subject_id: '100', session_idx: '1', n: '3' }], parts: [] }
    const refused = await harness.call('entry.insert', stats)
    expect(refused.ok ? 'ok' : refused.error.code).toBe('TIER_VIOLATION')
    expect(refused.ok ? '' : refused.error.message).toContain('allow_direct_insert')
    expect((await harness.value('entry.insert', { ...stats, allowDirectInsert: true })).inserted).toEqual({ __stats: 1 })
    expect((await harness.value('entry.insert', { tabId: tab.tabId, schema, table: '#rig', rows: [{ rig: 'C', room: 'east' }], parts: [] })).inserted).toEqual({ '#rig': 1 })

    const ro = readOnlyTab.tabId
    const attempts = await Promise.all([
      harness.call('entry.insert', { tabId: ro, schema, table: 'lab', rows: [{ lab_id: '50', lab_name: 'x', founded: '2024-01-01' }], parts: [] }),
      harness.call('entry.update', { tabId: ro, schema, table: 'lab', row: { lab_id: '1', lab_name: 'renamed' } }),
      harness.call('entry.delete', { tabId: ro, expr: { kind: 'table', schema, table: 'lab' }, partIntegrity: 'enforce', expectedTotal: 0 }),
      harness.call('table.insert', { tabId: ro, schema, table: 'lab', rows: [{ lab_id: 50, lab_name: 'x', founded: '2024-01-01' }] }),
    ])
    expect(attempts.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual(['READ_ONLY', 'READ_ONLY', 'READ_ONLY', 'READ_ONLY'])
    expect((await harness.value('entry.parentPage', { tabId: ro, schema, table: 'lab', search: '', after: null, limit: 10 })).rows.length).toBeGreaterThan(0)
  })

  it('pages a parent’s rows by key, searched on the server', async () => {
    const first = await harness.value('entry.parentPage', { tabId: tab.tabId, schema, table: 'subject', search: '', after: null, limit: 10 })
    expect(first.primaryKey).toEqual(['subject_id'])
    expect(first.attributes.map((a) => a.name)).toEqual(['subject_id', 'lab_id', 'sex'])
    expect(first.rows.map((r) => r[0])).toEqual(Array.from({ length: 10 }, (_, i) => 100 + i))
    expect(first.hasMore).toBe(true)
    const second = await harness.value('entry.parentPage', { tabId: tab.tabId, schema, table: 'subject', search: '', after: { subject_id: 109 }, limit: 10 })
    expect(second.rows.map((r) => r[0])).toEqual(Array.from({ length: 10 }, (_, i) => 110 + i))
    const found = await harness.value('entry.parentPage', { tabId: tab.tabId, schema, table: 'subject', search: '117', after: null, limit: 10 })
    expect(found.rows.map((r) => r[0])).toEqual([117])
    const byName = await harness.value('entry.parentPage', { tabId: tab.tabId, schema, table: 'lab', search: 'svo', after: null, limit: 10 })
    expect(byName.rows).toEqual([[2, 'Svoboda', '2005-06-01']])
    const wild = await harness.value('entry.parentPage', { tabId: tab.tabId, schema, table: 'lab', search: '%', after: null, limit: 10 })
    expect(wild.rows).toEqual([])
    // A longer search looks its text up among the rows a shorter, complete one matched: only those.
    const narrowed = (search: string, narrow: { search: string; keys: Record<string, number>[] }) =>
      harness.value('entry.parentPage', { tabId: tab.tabId, schema, table: 'lab', search, after: null, limit: 10, narrow })
    expect((await narrowed('svob', { search: 'svo', keys: [{ lab_id: 2 }] })).rows).toEqual([[2, 'Svoboda', '2005-06-01']])
    expect((await narrowed('svob', { search: 'svo', keys: [] })).rows).toEqual([])
    // An earlier search the text does not contain is not used.
    expect((await narrowed('svob', { search: 'xyz', keys: [] })).rows).toEqual([[2, 'Svoboda', '2005-06-01']])
    // Exact matches are not narrowed: the lab numbered 2 need not contain the earlier text.
    expect((await narrowed('2', { search: '2', keys: [] })).rows.map((r) => r[0])).toEqual([2])
    // A composite key pages on all its attributes.
    const sessions = await harness.value('entry.parentPage', { tabId: tab.tabId, schema, table: 'session', search: '', after: { subject_id: 100, session_idx: 0 }, limit: 5 })
    expect(sessions.rows.map((r) => [r[0], r[1]])).toEqual([[100, 1]])
  })

  it('cancels a picker’s read-ahead on the server by its request id', async () => {
    const request = { tabId: tab.tabId, schema, table: 'lab', search: 'o', after: null, limit: 500 } as const
    const plain = await harness.value('entry.parentPage', request)
    expect(plain.rows.map((r) => r[0])).toEqual(expect.arrayContaining([1, 2]))
    expect(await harness.value('entry.parentPage', { ...request, requestId: 'read-ahead-1' })).toEqual(plain)
    // Held behind a lock on the whole table, taken in another session, until cancelled.
    const blocker = testInstance(server)
    const q = backend === 'mysql' ? '`' : '"'
    const lab = `${q}${schema}${q}.${q}lab${q}`
    try {
      let release = (): void => undefined
      const held = new Promise<void>((resolve) => (release = resolve))
      let locked = (): void => undefined
      const lockTaken = new Promise<void>((resolve) => (locked = resolve))
      const holding = blocker.withSession(
        async () => {
          if (backend === 'mysql') await blocker.run({ sql: `LOCK TABLES ${lab} WRITE`, params: [] })
          else {
            await blocker.run({ sql: 'BEGIN', params: [] })
            await blocker.run({ sql: `LOCK TABLE ${lab} IN ACCESS EXCLUSIVE MODE`, params: [] })
          }
          locked()
          await held
          await blocker.run({ sql: backend === 'mysql' ? 'UNLOCK TABLES' : 'ROLLBACK', params: [] })
        },
        () => undefined,
      )
      await lockTaken
      const reading = harness.call('entry.parentPage', { ...request, requestId: 'read-ahead-2' })
      await expect.poll(() => harness.events.some((e) => e.event === 'query.progress' && (e.payload as { requestId: string }).requestId === 'read-ahead-2'), { timeout: 10_000 }).toBe(true)
      expect(await harness.value('query.cancel', { tabId: tab.tabId, requestId: 'read-ahead-2' })).toEqual({ cancelled: true })
      const result = await reading
      expect(result.ok ? 'ok' : result.error.code).toBe('CANCELLED')
      release()
      await holding
    } finally {
      await blocker.close()
    }
  })

  it('updates secondary attributes with update1, and explains its refusals', async () => {
    await harness.value('entry.update', { tabId: tab.tabId, schema, table: 'lab', row: { lab_id: '2', lab_name: 'Svoboda lab', budget: '10.50' } })
    expect(await tables.Lab.restrict({ lab_id: 2 }).fetch1()).toMatchObject({ lab_name: 'Svoboda lab', budget: '10.50' })
    const missing = await harness.call('entry.update', { tabId: tab.tabId, schema, table: 'lab', row: { lab_id: '99', lab_name: 'nobody' } })
    expect(missing.ok ? 'ok' : missing.error.code).toBe('NOT_FOUND')
    const noKey = await harness.call('entry.update', { tabId: tab.tabId, schema, table: 'lab', row: { lab_name: 'nobody' } })
    expect(noKey.ok ? 'ok' : noKey.error.message).toContain('primary key')
    const bad = await harness.call('entry.update', { tabId: tab.tabId, schema, table: 'lab', row: { lab_id: '2', founded: 'soon' } })
    expect(bad.ok ? null : bad.error.details).toMatchObject({ attribute: 'founded' })
  })

  it('deletes with the cascade only what the confirmed preview counted', async () => {
    const expr = { kind: 'restrict', input: { kind: 'table', schema, table: 'subject' }, condition: { kind: 'match', values: { subject_id: { kind: 'lit', type: 'number', value: 100 } } }, semanticCheck: true } as const
    const preview = await harness.value('diagram.cascade', { tabId: tab.tabId, expr, partIntegrity: 'enforce' })
    const total = Object.values(preview.counts).reduce((a, b) => a + b, 0)
    expect(total).toBe(1 + 1 + 3 + 1)
    const stale = await harness.call('entry.delete', { tabId: tab.tabId, expr, partIntegrity: 'enforce', expectedTotal: total - 1 })
    expect(stale.ok ? 'ok' : stale.error.message).toContain('changed since the preview')
    expect(await tables.Trial.restrict({ subject_id: 100 }).count()).toBe(3)
    const done = await harness.value('entry.delete', { tabId: tab.tabId, expr, partIntegrity: 'enforce', expectedTotal: total })
    expect(done.total).toBe(total)
    expect(await tables.Subject.restrict({ subject_id: 100 }).count()).toBe(0)
    expect(await tables.Trial.restrict({ subject_id: 100 }).count()).toBe(0)
  })

  it('commits staged edits and deletes in one transaction, or none of them, naming the change that failed', async () => {
    const subject = (id: number) =>
      ({ kind: 'restrict', input: { kind: 'table', schema, table: 'subject' }, condition: { kind: 'or', conditions: [{ kind: 'match', values: { subject_id: { kind: 'lit', type: 'number', value: id } } }] }, semanticCheck: true }) as const
    const edit = { kind: 'update', schema, table: 'lab', row: { lab_id: '1', lab_name: "O'Keefe lab", budget: '' } } as const
    const remove = { kind: 'delete', expr: subject(110), partIntegrity: 'enforce', expectedTotal: 1 } as const
    const python = await harness.value('entry.changesCode', { tabId: tab.tabId, changes: [edit, remove], language: 'python' })
    expect(python.text).toContain(`with dj.conn().transaction:\n    ${schema}.Lab.update1({'lab_id': 1, 'lab_name': "O'Keefe lab", 'budget': None})\n    (${schema}.Subject & [{'subject_id': 110}]).delete(prompt=False)\n`)
    const typescript = await harness.value('entry.changesCode', { tabId: tab.tabId, changes: [edit, remove], language: 'typescript' })
    expect(typescript.text).toContain(`  await ${schema}.Subject.restrict([{ subject_id: 110 }]).delete({ prompt: false })\n`)

    const before = await counts(tables)
    const labBefore = await tables.Lab.restrict({ lab_id: 1 }).fetch1()
    // The third change fails on the server (no such row): the first two are rolled back with it.
    const failed = await harness.call('entry.commit', { tabId: tab.tabId, changes: [edit, remove, { kind: 'update', schema, table: 'lab', row: { lab_id: '99', lab_name: 'nobody' } }] })
    expect(failed.ok ? null : { code: failed.error.code, change: failed.error.details['change'] }).toEqual({ code: 'NOT_FOUND', change: 2 })
    expect(failed.ok ? '' : failed.error.message).toMatch(/^Change 3 of 3 \(edit of Lab\) failed: /)
    // A value refused before anything is sent names its change and attribute.
    const typed = await harness.call('entry.commit', { tabId: tab.tabId, changes: [remove, { kind: 'update', schema, table: 'lab', row: { lab_id: '1', founded: 'soon' } }] })
    expect(typed.ok ? null : typed.error.details).toMatchObject({ change: 1, attribute: 'founded' })
    // A delete whose cascade changed since it was staged is refused.
    const stale = await harness.call('entry.commit', { tabId: tab.tabId, changes: [edit, { ...remove, expectedTotal: 5 }] })
    expect(stale.ok ? null : stale.error.details).toMatchObject({ change: 1 })
    expect(await counts(tables)).toEqual(before)
    expect(await tables.Lab.restrict({ lab_id: 1 }).fetch1()).toEqual(labBefore)

    const readOnly = await harness.call('entry.commit', { tabId: readOnlyTab.tabId, changes: [edit] })
    expect(readOnly.ok ? 'ok' : readOnly.error.code).toBe('READ_ONLY')

    expect((await harness.value('entry.commit', { tabId: tab.tabId, changes: [edit, remove] })).rows).toEqual([1, 1])
    expect(await tables.Lab.restrict({ lab_id: 1 }).fetch1()).toMatchObject({ lab_name: "O'Keefe lab", budget: null })
    expect(await tables.Subject.restrict({ subject_id: 110 }).count()).toBe(0)
  })

  describe('with the connection killed midway', () => {
    let locker: Instance
    const lockedRig = { schema, table: '#rig', where: "rig = 'LOCKED'" }

    beforeAll(() => {
      locker = testInstance(server)
    })

    afterAll(async () => {
      await locker?.close()
    })

    it('a master with 5,000 parts: nothing inserted, the error says so', async () => {
      const before = await counts(tables)
      const rows = Array.from({ length: 5000 }, (_, i) => ({ trial_idx: String(i), rig: i === 4999 ? 'LOCKED' : 'A', value: String(i / 7) }))
      const outcome = (await killWhenBlocked(locker, inst, backend, lockedRig, () =>
        harness.call('entry.insert', { tabId: tab.tabId, schema, table: 'session', rows: [{ subject_id: '102', session_idx: '1', rig: 'A', started: '2024-06-01 08:00' }], parts: [{ table: 'session__trial', rows }] }),
      )) as { value: Awaited<ReturnType<Harness['call']>> }
      expect(outcome.value.ok ? 'ok' : outcome.value.error.code).toBe('LOST_CONNECTION')
      expect(await counts(tables)).toEqual(before)
      await reopen()
    })

    it('a 20,000-row import: nothing inserted', async () => {
      const before = await counts(tables)
      const rows = Array.from({ length: 20_000 }, (_, i) => ({ reading_id: String(i), rig: i === 19_999 ? 'LOCKED' : 'B', value: String(i) }))
      const outcome = (await killWhenBlocked(locker, inst, backend, lockedRig, () => harness.call('entry.insert', { tabId: tab.tabId, schema, table: 'reading', rows, parts: [] }))) as {
        value: Awaited<ReturnType<Harness['call']>>
      }
      expect(outcome.value.ok ? 'ok' : outcome.value.error.code).toBe('LOST_CONNECTION')
      expect(await counts(tables)).toEqual(before)
      await reopen()
    })

    it('a cascade delete of a subject with thousands of descendants: nothing deleted', async () => {
      await tables.Session.insert(Array.from({ length: 5 }, (_, s) => ({ subject_id: 103, session_idx: s, rig: 'A', started: '2024-06-02 08:00:00' })))
      await tables.Trial.insert(Array.from({ length: 5 * 800 }, (_, i) => ({ subject_id: 103, session_idx: i % 5, trial_idx: i, rig: 'A', value: i })))
      const before = await counts(tables)
      const expr = { kind: 'restrict', input: { kind: 'table', schema, table: 'subject' }, condition: { kind: 'match', values: { subject_id: { kind: 'lit', type: 'number', value: 103 } } }, semanticCheck: true } as const
      const preview = await harness.value('diagram.cascade', { tabId: tab.tabId, expr, partIntegrity: 'enforce' })
      const total = Object.values(preview.counts).reduce((a, b) => a + b, 0)
      expect(total).toBe(1 + 5 + 4000)
      // The subject's row is deleted last, after its sessions and 4,000 trials: the kill comes then.
      const outcome = (await killWhenBlocked(locker, inst, backend, { schema, table: 'subject', where: 'subject_id = 103' }, () => harness.call('entry.delete', { tabId: tab.tabId, expr, partIntegrity: 'enforce', expectedTotal: total }))) as {
        value: Awaited<ReturnType<Harness['call']>>
      }
      expect(outcome.value.ok ? 'ok' : outcome.value.error.code).toBe('LOST_CONNECTION')
      expect(await counts(tables)).toEqual(before)
      await reopen()
    })
  })
})
