import fc from 'fast-check'
import { describe, expect, it, vi } from 'vitest'
import { DataJointError } from '../../../src/errors/datajoint-error'
import { createMemoryLogger } from '../../../src/instance/logger'
import { CHANNELS } from '../../ipc/channels'
import { MODIFYING_CHANNELS, contract, type Channel, type Input } from '../../ipc/contract'
import type { Handlers } from '../../services/handlers'
import { createDispatcher } from './dispatch'

const table = { kind: 'table', schema: 'lab', table: 'subject' } as const
const draft = { name: 'Lab', backend: 'mysql', host: 'db.example.org', port: 3306, user: 'alice', tls: 'auto', readOnly: false, color: '#123abc' } as const

/** One valid input per channel (a missing channel does not compile). */
const VALID: { readonly [C in Channel]: Input<C> } = {
  'app.info': {},
  'connections.list': {},
  'connections.save': { profile: draft, password: 'pw' },
  'connections.delete': { profileId: 'p-1' },
  'connections.test': { profile: draft },
  'connections.import': { path: '/home/alice/pipeline/datajoint.json' },
  'tabs.open': { profileId: 'p-1' },
  'tabs.close': { tabId: 't-1' },
  'tabs.list': {},
  'tabs.reconnect': { tabId: 't-1' },
  'schema.list': { tabId: 't-1' },
  'schema.tables': { tabId: 't-1', schema: 'lab' },
  'table.detail': { tabId: 't-1', schema: 'lab', table: 'subject' },
  'table.rowCounts': { tabId: 't-1', schema: 'lab', tables: ['subject'], estimate: true },
  'query.fetch': { tabId: 't-1', requestId: 'r-1', expr: table, orderBy: [], limit: 50, offset: 0 },
  'query.count': { tabId: 't-1', requestId: 'r-1', expr: table, estimate: true },
  'query.cancel': { tabId: 't-1', requestId: 'r-1' },
  'query.explain': { tabId: 't-1', expr: table },
  'query.exportBatch': { tabId: 't-1', requestId: 'r-1', expr: table, orderBy: [], offset: 0, limit: 1000 },
  'cell.value': { tabId: 't-1', schema: 'lab', table: 'subject', key: { subject_id: 1 }, attribute: 'notes' },
  'table.insert': { tabId: 't-1', schema: 'lab', table: 'subject', rows: [{ subject_id: 1 }] },
  'demo.reset': {},
}

function spyHandlers() {
  const spies = Object.fromEntries(CHANNELS.map((c) => [c, vi.fn(async () => ({}))])) as unknown as Record<Channel, ReturnType<typeof vi.fn>>
  return { spies, handlers: spies as unknown as Handlers }
}

function deep(depth: number): unknown {
  let value: unknown = 'leaf'
  for (let i = 0; i < depth; i += 1) value = { a: value }
  return value
}

const ctx = { clientId: 'test' }

describe('dispatcher: malformed input never reaches a handler', () => {
  const { spies, handlers } = spyHandlers()
  const dispatch = createDispatcher({ handlers, isReadOnly: () => false, logger: createMemoryLogger() })

  const expectRejected = async (channel: Channel, input: unknown): Promise<void> => {
    const result = await dispatch(channel, input, ctx)
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.error.code).toBe('INVALID_INPUT')
      expect(result.error.message.length).toBeLessThan(1000)
    }
  }

  it.each(CHANNELS)('%s: the valid sample reaches its handler', async (channel) => {
    const before = spies[channel].mock.calls.length
    const result = await dispatch(channel, VALID[channel], ctx)
    expect(result).toEqual({ ok: true, value: {} })
    expect(spies[channel].mock.calls.length).toBe(before + 1)
  })

  it.each(CHANNELS)('%s: random junk, wrong types, extra keys, huge strings, deep nesting', async (channel) => {
    const schema = contract[channel].input
    const before = spies[channel].mock.calls.length
    let rejected = 0
    await fc.assert(
      fc.asyncProperty(fc.anything({ maxDepth: 4, withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withNullPrototype: true }), async (junk) => {
        if (schema.safeParse(junk).success) return
        rejected += 1
        await expectRejected(channel, junk)
      }),
      { numRuns: 150 },
    )
    const valid = VALID[channel] as Record<string, unknown>
    const keys = Object.keys(valid)
    const mutations: unknown[] = [
      { ...valid, extra: 1 },
      { ...valid, __proto__: { polluted: true }, constructor: 'x' },
      [valid],
      JSON.stringify(valid),
      null,
      undefined,
      42,
      deep(10_000),
      Array.from({ length: 100_000 }, () => valid),
    ]
    for (const key of keys) {
      const { [key]: _dropped, ...missing } = valid
      mutations.push(missing)
      for (const wrong of [null, 12345, 'x'.repeat(1_000_000), true, [], {}, deep(5000), -1, 1.5, Number.NaN]) {
        if (Object.is(wrong, valid[key])) continue
        mutations.push({ ...valid, [key]: wrong })
      }
    }
    for (const mutation of mutations) {
      if (schema.safeParse(mutation).success) continue
      rejected += 1
      await expectRejected(channel, mutation)
    }
    expect(rejected).toBeGreaterThan(10)
    expect(spies[channel].mock.calls.length).toBe(before)
  })

  it('refuses channels outside the contract', async () => {
    for (const name of ['fs.read', '__proto__', 'constructor', 'toString', '', 7, null]) {
      const result = await dispatch(name, {}, ctx)
      expect(result.ok ? 'ok' : result.error.code).toBe('INVALID_INPUT')
    }
  })

  it('rejects an expression tree deeper than the AST bounds', async () => {
    let expr: unknown = table
    for (let i = 0; i < 200; i += 1) expr = { kind: 'restrict', input: expr, condition: { kind: 'const', value: true }, semanticCheck: true }
    const before = spies['query.fetch'].mock.calls.length
    await expectRejected('query.fetch', { ...VALID['query.fetch'], expr })
    expect(spies['query.fetch'].mock.calls.length).toBe(before)
  })
})

describe('dispatcher: read-only tabs', () => {
  it('refuses every modifying channel with READ_ONLY before the handler runs', async () => {
    expect(MODIFYING_CHANNELS.size).toBeGreaterThan(0)
    const { spies, handlers } = spyHandlers()
    const readOnly = createDispatcher({ handlers, isReadOnly: (tabId) => tabId === 't-1', logger: createMemoryLogger() })
    for (const channel of MODIFYING_CHANNELS) {
      const result = await readOnly(channel, VALID[channel], ctx)
      expect(result.ok ? 'ok' : result.error.code).toBe('READ_ONLY')
      expect(spies[channel]).not.toHaveBeenCalled()
      const other = await readOnly(channel, { ...(VALID[channel] as object), tabId: 't-2' }, ctx)
      expect(other.ok).toBe(true)
    }
    // Reading is still allowed on a read-only tab.
    expect((await readOnly('query.fetch', VALID['query.fetch'], ctx)).ok).toBe(true)
  })
})

describe('dispatcher: errors become WireErrors', () => {
  const run = async (error: unknown, options: { includeSql?: boolean } = {}) => {
    const logger = createMemoryLogger()
    const { spies, handlers } = spyHandlers()
    spies['schema.list'].mockRejectedValue(error)
    const dispatch = createDispatcher({ handlers, isReadOnly: () => false, logger, ...options })
    return { result: await dispatch('schema.list', VALID['schema.list'], ctx), logger }
  }

  it('keeps a DataJointError code, message and details (SQL only in development)', async () => {
    const error = new DataJointError('DUPLICATE', 'Duplicate entry', { table: 'lab.subject', sql: 'INSERT …' })
    expect((await run(error)).result).toEqual({ ok: false, error: { code: 'DUPLICATE', message: 'Duplicate entry', details: { table: 'lab.subject' } } })
    expect((await run(error, { includeSql: true })).result).toMatchObject({ error: { details: { sql: 'INSERT …' } } })
  })

  it('turns a bug into INTERNAL with a reference; the stack stays in the main log', async () => {
    const { result, logger } = await run(new TypeError('secret detail: cannot read x of undefined'))
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.error.code).toBe('INTERNAL')
    expect(result.error.message).not.toContain('secret detail')
    const ref = /ref ([0-9a-f]+)/.exec(result.error.message)?.[1]
    expect(ref).toBeDefined()
    const logged = logger.messages('ERROR').join('\n')
    expect(logged).toContain(`INTERNAL ${ref ?? ''}`)
    expect(logged).toContain('TypeError: secret detail')
    expect(logged).toMatch(/at .*dispatch\.test\.ts/)
  })

  it('checks outputs against the contract when asked', async () => {
    const { spies, handlers } = spyHandlers()
    spies['schema.list'].mockResolvedValue([1, 2])
    const logger = createMemoryLogger()
    const strict = createDispatcher({ handlers, isReadOnly: () => false, logger, validateOutputs: true })
    expect((await strict('schema.list', VALID['schema.list'], ctx)).ok).toBe(false)
    spies['schema.list'].mockResolvedValue(['lab'])
    expect(await strict('schema.list', VALID['schema.list'], ctx)).toEqual({ ok: true, value: ['lab'] })
  })
})
