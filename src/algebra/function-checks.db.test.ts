// On PostgreSQL, MariaDB and PGlite: invalid expression trees fail with INVALID_QUERY before any statement
// reaches the server, the same trees corrected run, and every function runs with valid arguments (the checks
// refuse nothing the backends can run).

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { Condition, ScalarExpr } from './ast'
import { FUNCTION_NAMES } from './ast'
import * as b from './build'
import { QueryExpression } from '../table/expression'
import type { Table } from '../table/table'
import { TEST_BACKENDS, closeTestSchema, openTestSchema, uniqueSchemaName, type TestSchema } from '../testing/backends'
import { HEIGHT_POSITIVE, attr, call, num, place, slotOf, str, validCall, wrongArityCall, type Slot } from '../testing/function-calls'

const SUBJECT_DEFINITION = `
subject_id : int32
---
species : varchar(32)
sex : enum('F', 'M', 'U')
height : float64
price : decimal(6,2)
small : int16
alive : bool
dob : date
created : datetime
code : char(4)
meta = null : json
`

const ROWS = [
  { subject_id: 1, species: 'mouse', sex: 'F', height: 2.5, price: 10.25, small: 3, alive: true, dob: '2020-01-15', created: '2021-03-04 05:06:07', code: 'm001', meta: { n: 4 } },
  { subject_id: 2, species: 'mouse', sex: 'M', height: 3.5, price: 7.5, small: 6, alive: false, dob: '2019-11-30', created: '2021-07-08 09:10:11', code: 'm002', meta: { n: 9 } },
  { subject_id: 3, species: 'rat', sex: 'U', height: 12, price: 20, small: 5, alive: true, dob: '2018-06-01', created: '2020-12-31 23:59:59', code: 'r001', meta: { n: 2 } },
]

/** Rows a query in each position returns over ROWS: one per subject, one per species, or the first by order. */
const EXPECTED_ROWS: Readonly<Record<Slot, number>> = { proj: 3, aggr: 2, restrict: 3, having: 2, orderBy: 1 }

// [case, position, invalid expression, the same intent made valid]
const INVALID: [string, Slot, ScalarExpr | Condition, ScalarExpr | Condition][] = [
  ['if with two arguments', 'proj', call('if', [HEIGHT_POSITIVE, num(1)]), call('if', [HEIGHT_POSITIVE, num(1), num(0)])],
  ['year() with none', 'proj', call('year', []), call('year', [attr('dob')])],
  ['count() with neither argument nor *', 'aggr', call('count', []), b.countAll()],
  ['* on sum', 'aggr', call('sum', [], { star: true }), call('sum', [attr('height')])],
  ['DISTINCT on abs', 'proj', call('abs', [attr('height')], { distinct: true }), call('abs', [attr('height')])],
  ['SEPARATOR on max', 'aggr', call('max', [attr('code')], { separator: ';' }), call('group_concat', [attr('code')], { separator: ';' })],
  ['an unknown time unit', 'proj', call('timestampdiff', [str('FORTNIGHT'), attr('dob'), attr('created')]), call('timestampdiff', [str('WEEK'), attr('dob'), attr('created')])],
  ['an unsupported json cast', 'restrict', { kind: 'jsonPath', attr: 'meta', path: ['n'], as: 'text' }, { kind: 'jsonPath', attr: 'meta', path: ['n'], as: 'unsigned' }],
  ['a string function on a number', 'proj', call('upper', [attr('height')]), call('upper', [attr('species')])],
  ['a string function on an enum', 'proj', call('char_length', [attr('sex')]), call('char_length', [call('concat', [attr('sex')])])],
  ['a date part of a string', 'proj', call('month', [attr('code')]), call('month', [attr('dob')])],
  ['mod of a float', 'proj', call('mod', [attr('height'), num(2)]), call('mod', [attr('price'), num(2)])],
  ['bit_or of a float', 'aggr', call('bit_or', [attr('height')]), call('bit_or', [attr('small')])],
  ['sum of a boolean attribute', 'aggr', call('sum', [attr('alive')]), call('sum', [{ kind: 'truth', condition: { kind: 'truthy', operand: attr('alive') } }])],
  ['an aggregate in a restriction', 'restrict', b.countAll(), attr('small')],
  ['an aggregate in an ordering', 'orderBy', call('max', [attr('height')]), attr('height')],
  ['nested aggregates', 'aggr', call('max', [call('count', [attr('code')])]), call('count', [attr('code')])],
  ['a non-grouping attribute outside aggregates', 'aggr', call('round', [attr('height')]), call('round', [call('avg', [attr('height')])])],
  ['an aggregate of a computed attribute in a restriction of an aggregation', 'having', call('sum', [attr('n')]), attr('n')],
]

describe.each(TEST_BACKENDS)('expression checks on %s', (backendName) => {
  let opened: TestSchema
  let subject: Table

  beforeAll(async () => {
    opened = await openTestSchema(backendName, uniqueSchemaName('fnchk'))
    subject = await opened.schema.manual('Subject', SUBJECT_DEFINITION)
    await subject.insert(ROWS)
  }, 120_000)

  afterAll(async () => {
    await closeTestSchema(opened)
  })

  const query = (slot: Slot, e: ScalarExpr | Condition): QueryExpression => new QueryExpression(opened.inst, place(subject.expr, slot, e))

  /** Rows of `tree`, or the error, with the statements the instance sent meanwhile. */
  async function fetchCounting(tree: QueryExpression): Promise<{ outcome: unknown; statements: number }> {
    const run = vi.spyOn(opened.inst, 'run')
    const stream = vi.spyOn(opened.inst, 'stream')
    try {
      const outcome = await tree.toDicts().catch((error: unknown) => error)
      return { outcome, statements: run.mock.calls.length + stream.mock.calls.length }
    } finally {
      run.mockRestore()
      stream.mockRestore()
    }
  }

  describe.each(INVALID)('%s', (_case, slot, invalid, valid) => {
    it('is refused with INVALID_QUERY and no statement', async () => {
      const { outcome, statements } = await fetchCounting(query(slot, invalid))
      expect(outcome).toMatchObject({ name: 'DataJointError', code: 'INVALID_QUERY' })
      expect(statements).toBe(0)
    })

    it('runs once corrected', async () => {
      const { outcome, statements } = await fetchCounting(query(slot, valid))
      expect(outcome).toHaveLength(EXPECTED_ROWS[slot])
      expect(statements).toBeGreaterThan(0)
    })
  })

  describe.each(FUNCTION_NAMES)('%s', (name) => {
    it('runs with valid arguments', async () => {
      const rows = await query(slotOf(name), validCall(name)).toDicts()
      expect(rows).toHaveLength(EXPECTED_ROWS[slotOf(name)])
    })

    it('is refused with the wrong number of arguments, before any statement', async () => {
      const { outcome, statements } = await fetchCounting(query(slotOf(name), wrongArityCall(name)))
      expect(outcome).toMatchObject({ code: 'INVALID_QUERY', message: expect.stringMatching(new RegExp(`^Function ${name}\\(\\) takes`)) })
      expect(statements).toBe(0)
    })
  })

  it('the row count path refuses an invalid tree without a statement too', async () => {
    const run = vi.spyOn(opened.inst, 'run')
    try {
      // Whether count() refuses synchronously or through its promise, no statement may go out.
      const counting = async (): Promise<number> => query('restrict', b.countAll()).count()
      await expect(counting()).rejects.toMatchObject({ code: 'INVALID_QUERY' })
      expect(run).not.toHaveBeenCalled()
    } finally {
      run.mockRestore()
    }
  })
})
