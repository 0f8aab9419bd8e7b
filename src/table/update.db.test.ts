// update1 on PostgreSQL 15, MariaDB and PGlite: DataJoint's checks and messages (`update1`), the statement it
// runs, values encoded like inserts (uuid, json, blob, bool, decimal), and null resetting to the default.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { CompiledQuery, QueryResult } from '../adapters/driver'
import * as dj from '../index'
import type { Instance } from '../instance/instance'
import { TEST_BACKENDS, startTestServer, testInstance, uniqueSchemaName, type TestServer } from '../testing/backends'
import { declareProbe, fillProbe, type Probe } from '../testing/probe'

async function message(promise: Promise<unknown>): Promise<string> {
  try {
    await promise
  } catch (err) {
    if (err instanceof dj.DataJointError) return err.message
    throw err
  }
  throw new Error('expected a DataJointError')
}

describe.each(TEST_BACKENDS)('update1 on %s', (backendName) => {
  let server: TestServer
  let inst: Instance
  let probe: Probe
  const statements: string[] = []

  beforeAll(async () => {
    server = await startTestServer(backendName)
    inst = testInstance(server, { poolSize: 2 })
    const run = inst.run.bind(inst)
    inst.run = (query: CompiledQuery): Promise<QueryResult> => {
      statements.push(query.sql)
      return run(query)
    }
    probe = await declareProbe(inst, uniqueSchemaName('upd'), uniqueSchemaName('updx'))
  }, 120_000)

  afterAll(async () => {
    await probe?.other.drop({ prompt: false })
    await probe?.main.drop({ prompt: false })
    await inst?.close()
    await server?.stop()
  })

  beforeEach(async () => {
    await fillProbe(probe)
    statements.length = 0
  })

  it('updates one row by its key with DataJoint statement shape', async () => {
    await probe.Lab.update1({ lab_id: 2, institution: 'Caltech' })
    const q = (id: string) => (server.backend === 'mysql' ? `\`${id}\`` : `"${id}"`)
    const p = (n: number, cast = '') => (server.backend === 'mysql' ? '?' : `$${n}${cast}`)
    // The key value is a literal of its own type (PostgreSQL: an integer parameter), as DataJoint writes `lab_id=2`.
    expect(statements.at(-1)).toBe(`UPDATE ${probe.Lab.fullTableName} SET ${q('institution')} = ${p(1)} WHERE (${q('lab_id')} = ${p(2, '::integer')})`)
    expect(await probe.Lab.toDicts({ orderBy: 'KEY' })).toEqual([
      { lab_id: 1, lab_name: 'One', institution: 'MIT', founded: null },
      { lab_id: 2, lab_name: 'Two', institution: 'Caltech', founded: null },
    ])
  })

  it('null resets a column to its default (NULL for nullable columns)', async () => {
    await probe.Lab.update1({ lab_id: 1, institution: 'Harvard', founded: '1999-09-09' })
    await probe.Lab.update1({ lab_id: 1, institution: null, founded: null })
    expect(await probe.Lab.restrict({ lab_id: 1 }).fetch1()).toEqual({ lab_id: 1, lab_name: 'One', institution: 'MIT', founded: null })
  })

  it('encodes values like insert: uuid, json, blob, bool, decimal, enum', async () => {
    const uid = '0a1b2c3d-4e5f-6789-abcd-ef0123456789'
    await probe.Subject.update1({ subject_id: 10, uid, info: { a: [1, 2] }, pic: [1, 2, 3], alive: false, price: '7.125', sex: 'M' })
    const row = await probe.Subject.restrict({ subject_id: 10 }).proj('uid', 'info', 'alive', 'price', 'sex').fetch1()
    expect(row).toEqual({ subject_id: 10, uid, info: { a: [1, 2] }, alive: false, price: '7.125', sex: 'M' })
    expect(await probe.Subject.restrict({ uid }).count()).toBe(1)
  })

  it("refuses what DataJoint refuses, with its messages, before changing anything", async () => {
    const before = await probe.Lab.toDicts({ orderBy: 'KEY' })
    expect(await message(probe.Lab.update1([1, 'x'] as unknown as dj.Row))).toBe('The argument of update1 must be dict-like.')
    expect(await message(probe.Lab.update1({ institution: 'x' }))).toBe('The argument of update1 must supply all primary key values.')
    expect(await message(probe.Lab.update1({ lab_id: 1, nope: 'x' }))).toBe('Attribute `nope` not found.')
    expect(await message(probe.Lab.restrict({ lab_id: 1 }).update1({ lab_id: 1, institution: 'x' }))).toBe(
      'Update cannot be applied to a restricted table.',
    )
    expect(await message(probe.Lab.update1({ lab_id: 99, institution: 'x' }))).toBe('Update can only be applied to one existing entry.')
    expect(await probe.Lab.toDicts({ orderBy: 'KEY' })).toEqual(before)
  })

  it('updates a part and a foreign-key attribute, and the server still checks references', async () => {
    await probe.Trial.update1({ subject_id: 10, session: 1, trial: 2, score: 9.5 })
    expect(await probe.Trial.restrict({ subject_id: 10, session: 1, trial: 2 }).fetch1()).toMatchObject({ score: 9.5 })
    await probe.Subject.update1({ subject_id: 30, lab_id: 2, researcher_id: 3 })
    const err = await probe.Subject.update1({ subject_id: 30, lab_id: 2, researcher_id: 9 }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(dj.DataJointError)
    expect((err as dj.DataJointError).code).toBe('INTEGRITY')
  })
})
