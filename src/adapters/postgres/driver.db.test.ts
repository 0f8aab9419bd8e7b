import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { caught, closedPort, expectNoLeak } from '../../testing/failures'
import type { Driver, SqlValue } from '../driver'
import { postgresTestTargets, recordingLogger, scratchSchemaName } from '../../testing/servers'
import { createPostgresDriver } from './driver'

describe.each(postgresTestTargets())('PostgreSQL driver on $name', (target) => {
  const schema = scratchSchemaName('pgdrv')
  const logger = recordingLogger()
  let driver: Driver
  const q = (sql: string, params: readonly SqlValue[] = []) => driver.query({ sql, params })
  /** Schema-qualified table name. */
  const t = (table: string): string => `"${schema}".${table}`

  beforeAll(async () => {
    await target.start()
    driver = createPostgresDriver(target.options({ poolSize: 3 }), logger)
    await driver.connect()
    await q(`CREATE SCHEMA "${schema}"`)
    await q(`CREATE TABLE ${t('parent')} (id int PRIMARY KEY)`)
    await q(
      `CREATE TABLE ${t('child')} (id int PRIMARY KEY, ` +
        `parent_id int NOT NULL REFERENCES ${t('parent')} (id), note varchar(20) NOT NULL)`,
    )
    await q(`CREATE TABLE ${t('nums')} (n int PRIMARY KEY)`)
    await q(`INSERT INTO ${t('nums')} SELECT g FROM generate_series(1, 10000) g`)
  }, 120_000)

  afterAll(async () => {
    await q(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
    await driver.close()
    await target.stop()
  })

  it('connects in plain text and reports the backend pid', async () => {
    const info = await driver.connect()
    expect(info.tls).toBe(false)
    expect(info.connectionId).toBeGreaterThan(0)
    expect(info.serverVersion).toContain(target.pglite ? 'PGlite' : 'PostgreSQL 15')
    const session = await driver.acquire()
    const pid = await session.query({ sql: 'SELECT pg_backend_pid()', params: [] })
    expect(pid.rows[0]?.[0]).toBe(session.id)
    session.release()
  })

  it('returns array rows: int8 as number or bigint, decimals/temporals as server text, json parsed, bytea as Buffer', async () => {
    const result = await q(
      "SELECT 9007199254740993::int8, 1.50::numeric(6,2), '2024-05-01'::date, " +
        "'2024-05-01 12:34:56.789'::timestamp, " +
        "'12:00:01'::time, '{\"a\": [1, 2]}'::jsonb, '[1]'::json, $1::bytea, $2::text, true, 1.5::float8, " +
        "ARRAY['2024-01-02']::date[], ARRAY[1]::int8[]",
      [new Uint8Array([0xde, 0xad]), 'text'],
    )
    expect(result.rows).toEqual([
      [
        9007199254740993n,
        '1.50',
        '2024-05-01',
        '2024-05-01 12:34:56.789',
        '12:00:01',
        { a: [1, 2] },
        [1],
        Buffer.from([0xde, 0xad]),
        'text',
        true,
        1.5,
        ['2024-01-02'],
        ['1'],
      ],
    ])
    expect(result.fields.map((f) => f.typeId).slice(0, 4)).toEqual([20, 1700, 1082, 1114])
  })

  it('reports affected rows and refuses multiple statements in one call', async () => {
    await q(`INSERT INTO ${t('parent')} VALUES ($1), ($2)`, [100, 101])
    expect((await q(`DELETE FROM ${t('parent')} WHERE id >= $1`, [100])).affectedRows).toBe(2)
    expect((await caught(q('SELECT 1; SELECT 2'))).code).toBe('QUERY_SYNTAX')
  })

  it('closed port → CONNECTION_FAILED naming host:port quickly', async () => {
    const port = await closedPort()
    // PGlite's host is its private socket's directory; the port names a socket file that does not exist.
    const { host } = target.options()
    const started = Date.now()
    const err = await caught(createPostgresDriver(target.options({ port }), recordingLogger()).connect())
    expect(Date.now() - started).toBeLessThan(2_000)
    expect(err.code).toBe('CONNECTION_FAILED')
    expect(err.message).toContain(`@${host}:${port}`)
    expect(err.details).toMatchObject({ host, port })
  })

  it('unknown host → CONNECTION_FAILED quickly', async () => {
    const started = Date.now()
    const unknown = createPostgresDriver(target.options({ host: 'no-such-host.invalid' }), recordingLogger())
    const err = await caught(unknown.connect())
    expect(Date.now() - started).toBeLessThan(5_000)
    expect(err.code).toBe('CONNECTION_FAILED')
    expect(err.message).toContain('no-such-host.invalid:')
  })

  it('TLS auto on a non-TLS server → Python’s warning, then a plain connection', async () => {
    const log = recordingLogger()
    const auto = createPostgresDriver(target.options({ useTls: undefined }), log)
    const info = await auto.connect()
    await auto.close()
    expect(info.tls).toBe(false)
    expect(log.messages.filter((m) => m.level === 'warning').map((m) => m.msg)).toEqual([
      'SSL connection failed (The server does not support SSL connections). ' +
        'Falling back to non-SSL connection. To require SSL, set use_tls=True explicitly.',
    ])
  })

  it('TLS required on a non-TLS server → TLS_REQUIRED', async () => {
    const strict = createPostgresDriver(target.options({ useTls: true }), recordingLogger())
    const err = await caught(strict.connect())
    expect(err.code).toBe('TLS_REQUIRED')
  })

  it('translates duplicate, FK, missing table, syntax, unknown column and not-null errors', async () => {
    await q(`INSERT INTO ${t('parent')} VALUES (1)`)
    const dup = await caught(q(`INSERT INTO ${t('parent')} VALUES (1)`))
    expect(dup.code).toBe('DUPLICATE')
    expect(dup.details).toMatchObject({ driverCode: '23505', sql: `INSERT INTO ${t('parent')} VALUES (1)` })
    expect((await caught(q(`INSERT INTO ${t('child')} VALUES (1, 99, 'x')`))).code).toBe('INTEGRITY')
    await q(`INSERT INTO ${t('child')} VALUES (1, 1, 'x')`)
    expect((await caught(q(`DELETE FROM ${t('parent')}`))).code).toBe('INTEGRITY')
    expect((await caught(q(`SELECT * FROM ${t('nope')}`))).code).toBe('MISSING_TABLE')
    expect((await caught(q('SELEKT 1'))).code).toBe('QUERY_SYNTAX')
    expect((await caught(q(`SELECT nope FROM ${t('parent')}`))).code).toBe('UNKNOWN_ATTRIBUTE')
    const notNull = await caught(q(`INSERT INTO ${t('child')} (id, parent_id) VALUES (2, 1)`))
    expect(notNull.code).toBe('MISSING_ATTRIBUTE')
  })

  it('streams 10k rows in batches through a cursor', async () => {
    const session = await driver.acquire()
    const sizes: number[] = []
    const seen: number[] = []
    const query = { sql: `SELECT n FROM ${t('nums')} WHERE n > $1 ORDER BY n`, params: [0] }
    for await (const batch of session.stream(query, 1000)) {
      sizes.push(batch.length)
      for (const row of batch) seen.push(Number(row[0]))
    }
    expect(sizes).toEqual(Array.from({ length: 10 }, () => 1000))
    expect(seen).toEqual(Array.from({ length: 10_000 }, (_, i) => i + 1))
    // The stream's own transaction is closed again.
    const sql = "SELECT count(*) FROM pg_cursors WHERE name LIKE 'dj\\_cursor%'"
    const cursors = await session.query({ sql, params: [] })
    session.release()
    expect(cursors.rows).toEqual([[0]])
  })

  it('cancel stops a stream between batches with CANCELLED; the session stays usable', async () => {
    const session = await driver.acquire()
    let batches = 0
    const consume = async () => {
      for await (const batch of session.stream({ sql: `SELECT n FROM ${t('nums')} ORDER BY n`, params: [] }, 100)) {
        expect(batch).toHaveLength(100)
        batches += 1
        if (batches === 2) await driver.cancel(session.id)
      }
    }
    expect((await caught(consume())).code).toBe('CANCELLED')
    expect(batches).toBeLessThan(100)
    expect((await session.query({ sql: 'SELECT 1', params: [] })).rows).toEqual([[1]])
    session.release()
  })

  it('a failing stream rejects with the translated error and leaves the session usable', async () => {
    const session = await driver.acquire()
    const consume = async () => {
      for await (const batch of session.stream({ sql: `SELECT nope FROM ${t('nums')}`, params: [] }, 10)) {
        expect(batch).toBeUndefined()
      }
    }
    expect((await caught(consume())).code).toBe('UNKNOWN_ATTRIBUTE')
    expect((await session.query({ sql: 'SELECT 1', params: [] })).rows).toEqual([[1]])
    session.release()
  })

  it('streams inside a caller transaction without ending it; abandoning a stream is harmless', async () => {
    const session = await driver.acquire()
    await session.query({ sql: 'BEGIN', params: [] })
    await session.query({ sql: `INSERT INTO ${t('parent')} VALUES (500)`, params: [] })
    let batches = 0
    const query = { sql: `SELECT n FROM ${t('nums')} ORDER BY n`, params: [] }
    for await (const batch of session.stream(query, 100)) {
      expect(batch).toHaveLength(100)
      batches += 1
      if (batches === 2) break
    }
    const sql = `SELECT count(*) FROM ${t('parent')} WHERE id = 500`
    const inside = await session.query({ sql, params: [] })
    expect(inside.rows).toEqual([[1]])
    await session.query({ sql: 'ROLLBACK', params: [] })
    session.release()
    const results = await Promise.all([1, 2, 3, 4].map((i) => q('SELECT $1::int', [i])))
    expect(results.map((r) => r.rows[0]?.[0])).toEqual([1, 2, 3, 4])
  })

  it.skipIf(target.pglite)('cancel stops pg_sleep(30) within 2 s with CANCELLED', async () => {
    const session = await driver.acquire()
    const outcome = caught(session.query({ sql: 'SELECT pg_sleep(30)', params: [] }))
    await new Promise((resolve) => setTimeout(resolve, 300))
    const started = Date.now()
    await driver.cancel(session.id)
    const err = await outcome
    expect(Date.now() - started).toBeLessThan(2_000)
    expect(err.code).toBe('CANCELLED')
    expect(err.details.driverCode).toBe('57014')
    expect((await session.query({ sql: 'SELECT 1', params: [] })).rows).toEqual([[1]])
    session.release()
  })

  it.runIf(target.pglite)('PGlite cannot interrupt: a cancelled statement reports CANCELLED', async () => {
    const session = await driver.acquire()
    const outcome = caught(session.query({ sql: 'SELECT pg_sleep(0.5)', params: [] }))
    await driver.cancel(session.id)
    expect((await outcome).code).toBe('CANCELLED')
    expect((await session.query({ sql: 'SELECT 1', params: [] })).rows).toEqual([[1]])
    session.release()
  })

  it.skipIf(target.pglite)('wrong credentials → ACCESS_DENIED within 5 s, the password nowhere', async () => {
    // The local server trusts every known role, so an unknown role stands in for a wrong password.
    const password = 'wrong-password-4711'
    const bad = createPostgresDriver(target.options({ user: 'no_such_role_dj', password }), recordingLogger())
    const started = Date.now()
    const err = await caught(bad.connect())
    expect(Date.now() - started).toBeLessThan(5_000)
    expect(err.code).toBe('ACCESS_DENIED')
    const opts = target.options()
    expect(err.message).toContain(`no_such_role_dj@${opts.host}:${opts.port}`)
    expect(err.details).toMatchObject({ host: opts.host, port: opts.port, driverCode: '28000' })
    expectNoLeak(err, [password])
  })

  it.skipIf(target.pglite)('a terminated session → LOST_CONNECTION next; the pool recovers', async () => {
    const session = await driver.acquire()
    await q('SELECT pg_terminate_backend($1)', [session.id])
    await new Promise((resolve) => setTimeout(resolve, 100))
    const err = await caught(session.query({ sql: 'SELECT 1', params: [] }))
    expect(err.code).toBe('LOST_CONNECTION')
    expect((await caught(session.query({ sql: 'SELECT 1', params: [] }))).code).toBe('LOST_CONNECTION')
    session.release()
    const results = await Promise.all([1, 2, 3, 4, 5].map((i) => q('SELECT $1::int', [i])))
    expect(results.map((r) => r.rows[0]?.[0])).toEqual([1, 2, 3, 4, 5])
  })

  it.skipIf(target.pglite)('an idle connection the server terminated is dropped from the pool', async () => {
    const sessions = await Promise.all([driver.acquire(), driver.acquire(), driver.acquire()])
    const ids = sessions.map((s) => s.id)
    for (const s of sessions) s.release()
    await q(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity ' +
        'WHERE pid = ANY($1::int[]) AND pid <> pg_backend_pid()',
      [`{${ids.join(',')}}`],
    )
    await new Promise((resolve) => setTimeout(resolve, 200))
    const results = await Promise.all([1, 2, 3].map((i) => q('SELECT $1::int', [i])))
    expect(results.map((r) => r.rows[0]?.[0])).toEqual([1, 2, 3])
  })

  it('close() does not wait for sessions still held; they report LOST_CONNECTION', async () => {
    const other = createPostgresDriver(target.options({ poolSize: 2 }), recordingLogger())
    await other.connect()
    const held = await other.acquire()
    await other.close()
    expect((await caught(held.query({ sql: 'SELECT 1', params: [] }))).code).toBe('LOST_CONNECTION')
    held.release()
  })
})
