import fc from 'fast-check'
import { describe, expect, it, vi } from 'vitest'
import { DataJointError } from '../../../src/errors/datajoint-error'
import { createMemoryLogger } from '../../../src/instance/logger'
import { CHANNELS, contract, type Channel } from '../../ipc/contract'
import type { Handlers } from '../../services/handlers'
import { createDispatcher } from './dispatch'
import { VALID } from '../../testing/channel-inputs'

const table = { kind: 'table', schema: 'lab', table: 'subject' } as const

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
  const modifying = CHANNELS.filter((channel) => contract[channel].modifiesData)
  const namesTab = (channel: Channel): boolean => Object.hasOwn(VALID[channel], 'tabId')

  it('knows which channels modify data', () => {
    expect(modifying).toEqual(['table.insert', 'entry.insert', 'entry.update', 'entry.delete', 'entry.commit', 'schema.create', 'table.declare', 'table.drop', 'schema.drop', 'demo.reset', 'compare.copy'])
  })

  it('refuses every channel that modifies data through a tab with READ_ONLY before the handler runs', async () => {
    const throughTab = modifying.filter(namesTab)
    expect(throughTab.length).toBeGreaterThan(0)
    const { spies, handlers } = spyHandlers()
    const readOnly = createDispatcher({ handlers, isReadOnly: (tabId) => tabId === 't-1', logger: createMemoryLogger() })
    for (const channel of throughTab) {
      const result = await readOnly(channel, VALID[channel], ctx)
      expect(result.ok ? 'ok' : result.error.code).toBe('READ_ONLY')
      expect(spies[channel]).not.toHaveBeenCalled()
      const other = await readOnly(channel, { ...(VALID[channel] as object), tabId: 't-2' }, ctx)
      expect(other.ok).toBe(true)
    }
  })

  it('lets every channel that only reads through a read-only tab', async () => {
    const { handlers } = spyHandlers()
    const readOnly = createDispatcher({ handlers, isReadOnly: () => true, logger: createMemoryLogger() })
    for (const channel of CHANNELS.filter((c) => !contract[c].modifiesData && namesTab(c))) {
      expect((await readOnly(channel, VALID[channel], ctx)).ok, channel).toBe(true)
    }
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
