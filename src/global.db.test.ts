// DataJoint's global pattern on real servers: dj.config / dj.conn() / dj.schema() / dj.freeTable() work when
// pointed at a server, follow later changes to dj.config, and raise ThreadSafetyError under DJ_THREAD_SAFE.

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import * as dj from './index'
import { TEST_BACKENDS, startTestServer, testInstance, uniqueSchemaName, type TestServer } from './testing/backends'

const THREAD_SAFETY_MESSAGE = 'Global DataJoint state is disabled in thread-safe mode. Use dj.Instance() to create an isolated instance.'

function expectThreadSafetyError(error: unknown): void {
  expect(error).toBeInstanceOf(dj.ThreadSafetyError)
  expect(error).toBeInstanceOf(dj.DataJointError)
  expect((error as dj.DataJointError).code).toBe('THREAD_SAFETY')
  expect((error as dj.DataJointError).message).toBe(THREAD_SAFETY_MESSAGE)
}

function thrown(fn: () => unknown): unknown {
  try {
    fn()
  } catch (err) {
    return err
  }
  throw new Error('expected an error')
}

async function rejected(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (err) {
    return err
  }
  throw new Error('expected a rejection')
}

const saved = process.env['DJ_THREAD_SAFE']

afterEach(() => {
  if (saved === undefined) delete process.env['DJ_THREAD_SAFE']
  else process.env['DJ_THREAD_SAFE'] = saved
})

describe('DJ_THREAD_SAFE', () => {
  let server: TestServer

  beforeAll(async () => {
    server = await startTestServer('postgresql')
  })

  it.each(['true', '1', 'yes', 'TRUE', 'Yes'])('DJ_THREAD_SAFE=%s disables every global entry point', async (value) => {
    process.env['DJ_THREAD_SAFE'] = value
    expectThreadSafetyError(thrown(() => dj.config.safemode))
    expectThreadSafetyError(thrown(() => dj.config.database.host))
    expectThreadSafetyError(
      thrown(() => {
        dj.config.safemode = false
      }),
    )
    expectThreadSafetyError(thrown(() => dj.config.get('display.limit')))
    expectThreadSafetyError(thrown(() => 'safemode' in dj.config))
    expectThreadSafetyError(await rejected(dj.conn()))
    expectThreadSafetyError(await rejected(dj.schema('jt_never_created')))
    expectThreadSafetyError(await rejected(dj.freeTable('jt_never.created')))
    expectThreadSafetyError(await rejected(dj.listSchemas()))
  })

  it('is read at every check, and dj.Instance keeps working while it is on', async () => {
    process.env['DJ_THREAD_SAFE'] = 'true'
    expectThreadSafetyError(thrown(() => dj.config.display.limit))
    const inst = testInstance(server)
    try {
      expect(await inst.listSchemas()).toEqual(expect.any(Array))
      expect(inst.config.display.limit).toBe(12)
    } finally {
      await inst.close()
    }
    for (const value of ['false', '0', 'no', '']) {
      process.env['DJ_THREAD_SAFE'] = value
      expect(typeof dj.config.display.limit).toBe('number')
    }
    delete process.env['DJ_THREAD_SAFE']
    expect(typeof dj.config.safemode).toBe('boolean')
  })
})

describe.each(TEST_BACKENDS)('the global connection on %s', (backendName) => {
  let server: TestServer
  const schemaName = uniqueSchemaName('global')

  beforeAll(async () => {
    delete process.env['DJ_THREAD_SAFE']
    server = await startTestServer(backendName)
    dj.config.database.backend = server.backend
    dj.config.database.host = server.host
    dj.config.database.port = server.port
    dj.config.database.user = server.user
    dj.config.database.password = server.password
    dj.config.database.useTls = false
    dj.config.safemode = true
  }, 120_000)

  afterAll(async () => {
    delete process.env['DJ_THREAD_SAFE']
    const inst = await dj.conn()
    await inst.run(inst.dialect.createCompiler().compile({ kind: 'dropSchema', schema: schemaName })).catch(() => undefined)
    await inst.close()
    await server?.stop()
  })

  it('dj.conn() connects from dj.config and returns the same Instance until reset', async () => {
    const first = await dj.conn({ reset: true })
    expect(first.host).toBe(server.host)
    expect(first.port).toBe(server.port)
    expect(first.dialect.backend).toBe(server.backend)
    expect(await dj.conn()).toBe(first)
    const again = await dj.conn({ reset: true })
    expect(again).not.toBe(first)
    expect(first.isConnected).toBe(false)
    expect(await dj.conn()).toBe(again)
  })

  it('dj.schema() and dj.freeTable() work on it', async () => {
    const schema = await dj.schema(schemaName)
    const Thing = await schema.manual('Thing', 'thing_id : int32\n---\nname : varchar(20)')
    await Thing.insert([1, 2, 3, 4].map((i) => ({ thing_id: i, name: `thing ${i}` })))
    const free = await dj.freeTable(`${schemaName}.thing`)
    expect(free.context).toBe(await dj.conn())
    expect(await free.toDicts({ orderBy: 'KEY', limit: 2 })).toEqual([
      { thing_id: 1, name: 'thing 1' },
      { thing_id: 2, name: 'thing 2' },
    ])
    expect(await dj.listSchemas()).toContain(schemaName)
    // An Instance's expressions do not mix with the global connection's.
    const inst = testInstance(server, { poolSize: 1 })
    try {
      const other = await inst.freeTable(`${schemaName}.thing`)
      expect(() => free.join(other)).toThrow(
        'Cannot operate on expressions from different connections. Ensure both operands use the same dj.Instance or global connection.',
      )
    } finally {
      await inst.close()
    }
  })

  it('follows later changes to dj.config, as DataJoint’s global connection does', async () => {
    const free = await dj.freeTable(`${schemaName}.thing`)
    dj.config.display.limit = 2
    try {
      const preview = await free.preview()
      expect(preview).toContain('thing 2')
      expect(preview).not.toContain('thing 3')
    } finally {
      dj.config.display.limit = 12
    }
    const scratch = uniqueSchemaName('global_safe')
    const schema = await dj.schema(scratch)
    await expect(schema.drop()).rejects.toThrow(/needs confirmation/)
    dj.config.safemode = false
    try {
      await schema.drop()
    } finally {
      dj.config.safemode = true
    }
    expect(await dj.listSchemas()).not.toContain(scratch)
  })

  it('an unconfigured user is DataJoint’s configuration error', async () => {
    dj.config.database.user = null
    try {
      const err = await rejected(dj.conn({ reset: true }))
      expect(err).toBeInstanceOf(dj.DataJointError)
      expect((err as dj.DataJointError).message).toBe(
        "Database user not configured. Set dj.config['database.user'] or DJ_USER environment variable.",
      )
    } finally {
      dj.config.database.user = server.user
    }
    await dj.conn({ reset: true })
  })
})
