// Export through the real dispatcher and services on PostgreSQL and MariaDB: the file the user picked holds full
// `<blob>` and bytes values (not the grid's previews), CSV keeps NULL and "" apart, rows come in key order across a
// composite key (and in the view's own order), a browser-mode download streams the same file, and a cancel leaves
// no file behind and no statement running on the server.

import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { parse } from 'papaparse'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { OrderItem, QueryExpr } from '../../src/algebra/ast'
import { attr, restrict, table } from '../../src/algebra/build'
import type { BlobNdarray, Instance } from '../../src/index'
import { startTestServer, testInstance, uniqueSchemaName, type TestBackendName, type TestServer } from '../../src/testing/backends'
import type { EventPayload, Tab } from '../ipc/contract'
import { createHarness, type Harness } from '../testing/service-harness'

const BACKENDS: readonly TestBackendName[] = ['postgresql', 'mysql']

const ANIMALS = ['m02', 'm10', 'm01']
const TRIALS = 40
const SIGNAL: BlobNdarray = { __blob__: 'ndarray', dtype: 'float64', shape: [5000], data: Array.from({ length: 5000 }, (_, i) => i / 7) }
const RAW = Uint8Array.from({ length: 3000 }, (_, i) => (i * 31) % 256)

describe.each(BACKENDS)('export on %s', (backend) => {
  let server: TestServer
  let seeder: Instance
  let harness: Harness
  let tab: Tab
  let folder: string
  let nextPath = ''
  const schemaName = uniqueSchemaName('export')

  beforeAll(async () => {
    server = await startTestServer(backend)
    seeder = testInstance(server, { poolSize: 2 })
    const schema = await seeder.schema(schemaName)
    const Trial = await schema.manual(
      'Trial',
      'animal : varchar(8)\ntrial : int32\n---\nscore : int32\nnote = null : varchar(20)\nsignal = null : <blob>\nraw = null : bytes',
    )
    const Bulk = await schema.manual('Bulk', 'id : int32\n---\npayload : bytes')
    const rows = []
    // Inserted out of key order: the file's order is the export's doing.
    for (let trial = TRIALS - 1; trial >= 0; trial -= 1)
      for (const animal of ANIMALS)
        rows.push({
          animal,
          trial,
          score: (trial * 13) % 5,
          note: trial % 3 === 0 ? null : trial % 3 === 1 ? '' : `t${trial}`,
          signal: trial === 7 && animal === 'm10' ? SIGNAL : null,
          raw: trial === 7 && animal === 'm10' ? RAW : null,
        })
    await Trial.insert(rows)
    const payload = new Uint8Array(4000).fill(65)
    for (let start = 0; start < 20_000; start += 2_000) await Bulk.insert(Array.from({ length: 2_000 }, (_, i) => ({ id: start + i, payload })))
    folder = mkdtempSync(join(tmpdir(), 'joinery-export-'))
    harness = createHarness({ chooseExportFile: async () => nextPath })
    const profile = await harness.value('connections.save', {
      profile: { name: backend, backend: server.backend, host: server.host, port: server.port, user: server.user, tls: 'disabled', readOnly: false, color: '#000000' },
      password: server.password,
    })
    tab = await harness.value('tabs.open', { profileId: profile.id })
  }, 300_000)

  afterAll(async () => {
    await harness?.dispose()
    if (seeder !== undefined && (await seeder.listSchemas()).includes(schemaName)) await (await seeder.schema(schemaName, { create: false })).drop({ prompt: false })
    await seeder?.close()
    await server?.stop()
    if (folder !== undefined) rmSync(folder, { recursive: true, force: true })
  })

  type Progress = EventPayload<'export.progress'>
  const lastEvent = async (exportId: string): Promise<Progress> => {
    const deadline = Date.now() + 60_000
    for (;;) {
      const events = harness.events.filter((e) => e.event === 'export.progress' && (e.payload as Progress).exportId === exportId).map((e) => e.payload as Progress)
      const last = events.at(-1)
      if (last !== undefined && last.state !== 'running') return last
      if (Date.now() > deadline) throw new Error(`export ${exportId} did not end`)
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
  }

  const exportToFile = async (fileName: string, expr: QueryExpr, format: 'csv' | 'json', orderBy: OrderItem[] = []) => {
    nextPath = join(folder, fileName)
    const started = await harness.value('export.start', { tabId: tab.tabId, expr, orderBy, format, columns: null, name: 'trial', total: null })
    expect(started.fileName).toBe(fileName)
    const end = await lastEvent(started.exportId as string)
    return { end, text: end.state === 'done' ? readFileSync(nextPath, 'utf8') : '' }
  }

  const trial = () => table(schemaName, 'trial')

  it('writes full blob and bytes values in JSON, in key order across the composite key', async () => {
    const { end, text } = await exportToFile('trial.json', trial(), 'json')
    expect(end).toMatchObject({ state: 'done', rows: ANIMALS.length * TRIALS, error: null })
    const rows = JSON.parse(text) as Record<string, unknown>[]
    const expectedKeys = [...ANIMALS].sort().flatMap((animal) => Array.from({ length: TRIALS }, (_, t) => `${animal}/${t}`))
    expect(rows.map((r) => `${String(r['animal'])}/${String(r['trial'])}`)).toEqual(expectedKeys)
    const withBlob = rows.find((r) => r['animal'] === 'm10' && r['trial'] === 7)
    expect(withBlob?.['signal']).toEqual(SIGNAL)
    expect(withBlob?.['raw']).toBe(Buffer.from(RAW).toString('base64'))
    expect(rows.find((r) => r['trial'] === 1)?.['note']).toBe('')
    expect(rows.find((r) => r['trial'] === 0)?.['note']).toBeNull()
  })

  it('writes CSV with NULL and "" distinct and the blob as JSON text, in the view’s restriction and order', async () => {
    const expr = restrict(trial(), { kind: 'compare', op: '<', left: attr('trial'), right: { kind: 'lit', type: 'number', value: 9 } })
    const orderBy: OrderItem[] = [
      { by: attr('score'), descending: true },
      { by: attr('animal'), descending: true },
      { by: attr('trial'), descending: false },
    ]
    const { end, text } = await exportToFile('trial.csv', expr, 'csv', orderBy)
    expect(end).toMatchObject({ state: 'done', rows: ANIMALS.length * 9 })
    const lines = text.split('\r\n')
    expect(lines[0]).toBe('animal,trial,score,note,signal,raw')
    const parsed = parse<string[]>(text.trimEnd(), { newline: '\r\n' }).data.slice(1)
    const expected = ANIMALS.flatMap((animal) => Array.from({ length: 9 }, (_, t) => ({ animal, t, score: (t * 13) % 5 })))
      .sort((a, b) => b.score - a.score || (a.animal < b.animal ? 1 : a.animal > b.animal ? -1 : 0) || a.t - b.t)
      .map((r) => `${r.animal}/${r.t}`)
    expect(parsed.map((r) => `${r[0]}/${r[1]}`)).toEqual(expected)
    // NULL: an empty field; "": a quoted empty field.
    const line = (animal: string, t: number) => lines.find((l) => l.startsWith(`${animal},${t},`)) ?? ''
    expect(line('m01', 0)).toBe(`m01,0,0,,,`)
    expect(line('m01', 1)).toBe(`m01,1,3,"",,`)
    const blobRow = parsed.find((r) => r[0] === 'm10' && r[1] === '7') ?? []
    expect(JSON.parse(blobRow[4] ?? '')).toEqual(SIGNAL)
    expect(blobRow[5]).toBe(Buffer.from(RAW).toString('base64'))
  })

  it('streams a browser-mode download: the one-time id writes the same file into the response', async () => {
    nextPath = join(folder, 'unused.json')
    const download = createHarness()
    try {
      const profile = await download.value('connections.save', {
        profile: { name: backend, backend: server.backend, host: server.host, port: server.port, user: server.user, tls: 'disabled', readOnly: false, color: '#000000' },
        password: server.password,
      })
      const downloadTab = await download.value('tabs.open', { profileId: profile.id })
      const started = await download.value('export.start', { tabId: downloadTab.tabId, expr: trial(), orderBy: [], format: 'json', columns: ['trial', 'animal', 'raw'], name: 'trial', total: 120 })
      expect(started.downloadUrl).toBe(`/export/${String(started.exportId)}`)
      const chunks: Buffer[] = []
      const headers: Record<string, string> = {}
      const response = Object.assign(
        new Writable({
          write(chunk: Buffer, _encoding, callback) {
            chunks.push(chunk)
            callback()
          },
        }),
        { setHeader: (name: string, value: string) => void (headers[name] = value) },
      )
      const finished = new Promise((resolve) => response.on('finish', resolve))
      expect(download.services.exports.serveDownload(started.exportId as string, response)).toBe(true)
      // One time: the id is spent.
      expect(download.services.exports.serveDownload(started.exportId as string, response)).toBe(false)
      await finished
      expect(headers['Content-Disposition']).toBe(`attachment; filename="${String(started.fileName)}"`)
      const rows = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>[]
      expect(rows).toHaveLength(120)
      expect(Object.keys(rows[0] ?? {})).toEqual(['trial', 'animal', 'raw'])
      expect(rows.find((r) => r['animal'] === 'm10' && r['trial'] === 7)?.['raw']).toBe(Buffer.from(RAW).toString('base64'))
    } finally {
      await download.dispose()
    }
  })

  it('a destination that cannot be written fails the export with the reason, leaving nothing behind', async () => {
    nextPath = join(folder, 'no-such-folder', 'trial.csv')
    const started = await harness.value('export.start', { tabId: tab.tabId, expr: trial(), orderBy: [], format: 'csv', columns: null, name: 'trial', total: null })
    const end = await lastEvent(started.exportId as string)
    expect(end.state).toBe('failed')
    expect(end.error?.message).toContain('ENOENT')
    expect(existsSync(join(folder, 'no-such-folder'))).toBe(false)
  })

  it('cancel stops the export: no file (partial or whole) is left and nothing runs on the server', async () => {
    nextPath = join(folder, 'bulk.csv')
    const started = await harness.value('export.start', { tabId: tab.tabId, expr: table(schemaName, 'bulk'), orderBy: [], format: 'csv', columns: null, name: 'bulk', total: 20_000 })
    const exportId = started.exportId as string
    const deadline = Date.now() + 30_000
    while (!harness.events.some((e) => e.event === 'export.progress' && (e.payload as Progress).exportId === exportId)) {
      if (Date.now() > deadline) throw new Error('no progress')
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
    expect(await harness.value('export.cancel', { exportId })).toEqual({ cancelled: true })
    const end = await lastEvent(exportId)
    expect(end.state).toBe('cancelled')
    expect(end.rows).toBeLessThan(20_000)
    expect(readdirSync(folder).filter((name) => name.startsWith('bulk'))).toEqual([])
    expect(existsSync(nextPath)).toBe(false)
    const running =
      server.backend === 'mysql'
        ? await seeder.run({ sql: `SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE INFO LIKE ? AND ID <> CONNECTION_ID()`, params: [`%${schemaName}%`] })
        : await seeder.run({ sql: `SELECT COUNT(*) FROM pg_stat_activity WHERE state = 'active' AND query LIKE $1 AND pid <> pg_backend_pid()`, params: [`%${schemaName}%`] })
    expect(Number(running.rows[0]?.[0])).toBe(0)
    expect(harness.services.exports.size).toBe(0)
  })
})
