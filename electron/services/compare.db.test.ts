// The compare channels through the real dispatcher and services, PostgreSQL on the left and MariaDB on the right,
// each through its own tab: the schema diff (a changed attribute type, row counts), a data compare with progress
// events and its three kinds of difference read by pages with both sides' rows and exported (CSV, JSON) through the
// export service, both sides aligned by key (more in compare-aligned.db.test.ts), and a
// copy to the other side (preview, refused through a read-only tab, then written) after which the data compare is
// clean; and a compare cancelled midway through `compare.cancel` ends CANCELLED with nothing left running.

import { Writable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Instance } from '../../src/instance/instance'
import { startTestServer, testInstance, uniqueSchemaName, type TestServer } from '../../src/testing/backends'
import { fillSeries } from '../../src/testing/compare-pipeline'
import type { Tab } from '../ipc/contract'
import { createHarness, type Harness } from '../testing/service-harness'

const SUBJECT = 'subject_id : int32\n---\nname : varchar(32)\nweight : float64'
const ROWS = [
  { subject_id: 1, name: 'ann', weight: 20 },
  { subject_id: 2, name: 'bob', weight: 21 },
  { subject_id: 3, name: 'cat', weight: 22 },
  { subject_id: 4, name: 'dan', weight: 23 },
]

describe('compare channels, PostgreSQL vs MariaDB', () => {
  const servers: TestServer[] = []
  const seeders: Instance[] = []
  let harness: Harness
  let left: Tab
  let right: Tab
  let rightReadOnly: Tab
  const name = uniqueSchemaName('cmp_app')

  beforeAll(async () => {
    harness = createHarness()
    const tabsOpened: Tab[] = []
    for (const [i, backend] of (['postgresql', 'mysql', 'mysql'] as const).entries()) {
      const server = await startTestServer(backend)
      servers.push(server)
      if (i < 2) {
        const seeder = testInstance(server, { poolSize: 2 })
        seeders.push(seeder)
        const schema = await seeder.schema(name)
        const Subject = await schema.manual('Subject', SUBJECT)
        // The right side: no subject 1, subject 3 renamed, a subject 5 of its own; Probe's gain differs in type.
        await Subject.insert(i === 0 ? ROWS : [...ROWS.filter((r) => r.subject_id !== 1).map((r) => (r.subject_id === 3 ? { ...r, name: 'kit' } : r)), { subject_id: 5, name: 'eve', weight: 24 }])
        await schema.manual('Probe', `probe : varchar(16)\n---\ngain : ${i === 0 ? 'float32' : 'float64'}`)
      }
      const profile = await harness.value('connections.save', {
        profile: { name: `${backend} ${i}`, backend: server.backend, host: server.host, port: server.port, user: server.user, tls: 'disabled', readOnly: i === 2, color: '#000000' },
        password: server.password,
      })
      tabsOpened.push(await harness.value('tabs.open', { profileId: profile.id }))
    }
    ;[left, right, rightReadOnly] = tabsOpened as [Tab, Tab, Tab]
  }, 300_000)

  afterAll(async () => {
    await harness?.dispose()
    for (const seeder of seeders) {
      if ((await seeder.listSchemas()).includes(name)) await (await seeder.schema(name, { create: false })).drop({ prompt: false })
      await seeder.close()
    }
    for (const server of servers) await server.stop()
  })

  const sides = (table: string) => ({ left: { tabId: left.tabId, schema: name, table }, right: { tabId: right.tabId, schema: name, table } })

  it('compares the schemas: the changed attribute type, and both row counts', async () => {
    const diff = await harness.value('compare.schemas', { left: { tabId: left.tabId, schema: name }, right: { tabId: right.tabId, schema: name } })
    expect(diff.left.backend).toBe('postgresql')
    expect(diff.right.backend).toBe('mysql')
    expect(diff.equal).toBe(false)
    const probe = diff.tables.find((t) => t.className === 'Probe')
    expect(probe?.differences).toEqual([{ aspect: 'attribute', name: 'gain', property: 'type', left: 'float32', right: 'float64' }])
    expect(probe?.describe.left).toMatch(/gain +: float32/)
    const subject = diff.tables.find((t) => t.className === 'Subject')
    expect(subject?.differences).toEqual([])
    expect(subject?.rows).toEqual({ left: { count: 4, estimated: false }, right: { count: 4, estimated: false } })
  })

  it('compares the rows with progress, and pages each kind of difference with both sides', async () => {
    const before = harness.events.length
    const summary = await harness.value('compare.rows', { jobId: 'rows-1', ...sides('subject'), restriction: '' })
    expect(summary.counts).toEqual({ onlyLeft: 1, onlyRight: 1, changed: 1, equal: 2 })
    const progress = harness.events.slice(before).filter((e) => e.event === 'compare.progress')
    expect(progress.length).toBeGreaterThan(0)
    expect(progress.at(-1)?.payload).toMatchObject({ jobId: 'rows-1' })

    const changed = await harness.value('compare.rowsPage', { jobId: 'rows-1', kind: 'changed', offset: 0, limit: 10 })
    expect(changed.attributes.map((a) => a.name)).toEqual(['subject_id', 'name', 'weight'])
    expect(changed.rows).toEqual([{ left: [3, 'cat', 22], right: [3, 'kit', 22], changed: ['name'] }])
    const onlyLeft = await harness.value('compare.rowsPage', { jobId: 'rows-1', kind: 'onlyLeft', offset: 0, limit: 10 })
    expect(onlyLeft.rows).toEqual([{ left: [1, 'ann', 20], right: null, changed: [] }])
    const onlyRight = await harness.value('compare.rowsPage', { jobId: 'rows-1', kind: 'onlyRight', offset: 0, limit: 10 })
    expect(onlyRight.rows).toEqual([{ left: null, right: [5, 'eve', 24], changed: [] }])
    expect(onlyRight.total).toBe(1)
  })

  it('exports the differences from the main process, with full values: CSV a line per side, JSON by kind', async () => {
    const download = async (format: 'csv' | 'json') => {
      const started = await harness.value('compare.export', { jobId: 'rows-1', format })
      expect(started.fileName).toMatch(new RegExp(`^subject-differences-\\d{4}-\\d{2}-\\d{2}\\.${format}$`))
      const chunks: Buffer[] = []
      const response = Object.assign(
        new Writable({
          write(chunk: Buffer, _encoding, callback) {
            chunks.push(chunk)
            callback()
          },
        }),
        { setHeader: () => undefined },
      )
      const finished = new Promise((resolve) => response.on('finish', resolve))
      expect(harness.services.exports.serveDownload(started.exportId as string, response)).toBe(true)
      await finished
      return Buffer.concat(chunks).toString('utf8')
    }
    expect((await download('csv')).split('\r\n')).toEqual([
      'difference,side,changed,subject_id,name,weight',
      'only left,left,"",1,ann,20',
      'only right,right,"",5,eve,24',
      'changed,left,name,3,cat,22',
      'changed,right,name,3,kit,22',
      '',
    ])
    expect(JSON.parse(await download('json'))).toEqual({
      onlyLeft: [{ key: { subject_id: 1 }, left: { subject_id: 1, name: 'ann', weight: 20 }, right: null, changed: [] }],
      onlyRight: [{ key: { subject_id: 5 }, left: null, right: { subject_id: 5, name: 'eve', weight: 24 }, changed: [] }],
      changed: [{ key: { subject_id: 3 }, left: { subject_id: 3, name: 'cat', weight: 22 }, right: { subject_id: 3, name: 'kit', weight: 22 }, changed: ['name'] }],
    })
    const done = harness.events.filter((e) => e.event === 'export.progress' && (e.payload as { state: string }).state === 'done')
    expect(done.at(-1)?.payload).toMatchObject({ tabId: left.tabId, rows: 3, total: 3 })
    expect((await harness.call('compare.export', { jobId: 'no-such-job', format: 'csv' })).ok).toBe(false)
  })

  it('restricts both sides alike, with the restriction read by the engine', async () => {
    const summary = await harness.value('compare.rows', { jobId: 'rows-2', ...sides('subject'), restriction: 'subject_id >= 3' })
    expect(summary.counts).toEqual({ onlyLeft: 0, onlyRight: 1, changed: 1, equal: 1 })
    const bad = await harness.call('compare.rows', { jobId: 'rows-3', ...sides('subject'), restriction: "name = 'x'; DROP TABLE subject" })
    expect(bad.ok).toBe(false)
  })

  it('aligns both sides by primary key, a page at a time after the last key of each side, marking the cells that differ', async () => {
    const first = await harness.value('compare.aligned', { ...sides('subject'), restriction: '', after: null, limit: 3 })
    expect(first.rows.map((r) => [r.left?.[0] ?? null, r.right?.[0] ?? null, r.changed])).toEqual([
      [1, null, []],
      [2, 2, []],
      [3, 3, ['name']],
    ])
    expect(first.hasMore).toBe(true)
    expect(first.next).toEqual({ left: { key: [3], offset: 3 }, right: { key: [3], offset: 2 } })
    const second = await harness.value('compare.aligned', { ...sides('subject'), restriction: '', after: first.next, limit: 3 })
    expect(second.rows.map((r) => [r.left?.[0] ?? null, r.right?.[0] ?? null])).toEqual([
      [4, 4],
      [null, 5],
    ])
    expect(second.hasMore).toBe(false)
  })

  it('copies rows to the other side: a preview, a refusal through a read-only tab, then the copy; the compare is then clean of them', async () => {
    await harness.value('compare.rows', { jobId: 'rows-4', ...sides('subject'), restriction: '' })
    const copy = { targetSchema: name, source: sides('subject').left, selection: { kind: 'diff', jobId: 'rows-4', side: 'onlyLeft' }, upstream: false, parts: false } as const
    const preview = await harness.value('compare.copy', { ...copy, tabId: right.tabId, preview: true })
    expect(preview).toMatchObject({ preview: true, copied: 1, skipped: 0 })
    expect(preview.tables).toEqual([{ source: `${name}.subject`, target: `${name}.subject`, copied: 1, skipped: 0 }])

    const refused = await harness.call('compare.copy', { ...copy, tabId: rightReadOnly.tabId, preview: false })
    expect(refused.ok ? 'ok' : refused.error.code).toBe('READ_ONLY')

    // Keys given as the grid has them: subject 5 goes from the right to the left.
    const back = await harness.value('compare.copy', {
      tabId: left.tabId,
      targetSchema: name,
      source: sides('subject').right,
      selection: { kind: 'keys', keys: [{ subject_id: 5 }] },
      preview: false,
      upstream: false,
      parts: false,
    })
    expect(back.copied).toBe(1)
    expect((await harness.value('compare.copy', { ...copy, tabId: right.tabId, preview: false })).copied).toBe(1)
    const after = await harness.value('compare.rows', { jobId: 'rows-5', ...sides('subject'), restriction: '' })
    expect(after.counts).toEqual({ onlyLeft: 0, onlyRight: 0, changed: 1, equal: 4 })
  })

  it('refuses a copy into a table declared differently', async () => {
    await seeders[0]?.run({ sql: `INSERT INTO "${name}"."probe" VALUES ('p1', 1.5)`, params: [] })
    const result = await harness.call('compare.copy', {
      tabId: right.tabId,
      targetSchema: name,
      source: sides('probe').left,
      selection: { kind: 'keys', keys: [{ probe: 'p1' }] },
      preview: true,
      upstream: false,
      parts: false,
    })
    expect(result.ok ? 'ok' : result.error.code).toBe('INCOMPATIBLE_OPERANDS')
  })

  it('cancels a running compare on both servers', async () => {
    for (const seeder of seeders) {
      const schema = await seeder.schema(name)
      await schema.manual('Big', 'id : int32\n---\nval : float64\nlabel : varchar(32)')
      await fillSeries(seeder, name, 'big', 200_000)
    }
    await seeders[1]?.run({ sql: `DELETE FROM \`${name}\`.\`big\` WHERE id = 7`, params: [] })
    const running = harness.call('compare.rows', { jobId: 'rows-big', ...sides('big'), restriction: '' })
    // Midway: once the first progress event says segments are being compared.
    while (!harness.events.some((e) => e.event === 'compare.progress' && (e.payload as { jobId: string }).jobId === 'rows-big')) {
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
    expect(await harness.value('compare.cancel', { jobId: 'rows-big' })).toEqual({ cancelled: true })
    const result = await running
    expect(result.ok ? 'ok' : result.error.code).toBe('CANCELLED')
    // Forgotten: nothing to page, and nothing of it runs any more on either server.
    expect((await harness.call('compare.rowsPage', { jobId: 'rows-big', kind: 'onlyLeft', offset: 0, limit: 10 })).ok).toBe(false)
    const [pg, my] = seeders as [Instance, Instance]
    const active = async (instance: Instance, sql: string) => Number((await instance.run({ sql, params: [] })).rows[0]?.[0])
    expect(await active(pg, "SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%dj\\_rows%' AND state = 'active' AND pid <> pg_backend_pid()")).toBe(0)
    expect(await active(my, "SELECT count(*) FROM information_schema.processlist WHERE info LIKE '%dj\\_rows%' AND id <> connection_id()")).toBe(0)
  }, 120_000)
})
