// SSH tunnels against a real OpenSSH server started by the test on loopback, forwarding to the machine's PostgreSQL
// and MariaDB: the host key is unknown at first (its fingerprint offered), trusted, then refused once it changes.
// Key file with passphrase, the SSH agent, a wrong passphrase; no secret in any result or log line.

import { spawn, type ChildProcess, execFile } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../../src/testing/backends'
import type { Input } from '../ipc/contract'
import { createHarness, type Harness } from '../testing/service-harness'
import { startTestSshd, SSHD, SSHD_MISSING, type TestSshd } from '../testing/sshd'

const run = promisify(execFile)

if (!existsSync(SSHD)) throw new Error(SSHD_MISSING)

describe.each(['postgresql', 'mysql'] as const)('an SSH tunnel to %s', (backend) => {
  let sshd: TestSshd
  let server: TestServer
  let harness: Harness
  let agent: ChildProcess
  let agentDir: string

  beforeAll(async () => {
    sshd = await startTestSshd()
    server = await startTestServer(backend)
    agentDir = mkdtempSync(join(tmpdir(), 'joinery-agent-'))
    const socket = join(agentDir, 'agent.sock')
    agent = spawn('ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' })
    for (let i = 0; i < 100 && !existsSync(socket); i++) await new Promise((resolve) => setTimeout(resolve, 20))
    await run('ssh-add', ['-q', sshd.keyFile], { env: { ...process.env, SSH_AUTH_SOCK: socket } })
    harness = createHarness({ sshAgentSocket: socket })
  })
  afterAll(async () => {
    await harness?.dispose()
    agent?.kill()
    rmSync(agentDir, { recursive: true, force: true })
    await sshd?.stop()
    await server?.stop()
  })

  const profile = (auth: 'key' | 'agent' = 'key'): Input<'connections.save'>['profile'] => ({
    name: `Through SSH (${backend})`,
    backend,
    host: server.host,
    port: server.port,
    user: server.user,
    database: 'postgres',
    ssh: { host: sshd.host, port: sshd.port, user: sshd.user, auth, keyFile: auth === 'key' ? sshd.encryptedKeyFile : null },
    tls: 'disabled',
    readOnly: false,
    color: '#0f9d9a',
  })

  it('offers the unknown host key, trusts only that key, then connects a test and a tab', async () => {
    const first = await harness.call('connections.test', { profile: profile(), sshSecret: sshd.passphrase, password: server.password })
    expect(first.ok).toBe(false)
    if (first.ok) return
    expect(first.error.code).toBe('HOST_KEY_UNKNOWN')
    expect(first.error.details).toMatchObject({ host: sshd.host, port: sshd.port, keyType: 'ssh-ed25519', fingerprint: await sshd.fingerprint() })

    const forged = { host: sshd.host, port: sshd.port, keyType: 'ssh-ed25519', fingerprint: `SHA256:${'B'.repeat(43)}` }
    expect((await harness.call('connections.trustHostKey', forged)).ok).toBe(false)
    await harness.value('connections.trustHostKey', { host: sshd.host, port: sshd.port, keyType: 'ssh-ed25519', fingerprint: await sshd.fingerprint() })

    const tested = await harness.value('connections.test', { profile: profile(), sshSecret: sshd.passphrase, password: server.password })
    expect(tested.serverVersion).not.toBe('')

    const saved = await harness.value('connections.save', { profile: profile(), sshSecret: sshd.passphrase, password: server.password })
    expect(saved).toMatchObject({ hasSshSecret: true })
    const tab = await harness.value('tabs.open', { profileId: saved.id })
    expect(tab.state).toBe('connected')
    expect((await harness.value('schema.list', { tabId: tab.tabId })).length).toBeGreaterThanOrEqual(0)
    await harness.value('tabs.close', { tabId: tab.tabId })
  })

  it('signs in with the SSH agent; a wrong passphrase is ACCESS_DENIED', async () => {
    expect((await harness.value('connections.test', { profile: profile('agent'), password: server.password })).serverVersion).not.toBe('')
    const wrong = await harness.call('connections.test', { profile: profile(), sshSecret: 'not-the-passphrase', password: server.password })
    expect(wrong.ok ? null : wrong.error.code).toBe('ACCESS_DENIED')
  })

  it('a dropped SSH session marks the tab lost; reconnecting opens a new tunnel', async () => {
    const saved = await harness.value('connections.save', { profile: profile('agent'), password: server.password })
    const tab = await harness.value('tabs.open', { profileId: saved.id })
    expect(tab.state).toBe('connected')
    await sshd.dropSessions()
    await expect.poll(async () => {
      await harness.call('schema.list', { tabId: tab.tabId })
      return harness.services.tabs.tab(tab.tabId).state
    }).toBe('lost')
    expect((await harness.value('tabs.reconnect', { tabId: tab.tabId })).state).toBe('connected')
    expect(await harness.value('schema.list', { tabId: tab.tabId })).toEqual(expect.any(Array))
    await harness.value('tabs.close', { tabId: tab.tabId })
  })

  it('refuses a changed host key, and does not let it be trusted in place of the old one', async () => {
    const saved = await harness.value('connections.save', { profile: profile(), sshSecret: sshd.passphrase, password: server.password })
    const tab = await harness.value('tabs.open', { profileId: saved.id })
    expect(tab.state).toBe('connected')
    const trusted = await sshd.fingerprint()
    await sshd.changeHostKey()
    const changed = await harness.call('connections.test', { profile: profile(), sshSecret: sshd.passphrase, password: server.password })
    expect(changed.ok ? null : changed.error.code).toBe('HOST_KEY_CHANGED')
    if (!changed.ok) {
      expect(changed.error.details).toMatchObject({ fingerprint: await sshd.fingerprint(), trustedFingerprint: trusted })
      expect(changed.error.message).toContain('another host key than the one trusted')
    }
    const reopened = await harness.value('tabs.reconnect', { tabId: tab.tabId })
    expect(reopened.state).toBe('error')
    expect(reopened.error?.code).toBe('HOST_KEY_CHANGED')
    const replace = await harness.call('connections.trustHostKey', { host: sshd.host, port: sshd.port, keyType: 'ssh-ed25519', fingerprint: await sshd.fingerprint() })
    expect(replace.ok).toBe(false)
    await harness.value('tabs.close', { tabId: tab.tabId })
  })

  it('never puts the passphrase in a result or a log line', () => {
    const everything = JSON.stringify(harness.results) + harness.logger.records.map((r) => r.message).join('\n')
    expect(everything).not.toContain(sshd.passphrase)
  })
})
