// Engine benchmarks against the raw driver, both backends: `npm run bench [-- --rows 100000 --backend mysql]`.
// Each scenario runs the engine and the raw driver (the same SQL for fetches, the driver's bulk form for inserts)
// and prints median times and their ratio.

import { Config, Instance, type QueryExpression } from '../src/index'
import { benchCopy, benchRowDiff, benchSchemaDiff } from './compare'
import { benchDataJointPython } from './datajoint-python'
import { openRawClient, type RawConnection } from './raw-driver'

const args = process.argv.slice(2)
const option = (name: string, fallback: string): string => {
  const index = args.indexOf(`--${name}`)
  return index >= 0 ? (args[index + 1] ?? fallback) : fallback
}
const ROWS = Number(option('rows', '100000'))
const GROUPS = 1000
const REPEATS = Number(option('repeats', '5'))
/**
 * Fetches are short (tens of milliseconds on 100k rows), so one noisy run moves their median most: they repeat
 * three times as often.
 */
const FETCH_REPEATS = REPEATS * 3
const BACKENDS = option('backend', 'postgresql,mysql').split(',') as ('postgresql' | 'mysql')[]
/**
 * Sections to run: `engine` (vs the raw driver), `compare-rows`, `compare-schemas`, `copy`, `datajoint-python` (the
 * insert workload against DataJoint Python); all by default.
 */
const SECTIONS = new Set(option('section', 'engine,compare-rows,compare-schemas,copy,datajoint-python').split(','))
const COMPARE_ROWS = Number(option('compare-rows', '1000000'))
const SCHEMA_TABLES = Number(option('schema-tables', '500'))

const CONNECTIONS: Record<'postgresql' | 'mysql', RawConnection> = {
  postgresql: { backend: 'postgresql', host: process.env['DJ_TEST_PG_HOST'] ?? '127.0.0.1', port: Number(process.env['DJ_TEST_PG_PORT'] ?? 5432), user: process.env['DJ_TEST_PG_USER'] ?? 'postgres', password: process.env['DJ_TEST_PG_PASSWORD'] ?? '' },
  mysql: { backend: 'mysql', host: process.env['DJ_TEST_MYSQL_HOST'] ?? '127.0.0.1', port: Number(process.env['DJ_TEST_MYSQL_PORT'] ?? 3306), user: process.env['DJ_TEST_MYSQL_USER'] ?? 'root', password: process.env['DJ_TEST_MYSQL_PASSWORD'] ?? '' },
}

/** `gc` when node runs with --expose-gc (as `npm run bench` does). */
const collectGarbage = (globalThis as { gc?: () => void }).gc

/**
 * Each timed run starts from a collected heap, so neither side pays for the other's garbage: without it the ratios
 * of 100k-row fetches swung ±30 % run to run on 2 cores, by which side a major collection happened to land in.
 */
async function time(fn: () => Promise<unknown>): Promise<number> {
  collectGarbage?.()
  const start = performance.now()
  await fn()
  return performance.now() - start
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] as number
}

interface Result {
  readonly backend: string
  readonly scenario: string
  readonly engineMs: number
  readonly rawMs: number
}

function makeRows(count: number, offset = 0): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, i) => ({
    id: offset + i,
    label: `row ${offset + i}`,
    value: (offset + i) * 0.5,
    flag: i % 2 === 0,
    group_id: i % GROUPS,
  }))
}

/**
 * Alternates engine and raw runs so drift on a busy machine hits both sides alike, and swaps which side goes first
 * each round: the second of a pair ran measurably faster or slower than the first (the server's caches, CPU clock).
 */
async function compare(
  backend: string,
  scenario: string,
  engine: () => Promise<unknown>,
  raw: () => Promise<unknown>,
  reset?: () => Promise<void>,
  repeats = REPEATS,
): Promise<Result> {
  await engine()
  await reset?.()
  await raw()
  await reset?.()
  const engineTimes: number[] = []
  const rawTimes: number[] = []
  const sides: [() => Promise<unknown>, number[]][] = [
    [engine, engineTimes],
    [raw, rawTimes],
  ]
  for (let i = 0; i < repeats; i += 1) {
    for (const [run, times] of i % 2 === 0 ? sides : [...sides].reverse()) {
      times.push(await time(run))
      await reset?.()
    }
  }
  return { backend, scenario, engineMs: median(engineTimes), rawMs: median(rawTimes) }
}

async function benchBackend(backend: 'postgresql' | 'mysql'): Promise<Result[]> {
  const connection = CONNECTIONS[backend]
  const inst = new Instance({ ...connection, config: new Config({ safemode: false, loglevel: 'WARNING' }), useTls: false })
  const raw = await openRawClient(connection)
  const schemaName = `jbench_${process.pid}_${Date.now().toString(36)}`
  const schema = await inst.schema(schemaName)
  const results: Result[] = []
  try {
    const Group = await schema.lookup('BenchGroup', 'group_id : int32\n---\ngroup_name : varchar(64)')
    await Group.insert(Array.from({ length: GROUPS }, (_, i) => ({ group_id: i, group_name: `group ${i}` })))
    const Row = await schema.manual('BenchRow', 'id : int64\n---\nlabel : varchar(64)\nvalue : float64\nflag : bool\n-> BenchGroup')
    const rows = makeRows(ROWS)
    // TRUNCATE, not DELETE: deleted rows leave the server work after the statement (MariaDB's purge, PostgreSQL's
    // dead tuples until autovacuum) that slowed whichever run came next and the fetches below.
    const truncate = async (): Promise<void> => {
      await inst.run({ sql: `TRUNCATE TABLE ${Row.fullTableName}`, params: [] })
    }
    const columns = ['id', 'label', 'value', 'flag', 'group_id']
    const rawRows = rows.map((r) => columns.map((c) => r[c]))
    results.push(await compare(backend, `insert ${ROWS} rows`, () => Row.insert(rows), () => raw.bulkInsert(Row.fullTableName, columns, rawRows), truncate))
    await Row.insert(rows)
    const fetches: [string, QueryExpression][] = [
      [`toDicts ${ROWS} rows`, Row],
      [`restriction → ${ROWS / 2} rows`, Row.restrict(`value < ${ROWS / 4}`)],
      [`join ${ROWS} × ${GROUPS} lookup`, Row.join(Group)],
      [`aggr over the join`, Group.aggr(Row, { n: 'count(*)', total: 'sum(value)' })],
    ]
    for (const [scenario, query] of fetches) {
      const sql = query.sql()
      results.push(await compare(backend, scenario, () => query.toDicts(), () => raw.query(sql), undefined, FETCH_REPEATS))
    }
  } finally {
    await schema.drop({ prompt: false })
    await raw.close()
    await inst.close()
  }
  return results
}

if (SECTIONS.has('engine')) {
  const all: Result[] = []
  for (const backend of BACKENDS) all.push(...(await benchBackend(backend)))
  console.log(`\nJoinery engine vs raw driver (median of ${REPEATS} inserts, ${FETCH_REPEATS} fetches; ratio = engine / raw, lower is better)`)
  console.log(`${'backend'.padEnd(11)} ${'scenario'.padEnd(32)} ${'engine ms'.padStart(10)} ${'raw ms'.padStart(10)} ${'ratio'.padStart(7)}`)
  for (const r of all) {
    console.log(`${r.backend.padEnd(11)} ${r.scenario.padEnd(32)} ${r.engineMs.toFixed(1).padStart(10)} ${r.rawMs.toFixed(1).padStart(10)} ${(r.engineMs / r.rawMs).toFixed(2).padStart(7)}×`)
  }
}
const COMPARE_SECTIONS: readonly [string, string, () => Promise<string[]>][] = [
  ['compare-rows', `dj.diffRows, two ${COMPARE_ROWS}-row tables, PostgreSQL vs MariaDB`, () => benchRowDiff(CONNECTIONS, COMPARE_ROWS)],
  ['compare-schemas', `dj.diffSchemas, two ${SCHEMA_TABLES}-table schemas`, () => benchSchemaDiff(CONNECTIONS, SCHEMA_TABLES)],
  ['copy', 'dj.copyRows, one session with its upstream rows and parts', () => benchCopy(CONNECTIONS, 2000)],
  [
    'datajoint-python',
    `Joinery engine vs DataJoint Python: insert ${ROWS} rows of (id, a, b, c) beside a 1000-row lookup (median of ${REPEATS}; speed-up = DataJoint / engine, goal ≥ 4×)`,
    () => benchDataJointPython(CONNECTIONS, BACKENDS, ROWS, REPEATS),
  ],
]
for (const [section, title, run] of COMPARE_SECTIONS) {
  if (!SECTIONS.has(section)) continue
  console.log(`\n${title}`)
  for (const line of await run()) console.log(`  ${line}`)
}
