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

  it('binds values on the server: the session prepares and executes the statement, and a hostile string round-trips', async () => {
    const session = await driver.acquire()
    const counters = async (): Promise<Record<string, number>> => {
      const rows = (await session.query({ sql: "SHOW SESSION STATUS LIKE 'Com_stmt_%'", params: [] })).rows
      return Object.fromEntries(rows.map(([name, value]) => [String(name), Number(value)]))
    }
    await session.query({ sql: `CREATE TABLE ${t('hostile')} (id int NOT NULL PRIMARY KEY, note text NOT NULL)`, params: [] })
    const hostile = "x'); DROP TABLE nums; -- \\' \" ` \0 \u001a ? ?? $1 ñ 🐍"
    const before = await counters()
    await session.query({ sql: `INSERT INTO ${t('hostile')} VALUES (?, ?)`, params: [1, hostile] })
    const read = await session.query({ sql: `SELECT note, note = ? FROM ${t('hostile')} WHERE id = ?`, params: [hostile, 1] })
    const after = await counters()
    session.release()
    expect(read.rows).toEqual([[hostile, 1]])
    expect(after['Com_stmt_prepare']! - before['Com_stmt_prepare']!).toBe(2)
    expect(after['Com_stmt_execute']! - before['Com_stmt_execute']!).toBe(2)
    expect((await q(`SELECT COUNT(*) FROM ${t('nums')}`)).rows).toEqual([[10_000]])
  })

  it('prepares a statement for each run, except a repeated bulk INSERT, kept for its next batch; no values, or beyond 65,535, stay text', async () => {
    const session = await driver.acquire()
    const counters = async (): Promise<number[]> => {
      const rows = (await session.query({ sql: "SHOW SESSION STATUS LIKE 'Com_stmt_%'", params: [] })).rows
      const status = new Map(rows.map(([name, value]) => [String(name), Number(value)]))
      return [status.get('Com_stmt_prepare') ?? NaN, status.get('Com_stmt_execute') ?? NaN]
    }
    const [prepared, executed] = await counters()
    // Run twice from one prepared form, MariaDB 10.11 refuses this aggregate over a derived table the second time.
    const aggregate = `SELECT MIN(n), COUNT(*) FROM (SELECT n FROM ${t('nums')} WHERE n < ?) AS d`
    for (const n of [3, 4]) expect((await session.query({ sql: aggregate, params: [n] })).rows).toEqual([[1, n - 1]])
    await session.query({ sql: `SELECT COUNT(*) FROM ${t('nums')}`, params: [] })
    const many = Array.from({ length: 70_000 }, (_, i) => i)
    const counted = await session.query({ sql: `SELECT COUNT(*) FROM ${t('nums')} WHERE n IN (${many.map(() => '?').join(',')})`, params: many })
    expect(counted.rows).toEqual([[10_000]])
    expect(await counters()).toEqual([prepared! + 2, executed! + 2])
    await session.query({ sql: `CREATE TABLE ${t('bulk')} (n int NOT NULL PRIMARY KEY)`, params: [] })
    const insert = `INSERT INTO ${t('bulk')} (n) VALUES ${Array.from({ length: 1500 }, () => '(?)').join(',')}`
    for (const start of [0, 1500]) {
      await session.query({ sql: insert, params: Array.from({ length: 1500 }, (_, i) => start + i), repeated: true })
    }
    expect(await counters()).toEqual([prepared! + 3, executed! + 4])
    expect((await session.query({ sql: `SELECT COUNT(*), SUM(n) FROM ${t('bulk')}`, params: [] })).rows).toEqual([[3000, '4498500']])
    // The same form of statement not marked repeated is prepared for each run, however many values it binds.
    const unmarked = `INSERT INTO ${t('bulk')} (n) VALUES ${Array.from({ length: 1200 }, () => '(?)').join(',')}`
    for (const start of [3000, 4200]) await session.query({ sql: unmarked, params: Array.from({ length: 1200 }, (_, i) => start + i) })
    expect(await counters()).toEqual([prepared! + 5, executed! + 6])
    // A repeated one of 1,000 values or fewer is too.
    const small = `INSERT INTO ${t('bulk')} (n) VALUES ${Array.from({ length: 1000 }, () => '(?)').join(',')}`
    for (const start of [5400, 6400]) {
      await session.query({ sql: small, params: Array.from({ length: 1000 }, (_, i) => start + i), repeated: true })
    }
    expect(await counters()).toEqual([prepared! + 7, executed! + 8])
    session.release()
  })

  it('reads bound statements’ rows exactly as the text protocol gives them, in results and streams', async () => {
    await q(
      `CREATE TABLE ${t('kinds')} (id int NOT NULL PRIMARY KEY, f float, f72 float(7,2), d double, dc decimal(20,6), ` +
        'dt datetime, dt3 datetime(3), ts timestamp(2) NULL, da date, ti time, ti3 time(3), ti6 time(6), ' +
        "bi bigint, bu bigint unsigned, j json, b blob, bits bit(8), e enum('a','b'), st set('x','y'), y year, tx text)",
    )
    await q(
      `INSERT INTO ${t('kinds')} VALUES ` +
        "(1, 1234565, 0.125, 0.1, 1.5, '2020-01-01 00:00:00', '2020-01-01 00:00:00', '2020-01-01 00:00:00', '2020-02-03', " +
        "'-838:59:59', '00:00:00', '12:00:00.5', 9007199254740993, 18446744073709551615, '{\"a\": 1}', x'00ff', b'101', 'b', 'x,y', 2020, 'héllo'), " +
        "(2, 65536.25, -0.375, 1e300, -0.000001, '9999-12-31 23:59:59', '2020-01-01 10:00:00.120', NULL, '1000-01-01', " +
        "'25:00:00', '-00:00:01.500', '00:00:00', -9223372036854775808, 0, '[1, 2]', '', b'0', 'a', '', 1901, ''), " +
        '(3, 0.1, 3.14159, 3.3e-5, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)',
    )
    const text = await q(`SELECT * FROM ${t('kinds')} ORDER BY id`)
    const bound = await q(`SELECT * FROM ${t('kinds')} WHERE id > ? ORDER BY id`, [0])
    expect(bound.rows).toEqual(text.rows)
    expect(text.rows[0]?.slice(1, 3)).toEqual([1234560, 0.12])
    expect(bound.fields.map((f) => f.typeId)).toEqual(text.fields.map((f) => f.typeId))
    // FLOATs that round to a tie at 6 digits (or at the scale of FLOAT(M,D)), and others of every magnitude.
    await q(`CREATE TABLE ${t('floats')} (id int NOT NULL PRIMARY KEY, f float, f93 float(9,3))`)
    const floats = Array.from({ length: 3000 }, (_, i) => (i % 2 === 0 ? ((i * 7919) % 1_000_003) / 64 : Math.fround(Math.sin(i) * 10 ** ((i % 16) - 6))))
    await q(`INSERT INTO ${t('floats')} VALUES ${floats.map(() => '(?, ?, ?)').join(', ')}`, floats.flatMap((f, i) => [i, f, Math.abs(f) < 1e5 ? f : 0]))
    const floatText = await q(`SELECT f, f93 FROM ${t('floats')} ORDER BY id`)
    expect((await q(`SELECT f, f93 FROM ${t('floats')} WHERE id >= ? ORDER BY id`, [0])).rows).toEqual(floatText.rows)
    const session = await driver.acquire()
    const streamed: unknown[][] = []
    for await (const batch of session.stream({ sql: `SELECT * FROM ${t('kinds')} WHERE id > ? ORDER BY id`, params: [0] }, 2)) {
      streamed.push(...batch.map((row) => [...row]))
    }
    session.release()
    expect(streamed).toEqual(text.rows)
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

  it.each([
    ['as text', `SELECT n FROM \`${schema}\`.nums ORDER BY n`, []],
    ['bound on the server', `SELECT n FROM \`${schema}\`.nums WHERE n > ? ORDER BY n`, [0]],
  ])('cancel stops a stream (%s) between batches with CANCELLED; the session stays usable', async (_, sql, params) => {
    const session = await driver.acquire()
    let batches = 0
    const consume = async () => {
      for await (const batch of session.stream({ sql, params }, 100)) {
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

  it.each([
    ['SELECT SLEEP(30)', []],
    ['SELECT SLEEP(?)', [30]],
  ])('cancel stops %s within 2 s with CANCELLED', async (sql, params) => {
    const session = await driver.acquire()
    const running = session.query({ sql, params })
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
