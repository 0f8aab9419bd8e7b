// Comparison benchmarks (issue 12's goals): dj.diffRows on two 1,000,000-row tables, PostgreSQL vs MariaDB, with
// 20 differences and identical, against the naive method (fetch both sides, compare on the client) in the same
// run; dj.diffSchemas of two 500-table schemas; dj.copyRows of one Demo-lab-style session with its upstream rows.
// Tables are filled on the servers (generate_series, MariaDB's sequence tables), not through the client.

import { Config, Instance, copyRows, diffRows, diffSchemas, type QueryExpression, type Schema } from '../src/index'
import { LOGINS, createWideSchema, uniqueName } from './app-data'

export interface CompareConnections {
  readonly postgresql: { readonly host: string; readonly port: number; readonly user: string; readonly password: string }
  readonly mysql: { readonly host: string; readonly port: number; readonly user: string; readonly password: string }
}

function open(connections: CompareConnections, backend: 'postgresql' | 'mysql'): Instance {
  return new Instance({ ...connections[backend], backend, config: new Config({ safemode: false, loglevel: 'WARNING' }), useTls: false, poolSize: 6 })
}

async function time<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now()
  const result = await fn()
  return [result, performance.now() - start]
}

function fillSql(backend: 'postgresql' | 'mysql', schema: string, rows: number): string {
  return backend === 'mysql'
    ? `INSERT INTO \`${schema}\`.\`big\` (id, val, label, day) SELECT seq, seq * 0.25, CONCAT('row ', seq), DATE_ADD('2024-01-01', INTERVAL seq % 1000 DAY) FROM \`${schema}\`.seq_1_to_${rows}`
    : `INSERT INTO "${schema}"."big" (id, val, label, day) SELECT n, n * 0.25, 'row ' || n, DATE '2024-01-01' + (n % 1000) FROM generate_series(1, ${rows}) AS n`
}

/** Fetches both sides whole and compares them in memory: what diffRows is measured against. */
async function naiveDiff(left: QueryExpression, right: QueryExpression): Promise<{ differences: number; rowsMoved: number }> {
  const index = new Map<number, string>()
  let rowsMoved = 0
  for await (const batch of left.context.pipeline.stream(left.expr, { batchSize: 10_000 })) {
    for (const row of batch) index.set(row['id'] as number, JSON.stringify(row))
    rowsMoved += batch.length
  }
  let differences = 0
  for await (const batch of right.context.pipeline.stream(right.expr, { batchSize: 10_000 })) {
    rowsMoved += batch.length
    for (const row of batch) {
      const id = row['id'] as number
      const text = index.get(id)
      if (text === undefined) differences += 1
      else if (text !== JSON.stringify(row)) differences += 1
      index.delete(id)
    }
  }
  return { differences: differences + index.size, rowsMoved }
}

export async function benchRowDiff(connections: CompareConnections, rows: number): Promise<string[]> {
  const pg = open(connections, 'postgresql')
  const my = open(connections, 'mysql')
  const name = `jbench_cmp_${process.pid}_${Date.now().toString(36)}`
  const lines: string[] = []
  const schemas: Schema[] = []
  try {
    const tables: QueryExpression[] = []
    for (const [inst, backend] of [[pg, 'postgresql'], [my, 'mysql']] as const) {
      const schema = await inst.schema(name)
      schemas.push(schema)
      const Big = await schema.manual('Big', 'id : int32\n---\nval : float64\nlabel : varchar(32)\nday : date')
      const [, fillMs] = await time(() => inst.run({ sql: fillSql(backend, name, rows), params: [] }))
      lines.push(`fill ${rows} rows on ${backend} (server-side): ${fillMs.toFixed(0)} ms`)
      tables.push(Big)
    }
    const [left, right] = tables as [QueryExpression, QueryExpression]
    const report = (label: string, diff: Awaited<ReturnType<typeof diffRows>>, ms: number): void => {
      const { counts, segments, phases, statements } = diff
      lines.push(
        `${label}: ${ms.toFixed(0)} ms — found ${counts.changed} changed, ${counts.onlyLeft} only left, ${counts.onlyRight} only right, ` +
          `${counts.equal} equal; rows moved ${diff.rowsMoved} (${((100 * diff.rowsMoved) / (2 * rows)).toFixed(3)}% of ${2 * rows}); ` +
          `segments ${segments.compared} compared, ${segments.differing} differing, ${segments.leaves} leaves; statements ${statements.left}+${statements.right}; ` +
          `phases: boundaries ${phases.boundaries.toFixed(0)} ms, segments ${phases.segments.toFixed(0)} ms (leaf rows ${phases.leafRows.toFixed(0)} ms), match ${phases.match.toFixed(0)} ms`,
      )
    }
    const [identical, identicalMs] = await time(() => diffRows(left, right))
    report('diffRows identical (goal ≤ 6 s)', identical, identicalMs)
    const [naiveSame, naiveSameMs] = await time(() => naiveDiff(left, right))
    lines.push(`naive identical: ${naiveSameMs.toFixed(0)} ms, ${naiveSame.differences} differences, rows moved ${naiveSame.rowsMoved}; ratio diffRows/naive ${(identicalMs / naiveSameMs).toFixed(2)}×`)
    // 10 changed, 5 only on the left (deleted on the right), 5 only on the right (beyond the left's keys).
    const step = Math.floor(rows / 23)
    const changedIds = Array.from({ length: 10 }, (_, i) => (i + 1) * step)
    const deletedIds = Array.from({ length: 5 }, (_, i) => (i + 11) * step + 7)
    const rightTable = right.context
    await rightTable.run({ sql: `UPDATE \`${name}\`.\`big\` SET val = val + 1 WHERE id IN (${changedIds.join(', ')})`, params: [] })
    await rightTable.run({ sql: `DELETE FROM \`${name}\`.\`big\` WHERE id IN (${deletedIds.join(', ')})`, params: [] })
    await rightTable.run({
      sql: `INSERT INTO \`${name}\`.\`big\` (id, val, label, day) VALUES ${Array.from({ length: 5 }, (_, i) => `(${rows + i + 1}, 1, 'new', '2024-01-01')`).join(', ')}`,
      params: [],
    })
    const [changed, changedMs] = await time(() => diffRows(left, right))
    report('diffRows 20 differences (goal ≤ 10 s, < 1% moved)', changed, changedMs)
    const [naive, naiveMs] = await time(() => naiveDiff(left, right))
    lines.push(`naive 20 differences: ${naiveMs.toFixed(0)} ms, ${naive.differences} differences, rows moved ${naive.rowsMoved}; ratio diffRows/naive ${(changedMs / naiveMs).toFixed(2)}×`)
  } finally {
    for (const schema of schemas) await schema.drop({ prompt: false })
    await pg.close()
    await my.close()
  }
  return lines
}

/** Counts the statements an Instance runs (its catalog queries among them) from now on. */
function countStatements(inst: Instance): { readonly count: () => number } {
  let count = 0
  const run = inst.run.bind(inst)
  inst.run = (query) => {
    count += 1
    return run(query)
  }
  return { count: () => count }
}

export async function benchSchemaDiff(connections: CompareConnections, tables: number): Promise<string[]> {
  const lines: string[] = []
  const names = { postgresql: uniqueName('jbench_sdiff'), mysql: uniqueName('jbench_sdiff') }
  const created = []
  try {
    for (const backend of ['postgresql', 'mysql'] as const) {
      const [schema, ms] = await time(() => createWideSchema(LOGINS[backend], names[backend], tables))
      created.push(schema)
      lines.push(`declare ${tables} tables on ${backend}: ${ms.toFixed(0)} ms`)
    }
    const pg = open(connections, 'postgresql')
    const my = open(connections, 'mysql')
    try {
      const left = await pg.schema(names.postgresql, { create: false })
      const right = await my.schema(names.mysql, { create: false })
      const pgStatements = countStatements(pg)
      const myStatements = countStatements(my)
      const [diff, ms] = await time(() => diffSchemas(left, right))
      lines.push(
        `diffSchemas ${diff.tables.length} + ${diff.onlyLeft.length} + ${diff.onlyRight.length} tables, PostgreSQL vs MariaDB (goal ≤ 2 s): ${ms.toFixed(0)} ms, ` +
          `equal ${String(diff.equal)}; catalog statements PostgreSQL ${pgStatements.count()}, MariaDB ${myStatements.count()}`,
      )
    } finally {
      await pg.close()
      await my.close()
    }
  } finally {
    for (const schema of created) await schema.drop()
  }
  return lines
}

export async function benchCopy(connections: CompareConnections, trials: number): Promise<string[]> {
  const pg = open(connections, 'postgresql')
  const my = open(connections, 'mysql')
  const lines: string[] = []
  const schemas: Schema[] = []
  try {
    const name = `jbench_copy_${process.pid}_${Date.now().toString(36)}`
    const declare = async (inst: Instance) => {
      const schema = await inst.schema(name)
      schemas.push(schema)
      const Lab = await schema.lookup('Lab', 'lab : varchar(16)\n---\nlab_name : varchar(64)')
      const Subject = await schema.manual('Subject', "subject_id : int32\n---\n-> Lab\nsex : enum('F','M','U')\ndob = null : date")
      const Session = await schema.manual('Session', '-> Subject\nsession : int16\n---\nsession_date : date\n-> [nullable] Lab.proj(host_lab="lab")')
      const Trial = await schema.part(Session, 'Trial', '-> master\ntrial : int32\n---\nstart_time : float64\nresponse : varchar(16)')
      const Stim = await schema.part(Session, 'Stimulus', '-> master\nstim : int16\n---\nintensity : float32\nwaveform = null : <blob>')
      return { Lab, Subject, Session, Trial, Stim }
    }
    const source = await declare(my)
    await declare(pg)
    await source.Lab.insert([{ lab: 'north', lab_name: 'North' }, { lab: 'south', lab_name: 'South' }])
    await source.Subject.insert(Array.from({ length: 20 }, (_, i) => ({ subject_id: i, lab: i % 2 === 0 ? 'north' : 'south', sex: 'F', dob: '2024-01-01' })))
    await source.Session.insert(Array.from({ length: 20 }, (_, i) => ({ subject_id: i, session: 1, session_date: '2024-05-01', host_lab: 'south' })))
    const trialRows = Array.from({ length: trials }, (_, trial) => ({ subject_id: 3, session: 1, trial, start_time: trial * 1.5, response: trial % 3 === 0 ? 'left' : 'right' }))
    await source.Trial.insert(trialRows)
    await source.Stim.insert(Array.from({ length: 50 }, (_, stim) => ({ subject_id: 3, session: 1, stim, intensity: stim / 10, waveform: Array.from({ length: 1000 }, (_, k) => Math.sin(k / 10)) })))
    const target = schemas[1] as Schema
    const session = source.Session.restrict({ subject_id: 3, session: 1 })
    const [preview, previewMs] = await time(() => copyRows(session, target, { upstream: true, parts: true, preview: true }))
    const [report, ms] = await time(() => copyRows(session, target, { upstream: true, parts: true }))
    const perTable = report.tables.map((t) => `${t.source.split('.')[1] ?? t.source} ${t.copied}`).join(', ')
    lines.push(`copyRows one session MariaDB → PostgreSQL with upstream and parts: ${ms.toFixed(0)} ms (preview ${previewMs.toFixed(0)} ms, ${preview.copied} rows); rows per table: ${perTable}`)
  } finally {
    for (const schema of schemas) await schema.drop({ prompt: false })
    await pg.close()
    await my.close()
  }
  return lines
}
