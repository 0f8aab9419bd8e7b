// A server that goes away and comes back: the tab says `lost`, then recovers (heartbeat or reconnect) without
// restarting anything. PGlite on a data folder stands in for a restarted server (same port, same data).

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startPgliteServer, type PgliteServer } from '../../src/adapters/postgres/pglite-server'
import type { Tab } from '../ipc/contract'
import { createHarness, type Harness } from '../testing/service-harness'

describe('lost connection and recovery', () => {
  let dataDir: string
  let server: PgliteServer
  let harness: Harness
  let port: number

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'joinery-lost-'))
    server = await startPgliteServer({ dataDir: join(dataDir, 'pg'), host: '127.0.0.1' })
    port = server.port
    harness = createHarness()
  })

  afterAll(async () => {
    await harness.dispose()
    await server.stop()
    rmSync(dataDir, { recursive: true, force: true })
  })

  const states = (tabId: string): string[] =>
    harness.events.filter((e) => e.event === 'tab.state' && (e.payload as Tab).tabId === tabId).map((e) => (e.payload as Tab).state)

  it('marks the tab lost when the server goes away, and recovers when it is back', async () => {
    const profile = await harness.value('connections.save', {
      profile: { name: 'restartable', backend: 'postgresql', host: '127.0.0.1', port, user: 'postgres', tls: 'disabled', readOnly: false, color: '#000000' },
    })
    const tab = await harness.value('tabs.open', { profileId: profile.id })
    expect(tab.state).toBe('connected')
    expect(tab.profileId).toBe(profile.id)
    expect(await harness.value('schema.list', { tabId: tab.tabId })).toEqual([])

    await server.stop()
    const failed = await harness.call('schema.list', { tabId: tab.tabId })
    expect(failed.ok ? 'ok' : failed.error.code).toMatch(/^(LOST_CONNECTION|CONNECTION_FAILED)$/)
    expect((await harness.value('tabs.list', {})).find((t) => t.tabId === tab.tabId)).toMatchObject({ state: 'lost', error: { code: expect.any(String) } })
    expect(states(tab.tabId).at(-1)).toBe('lost')

    // The heartbeat finds the server still gone: the tab stays lost.
    await harness.services.tabs.checkAll()
    expect(harness.services.tabs.tab(tab.tabId).state).toBe('lost')

    server = await startPgliteServer({ dataDir: join(dataDir, 'pg'), host: '127.0.0.1', port })
    await harness.services.tabs.checkAll()
    expect(harness.services.tabs.tab(tab.tabId)).toMatchObject({ state: 'connected', error: null })
    expect(states(tab.tabId).slice(-2)).toEqual(['lost', 'connected'])
    expect(await harness.value('schema.list', { tabId: tab.tabId })).toEqual([])
  })

  it('reconnects a tab on request with a fresh Instance', async () => {
    const profile = (await harness.value('connections.list', {}))[0]
    if (profile === undefined) throw new Error('no profile')
    const tab = await harness.value('tabs.open', { profileId: profile.id })
    await server.stop()
    const down = await harness.value('tabs.reconnect', { tabId: tab.tabId })
    expect(down).toMatchObject({ state: 'error', error: { code: 'CONNECTION_FAILED' } })
    server = await startPgliteServer({ dataDir: join(dataDir, 'pg'), host: '127.0.0.1', port })
    const up = await harness.value('tabs.reconnect', { tabId: tab.tabId })
    expect(up).toMatchObject({ tabId: tab.tabId, state: 'connected', error: null })
    expect(states(tab.tabId).slice(-4)).toEqual(['connecting', 'error', 'connecting', 'connected'])
    expect(await harness.value('schema.list', { tabId: tab.tabId })).toEqual([])
  })

  it('opens a tab in the error state when the server refuses', async () => {
    const profile = await harness.value('connections.save', {
      profile: { name: 'nowhere', backend: 'postgresql', host: '127.0.0.1', port: 1, user: 'postgres', tls: 'disabled', readOnly: false, color: '#000000' },
    })
    const tab = await harness.value('tabs.open', { profileId: profile.id })
    expect(tab).toMatchObject({ state: 'error', error: { code: 'CONNECTION_FAILED' } })
    const refused = await harness.call('schema.list', { tabId: tab.tabId })
    expect(refused.ok ? 'ok' : refused.error.code).toBe('CONNECTION_FAILED')
  })
})
