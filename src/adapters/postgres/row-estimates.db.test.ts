// Row estimates on PostgreSQL: one catalog statement, never a count(*), and sensible before the first ANALYZE
// (reltuples = -1 for hours after a bulk load), after growth, and for empty tables.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CompiledQuery, Driver } from '../driver'
import { dropScratchSchema } from '../../testing/load-dump'
import { postgresTestTargets, recordingLogger, scratchSchemaName } from '../../testing/servers'
import { createPostgresDriver } from './driver'
import { createPostgresIntrospector } from './introspect'

describe.each(postgresTestTargets())('PostgreSQL row estimates on $name', (target) => {
  let driver: Driver
  const schema = scratchSchemaName('estimates')
  const run = (query: CompiledQuery) => driver.query(query)
  const sql = (text: string) => run({ sql: text, params: [] })
  const statements: string[] = []
  const introspector = createPostgresIntrospector((query) => {
    statements.push(query.sql)
    return run(query)
  })

  /** Inserts on one session that flushes its statistics at once (PostgreSQL 15+), so the test need not wait ~1 s. */
  async function load(table: string, rows: number, first = 1): Promise<void> {
    const session = await driver.acquire()
    try {
      await session.query({ sql: 'SELECT pg_stat_force_next_flush()', params: [] })
      await session.query({ sql: `INSERT INTO "${schema}"."${table}" SELECT g FROM generate_series(${first}, ${first + rows - 1}) g`, params: [] })
    } finally {
      session.release(false)
    }
  }

  beforeAll(async () => {
    await target.start()
    driver = createPostgresDriver(target.options(), recordingLogger())
    await driver.connect()
    await sql(`CREATE SCHEMA "${schema}"`)
    for (const table of ['fresh', 'grown', 'empty', 'unknown']) await sql(`CREATE TABLE "${schema}"."${table}" (id int PRIMARY KEY)`)
  }, 120_000)

  afterAll(async () => {
    await dropScratchSchema('postgres', schema, run)
    await driver.close()
    await target.stop()
  })

  it('estimates never-analysed, grown and empty tables in one statement, and leaves out what it cannot tell', async () => {
    await load('fresh', 20_000)
    await load('grown', 100)
    await sql(`ANALYZE "${schema}"."grown"`)
    await load('grown', 20_000, 101)
    await load('unknown', 500)
    // Statistics reset (as after a crash) on a never-analysed table: only a count could tell.
    await sql(`SELECT pg_stat_reset_single_table_counters('"${schema}"."unknown"'::regclass)`)

    await expect
      .poll(async () => {
        statements.length = 0
        const estimates = await introspector.rowEstimates(schema, ['fresh', 'grown', 'empty', 'unknown'])
        return Object.fromEntries([...estimates].map(([table, e]) => [table, e.estimated ? e.count : `exactly ${e.count}`]))
      })
      .toEqual({
        fresh: 20_000,
        // About the live-row count (ANALYZE resets it to its own estimate); ANALYZE's density at 100 rows, one
        // part-filled page, scaled to today's pages would say ~8,900.
        grown: expect.toSatisfy((n: number) => Math.abs(n - 20_100) <= 1_000),
        empty: 'exactly 0',
      })
    expect(statements).toHaveLength(1)
    expect(statements[0]).not.toMatch(/count\(/i)
  })
})
