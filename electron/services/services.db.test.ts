// The services behind every channel against real servers (PostgreSQL 15, MariaDB, PGlite), through the same
// dispatcher Electron and browser mode use, with outputs checked against the contract.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { QueryExpr } from '../../src/algebra/ast'
import { TEST_BACKENDS, startTestServer, testInstance, uniqueSchemaName, type TestServer } from '../../src/testing/backends'
import type { Tab } from '../ipc/contract'
import { seedDemoLab } from './demo-seed'
import { createHarness, type Harness } from '../testing/service-harness'

const table = (schema: string, name: string): QueryExpr => ({ kind: 'table', schema, table: name })

/** Rows of a table renamed so that three copies share no attribute: their join is a cross product. */
function renamedKeys(schema: string, name: string, suffix: string): QueryExpr {
  return {
    kind: 'proj',
    input: table(schema, name),
    keepAll: false,
    keep: [],
    exclude: [],
    rename: { [`s${suffix}`]: 'subject_id', [`i${suffix}`]: 'session_idx', [`t${suffix}`]: 'trial_idx' },
    compute: {},
  }
}

describe.each(TEST_BACKENDS)('services on %s', (backend) => {
  let server: TestServer
  let harness: Harness
  let tab: Tab
  const names = { lab: uniqueSchemaName('svc_lab'), ephys: uniqueSchemaName('svc_ephys') }

  beforeAll(async () => {
    server = await startTestServer(backend)
    const seeder = testInstance(server)
    await seedDemoLab(seeder, names)
    await seeder.close()
    harness = createHarness()
    const profile = await harness.value('connections.save', {
      profile: { name: backend, backend: server.backend, host: server.host, port: server.port, user: server.user, tls: 'disabled', readOnly: false, color: '#000000' },
      password: server.password,
    })
    tab = await harness.value('tabs.open', { profileId: profile.id })
  })

  afterAll(async () => {
    await harness?.dispose()
    const cleaner = testInstance(server)
    for (const schema of [names.ephys, names.lab]) await (await cleaner.schema(schema, { create: true })).drop({ prompt: false })
    await cleaner.close()
    await server?.stop()
  })

  it('opens a connected tab and reports it by event', () => {
    expect(tab).toMatchObject({ state: 'connected', backend: server.backend, isDemo: false, readOnly: false, error: null })
    expect(tab.serverVersion).not.toBe('')
    const states = harness.events.filter((e) => e.event === 'tab.state').map((e) => (e.payload as Tab).state)
    expect(states).toEqual(['connecting', 'connected'])
  })

  it('lists schemas, tables (tiers, parts) and a table’s detail', async () => {
    const schemas = await harness.value('schema.list', { tabId: tab.tabId })
    expect(schemas).toEqual(expect.arrayContaining([names.lab, names.ephys]))
    const tables = await harness.value('schema.tables', { tabId: tab.tabId, schema: names.ephys })
    expect(tables.map((t) => [t.className, t.tier, t.master])).toEqual(
      expect.arrayContaining([
        ['Recording', 'imported', null],
        ['Channel', 'part', '_recording'],
        ['SpikeSorting', 'computed', null],
        ['Unit', 'part', '__spike_sorting'],
        ['Probe', 'lookup', null],
      ]),
    )
    const detail = await harness.value('table.detail', { tabId: tab.tabId, schema: names.lab, table: 'subject' })
    expect(detail.primaryKey).toEqual(['subject_id'])
    expect(detail.definition).toContain('Researcher.proj(surgeon="researcher_id")')
    expect(detail.attributes.find((a) => a.name === 'weight_g')).toMatchObject({ nullable: true, category: 'decimal' })
    expect(detail.attributes.find((a) => a.name === 'sex')?.enumValues).toEqual(['F', 'M', 'U'])
    const missing = await harness.call('table.detail', { tabId: tab.tabId, schema: names.lab, table: 'nope' })
    expect(missing.ok ? 'ok' : missing.error.code).toBe('MISSING_TABLE')
  })

  it('fetches pages on the server, in key order, with wire values', async () => {
    const tabId = tab.tabId
    const all = await harness.value('query.fetch', { tabId, requestId: 'all', expr: table(names.lab, 'subject'), orderBy: [], limit: 100, offset: 0 })
    expect(all.rows).toHaveLength(24)
    const page = await harness.value('query.fetch', { tabId, requestId: 'p2', expr: table(names.lab, 'subject'), orderBy: [], limit: 10, offset: 5 })
    expect(page.rows).toEqual(all.rows.slice(5, 15))
    const names0 = page.attributes.map((a) => a.name)
    const row = Object.fromEntries(names0.map((n, i) => [n, page.rows[0]?.[i]]))
    expect(row['subject_id']).toBe(1006)
    expect(row['date_of_birth']).toMatch(/^\d{4}-\d\d-\d\d$/)
    expect(row['subject_uuid']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4/)
    const nullable = all.rows.map((r) => r[names0.indexOf('weight_g')])
    expect(nullable).toContain(null)
    expect(nullable.find((v) => v !== null)).toMatch(/^\d+\.\d\d$/)
    const descending = await harness.value('query.fetch', {
      tabId,
      requestId: 'desc',
      expr: table(names.lab, 'subject'),
      orderBy: [{ by: { kind: 'attr', name: 'subject_id' }, descending: true }],
      limit: 1,
      offset: 0,
    })
    expect(descending.rows[0]?.[0]).toBe(1024)
    const sortings = await harness.value('query.fetch', { tabId, requestId: 'blob', expr: table(names.ephys, '__spike_sorting'), orderBy: [], limit: 5, offset: 0 })
    const params = sortings.rows[0]?.[sortings.attributes.findIndex((a) => a.name === 'params')]
    expect(params).toMatchObject({ $blob: { summary: 'dict (6 keys)' } })
    const metrics = sortings.rows[0]?.[sortings.attributes.findIndex((a) => a.name === 'quality_metrics')]
    expect(JSON.parse((metrics as { $json: string }).$json)).toHaveProperty('median_snr')
  })

  it('runs restrictions and joins sent as trees, and explains them', async () => {
    const tabId = tab.tabId
    const females: QueryExpr = {
      kind: 'restrict',
      input: table(names.lab, 'subject'),
      condition: { kind: 'match', values: { sex: { kind: 'lit', type: 'string', value: 'F' } } },
      semanticCheck: true,
    }
    const joined: QueryExpr = { kind: 'join', left: table(names.lab, 'session'), right: females, outer: false, semanticCheck: true }
    const count = await harness.value('query.count', { tabId, requestId: 'c', expr: joined, estimate: true })
    expect(count.estimated).toBe(false)
    const page = await harness.value('query.fetch', { tabId, requestId: 'j', expr: joined, orderBy: [], limit: 1000, offset: 0 })
    expect(page.rows).toHaveLength(count.count)
    expect(page.attributes.map((a) => a.name)).toEqual(expect.arrayContaining(['subject_id', 'session_idx', 'sex', 'metadata']))
    const explained = await harness.value('query.explain', { tabId, expr: joined })
    expect(explained.sql).toMatch(/SELECT/)
    expect(explained.primaryKey).toEqual(['subject_id', 'session_idx'])
    const bad = await harness.call('query.fetch', {
      tabId,
      requestId: 'bad',
      expr: { kind: 'restrict', input: table(names.lab, 'subject'), condition: { kind: 'isNull', operand: { kind: 'attr', name: 'nope' }, negated: false }, semanticCheck: true },
      orderBy: [],
      limit: 10,
      offset: 0,
    })
    expect(bad.ok ? 'ok' : bad.error.code).toBe('UNKNOWN_ATTRIBUTE')
  })

  it('counts exactly, or from statistics for a bare table, and counts a schema’s tables', async () => {
    const tabId = tab.tabId
    const exact = await harness.value('query.count', { tabId, requestId: 'n', expr: table(names.lab, 'session__trial'), estimate: false })
    const estimate = await harness.value('query.count', { tabId, requestId: 'e', expr: table(names.lab, 'session__trial'), estimate: true })
    // Small tables are counted exactly even when an estimate is allowed.
    expect(estimate).toEqual(exact)
    expect(exact.count).toBeGreaterThan(1000)
    const counts = await harness.value('table.rowCounts', { tabId, schema: names.lab, tables: ['subject', 'session__trial', 'missing'], estimate: true })
    expect(counts).toEqual({ subject: { count: 24, estimated: false }, session__trial: exact })
  })

  it('returns a whole cell by primary key', async () => {
    const tabId = tab.tabId
    const blob = await harness.value('cell.value', { tabId, schema: names.ephys, table: '__spike_sorting', key: { subject_id: 1001, session_idx: 1 }, attribute: 'params' })
    expect(blob.kind).toBe('blob')
    expect(JSON.parse(blob.text)).toMatchObject({ freq_min: 300, car: true })
    const json = await harness.value('cell.value', { tabId, schema: names.lab, table: 'session', key: { subject_id: 1001, session_idx: 1 }, attribute: 'metadata' })
    expect(json.kind).toBe('json')
    expect(JSON.parse(json.text)).toHaveProperty('software')
    const missing = await harness.call('cell.value', { tabId, schema: names.lab, table: 'session', key: { subject_id: 1001 }, attribute: 'metadata' })
    expect(missing.ok ? 'ok' : missing.error.code).toBe('MISSING_ATTRIBUTE')
    const gone = await harness.call('cell.value', { tabId, schema: names.lab, table: 'session', key: { subject_id: 9, session_idx: 1 }, attribute: 'metadata' })
    expect(gone.ok ? 'ok' : gone.error.code).toBe('NOT_FOUND')
  })

  it('inserts, with engine errors as codes; a read-only tab refuses', async () => {
    const tabId = tab.tabId
    const row = { lab_id: 99, lab_name: 'Test Lab', institution: 'Nowhere', founded: '2020-01-01' }
    expect(await harness.value('table.insert', { tabId, schema: names.lab, table: 'lab', rows: [row] })).toEqual({ inserted: 1 })
    const duplicate = await harness.call('table.insert', { tabId, schema: names.lab, table: 'lab', rows: [row] })
    expect(duplicate.ok ? 'ok' : duplicate.error.code).toBe('DUPLICATE')
    // (MySQL reports the skipped row as affected: mysql2 connects with FOUND_ROWS; an engine matter.)
    await harness.value('table.insert', { tabId, schema: names.lab, table: 'lab', rows: [row], skipDuplicates: true })
    const computed = await harness.call('table.insert', { tabId, schema: names.ephys, table: '__trial_stats', rows: [{ subject_id: 1001 }] })
    expect(computed.ok ? 'ok' : computed.error.code).toBe('TIER_VIOLATION')

    const readOnly = await harness.value('connections.save', {
      profile: { name: 'ro', backend: server.backend, host: server.host, port: server.port, user: server.user, tls: 'disabled', readOnly: true, color: '#000000' },
      password: server.password,
    })
    const roTab = await harness.value('tabs.open', { profileId: readOnly.id })
    expect(roTab.readOnly).toBe(true)
    const refused = await harness.call('table.insert', { tabId: roTab.tabId, schema: names.lab, table: 'lab', rows: [{ ...row, lab_id: 100 }] })
    expect(refused.ok ? 'ok' : refused.error.code).toBe('READ_ONLY')
    expect((await harness.value('query.count', { tabId: roTab.tabId, requestId: 'x', expr: table(names.lab, 'lab'), estimate: false })).count).toBe(4)
    await harness.value('tabs.close', { tabId: roTab.tabId })
    expect(harness.events.at(-1)).toMatchObject({ event: 'tab.state', payload: { tabId: roTab.tabId, state: 'closed' } })
    const closed = await harness.call('schema.list', { tabId: roTab.tabId })
    expect(closed.ok ? 'ok' : closed.error.code).toBe('NOT_FOUND')
  })

  it.skipIf(backend === 'pglite')('cancels a long query on the server', async () => {
    const tabId = tab.tabId
    const cross: QueryExpr = {
      kind: 'join',
      left: { kind: 'join', left: renamedKeys(names.lab, 'session__trial', '1'), right: renamedKeys(names.lab, 'session__trial', '2'), outer: false, semanticCheck: true },
      right: renamedKeys(names.lab, 'session__trial', '3'),
      outer: false,
      semanticCheck: true,
    }
    const started = performance.now()
    const counting = harness.call('query.count', { tabId, requestId: 'slow', expr: cross, estimate: false })
    // Let the statement reach the server and run a while (progress events are sent every 250 ms).
    await expect.poll(() => harness.events.some((e) => e.event === 'query.progress' && (e.payload as { requestId: string }).requestId === 'slow'), { timeout: 10_000 }).toBe(true)
    expect(await harness.value('query.cancel', { tabId, requestId: 'slow' })).toEqual({ cancelled: true })
    const result = await counting
    expect(result.ok ? 'ok' : result.error.code).toBe('CANCELLED')
    expect(performance.now() - started).toBeLessThan(15_000)
    expect(harness.services.queries.size).toBe(0)
    expect(await harness.value('query.cancel', { tabId, requestId: 'slow' })).toEqual({ cancelled: false })
    // The tab is still usable.
    expect((await harness.value('query.count', { tabId, requestId: 'after', expr: table(names.lab, 'lab'), estimate: false })).count).toBeGreaterThan(0)
  })
})
