// The Demo lab end to end: first start (embedded PostgreSQL created and seeded by the engine), later starts on
// the same data folder (no seeding), reset, and the lock against a second process.

import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createMemoryLogger } from '../../src/instance/logger'
import type { Tab } from '../ipc/contract'
import { DemoLab } from './demo'
import { createHarness } from '../testing/service-harness'

describe('Demo lab', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'joinery-demo-'))
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

  const table = (schema: string, name: string) => ({ kind: 'table' as const, schema, table: name })

  it('opens at first start with no profile, seeded by the engine, within seconds', async () => {
    const harness = createHarness({ dataDir, openDemoWhenEmpty: true })
    const started = performance.now()
    harness.services.start()
    const [listed] = await harness.value('tabs.list', {})
    const listedAfter = performance.now() - started
    expect(listed).toMatchObject({ title: 'Demo lab', isDemo: true, state: 'connecting' })
    const tab = await harness.services.tabs.settled((listed as Tab).tabId)
    const ready = performance.now() - started
    expect(tab).toMatchObject({ title: 'Demo lab', isDemo: true, state: 'connected', backend: 'postgresql' })
    expect(harness.events.map((e) => (e.payload as Tab).state)).toEqual(['connecting', 'connected'])
    const report = harness.services.demo.lastStart
    expect(report).toMatchObject({ seeded: true, rows: 4096 })
    const tabId = (tab as Tab).tabId
    expect(await harness.value('schema.list', { tabId })).toEqual(['ephys', 'lab'])
    const tables = await harness.value('schema.tables', { tabId, schema: 'lab' })
    expect(tables.map((t) => t.tier).sort()).toEqual(['lookup', 'lookup', 'lookup', 'manual', 'manual', 'manual', 'manual', 'part'])
    const page = await harness.value('query.fetch', { tabId, requestId: 'p', expr: table('ephys', '__spike_sorting__unit'), orderBy: [], limit: 50, offset: 0 })
    expect(page.rows).toHaveLength(50)
    const lock = JSON.parse(readFileSync(join(dataDir, 'demo-lab', 'lock'), 'utf8')) as { pid: number }
    expect(lock.pid).toBe(process.pid)
    console.info(`Demo lab first start: tab listed after ${Math.round(listedAfter)} ms, connected after ${Math.round(ready)} ms (demo ${report?.ms ?? '?'} ms)`)
    expect(ready).toBeLessThan(30_000)
    await harness.services.dispose()
    expect(existsSync(join(dataDir, 'demo-lab', 'lock'))).toBe(false)
  })

  it('reuses the data folder at later starts: no seeding, same data', async () => {
    const harness = createHarness({ dataDir, openDemoWhenEmpty: true })
    const started = performance.now()
    harness.services.start()
    const [listed] = await harness.value('tabs.list', {})
    const tab = await harness.services.tabs.settled((listed as Tab).tabId)
    const ready = performance.now() - started
    expect(harness.services.demo.lastStart).toMatchObject({ seeded: false, rows: 4096 })
    const tabId = (tab as Tab).tabId
    const counts = await harness.value('table.rowCounts', { tabId, schema: 'lab', tables: ['subject', 'session', 'session__trial'], estimate: false })
    expect(counts['subject']).toEqual({ count: 24, estimated: false })
    console.info(`Demo lab later start: ${Math.round(ready)} ms to a connected tab (demo ${harness.services.demo.lastStart?.ms ?? '?'} ms)`)
    // One demo tab, however often it is asked for.
    expect((await harness.value('tabs.open', { demo: true })).tabId).toBe(tabId)

    await harness.value('table.insert', { tabId, schema: 'lab', table: 'lab', rows: [{ lab_id: 50, lab_name: 'Scratch', institution: 'Here', founded: '2024-01-01' }] })
    const reset = await harness.value('demo.reset', {})
    expect(reset).toMatchObject({ isDemo: true, profileId: null, state: 'connected' })
    expect(reset.tabId).not.toBe(tabId)
    expect(harness.services.demo.lastStart?.seeded).toBe(true)
    expect((await harness.value('query.count', { tabId: reset.tabId, requestId: 'n', expr: table('lab', 'lab'), estimate: false })).count).toBe(3)
    const closed = await harness.call('schema.list', { tabId })
    expect(closed.ok ? 'ok' : closed.error.code).toBe('NOT_FOUND')
    await harness.services.dispose()
  })

  it('does not open the demo by itself once a profile exists; it opens on request', async () => {
    // No tabs remembered from the last run (the previous test quit with the Demo lab open, which would reopen it).
    rmSync(join(dataDir, 'session.json'), { force: true })
    const harness = createHarness({ dataDir, openDemoWhenEmpty: true })
    await harness.value('connections.save', {
      profile: { name: 'x', backend: 'mysql', host: '127.0.0.1', port: 3306, user: 'root', tls: 'disabled', readOnly: false, color: '#000000' },
    })
    harness.services.start()
    expect(await harness.value('tabs.list', {})).toEqual([])
    expect(await harness.value('tabs.open', { demo: true })).toMatchObject({ isDemo: true, profileId: null, state: 'connected' })
    await harness.services.dispose()
  })

  it('stops promptly while seeding at first start, and seeds again at the next start', async () => {
    const fresh = mkdtempSync(join(tmpdir(), 'joinery-demo-stop-'))
    try {
      const lab = new DemoLab({ dataDir: fresh, logger: createMemoryLogger() })
      const starting = lab.start()
      await expect.poll(() => existsSync(join(fresh, 'demo-lab', 'pgdata', 'PG_VERSION')), { timeout: 60_000, interval: 50 }).toBe(true)
      await lab.stop()
      await expect(starting).rejects.toBeDefined()
      expect(existsSync(join(fresh, 'demo-lab', 'seed.json'))).toBe(false)
      expect(existsSync(join(fresh, 'demo-lab', 'lock'))).toBe(false)
      await lab.start()
      expect(lab.lastStart).toMatchObject({ seeded: true, rows: 4096 })
      await lab.stop()
    } finally {
      rmSync(fresh, { recursive: true, force: true })
    }
  })
})
