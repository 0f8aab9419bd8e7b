// dj.Instance on real servers: per-Instance config, TLS negotiation, connection failures that never leak the
// password, reconnection after a killed session, transactions, and two Instances side by side.

import { inspect } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as dj from '../index'
import type { Table } from '../table/table'
import {
  TEST_BACKENDS,
  closeTestSchema,
  openTestSchema,
  startTestServer,
  testInstance,
  uniqueSchemaName,
  type TestServer,
} from '../testing/backends'
import { caught, closedPort, expectNoLeak } from '../testing/failures'
import { Config } from './config'
import type { Instance } from './instance'
import { createMemoryLogger, type MemoryLogger } from './logger'

const MIXED =
  'Cannot operate on expressions from different connections. Ensure both operands use the same dj.Instance or global connection.'
const TLS_FALLBACK = /^SSL connection failed \(.+\)\. Falling back to non-SSL connection\. To require SSL, set use_tls=True explicitly\.$/s

/** A fresh Instance the way a user writes it (no test helper), with a memory logger and an explicit config. */
function userInstance(server: TestServer, options: Partial<dj.InstanceOptions> = {}): Instance & { logger: MemoryLogger } {
  return new dj.Instance({
    host: server.host,
    port: server.port,
    user: server.user,
    password: server.password,
    backend: server.backend,
    config: new Config(),
    logger: createMemoryLogger(),
    // PGlite's socket server accepts 8 connections in all; the shared test Instance already holds some.
    poolSize: 2,
    ...options,
  }) as Instance & { logger: MemoryLogger }
}

const sessionIdSql = (server: TestServer): string =>
  server.backend === 'mysql' ? 'SELECT CONNECTION_ID()' : 'SELECT pg_backend_pid()'

async function sessionId(instance: Instance, server: TestServer): Promise<number> {
  return Number((await instance.run({ sql: sessionIdSql(server), params: [] })).rows[0]?.[0])
}

/** Kills a server session from another connection and waits until the server no longer lists it. */
async function killSession(admin: Instance, server: TestServer, id: number): Promise<void> {
  const kill = server.backend === 'mysql' ? `KILL ${id}` : `SELECT pg_terminate_backend(${id})`
  await admin.run({ sql: kill, params: [] })
  const listed =
    server.backend === 'mysql'
      ? `SELECT count(*) FROM information_schema.PROCESSLIST WHERE ID = ${id}`
      : `SELECT count(*) FROM pg_stat_activity WHERE pid = ${id}`
  const deadline = Date.now() + 20_000
  while (Number((await admin.run({ sql: listed, params: [] })).rows[0]?.[0]) > 0) {
    if (Date.now() > deadline) throw new Error(`session ${id} still listed after KILL`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

describe.each(TEST_BACKENDS)('Instance on %s', (backendName) => {
  let server: TestServer
  let inst: Instance & { logger: MemoryLogger }
  let schema: dj.Schema
  let Item: Table
  const schemaName = uniqueSchemaName('inst')

  beforeAll(async () => {
    ;({ server, inst, schema } = await openTestSchema(backendName, schemaName))
    Item = await schema.manual('Item', 'item_id : int32\n---\nlabel : varchar(20)')
    await Item.insert([1, 2, 3, 4, 5].map((i) => ({ item_id: i, label: `item ${i}` })))
  }, 120_000)

  afterAll(() => closeTestSchema({ schema, inst, server }))

  describe('config', () => {
    it('constructor overrides (safemode: false, display__limit: 3) shape this Instance only', async () => {
      const a = new dj.Instance({
        host: server.host,
        port: server.port,
        user: server.user,
        password: server.password,
        useTls: false,
        backend: server.backend,
        logger: createMemoryLogger(),
        poolSize: 2,
        safemode: false,
        display__limit: 3,
      })
      const b = userInstance(server)
      try {
        expect(a.config.safemode).toBe(false)
        expect(a.config.display.limit).toBe(3)
        expect(a.config.database.backend).toBe(server.backend)
        expect(b.config.safemode).toBe(true)
        expect(b.config.display.limit).toBe(12)
        // The override is live: a's preview shows 3 of the 5 rows, b's all of them.
        const table = await a.freeTable(`${schemaName}.item`)
        const preview = await table.preview()
        expect(preview).toContain('item 3')
        expect(preview).not.toContain('item 4')
        expect(preview).toContain('Total: 5')
        const full = await (await b.freeTable(`${schemaName}.item`)).preview()
        expect(full).toContain('item 5')
      } finally {
        await a.close()
        await b.close()
      }
    })

    it('mutating inst.config leaves dj.config and other Instances alone', async () => {
      const shared = new Config({ safemode: true })
      const a = userInstance(server, { config: shared })
      const b = userInstance(server, { config: shared })
      const globalSafemode = dj.config.safemode
      const globalLimit = dj.config.display.limit
      a.config.safemode = false
      a.config.display.limit = 2
      expect(b.config.safemode).toBe(true)
      expect(b.config.display.limit).toBe(12)
      expect(shared.safemode).toBe(true)
      expect(dj.config.safemode).toBe(globalSafemode)
      expect(dj.config.display.limit).toBe(globalLimit)
      // And the other way round: the global config does not reach an Instance.
      dj.config.display.limit = 7
      try {
        expect(a.config.display.limit).toBe(2)
        expect(b.config.display.limit).toBe(12)
      } finally {
        dj.config.display.limit = globalLimit
      }
      // safemode is read from the Instance's own config when dropping.
      const scratch = uniqueSchemaName('inst_safe')
      try {
        await (await a.schema(scratch)).drop()
        const again = await b.schema(scratch)
        await expect(again.drop()).rejects.toThrow(/needs confirmation/)
        await again.drop({ prompt: false })
      } finally {
        await a.close()
        await b.close()
      }
    })
  })

  describe('addressing', () => {
    it('`host:port` in host wins over port, as in DataJoint; repr names user@host:port', async () => {
      const embedded = userInstance(server, { host: `${server.host}:${server.port}`, port: 1, useTls: false })
      try {
        expect(embedded.host).toBe(server.host)
        expect(embedded.port).toBe(server.port)
        expect(String(embedded)).toBe(`Instance(DataJoint connection (disconnected) ${server.user}@${server.host}:${server.port})`)
        await embedded.connect()
        expect(String(embedded)).toBe(`Instance(DataJoint connection (connected) ${server.user}@${server.host}:${server.port})`)
        expect(embedded.logger.messages('INFO')).toContain(`DataJoint 2.2.4 connected to ${server.user}@${server.host}:${server.port}`)
      } finally {
        await embedded.close()
      }
    })

    it('IPv6 addresses: bare ones keep the port argument, bracketed ones may carry their own', () => {
      expect([userInstance(server, { host: '::1', port: 4321 })].map((i) => [i.host, i.port])).toEqual([['::1', 4321]])
      expect([userInstance(server, { host: '[::1]:5433', port: 4321 })].map((i) => [i.host, i.port])).toEqual([['::1', 5433]])
      expect([userInstance(server, { host: '[fe80::1]', port: 4321 })].map((i) => [i.host, i.port])).toEqual([['fe80::1', 4321]])
    })

    it('the password is kept out of the Instance’s printable state', async () => {
      const password = 'Never-Printed-Pa55'
      const secretive = userInstance(server, { password, useTls: false })
      await secretive.connect().catch(() => undefined)
      try {
        expect(inspect(secretive, { depth: 6 })).not.toContain(password)
        expect(JSON.stringify(secretive.config)).not.toContain(password)
        expect(String(secretive)).not.toContain(password)
        expect(JSON.stringify(secretive.logger.records)).not.toContain(password)
      } finally {
        await secretive.close()
      }
    })
  })

  describe('TLS', () => {
    it('unspecified: tries TLS, logs DataJoint’s warning, falls back to plain', async () => {
      const auto = userInstance(server)
      try {
        const info = await auto.connect()
        expect(info.tls).toBe(false)
        const warnings = auto.logger.messages('WARNING').filter((m) => m.startsWith('SSL connection failed'))
        expect(warnings).toHaveLength(1)
        expect(warnings[0]).toMatch(TLS_FALLBACK)
        expect(await Item.count()).toBe(5)
        expect(await (await auto.freeTable(`${schemaName}.item`)).count()).toBe(5)
      } finally {
        await auto.close()
      }
    })

    it('true: TLS_REQUIRED naming host and port, no fallback', async () => {
      const strict = userInstance(server, { useTls: true })
      const err = await caught(strict.connect())
      expect(err.code).toBe('TLS_REQUIRED')
      expect(err.message).toContain(`${server.host}:${server.port}`)
      expect(err.details).toMatchObject({ host: server.host, port: server.port })
      expect(strict.logger.messages('WARNING').filter((m) => m.startsWith('SSL'))).toEqual([])
      expect(strict.isConnected).toBe(false)
    })

    it('false: plain connection, no warning', async () => {
      const plain = userInstance(server, { useTls: false })
      try {
        expect((await plain.connect()).tls).toBe(false)
        expect(plain.logger.messages('WARNING').filter((m) => m.includes('SSL'))).toEqual([])
      } finally {
        await plain.close()
      }
    })
  })

  describe('connection failures', () => {
    const password = 'Sup3r-Secret-Pa55word'

    it('closed port → CONNECTION_FAILED within seconds, naming host and port, never the password', async () => {
      const port = await closedPort()
      const bad = userInstance(server, { port, password })
      const started = Date.now()
      const err = await caught(bad.connect())
      expect(Date.now() - started).toBeLessThan(8_000)
      expect(err.code).toBe('CONNECTION_FAILED')
      expect(err.message).toContain(`${server.host}:${port}`)
      expect(err.details).toMatchObject({ host: server.host, port })
      expectNoLeak(err, [password], bad.logger.records)
      // A query on a never-connected Instance fails the same way.
      const viaQuery = await caught(bad.listSchemas())
      expect(viaQuery.code).toBe('CONNECTION_FAILED')
    })

    it('unknown host → CONNECTION_FAILED within seconds, naming host and port, never the password', async () => {
      const host = 'no-such-host.invalid'
      const bad = userInstance(server, { host, password })
      const started = Date.now()
      const err = await caught(bad.connect())
      expect(Date.now() - started).toBeLessThan(8_000)
      expect(err.code).toBe('CONNECTION_FAILED')
      expect(err.message).toContain(`${host}:${server.port}`)
      expect(err.details).toMatchObject({ host, port: server.port })
      expectNoLeak(err, [password], bad.logger.records)
    })
  })

  describe('transactions', () => {
    it('commits on success and rolls everything back when the function throws', async () => {
      await inst.transaction(async () => {
        await Item.insert1({ item_id: 100, label: 'committed' })
      })
      expect(await Item.restrict({ item_id: 100 }).count()).toBe(1)
      const failure = new Error('abort')
      await expect(
        inst.transaction(async () => {
          await Item.insert1({ item_id: 101, label: 'rolled back' })
          expect(await Item.restrict({ item_id: 101 }).count()).toBe(1)
          throw failure
        }),
      ).rejects.toBe(failure)
      expect(await Item.restrict({ item_id: 101 }).count()).toBe(0)
      await inst.run({ sql: `DELETE FROM ${Item.fullTableName} WHERE item_id = 100`, params: [] })
    })

    it('a nested transaction is refused with DataJoint’s message; the outer one goes on', async () => {
      await inst.transaction(async () => {
        await Item.insert1({ item_id: 200, label: 'outer' })
        const err = await caught(inst.transaction(async () => Item.insert1({ item_id: 201, label: 'inner' })))
        expect(err.message).toBe('Nested connections are not supported.')
      })
      expect(await Item.restrict('item_id >= 200').keys()).toEqual([{ item_id: 200 }])
      await inst.run({ sql: `DELETE FROM ${Item.fullTableName} WHERE item_id = 200`, params: [] })
    })

    it.skipIf(backendName === 'pglite')('is isolated: other sessions do not see uncommitted rows', async () => {
      // PGlite is skipped: all its connections share one backend session, hence one transaction.
      const other = testInstance(server, { poolSize: 2 })
      try {
        const seen = await inst.transaction(async () => {
          await Item.insert1({ item_id: 300, label: 'pending' })
          return (await other.freeTable(`${schemaName}.item`)).restrict({ item_id: 300 }).count()
        })
        expect(seen).toBe(0)
        expect(await Item.restrict({ item_id: 300 }).count()).toBe(1)
      } finally {
        await other.close()
        await inst.run({ sql: `DELETE FROM ${Item.fullTableName} WHERE item_id = 300`, params: [] })
      }
    })
  })
})

// PGlite runs one embedded backend: pg_terminate_backend cannot end a session, so there is no way to lose one.
describe.each(TEST_BACKENDS.filter((name) => name !== 'pglite'))('lost connection on %s', (backendName) => {
  let server: TestServer
  let admin: Instance
  let schema: dj.Schema
  const schemaName = uniqueSchemaName('lost')

  beforeAll(async () => {
    ;({ server, inst: admin, schema } = await openTestSchema(backendName, schemaName))
    const Item = await schema.manual('Item', 'item_id : int32\n---\nlabel : varchar(20)')
    await Item.insert([{ item_id: 1, label: 'before' }])
  }, 120_000)

  afterAll(() => closeTestSchema({ schema, inst: admin, server }))

  it('outside a transaction: a killed session is replaced once, with DataJoint’s warning', async () => {
    const inst = testInstance(server, { poolSize: 1 })
    try {
      const Item = await inst.freeTable(`${schemaName}.item`)
      const before = await sessionId(inst, server)
      await killSession(admin, server, before)
      inst.logger.clear()
      expect(await Item.toDicts()).toEqual([{ item_id: 1, label: 'before' }])
      expect(inst.logger.messages('WARNING')).toEqual(['Reconnecting to database server.'])
      expect(await sessionId(inst, server)).not.toBe(before)
      // Once, not on every query.
      await Item.count()
      expect(inst.logger.messages('WARNING')).toEqual(['Reconnecting to database server.'])
    } finally {
      await inst.close()
    }
  })

  it('inside a transaction: rolls back, says so, and the data is as before', async () => {
    const inst = testInstance(server, { poolSize: 2 })
    try {
      const Item = await inst.freeTable(`${schemaName}.item`)
      const before = await Item.toDicts({ orderBy: 'KEY' })
      const err = await caught(
        inst.transaction(async () => {
          await Item.insert1({ item_id: 2, label: 'in transaction' })
          await inst.run({ sql: `UPDATE ${Item.fullTableName} SET label = 'changed' WHERE item_id = 1`, params: [] })
          await killSession(admin, server, await sessionId(inst, server))
          await Item.insert1({ item_id: 3, label: 'after kill' })
        }),
      )
      expect(err.code).toBe('LOST_CONNECTION')
      expect(err.message).toBe('Connection was lost during a transaction.')
      expect(inst.logger.messages('WARNING')).toContain('Reconnecting to database server.')
      expect(await Item.toDicts({ orderBy: 'KEY' })).toEqual(before)
      expect(inst.inTransaction).toBe(false)
      // The Instance is usable, including for a new transaction.
      await inst.transaction(async () => Item.insert1({ item_id: 4, label: 'later' }))
      expect(await Item.keys({ orderBy: 'KEY' })).toEqual([{ item_id: 1 }, { item_id: 4 }])
      await inst.run({ sql: `DELETE FROM ${Item.fullTableName} WHERE item_id = 4`, params: [] })
    } finally {
      await inst.close()
    }
  })
})

describe('access denied', () => {
  const password = 'Thr0waway-Pa55word'
  const user = `jt_user_${process.pid}`

  it('MariaDB: wrong password → ACCESS_DENIED naming host and port, never the password', async () => {
    const server = await startTestServer('mysql')
    const admin = testInstance(server)
    await admin.run({ sql: `CREATE USER '${user}'@'%' IDENTIFIED BY '${password}'`, params: [] })
    try {
      // The user exists and the right password works, so the wrong one is what is refused.
      const good = userInstance(server, { user, password, useTls: false })
      await good.connect()
      await good.close()
      const wrong = `${password}-wrong`
      const bad = userInstance(server, { user, password: wrong })
      const started = Date.now()
      const err = await caught(bad.connect())
      expect(Date.now() - started).toBeLessThan(8_000)
      expect(err.code).toBe('ACCESS_DENIED')
      expect(err.message).toContain(`${user}@${server.host}:${server.port}`)
      expect(err.details).toMatchObject({ host: server.host, port: server.port })
      expectNoLeak(err, [wrong, password], bad.logger.records)
    } finally {
      await admin.run({ sql: `DROP USER IF EXISTS '${user}'@'%'`, params: [] })
      await admin.close()
    }
  })

  it('PostgreSQL: a refused login → ACCESS_DENIED naming host and port, never the password', async () => {
    // The machine's pg_hba.conf trusts 127.0.0.1, so PostgreSQL never checks a password here: the login is
    // refused through the role instead (NOLOGIN, SQLSTATE 28000), which takes the same path.
    const server = await startTestServer('postgresql')
    const admin = testInstance(server)
    await admin.run({ sql: `CREATE ROLE ${user} NOLOGIN PASSWORD '${password}'`, params: [] })
    try {
      const bad = userInstance(server, { user, password })
      const started = Date.now()
      const err = await caught(bad.connect())
      expect(Date.now() - started).toBeLessThan(8_000)
      expect(err.code).toBe('ACCESS_DENIED')
      expect(err.message).toContain(`${user}@${server.host}:${server.port}`)
      expect(err.details).toMatchObject({ host: server.host, port: server.port })
      expectNoLeak(err, [password], bad.logger.records)
    } finally {
      await admin.run({ sql: `DROP ROLE IF EXISTS ${user}`, params: [] })
      await admin.close()
    }
  })
})

describe('two Instances at once', () => {
  const servers: TestServer[] = []
  const instances: Instance[] = []
  const schemas: dj.Schema[] = []
  // The same schema name on every server: the catalogs must not mix.
  const schemaName = uniqueSchemaName('pair')

  beforeAll(async () => {
    servers.push(...(await Promise.all(TEST_BACKENDS.map((name) => startTestServer(name)))))
    instances.push(...servers.map((server) => testInstance(server)))
  }, 120_000)

  afterAll(async () => {
    await Promise.all(schemas.map((schema) => schema.drop({ prompt: false })))
    await Promise.all(instances.map((instance) => instance.close()))
    await Promise.all(servers.map((server) => server.stop()))
  })

  it('declare, insert and fetch concurrently on PostgreSQL, MariaDB and PGlite without shared state', async () => {
    const results = await Promise.all(
      instances.map(async (instance, i) => {
        const schema = await instance.schema(schemaName)
        schemas.push(schema)
        // A different definition per server under the same name.
        const Thing = await schema.manual('Thing', `thing_id : int32\n---\nfrom_${i} : varchar(20)`)
        await Thing.insert(Array.from({ length: 50 + i }, (_, k) => ({ thing_id: k, [`from_${i}`]: `${servers[i]?.name} ${k}` })))
        instance.config.display.limit = 3 + i
        const [count, first] = await Promise.all([Thing.count(), Thing.toDicts({ limit: 1 })])
        return { names: Thing.heading.names, count, first }
      }),
    )
    results.forEach((result, i) => {
      expect(result.names).toEqual(['thing_id', `from_${i}`])
      expect(result.count).toBe(50 + i)
      expect(result.first).toEqual([{ thing_id: 0, [`from_${i}`]: `${servers[i]?.name} 0` }])
      expect(instances[i]?.config.display.limit).toBe(3 + i)
    })
  })

  it('combining expressions of two Instances is a MIXED_INSTANCES error with DataJoint’s message', async () => {
    const [pg, my] = instances as [Instance, Instance]
    const A = await pg.freeTable(`${schemaName}.thing`)
    const B = await my.freeTable(`${schemaName}.thing`)
    // Another Instance on the very same server is a different connection too.
    const sameServer = testInstance(servers[0] as TestServer)
    try {
      const C = await sameServer.freeTable(`${schemaName}.thing`)
      const attempts: (() => unknown)[] = [
        () => A.join(B),
        () => A.join(C),
        () => A.restrict(B),
        () => A.restrict([B]),
        () => A.exclude(B),
        () => A.union(C),
        () => A.proj().aggr(C, { n: 'count(*)' }),
        () => A.restrict(dj.not(B)),
        () => A.restrict(dj.and([B])),
      ]
      for (const attempt of attempts) {
        let error: unknown
        try {
          attempt()
        } catch (err) {
          error = err
        }
        expect(error, String(attempt)).toBeInstanceOf(dj.DataJointError)
        expect((error as dj.DataJointError).code, String(attempt)).toBe('MIXED_INSTANCES')
        expect((error as dj.DataJointError).message).toBe(MIXED)
      }
      // Inserting the rows of another Instance's query (INSERT … SELECT runs on one connection).
      const err = await caught(A.insert(C.restrict('thing_id < 3')))
      expect(err.code).toBe('MIXED_INSTANCES')
      expect(err.message).toBe(MIXED)
    } finally {
      await sameServer.close()
    }
  })
})
