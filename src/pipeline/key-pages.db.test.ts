// Paging by key on every backend: the pages together are exactly the rows of one ordered fetch (composite keys,
// descending sort attributes, ties broken by the key), every page is a LIMIT without OFFSET, and orders that cannot
// be followed by key are refused before any SQL runs.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CompiledQuery, QueryResult } from '../adapters/driver'
import type { OrderItem } from '../algebra/ast'
import { attr } from '../algebra/build'
import { isDataJointError } from '../errors/datajoint-error'
import type { Table } from '../table/table'
import { TEST_BACKENDS, closeTestSchema, openTestSchema, uniqueSchemaName, type TestSchema } from '../testing/backends'
import { keyOrder } from './key-pages'

describe.each(TEST_BACKENDS)('paging by key on %s', (backendName) => {
  let setup: TestSchema
  let Trial: Table
  const statements: string[] = []

  beforeAll(async () => {
    setup = await openTestSchema(backendName, uniqueSchemaName('keypg'))
    const run = setup.inst.run.bind(setup.inst)
    setup.inst.run = (query: CompiledQuery): Promise<QueryResult> => {
      statements.push(query.sql)
      return run(query)
    }
    Trial = await setup.schema.manual(
      'Trial',
      'animal : varchar(8)\nday : date\ntrial : int64\n---\nscore : int32\nweight = null : float64\nlabel = "" : varchar(8)',
    )
    const rows = []
    for (const animal of ['b', 'a', 'c'])
      for (const day of ['2024-01-02', '2024-01-01'])
        for (let trial = 0; trial < 7; trial += 1) rows.push({ animal, day, trial: trial === 6 ? 2n ** 60n : trial, score: (trial * 7) % 4, label: '' })
    await Trial.insert(rows)
  })
  afterAll(async () => closeTestSchema(setup))

  const keyText = (row: Record<string, unknown>): string => `${String(row['animal'])}/${String(row['day'])}/${String(row['trial'])}`

  async function pagesOf(orderBy: OrderItem[], pageSize: number): Promise<{ rows: Record<string, unknown>[]; pages: number }> {
    const rows: Record<string, unknown>[] = []
    let pages = 0
    for await (const page of setup.inst.pipeline.fetchByKeyPages(Trial.expr, { orderBy, pageSize })) {
      rows.push(...page)
      pages += 1
    }
    return { rows, pages }
  }

  it('pages a composite key (text, date, 64-bit integer) in key order, without OFFSET', async () => {
    const whole = await setup.inst.pipeline.fetchDicts(Trial.expr, { orderBy: [{ by: 'key', descending: false }] })
    statements.length = 0
    const { rows, pages } = await pagesOf([], 5)
    expect(rows.map(keyText)).toEqual(whole.map(keyText))
    expect(rows).toHaveLength(42)
    expect(pages).toBe(9)
    expect(statements).toHaveLength(9)
    for (const sql of statements) expect(sql).toMatch(/LIMIT 5$/)
    expect(statements.join('\n')).not.toContain('OFFSET')
  })

  it('follows a sort by a secondary attribute, descending, ties broken by the key', async () => {
    const orderBy: OrderItem[] = [
      { by: attr('score'), descending: true },
      { by: attr('animal'), descending: false },
      { by: attr('day'), descending: true },
    ]
    const whole = await setup.inst.pipeline.fetchDicts(Trial.expr, { orderBy: [...orderBy, { by: attr('trial'), descending: false }] })
    for (const size of [1, 4, 41, 42, 100]) {
      const { rows } = await pagesOf(orderBy, size)
      expect(rows.map(keyText)).toEqual(whole.map(keyText))
    }
  })

  it('pages a restricted tree within its restriction', async () => {
    const restricted = Trial.restrict({ animal: 'a' }).restrict('trial > 2').expr
    const rows: Record<string, unknown>[] = []
    for await (const page of setup.inst.pipeline.fetchByKeyPages(restricted, { pageSize: 2 })) rows.push(...page)
    expect(rows.map(keyText)).toEqual([
      'a/2024-01-01/3',
      'a/2024-01-01/4',
      'a/2024-01-01/5',
      `a/2024-01-01/${2n ** 60n}`,
      'a/2024-01-02/3',
      'a/2024-01-02/4',
      'a/2024-01-02/5',
      `a/2024-01-02/${2n ** 60n}`,
    ])
  })

  it('reads one page after a given key on demand, as the pages of fetchByKeyPages', async () => {
    const whole = await setup.inst.pipeline.fetchDicts(Trial.expr, { orderBy: [{ by: 'key', descending: false }] })
    const rows: string[] = []
    let after: unknown[] | null = null
    statements.length = 0
    for (;;) {
      const page = await setup.inst.pipeline.fetchKeyPage(Trial.expr, { after, limit: 10 })
      const names = page.heading.names
      const decoded = page.rows.map((row) => Object.fromEntries(names.map((name, i) => [name, (page.decoders[i] as (x: unknown) => unknown)(row[i])])))
      rows.push(...decoded.map(keyText))
      const last = decoded.at(-1)
      if (last === undefined) break
      after = [last['animal'], last['day'], last['trial']]
    }
    expect(rows).toEqual(whole.map(keyText))
    expect(statements.join('\n')).not.toContain('OFFSET')
  })

  it('refuses orders it cannot follow by key (nullable or float attributes, computed expressions), before any SQL', async () => {
    const heading = setup.inst.pipeline.resolve(Trial.expr).heading
    expect(keyOrder(heading, [{ by: attr('weight'), descending: false }])).toBeNull()
    expect(keyOrder(heading, [{ by: { kind: 'fn', name: 'upper', args: [attr('label')], distinct: false, star: false, separator: null }, descending: false }])).toBeNull()
    expect(keyOrder(heading, [{ by: attr('label'), descending: false }])?.map((item) => item.attribute.name)).toEqual(['label', 'animal', 'day', 'trial'])
    statements.length = 0
    const failure = await pagesOf([{ by: attr('weight'), descending: false }], 5).catch((error: unknown) => error)
    expect(isDataJointError(failure) && failure.code).toBe('INVALID_INPUT')
    expect(statements).toHaveLength(0)
  })
})
