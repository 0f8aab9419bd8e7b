// Property tests of the algebra on real servers: for random trees over the university data, count() equals the
// number of fetched rows, and PostgreSQL, MariaDB and PGlite return the same rows.

import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Instance } from '../instance/instance'
import { QueryExpression } from '../table/expression'
import { arbitraryQuery } from '../testing/arbitrary-query'
import { TEST_BACKENDS, startTestServer, testInstance, uniqueSchemaName, type TestBackendName, type TestServer } from '../testing/backends'
import { declareUniversity, loadUniversity, type University } from '../testing/university'

interface Side {
  readonly name: TestBackendName
  readonly server: TestServer
  readonly instance: Instance
  readonly university: University
}

/** Values compared across backends: PostgreSQL pads char(n), MariaDB does not. */
function canonical(rows: readonly Record<string, unknown>[]): string[] {
  return rows
    .map((row) => JSON.stringify(Object.entries(row).map(([k, v]) => [k, typeof v === 'string' ? v.trimEnd() : typeof v === 'bigint' ? Number(v) : v])))
    .sort()
}

describe('algebra properties on PostgreSQL, MariaDB and PGlite', () => {
  const sides: Side[] = []
  const schema = uniqueSchemaName('props')

  beforeAll(async () => {
    for (const name of TEST_BACKENDS) {
      const server = await startTestServer(name)
      const instance = testInstance(server)
      const university = await declareUniversity(instance, schema)
      await loadUniversity(university)
      sides.push({ name, server, instance, university })
    }
  }, 600_000)

  afterAll(async () => {
    for (const side of sides) {
      await side.university.schema.drop({ prompt: false })
      await side.instance.close()
      await side.server.stop()
    }
  })

  it('count() equals the fetched rows, and every backend returns the same rows', async () => {
    let checked = 0
    await fc.assert(
      fc.asyncProperty(arbitraryQuery(schema), async (expr) => {
        const first = sides[0] as Side
        const query = new QueryExpression(first.instance, expr)
        try {
          query.resolve()
        } catch {
          return
        }
        checked += 1
        const results: string[][] = []
        for (const side of sides) {
          const q = new QueryExpression(side.instance, expr)
          const rows = await q.toDicts()
          expect(await q.count(), `${side.name}: count vs fetch`).toBe(rows.length)
          results.push(canonical(rows))
        }
        for (let i = 1; i < results.length; i += 1) expect(results[i], `${sides[i]?.name} vs ${sides[0]?.name}`).toEqual(results[0])
      }),
      { numRuns: 80, seed: 20261121 },
    )
    expect(checked).toBeGreaterThan(50)
  })
})
