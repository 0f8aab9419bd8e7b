// A cascade whose keys are materialised and bound as values, far too many for one statement (PostgreSQL binds at
// most 65,535 parameters; 200,000 two-column keys need 400,000): every key of a 200,000-row parent is deleted in
// batches within one transaction, and a failure between two batches leaves both tables unchanged. A list of
// two-column dicts restricts a SELECT through the same list of rows.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CompiledQuery } from '../adapters/driver'
import * as dj from '../index'
import type { Instance } from '../instance/instance'
import type { MemoryLogger } from '../instance/logger'
import type { Schema } from '../schema/schema'
import { startTestServer, testInstance, uniqueSchemaName, type TestServer } from '../testing/backends'
import { caught } from '../testing/failures'
import { cascadeDelete } from './delete'
import type { Table } from './table'

const PARENTS = 200_000
/** Parents with b below this have one child each: 200 values of a × 1,000 values of b, so every parent. */
const WITH_CHILD = 1000
const DELETED = 200 * WITH_CHILD

describe.each(['postgresql', 'mysql'] as const)('a cascade of %s-many materialised keys', (backendName) => {
  let server: TestServer
  let inst: Instance & { readonly logger: MemoryLogger }
  let schema: Schema
  let Parent: Table
  let Child: Table

  beforeAll(async () => {
    server = await startTestServer(backendName)
    inst = testInstance(server, { poolSize: 2 })
    schema = await inst.schema(uniqueSchemaName('delbatch'))
    Parent = await schema.manual('Parent', 'a : int32\nb : int32')
    Child = await schema.manual('Child', '-> Parent\nc : int32')
    // a = n / 1000, b = n % 1000, generated on the server: 200,000 rows through the client would be slow.
    const parents =
      backendName === 'postgresql'
        ? `INSERT INTO ${Parent.fullTableName} SELECT n / 1000, n % 1000 FROM generate_series(0, ${PARENTS - 1}) AS n`
        : `INSERT INTO ${Parent.fullTableName} SELECT seq DIV 1000, seq % 1000 FROM ${inst.dialect.createCompiler().quote(schema.name)}.seq_0_to_${PARENTS - 1}`
    await inst.run({ sql: parents, params: [] })
    const placeholder = backendName === 'postgresql' ? '$1' : '?'
    await inst.run({ sql: `INSERT INTO ${Child.fullTableName} SELECT a, b, 1 FROM ${Parent.fullTableName} WHERE b < ${placeholder}`, params: [WITH_CHILD] })
  }, 120_000)

  afterAll(async () => {
    await schema?.drop({ prompt: false })
    await inst?.close()
    await server?.stop()
  })

  /** `Parent & Child` reads Child, which the cascade deletes from first, so the parents' keys are read beforehand. */
  const seed = () => Parent.restrict(Child)

  it('restricts by a list of two-column dicts (one IN list of rows) in SELECT as in DELETE', async () => {
    const keys = [
      { a: 0, b: 1 },
      { a: 3, b: 999 },
      { a: 250, b: 0 },
    ]
    expect(await Parent.restrict(keys).count()).toBe(2)
    expect(await Parent.restrict(keys).keys({ orderBy: 'KEY' })).toEqual(keys.slice(0, 2))
    expect(await Parent.exclude(keys).count()).toBe(PARENTS - 2)
  }, 60_000)

  it('leaves both tables unchanged when a statement between two batches fails', async () => {
    const err = await caught(
      cascadeDelete(inst, seed().expr, { prompt: false }, {
        beforeStatement: async (_statement, index) => {
          if (index === 1) throw new dj.DataJointError('CANCELLED', 'stopped by the test')
        },
      }),
    )
    expect(err.code).toBe('CANCELLED')
    expect(await Parent.count()).toBe(PARENTS)
    expect(await Child.count()).toBe(DELETED)
  }, 60_000)

  it('deletes every key, in statements within the dialect’s limits, and counts each row once', async () => {
    const statements: { table: string; statement: CompiledQuery }[] = []
    const deleted = await cascadeDelete(inst, seed().expr, { prompt: false }, {
      beforeStatement: async (statement, _index, table) => {
        statements.push({ table, statement })
      },
    })
    expect(deleted).toBe(DELETED)
    expect(await Parent.count()).toBe(PARENTS - DELETED)
    expect(await Child.count()).toBe(0)
    expect(inst.logger.messages('INFO')).toContain(`Deleting ${DELETED} rows from ${Child.fullTableName}`)
    expect(inst.logger.messages('INFO')).toContain(`Deleting ${DELETED} rows from ${Parent.fullTableName}`)

    const { maxParameters } = inst.dialect.capabilities.statementLimits
    for (const { statement } of statements) if (maxParameters !== null) expect(statement.params.length).toBeLessThanOrEqual(maxParameters)
    const childStatements = statements.filter((s) => s.table === Child.fullTableName)
    // Two values per key, each bound once across the child's statements.
    expect(childStatements.reduce((n, s) => n + s.statement.params.length, 0)).toBe(2 * DELETED)
    if (backendName === 'postgresql') expect(childStatements.length).toBeGreaterThan(6)
  }, 180_000)
})
