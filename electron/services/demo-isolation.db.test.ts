// The Demo lab as an attacker and an impatient user meet it: no other OS user can connect to its embedded
// PostgreSQL (and it listens on no TCP port), a long Demo statement blocks neither the app's event loop nor another
// tab, and Cancel ends one within a second, after which the Demo tab works again.

import { spawn } from 'node:child_process'
import { readFileSync, readdirSync, readlinkSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { QueryExpr } from '../../src/index'
import { startTestServer } from '../../src/testing/backends'
import { createHarness, type Harness } from '../testing/service-harness'

/** A pg client in its own process: prints the subjects' count, or the connection error's code. */
const CLIENT_SCRIPT = `
const pg = require(process.argv[1])
const client = new pg.Client({ host: process.argv[2], port: Number(process.argv[3]), user: 'intruder', password: 'x', database: 'postgres' })
client.connect()
  .then(() => client.query('SELECT count(*)::int AS n FROM lab.subject'))
  .then((result) => { console.log('rows ' + result.rows[0].n); return client.end() })
  .catch((error) => console.log('refused ' + (error.code || error.message)))
`

/** The first line the client script prints, run as this user or as another (`uid`). */
function connectFromAnotherProcess(host: string, port: number, uid?: number): Promise<string> {
  const pgPath = createRequire(import.meta.url).resolve('pg')
  const child = spawn(process.execPath, ['-e', CLIENT_SCRIPT, pgPath, host, String(port)], {
    stdio: ['ignore', 'pipe', 'inherit'],
    ...(uid === undefined ? {} : { uid, gid: uid }),
  })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString()
  })
  return new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('exit', () => resolve(output.trim()))
  })
}

/** Inodes of the TCP sockets listening on this machine (Linux). */
function listeningTcpInodes(): Set<string> {
  const inodes = new Set<string>()
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/)
      // st 0A is LISTEN; the inode is the tenth field.
      if (fields[3] === '0A' && fields[9] !== undefined) inodes.add(fields[9])
    }
  }
  return inodes
}

/** Inodes of the sockets this process holds (Linux); worker threads share the process's descriptors. */
function ownSocketInodes(): Set<string> {
  const inodes = new Set<string>()
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(join('/proc/self/fd', fd)))
      if (match?.[1] !== undefined) inodes.add(match[1])
    } catch {
      // Closed between the listing and the read.
    }
  }
  return inodes
}

const table = (schema: string, name: string): QueryExpr => ({ kind: 'table', schema, table: name })

/** Channels × renamed channels × three lookups: a billion rows to count, half a minute of PGlite's time or more. */
function hugeCrossJoin(): QueryExpr {
  const renamed: QueryExpr = {
    kind: 'proj',
    input: table('ephys', '_recording__channel'),
    keepAll: false,
    keep: [],
    exclude: [],
    rename: { other_subject: 'subject_id', other_session: 'session_idx', other_channel: 'channel_idx' },
    compute: {},
  }
  const channels: QueryExpr = { kind: 'join', left: table('ephys', '_recording__channel'), right: renamed, outer: false, semanticCheck: true }
  return ['#brain_region', '#species', '#stimulus_type'].reduce<QueryExpr>(
    (left, lookup) => ({ kind: 'join', left, right: table('lab', lookup), outer: false, semanticCheck: true }),
    channels,
  )
}

describe('Demo lab isolation', () => {
  let harness: Harness
  let demoTabId: string
  let postgresTabId: string

  beforeAll(async () => {
    harness = createHarness()
    const demo = await harness.value('tabs.open', { demo: true })
    expect(demo.state).toBe('connected')
    demoTabId = demo.tabId
    const { backend, host, port, user, password } = await startTestServer('postgresql')
    const profile = await harness.value('connections.save', {
      profile: { name: 'machine', backend, host, port, user, tls: 'disabled', readOnly: false, color: '#000000' },
      password,
    })
    const other = await harness.value('tabs.open', { profileId: profile.id })
    expect(other.state).toBe('connected')
    postgresTabId = other.tabId
  }, 180_000)

  afterAll(async () => {
    await harness.dispose()
  })

  it('listens on a unix socket only its user can open, and on no TCP port', async () => {
    const { host, port } = await harness.services.demo.start()
    const directory = statSync(host)
    expect(directory.isDirectory()).toBe(true)
    expect(directory.mode & 0o777).toBe(0o700)
    expect(directory.uid).toBe(process.getuid?.())
    const socket = statSync(join(host, `.s.PGSQL.${port}`))
    expect(socket.isSocket()).toBe(true)
    expect(socket.mode & 0o777).toBe(0o600)
    // The app holds no listening TCP socket (it held the Demo lab's loopback port before).
    const listening = listeningTcpInodes()
    expect([...ownSocketInodes()].filter((inode) => listening.has(inode))).toEqual([])
    // This user's own processes may connect (they can read the data folder too): the client script works.
    expect(await connectFromAnotherProcess(host, port)).toBe('rows 24')
  })

  it.runIf(process.getuid?.() === 0)('refuses a process of another user', async () => {
    const { host, port } = await harness.services.demo.start()
    const nobody = 65534
    expect(await connectFromAnotherProcess(host, port, nobody)).toBe('refused EACCES')
  })

  it('keeps the event loop and another tab answering while a Demo statement runs for seconds', async () => {
    let sleepDone = false
    const sleeping = harness.services.tabs
      .use(demoTabId, (instance) => instance.run({ sql: 'SELECT pg_sleep(5)', params: [] }))
      .finally(() => {
        sleepDone = true
      })
    try {
      // Timers from the start: the statement reaches the server within the first of them.
      const lateness: number[] = []
      for (let i = 0; i < 8; i += 1) {
        const started = performance.now()
        await new Promise((resolve) => setTimeout(resolve, 50))
        lateness.push(performance.now() - started - 50)
      }
      console.info(`50 ms timers late by ${lateness.map(Math.round).join(', ')} ms while PGlite sleeps`)
      // PGlite in the event loop held them for the whole 5 s; this bound leaves room for a busy 2-core machine.
      expect(Math.max(...lateness)).toBeLessThan(500)
      const started = performance.now()
      expect(await harness.value('schema.list', { tabId: postgresTabId })).toBeInstanceOf(Array)
      expect(performance.now() - started).toBeLessThan(2_000)
      expect(sleepDone).toBe(false)
    } finally {
      await sleeping
    }
  })

  it('lets a cancelled Demo statement that ends by itself soon do so, without restarting the lab', async () => {
    const demoStates = () => harness.events.filter((e) => e.event === 'tab.state' && (e.payload as { tabId: string }).tabId === demoTabId).length
    const before = demoStates()
    const { tabs, queries } = harness.services
    const sleeping = tabs.use(demoTabId, (instance) => queries.track(demoTabId, 'short', instance, () => instance.run({ sql: 'SELECT pg_sleep(0.1)', params: [] })))
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(await harness.value('query.cancel', { tabId: demoTabId, requestId: 'short' })).toEqual({ cancelled: true })
    await expect(sleeping).rejects.toMatchObject({ code: 'CANCELLED' })
    await new Promise((resolve) => setTimeout(resolve, 1_000))
    expect(demoStates()).toBe(before)
  })

  it('cancels a long Demo count within a second, and the Demo tab works again', async () => {
    const counting = harness.call('query.count', { tabId: demoTabId, requestId: 'huge', expr: hugeCrossJoin(), estimate: false })
    let answered = false
    void counting.finally(() => {
      answered = true
    })
    const waiting = performance.now()
    await new Promise((resolve) => setTimeout(resolve, 1_000))
    // The event loop was free meanwhile (PGlite on it would have held this timer until the count ended).
    expect(performance.now() - waiting).toBeLessThan(1_500)
    if (answered) expect(await counting).toBe('still running')
    const cancelling = performance.now()
    expect(await harness.value('query.cancel', { tabId: demoTabId, requestId: 'huge' })).toEqual({ cancelled: true })
    const outcome = await counting
    const ms = performance.now() - cancelling
    expect(outcome.ok ? 'ok' : outcome.error.code).toBe('CANCELLED')
    expect(ms).toBeLessThan(1_000)
    console.info(`Demo count cancelled in ${Math.round(ms)} ms`)
    const again = await harness.value('query.count', { tabId: demoTabId, requestId: 'after', expr: table('lab', 'subject'), estimate: false })
    expect(again.count).toBe(24)
    expect(harness.services.tabs.tab(demoTabId)).toMatchObject({ state: 'connected', error: null })
  })
})
