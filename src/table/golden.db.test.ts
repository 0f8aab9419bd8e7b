// The university golden corpus (src/testing/fixtures/university/golden.json): every query written with the engine's
// API, run on PostgreSQL, MariaDB and PGlite, compared with what DataJoint Python returned.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as dj from '../index'
import type { QueryExpression } from './expression'
import { TEST_BACKENDS, startTestServer, testInstance, uniqueSchemaName, type TestServer } from '../testing/backends'
import { golden, QUERIES, type GoldenQuery } from '../testing/university-golden'
import { declareUniversity, loadUniversity, type University } from '../testing/university'
import type { Instance } from '../instance/instance'

/** DataJoint's golden order for unordered results: by primary key, numbers numerically, others by code point, null first. */
function sortByKey(rows: readonly Record<string, unknown>[], key: readonly string[]): Record<string, unknown>[] {
  const compare = (a: unknown, b: unknown): number => {
    if (a === b) return 0
    if (a === null || a === undefined) return -1
    if (b === null || b === undefined) return 1
    if (typeof a === 'number' && typeof b === 'number') return a - b
    const x = JSON.stringify(a)
    const y = JSON.stringify(b)
    return x < y ? -1 : x > y ? 1 : 0
  }
  const columns = key.length > 0 ? key : Object.keys(rows[0] ?? {})
  return [...rows].sort((r, s) => {
    for (const c of columns) {
      const d = compare(r[c], s[c])
      if (d !== 0) return d
    }
    return compare(JSON.stringify(r), JSON.stringify(s))
  })
}

/** Normalises engine values to the golden encoding (decimals and dates are already strings). */
function normalise(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(row)) out[k] = typeof v === 'bigint' ? Number(v) : v
  return out
}

async function run(query: QueryExpression, golden: GoldenQuery): Promise<Record<string, unknown>[]> {
  if (golden.fetch?.method === 'fetch1') return [await query.fetch1()]
  const fetch = golden.fetch
  if (fetch === null) return query.toDicts()
  return query.toDicts({
    ...(fetch.order_by === undefined ? {} : { orderBy: fetch.order_by }),
    ...(fetch.limit === undefined ? {} : { limit: fetch.limit }),
    ...(fetch.offset === undefined ? {} : { offset: fetch.offset }),
  })
}

describe.each(TEST_BACKENDS)('golden university queries on %s', (backendName) => {
  let server: TestServer
  let instance: Instance
  let university: University
  const schemaName = uniqueSchemaName('golden')

  beforeAll(async () => {
    server = await startTestServer(backendName)
    instance = testInstance(server)
    university = await declareUniversity(instance, schemaName)
    await loadUniversity(university)
  }, 300_000)

  afterAll(async () => {
    await university?.schema.drop({ prompt: false })
    await instance?.close()
    await server?.stop()
  })

  const side = backendName === 'mysql' ? 'mysql' : 'postgresql'

  for (const query of golden.queries) {
    const build = QUERIES[query.id]
    it(`${query.id}: ${query.python}`, async () => {
      expect(build, `no engine translation for ${query.id}`).toBeDefined()
      if (build === undefined) return
      if (query.error !== null) {
        // Errors DataJoint raises while building are raised while building here too; the rest when fetching.
        await expect(async () => run(build(university), query)).rejects.toThrow(dj.DataJointError)
        return
      }
      const expression = build(university)
      const rows = (await run(expression, query)).map(normalise)
      // MariaDB-only failures of DataJoint Python (ONLY_FULL_GROUP_BY, LIMIT in IN-subqueries) are avoided by
      // the engine's planner, so the PostgreSQL result — the right answer — is asserted on every backend.
      const expected = query.rows ?? (side === 'mysql' && query.rows_mysql ? query.rows_mysql : query.rows_postgresql) ?? []
      if (query.attributes !== null) expect(expression.heading.names).toEqual(query.attributes)
      if (query.primary_key !== null) expect(expression.primaryKey).toEqual(query.primary_key)
      if (query.count !== null) expect(rows.length).toBe(query.count)
      if (query.fetch?.method !== 'fetch1') expect(await expression.count()).toBe(query.expression_len ?? query.count)
      const key = query.primary_key ?? []
      if (query.ordered) expect(rows).toEqual(expected)
      else expect(sortByKey(rows, key)).toEqual(sortByKey(expected, key))
    })
  }
})
