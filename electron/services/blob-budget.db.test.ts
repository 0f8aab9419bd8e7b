// `<blob>` cells that expand far beyond their stored size (decompression bombs), stored on real servers and read
// through the services: the grid and the viewer describe them from their headers instead of expanding them.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type * as dj from '../../src/index'
import type { Instance } from '../../src/instance/instance'
import { closeTestSchema, openTestSchema, uniqueSchemaName, type TestServer } from '../../src/testing/backends'
import { zeroVectorBomb } from '../../src/testing/blob-bomb'
import type { Tab } from '../ipc/contract'
import { createHarness, type Harness } from '../testing/service-harness'
import { MAX_VIEWED_BLOB } from './cells'
import { MAX_EXPORTED_BLOB } from './export'

const MiB = 1024 * 1024
const BOMB_SUMMARY = 'float64 [67108864] (512 MiB, not expanded)'

describe.each(['postgresql', 'mysql'] as const)('blobs over the budget on %s', (backendName) => {
  let server: TestServer
  let inst: Instance
  let schema: dj.Schema
  let harness: Harness
  let tab: Tab
  let folder: string
  const schemaName = uniqueSchemaName('blob_budget')
  const bomb = zeroVectorBomb(512)

  beforeAll(async () => {
    ;({ server, inst, schema } = await openTestSchema(backendName, schemaName))
    const recording = await schema.manual('Recording', 'k : int32\n---\ntrace : <blob>')
    await recording.insert([{ k: 0, trace: [1, 2, 3] }])
    // The engine would wrap a Uint8Array as a `bytes` value: the stored bytes go straight into the column.
    const sql = server.backend === 'mysql' ? `INSERT INTO ${recording.fullTableName} (k, trace) VALUES (?, ?)` : `INSERT INTO ${recording.fullTableName} (k, trace) VALUES ($1, $2)`
    for (const k of [1, 2, 3]) await inst.run({ sql, params: [k, bomb] })
    folder = mkdtempSync(join(tmpdir(), 'joinery-bomb-export-'))
    harness = createHarness({ chooseExportFile: async () => join(folder, 'recording.json') })
    const profile = await harness.value('connections.save', {
      profile: { name: backendName, backend: server.backend, host: server.host, port: server.port, user: server.user, tls: 'disabled', readOnly: false, color: '#000000' },
      password: server.password,
    })
    tab = await harness.value('tabs.open', { profileId: profile.id })
  }, 120_000)

  afterAll(async () => {
    await harness?.dispose()
    await closeTestSchema({ schema, inst, server })
    rmSync(folder, { recursive: true, force: true })
  })

  it('fetches a page of three 512 MiB bombs quickly, as summaries', async () => {
    const before = process.memoryUsage().arrayBuffers
    const started = performance.now()
    const page = await harness.value('query.fetch', {
      tabId: tab.tabId,
      requestId: 'bombs',
      expr: { kind: 'table', schema: schemaName, table: 'recording' },
      orderBy: [],
      limit: 10,
      offset: 0,
    })
    const elapsed = performance.now() - started
    const trace = page.attributes.findIndex((a) => a.name === 'trace')
    expect(page.rows.map((row) => row[trace])).toEqual([
      { $blob: { summary: 'list (3)', size: expect.any(Number) as number } },
      ...[1, 2, 3].map(() => ({ $blob: { summary: BOMB_SUMMARY, size: bomb.byteLength } })),
    ])
    // Expanding them took seconds and 1.5 GiB; describing them reads 64 KiB of each.
    expect(elapsed).toBeLessThan(2000)
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(64 * MiB)
  })

  it('refuses, in toDicts, a blob past the limit the caller sets, before inflating it', async () => {
    const recording = await schema.table('Recording')
    const before = process.memoryUsage().arrayBuffers
    await expect(recording.toDicts({ maxBlobBytes: 64 * MiB })).rejects.toMatchObject({ code: 'BLOB_TOO_LARGE' })
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(64 * MiB)
    // Within the limit, the values are decoded in full; a bad limit fails before the query runs.
    expect(await recording.restrict({ k: 0 }).toDicts({ maxBlobBytes: 64 * MiB })).toEqual([{ k: 0, trace: [1, 2, 3] }])
    await expect(recording.toDicts({ maxBlobBytes: -1 })).rejects.toMatchObject({ code: 'INVALID_INPUT' })
  })

  it('stops an export at a blob that expands past the export’s limit, leaving no file', async () => {
    expect(512 * MiB).toBeGreaterThan(MAX_EXPORTED_BLOB)
    const before = process.memoryUsage().arrayBuffers
    const started = await harness.value('export.start', {
      tabId: tab.tabId,
      expr: { kind: 'table', schema: schemaName, table: 'recording' },
      orderBy: [],
      format: 'json',
      columns: null,
      name: 'recording',
      total: null,
    })
    type Progress = { exportId: string; state: string; error: { code: string } | null }
    const ended = () =>
      harness.events
        .filter((e) => e.event === 'export.progress')
        .map((e) => e.payload as Progress)
        .find((p) => p.exportId === started.exportId && p.state !== 'running')
    await expect.poll(ended, { timeout: 30_000 }).toBeDefined()
    expect(ended()).toMatchObject({ state: 'failed', error: { code: 'BLOB_TOO_LARGE' } })
    expect(existsSync(join(folder, 'recording.json'))).toBe(false)
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(64 * MiB)
  })

  it('shows a bomb in the viewer as its summary, and a small blob in full', async () => {
    const cell = { tabId: tab.tabId, schema: schemaName, table: 'recording', attribute: 'trace' }
    expect(512 * MiB).toBeGreaterThan(MAX_VIEWED_BLOB)
    expect(await harness.value('cell.value', { ...cell, key: { k: 2 } })).toEqual({ text: BOMB_SUMMARY, kind: 'blob', truncated: true })
    const small = await harness.value('cell.value', { ...cell, key: { k: 0 } })
    expect(JSON.parse(small.text)).toEqual([1, 2, 3])
  })
})
