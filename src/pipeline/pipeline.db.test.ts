// The statement pipeline on every backend: what each stage returns, that pages are ordered and bounded on the
// server, that counts may be estimated only for huge bare tables, and that an invalid tree fails before any SQL.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CompiledQuery, QueryResult } from '../adapters/driver'
import type { QueryExpr } from '../algebra/ast'
import { isDataJointError } from '../errors/datajoint-error'
import type { Table } from '../table/table'
import { TEST_BACKENDS, closeTestSchema, openTestSchema, uniqueSchemaName, type TestSchema } from '../testing/backends'

describe.each(TEST_BACKENDS)('statement pipeline on %s', (backendName) => {
  let setup: TestSchema
  let Subject: Table
  let Session: Table
  const statements: string[] = []

  beforeAll(async () => {
    setup = await openTestSchema(backendName, uniqueSchemaName('pipe'))
    const run = setup.inst.run.bind(setup.inst)
    setup.inst.run = (query: CompiledQuery): Promise<QueryResult> => {
      statements.push(query.sql)
      return run(query)
    }
    Subject = await setup.schema.manual('Subject', 'subject_id : int32\n---\nname : varchar(20)\nweight = null : float64\nmeta = null : json')
    Session = await setup.schema.manual('Session', '-> Subject\nsession : int16\n---\nnote = "" : varchar(40)')
    await Subject.insert(
      Array.from({ length: 30 }, (_, i) => ({ subject_id: i + 1, name: `s${String(i + 1).padStart(2, '0')}`, weight: i / 2, meta: { i } })),
    )
    await Session.insert([
      { subject_id: 1, session: 1, note: 'a' },
      { subject_id: 1, session: 2, note: 'b' },
      { subject_id: 2, session: 1, note: 'c' },
    ])
  })
  afterAll(async () => closeTestSchema(setup))

  const subjectTree = (): QueryExpr => Subject.expr

  it('explains a tree: the statement in this dialect, its heading and primary key', async () => {
    const joined = Subject.join(Session).expr
    const { statement, heading, primaryKey } = await setup.inst.pipeline.explain(joined)
    expect(statement.sql).toMatch(/^SELECT /)
    expect(statement.sql).toContain(setup.server.backend === 'mysql' ? '`subject`' : '"subject"')
    expect(heading.names).toEqual(['subject_id', 'session', 'note', 'name', 'weight', 'meta'])
    expect(primaryKey).toEqual(['subject_id', 'session'])
  })

  it('fetches a page ordered by the key when no order is given, bounded on the server', async () => {
    statements.length = 0
    const rows = await setup.inst.pipeline.fetchDicts(subjectTree(), { limit: 5, offset: 10 })
    expect(rows.map((r) => r['subject_id'])).toEqual([11, 12, 13, 14, 15])
    expect(statements).toHaveLength(1)
    expect(statements[0]).toMatch(/ORDER BY .* LIMIT 5 OFFSET 10$/)
  })

  it('fetches the pages counted from the end by reading backwards, rows in the requested order', async () => {
    statements.length = 0
    const last = await setup.inst.pipeline.fetchDicts(subjectTree(), { limit: 4, fromEnd: true })
    expect(last.map((r) => r['subject_id'])).toEqual([27, 28, 29, 30])
    expect(statements[0]).toMatch(/ORDER BY .* DESC LIMIT 4$/)
    const third = await setup.inst.pipeline.fetchRaw(subjectTree(), { limit: 4, offset: 8, fromEnd: true })
    expect(third.rows.map((r) => Number(r[0]))).toEqual([19, 20, 21, 22])
    // Any order reverses: by weight descending, the last page holds the lightest subjects, heaviest first.
    const byWeight = [{ by: { kind: 'attr', name: 'weight' }, descending: true }] as const
    const lightest = await setup.inst.pipeline.fetchDicts(subjectTree(), { orderBy: byWeight, limit: 3, fromEnd: true })
    expect(lightest.map((r) => r['subject_id'])).toEqual([3, 2, 1])
  })

  it('fetches a page in a given order', async () => {
    const rows = await setup.inst.pipeline.fetchDicts(subjectTree(), { orderBy: [{ by: { kind: 'attr', name: 'weight' }, descending: true }], limit: 2 })
    expect(rows.map((r) => r['subject_id'])).toEqual([30, 29])
  })

  it('returns raw rows with the dialect decoder of each column', async () => {
    const raw = await setup.inst.pipeline.fetchRaw(Subject.restrict({ subject_id: 3 }).expr)
    expect(raw.heading.names).toEqual(['subject_id', 'name', 'weight', 'meta'])
    expect(raw.rows).toHaveLength(1)
    const decoded = raw.decoders.map((decode, i) => decode((raw.rows[0] as readonly unknown[])[i]))
    expect(decoded).toEqual([3, 's03', 1, { i: 2 }])
  })

  it('streams decoded rows in batches', async () => {
    const batches: number[] = []
    let total = 0
    for await (const batch of setup.inst.pipeline.stream(subjectTree(), { batchSize: 8 })) {
      batches.push(batch.length)
      total += batch.filter((row) => typeof row['meta'] === 'object').length
    }
    expect(batches.reduce((a, b) => a + b, 0)).toBe(30)
    expect(Math.max(...batches)).toBeLessThanOrEqual(8)
    expect(total).toBe(30)
  })

  it('counts exactly, and answers with statistics only for a bare table above the threshold', async () => {
    expect(await setup.inst.pipeline.count(subjectTree())).toEqual({ count: 30, estimated: false })
    expect(await setup.inst.pipeline.count(Subject.restrict('weight > 10').expr)).toEqual({ count: 9, estimated: false })
    // 30 rows are far below a million: the exact count stands, whatever the statistics say.
    expect(await setup.inst.pipeline.count(subjectTree(), { estimateAbove: 1_000_000 })).toEqual({ count: 30, estimated: false })
    // A restricted table is never estimated (statistics know nothing of the restriction).
    expect(await setup.inst.pipeline.count(Subject.restrict('weight > 10').expr, { estimateAbove: -1 })).toEqual({ count: 9, estimated: false })
  })

  it('loads the schemas a tree reads before preparing it', async () => {
    const fresh = setup.inst.pipeline
    await fresh.load(Session.join(Subject).expr)
    expect(() => fresh.prepare(Session.join(Subject).expr)).not.toThrow()
  })

  it('rejects an invalid tree with a typed error before any SQL reaches the server', async () => {
    statements.length = 0
    const missing: QueryExpr = { kind: 'proj', input: subjectTree(), keepAll: false, keep: ['no_such'], exclude: [], rename: {}, compute: {} }
    const error = await setup.inst.pipeline.fetchDicts(missing).catch((e: unknown) => e)
    expect(isDataJointError(error)).toBe(true)
    expect(statements).toEqual([])
  })

  it('executes planned statements in this dialect', async () => {
    const result = await setup.inst.pipeline.execute({
      kind: 'insert',
      table: { schema: setup.schema.name, table: 'session' },
      columns: ['subject_id', 'session', 'note'],
      rows: [[3, 1, 'planned']],
      onDuplicate: 'error',
      primaryKey: ['subject_id', 'session'],
    })
    expect(result.affectedRows).toBe(1)
    expect(await Session.restrict({ note: 'planned' }).count()).toBe(1)
  })
})
