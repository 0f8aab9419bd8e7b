import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { caught, closedPort, expectNoLeak } from '../../testing/failures'
import type { ConnectInfo, Driver } from '../driver'
import { mysqlTestOptions, recordingLogger, scratchSchemaName } from '../../testing/servers'
import { createMysqlDriver } from './driver'

describe('MySQL driver', () => {
  const schema = scratchSchemaName('mydrv')
  const logger = recordingLogger()
  const driver: Driver = createMysqlDriver(mysqlTestOptions({ poolSize: 3 }), logger)
  const q = (sql: string, params: readonly (string | number | null)[] = []) => driver.query({ sql, params })
  /** Schema-qualified table name. */
  const t = (table: string): string => `\`${schema}\`.${table}`
  let info: ConnectInfo

  beforeAll(async () => {
    info = await driver.connect()
    await q(`CREATE DATABASE \`${schema}\``)
    await q(`CREATE TABLE ${t('parent')} (id int NOT NULL, PRIMARY KEY (id))`)
    await q(
      `CREATE TABLE ${t('child')} (id int NOT NULL, parent_id int NOT NULL, note varchar(20) NOT NULL, ` +
        `PRIMARY KEY (id), FOREIGN KEY (parent_id) REFERENCES ${t('parent')} (id))`,
    )
    await q(`CREATE TABLE ${t('nums')} (n int NOT NULL, PRIMARY KEY (n))`)
    const values = Array.from({ length: 10_000 }, (_, i) => i + 1)
    await q(`INSERT INTO ${t('nums')} VALUES ${values.map(() => '(?)').join(', ')}`, values)
  })

  afterAll(async () => {
    await q(`DROP DATABASE IF EXISTS \`${schema}\``)
    await driver.close()
  })

  it('connects in plain text with DataJoint session settings on every pooled connection', async () => {
    const sessions = await Promise.all([driver.acquire(), driver.acquire(), driver.acquire()])
    expect(new Set(sessions.map((s) => s.id)).size).toBe(3)
    for (const session of sessions) {
      const sql = 'SELECT @@SESSION.sql_mode, @@character_set_client'
      const [mode, charset] = (await session.query({ sql, params: [] })).rows[0] ?? []
      expect(String(mode).split(',').sort()).toEqual([
        'ERROR_FOR_DIVISION_BY_ZERO',
        'NO_ENGINE_SUBSTITUTION',
        'NO_ZERO_DATE',
        'NO_ZERO_IN_DATE',
        'ONLY_FULL_GROUP_BY',
        'STRICT_ALL_TABLES',
      ])
      expect(charset).toBe('utf8mb4')
    }
    for (const session of sessions) session.release()
  })

  it('reports the server’s max_allowed_packet, less the packet overhead, as its statement bound', async () => {
    const [packet] = (await q('SELECT @@max_allowed_packet')).rows[0] ?? []
    expect(info.maxStatementBytes).toBe(Math.min(256 * 1024 * 1024, Number(packet) - 1024))
  })

  it('returns rows as arrays with field info, temporal/decimal/bigint values as text', async () => {
    const result = await q(
      "SELECT CAST('2024-05-01' AS DATE), CAST('2024-05-01 12:34:56.789' AS DATETIME(3)), " +
        'CAST(1.50 AS DECIMAL(6,2)), ' +
        '9007199254740993, ?, X\'0102\' AS b',
      ['text'],
    )
    expect(result.rows).toEqual([
      ['2024-05-01', '2024-05-01 12:34:56.789', '1.50', '9007199254740993', 'text', Buffer.from([1, 2])],
    ])
    expect(result.fields.map((f) => f.name)).toHaveLength(6)
    expect(result.fields[2]?.typeId).toBe(246) // MYSQL_TYPE_NEWDECIMAL
  })

  it('binds Uint8Array parameters as bytes and reports affected rows', async () => {
    const result = await driver.query({ sql: 'SELECT HEX(?)', params: [new Uint8Array([0xde, 0xad])] })
    expect(result.rows[0]?.[0]).toBe('DEAD')
    await q(`INSERT INTO ${t('parent')} VALUES (?), (?)`, [100, 101])
    const deleted = await q(`DELETE FROM ${t('parent')} WHERE id >= ?`, [100])
    expect(deleted.affectedRows).toBe(2)
  })

  it('refuses multiple statements in one call', async () => {
    const err = await caught(q('SELECT 1; SELECT 2'))
    expect(err.code).toBe('QUERY_SYNTAX')
  })

  it('wrong password → ACCESS_DENIED within 5 s, the password nowhere', async () => {
    const password = 'wrong-password-4711'
    const bad = createMysqlDriver(mysqlTestOptions({ password }), recordingLogger())
    const started = Date.now()
    const err = await caught(bad.connect())
    expect(Date.now() - started).toBeLessThan(5_000)
    expect(err.code).toBe('ACCESS_DENIED')
    const opts = mysqlTestOptions()
    expect(err.message).toContain(`${opts.user}@${opts.host}:${opts.port}`)
    expect(err.details).toMatchObject({ host: opts.host, port: opts.port })
    expectNoLeak(err, [password])
  })

  it('closed port → CONNECTION_FAILED naming host:port quickly', async () => {
    const port = await closedPort()
    const started = Date.now()
    const err = await caught(createMysqlDriver(mysqlTestOptions({ port }), recordingLogger()).connect())
    expect(Date.now() - started).toBeLessThan(2_000)
    expect(err.code).toBe('CONNECTION_FAILED')
    expect(err.message).toContain(`@127.0.0.1:${port}`)
    expect(err.details).toMatchObject({ host: '127.0.0.1', port })
  })

  it('unknown host → CONNECTION_FAILED quickly', async () => {
    const started = Date.now()
    const unknown = createMysqlDriver(mysqlTestOptions({ host: 'no-such-host.invalid' }), recordingLogger())
    const err = await caught(unknown.connect())
    expect(Date.now() - started).toBeLessThan(5_000)
    expect(err.code).toBe('CONNECTION_FAILED')
    expect(err.message).toContain('no-such-host.invalid:')
  })

  it('TLS auto on a non-TLS server → Python’s warning, then a plain connection', async () => {
    const log = recordingLogger()
    const auto = createMysqlDriver(mysqlTestOptions({ useTls: undefined }), log)
    const info = await auto.connect()
    await auto.close()
    expect(info.tls).toBe(false)
    expect(log.messages.filter((m) => m.level === 'warning').map((m) => m.msg)).toEqual([
      'SSL connection failed (Server does not support secure connection). ' +
        'Falling back to non-SSL connection. To require SSL, set use_tls=True explicitly.',
    ])
  })

  it('TLS required on a non-TLS server → TLS_REQUIRED', async () => {
    const strict = createMysqlDriver(mysqlTestOptions({ useTls: true }), recordingLogger())
    const err = await caught(strict.connect())
    expect(err.code).toBe('TLS_REQUIRED')
    expect(err.details).toMatchObject({ host: '127.0.0.1' })
  })

  it('translates duplicate, FK, missing table, syntax and unknown column errors', async () => {
    await q(`INSERT INTO ${t('parent')} VALUES (1)`)
    const dup = await caught(q(`INSERT INTO ${t('parent')} VALUES (1)`))
    expect(dup.code).toBe('DUPLICATE')
    expect(dup.details).toMatchObject({ driverCode: 1062, sql: `INSERT INTO ${t('parent')} VALUES (1)` })
    expect((await caught(q(`INSERT INTO ${t('child')} VALUES (1, 99, 'x')`))).code).toBe('INTEGRITY')
    await q(`INSERT INTO ${t('child')} VALUES (1, 1, 'x')`)
    expect((await caught(q(`DELETE FROM ${t('parent')}`))).code).toBe('INTEGRITY')
    expect((await caught(q(`SELECT * FROM ${t('nope')}`))).code).toBe('MISSING_TABLE')
    expect((await caught(q('SELEKT 1'))).code).toBe('QUERY_SYNTAX')
    expect((await caught(q(`SELECT nope FROM ${t('parent')}`))).code).toBe('UNKNOWN_ATTRIBUTE')
    const noDefault = await caught(q(`INSERT INTO ${t('child')} (id, parent_id) VALUES (2, 1)`))
    expect(noDefault.code).toBe('MISSING_ATTRIBUTE')
  })

  it('streams 10k rows in batches', async () => {
    const session = await driver.acquire()
    const sizes: number[] = []
    const seen: number[] = []
    const query = { sql: `SELECT n FROM ${t('nums')} WHERE n > ? ORDER BY n`, params: [0] }
    for await (const batch of session.stream(query, 1000)) {
      sizes.push(batch.length)
      for (const row of batch) seen.push(Number(row[0]))
    }
    session.release()
    expect(sizes).toEqual(Array.from({ length: 10 }, () => 1000))
    expect(seen).toEqual(Array.from({ length: 10_000 }, (_, i) => i + 1))
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

  it('an abandoned stream leaves the pool usable', async () => {
    const session = await driver.acquire()
    const query = { sql: `SELECT n FROM ${t('nums')} ORDER BY n`, params: [] }
    for await (const batch of session.stream(query, 100)) {
      expect(batch).toHaveLength(100)
      break
    }
    session.release()
    const results = await Promise.all([1, 2, 3, 4].map((i) => q('SELECT ?', [i])))
    expect(results.map((r) => Number(r.rows[0]?.[0]))).toEqual([1, 2, 3, 4])
  })

  it('cancel stops SELECT SLEEP(30) within 2 s with CANCELLED', async () => {
    const session = await driver.acquire()
    const running = session.query({ sql: 'SELECT SLEEP(30)', params: [] })
    const outcome = caught(running)
    await new Promise((resolve) => setTimeout(resolve, 300))
    const started = Date.now()
    await driver.cancel(session.id)
    const err = await outcome
    expect(Date.now() - started).toBeLessThan(2_000)
    expect(err.code).toBe('CANCELLED')
    expect(err.message).toMatch(/cancelled/i)
    // The session survives a cancelled statement.
    expect((await session.query({ sql: 'SELECT 1', params: [] })).rows).toEqual([[1]])
    session.release()
  })

  it('a killed session → LOST_CONNECTION on next use, and the pool recovers', async () => {
    const session = await driver.acquire()
    await q(`KILL ${session.id}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
    const err = await caught(session.query({ sql: 'SELECT 1', params: [] }))
    expect(err.code).toBe('LOST_CONNECTION')
    expect((await caught(session.query({ sql: 'SELECT 1', params: [] }))).code).toBe('LOST_CONNECTION')
    session.release()
    const results = await Promise.all([1, 2, 3, 4, 5].map((i) => q('SELECT ?', [i])))
    expect(results.map((r) => Number(r.rows[0]?.[0]))).toEqual([1, 2, 3, 4, 5])
  })

  it('close() does not wait for sessions still held; they report LOST_CONNECTION', async () => {
    const other = createMysqlDriver(mysqlTestOptions({ poolSize: 2 }), recordingLogger())
    await other.connect()
    const held = await other.acquire()
    await other.close()
    expect((await caught(held.query({ sql: 'SELECT 1', params: [] }))).code).toBe('LOST_CONNECTION')
    held.release()
  })
})
