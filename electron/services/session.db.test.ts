// Where the user was survives a restart: the tabs open at quit are reopened (profiles that still exist, and the
// Demo lab), and the view state saved under the renderer's keys reads back; on a real PostgreSQL.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../../src/testing/backends'
import { createHarness } from '../testing/service-harness'
import { UI_STATE_MAX_VALUE_CHARS } from '../ipc/contract'

describe('the session across restarts', () => {
  let server: TestServer
  let dataDir: string

  beforeAll(async () => {
    server = await startTestServer('postgresql')
    dataDir = mkdtempSync(join(tmpdir(), 'joinery-session-'))
  })

  afterAll(async () => {
    await server?.stop()
    rmSync(dataDir, { recursive: true, force: true })
  })

  const profileDraft = (name: string) => ({
    name,
    backend: server.backend,
    host: server.host,
    port: server.port,
    user: server.user,
    tls: 'disabled' as const,
    readOnly: false,
    color: '#336699',
  })

  it('reopens the tabs open at quit, skips a deleted profile, and keeps the view state', async () => {
    const first = createHarness({ dataDir, openDemoWhenEmpty: true })
    const kept = await first.value('connections.save', { profile: profileDraft('Kept'), password: server.password })
    const gone = await first.value('connections.save', { profile: profileDraft('Gone'), password: server.password })
    const closed = await first.value('connections.save', { profile: profileDraft('Closed'), password: server.password })
    await first.value('tabs.open', { profileId: kept.id })
    await first.value('tabs.open', { profileId: gone.id })
    const closedTab = await first.value('tabs.open', { profileId: closed.id })
    await first.value('tabs.close', { tabId: closedTab.tabId })
    await first.value('connections.delete', { profileId: gone.id })
    await first.value('session.saveUiState', { entries: { 'tab:kept:browser': { selected: { schema: 'lab', table: 'subject' } }, 'tab:kept:old': 1 } })
    await first.value('session.saveUiState', { entries: { 'tab:kept:old': null } })
    await first.dispose()

    const second = createHarness({ dataDir, openDemoWhenEmpty: true })
    second.services.start()
    const tabs = await second.value('tabs.list', {})
    expect(tabs.map((t) => t.title)).toEqual(['Kept'])
    const settled = await second.services.tabs.settled(tabs[0]?.tabId ?? '')
    expect(settled.state).toBe('connected')
    const ui = await second.value('session.uiState', {})
    expect(Object.keys(ui)).toEqual(['tab:kept:browser'])
    expect(ui['tab:kept:browser']?.value).toEqual({ selected: { schema: 'lab', table: 'subject' } })
    await second.dispose()
  })

  it('an unreadable session file starts as a first start would', async () => {
    const fresh = mkdtempSync(join(tmpdir(), 'joinery-session-bad-'))
    writeFileSync(join(fresh, 'session.json'), '{"tabs": [{"profileId": 42}], "ui": "x"}')
    const harness = createHarness({ dataDir: fresh, openDemoWhenEmpty: false })
    expect(await harness.value('session.uiState', {})).toEqual({})
    await harness.dispose()
    rmSync(fresh, { recursive: true, force: true })
  })

  it('refuses a view state over its size limit, and a value that is not JSON', async () => {
    const harness = createHarness()
    const big = await harness.call('session.saveUiState', { entries: { big: 'x'.repeat(UI_STATE_MAX_VALUE_CHARS) } })
    expect(big.ok).toBe(false)
    if (!big.ok) expect(big.error.code).toBe('INVALID_INPUT')
    const notJson = await harness.call('session.saveUiState', { entries: { f: Number.NaN } })
    expect(notJson.ok).toBe(false)
    expect(await harness.value('session.uiState', {})).toEqual({})
    await harness.dispose()
  })
})
