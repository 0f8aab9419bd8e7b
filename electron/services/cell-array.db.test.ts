// Numeric `<blob>` arrays through `cell.value` on real servers: dtype, shape and the element bytes for drawing and
// `.npy`; other blobs without them; an array over the element limit with a note instead.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type * as dj from '../../src/index'
import type { Instance } from '../../src/instance/instance'
import { closeTestSchema, openTestSchema, uniqueSchemaName, type TestServer } from '../../src/testing/backends'
import type { Tab } from '../ipc/contract'
import { createHarness, type Harness } from '../testing/service-harness'
import { MAX_ARRAY_ELEMENTS } from './cells'

const FIELD = [1.5, -2, 0, 3.25, 1e-9, -7]

describe.each(['postgresql', 'mysql'] as const)('numeric blob arrays on %s', (backendName) => {
  let server: TestServer
  let inst: Instance
  let schema: dj.Schema
  let harness: Harness
  let tab: Tab
  const schemaName = uniqueSchemaName('cell_array')

  beforeAll(async () => {
    ;({ server, inst, schema } = await openTestSchema(backendName, schemaName))
    const recording = await schema.manual('Recording', 'k : int32\n---\nvalue : <blob>')
    await recording.insert([
      { k: 1, value: { __blob__: 'ndarray', dtype: 'float64', shape: [2, 3], data: FIELD } },
      { k: 2, value: { __blob__: 'ndarray', dtype: 'int64', shape: [3], data: [-1, 9007199254740993n, 2] } },
      { k: 3, value: { __blob__: 'ndarray', dtype: 'bool', shape: [2], data: [true, false] } },
      { k: 4, value: { a: 1 } },
      { k: 5, value: { __blob__: 'ndarray', dtype: 'uint8', shape: [MAX_ARRAY_ELEMENTS + 1], data: Array.from({ length: MAX_ARRAY_ELEMENTS + 1 }, () => 0) } },
    ])
    harness = createHarness()
    const profile = await harness.value('connections.save', {
      profile: { name: backendName, backend: server.backend, host: server.host, port: server.port, user: server.user, tls: 'disabled', readOnly: false, color: '#000000' },
      password: server.password,
    })
    tab = await harness.value('tabs.open', { profileId: profile.id })
  }, 120_000)

  afterAll(async () => {
    await harness?.dispose()
    await closeTestSchema({ schema, inst, server })
  })

  const cell = (k: number) => harness.value('cell.value', { tabId: tab.tabId, schema: schemaName, table: 'recording', attribute: 'value', key: { k } })

  it('sends a numeric array as dtype, shape and little-endian element bytes', async () => {
    const field = await cell(1)
    expect(field.array).toMatchObject({ dtype: 'float64', shape: [2, 3] })
    expect([...new Float64Array(new Uint8Array(Buffer.from(field.array!.data, 'base64')).buffer)]).toEqual(FIELD)
    const big = await cell(2)
    const bytes = Buffer.from(big.array!.data, 'base64')
    expect([0, 8, 16].map((offset) => bytes.readBigInt64LE(offset))).toEqual([-1n, 9007199254740993n, 2n])
    const flags = await cell(3)
    expect(flags.array).toEqual({ dtype: 'bool', shape: [2], data: Buffer.from([1, 0]).toString('base64') })
  })

  it('sends no array for other blobs, and a note for an array over the limit', async () => {
    const dict = await cell(4)
    expect(dict.array).toBeUndefined()
    expect(JSON.parse(dict.text)).toEqual({ a: 1 })
    const huge = await cell(5)
    expect(huge.array).toBeUndefined()
    expect(huge.arrayNote).toMatch(/4,000,001 elements; arrays up to 4,000,000 elements/)
  })
}, 180_000)
