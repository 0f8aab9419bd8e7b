// Cancel on a server that stops answering: every server process is SIGSTOPped (sockets stay open, nothing
// replies), so the cancel request itself hangs; cancel gives up on the session's connection within a few seconds,
// the pending statement fails with CANCELLED, and once the server resumes the Instance works on a new connection.
// Each backend runs on its own throwaway server: freezing the shared test server would stall other tests.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Backend } from '../backend'
import type { CreateDriver } from '../adapters/driver'
import { createMysqlDriver } from '../adapters/mysql/driver'
import { createPostgresDriver } from '../adapters/postgres/driver'
import { caught } from '../testing/failures'
import { startThrowawayMariadb, startThrowawayPostgres, type ThrowawayServer } from '../testing/throwaway-servers'
import { Config } from './config'
import { Instance } from './instance'
import { createMemoryLogger, type MemoryLogger } from './logger'

interface Case {
  readonly backend: Backend
  readonly user: string
  readonly start: () => Promise<ThrowawayServer>
  readonly longSql: string
  readonly idSql: string
  readonly createDriver: CreateDriver
}

const CASES: readonly Case[] = [
  {
    backend: 'postgresql',
    user: 'postgres',
    start: startThrowawayPostgres,
    longSql: 'SELECT pg_sleep(60)',
    idSql: 'SELECT pg_backend_pid()',
    createDriver: createPostgresDriver,
  },
  {
    backend: 'mysql',
    user: 'root',
    start: startThrowawayMariadb,
    longSql: 'SELECT SLEEP(60)',
    idSql: 'SELECT CONNECTION_ID()',
    createDriver: createMysqlDriver,
  },
]

describe.each(CASES)('cancel on a stopped $backend server', (c) => {
  let server: ThrowawayServer | undefined
  let unavailable = ''
  let instance: Instance | undefined
  let logger: MemoryLogger

  beforeAll(async () => {
    try {
      server = await c.start()
    } catch (err) {
      unavailable = `throwaway ${c.backend} server did not start: ${err instanceof Error ? err.message : String(err)}`
      console.warn(`SKIPPED: ${unavailable}`)
      return
    }
    logger = createMemoryLogger()
    instance = new Instance({
      host: '127.0.0.1',
      port: server.port,
      user: c.user,
      password: '',
      backend: c.backend,
      useTls: false,
      config: new Config(),
      logger,
      poolSize: 2,
    })
  }, 120_000)

  afterAll(async () => {
    server?.thaw()
    await instance?.close().catch(() => undefined)
    await server?.stop()
  }, 60_000)

  it('cancel gives up within 3 s with CANCELLED; after SIGCONT a new connection works', async (ctx) => {
    if (server === undefined || instance === undefined) {
      ctx.skip(unavailable)
      return
    }
    const db = instance
    const frozen = server
    await db.run({ sql: 'SELECT 1', params: [] })

    // Healthy server first: the server confirms the cancel.
    let id = 0
    const healthy = caught(db.withSession(() => db.run({ sql: c.longSql, params: [] }), (sessionId) => (id = sessionId)))
    await new Promise((resolve) => setTimeout(resolve, 300))
    let started = Date.now()
    await db.cancel(id)
    const healthyCancel = Date.now() - started
    expect((await healthy).code).toBe('CANCELLED')
    const healthyReject = Date.now() - started
    expect(healthyReject).toBeLessThan(2_000)

    // Stopped server: nothing answers, not even the cancel.
    id = 0
    const pending = caught(db.withSession(() => db.run({ sql: c.longSql, params: [] }), (sessionId) => (id = sessionId)))
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(id).toBeGreaterThan(0)
    frozen.freeze()
    let rejectedAfter = -1
    started = Date.now()
    void pending.then(() => (rejectedAfter = Date.now() - started))
    await db.cancel(id)
    const stoppedCancel = Date.now() - started
    const err = await pending
    expect(err.code).toBe('CANCELLED')
    expect(stoppedCancel).toBeLessThan(3_000)
    expect(rejectedAfter).toBeLessThan(3_000)
    expect(logger.messages('WARNING').join('\n')).toContain('did not confirm the cancel')
    console.info(
      `${c.backend} cancel latency: healthy server ${healthyCancel} ms (statement rejected after ${healthyReject} ms); ` +
        `stopped server ${stoppedCancel} ms (statement rejected after ${rejectedAfter} ms)`,
    )

    frozen.thaw()
    started = Date.now()
    const fresh = await db.withSession(
      () => db.run({ sql: c.idSql, params: [] }),
      () => undefined,
    )
    expect(Number(fresh.rows[0]?.[0])).not.toBe(id)
    expect(Date.now() - started).toBeLessThan(5_000)
  }, 60_000)

  it('a stream waiting on the stopped server fails with CANCELLED; the driver then opens a new session', async (ctx) => {
    if (server === undefined) {
      ctx.skip(unavailable)
      return
    }
    const frozen = server
    const driverLogger = createMemoryLogger()
    const driver = c.createDriver(
      {
        host: '127.0.0.1',
        port: frozen.port,
        user: c.user,
        password: '',
        useTls: false,
        database: c.backend === 'postgresql' ? 'postgres' : undefined,
        connectTimeoutMs: 5_000,
        poolSize: 2,
      },
      driverLogger,
    )
    try {
      await driver.connect()
      const session = await driver.acquire()
      const consume = async (): Promise<void> => {
        for await (const batch of session.stream({ sql: c.longSql, params: [] }, 10)) expect(batch).toBeDefined()
      }
      const outcome = caught(consume())
      await new Promise((resolve) => setTimeout(resolve, 300))
      frozen.freeze()
      const started = Date.now()
      await driver.cancel(session.id)
      expect((await outcome).code).toBe('CANCELLED')
      expect(Date.now() - started).toBeLessThan(3_000)
      session.release()
      frozen.thaw()
      const next = await driver.acquire()
      expect(next.id).not.toBe(session.id)
      expect((await next.query({ sql: 'SELECT 1', params: [] })).rows).toEqual([[1]])
      next.release()
    } finally {
      frozen.thaw()
      await driver.close()
    }
  }, 60_000)
})
