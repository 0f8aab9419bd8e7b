// On PostgreSQL, MariaDB and PGlite: typed literals (date, datetime, time, uuid, bool) compare as their types
// with the attributes they restrict, as the app's column filters build them; a case-insensitive "contains"
// (lower(x) LIKE pattern) and json paths cast by the compared value behave the same on every backend.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Condition, Literal, ScalarExpr } from './ast'
import * as b from './build'
import { QueryExpression } from '../table/expression'
import type { Table } from '../table/table'
import { TEST_BACKENDS, closeTestSchema, openTestSchema, uniqueSchemaName, type TestSchema } from '../testing/backends'

const DEFINITION = `
subject_id : int32
---
name : varchar(32)
dob : date
seen_at : datetime
start : time
token : uuid
alive : bool
info = null : json
`

const ROWS = [
  { subject_id: 1, name: 'Headstage A', dob: '2024-05-31', seen_at: '2024-06-01 00:00:00', start: '08:15:00', token: '1b4e28ba-2fa1-11d2-883f-0016d3cca427', alive: true, info: { weight: 2.5, born: '2024-01-02' } },
  { subject_id: 2, name: 'forehead', dob: '2024-06-01', seen_at: '2024-06-01 23:59:59', start: '09:30:00', token: '6ba7b810-9dad-11d1-80b4-00c04fd430c8', alive: false, info: { weight: 12, born: '2023-12-31' } },
  { subject_id: 3, name: 'tail_50%', dob: '2024-06-02', seen_at: '2024-06-02 00:00:00', start: '17:45:30', token: '6ba7b811-9dad-11d1-80b4-00c04fd430c8', alive: true, info: null },
]

const a = (name: string): ScalarExpr => b.attr(name)
const lit = (type: 'date' | 'datetime' | 'time' | 'uuid', value: string): Literal => ({ kind: 'lit', type, value })
const compare = (op: '=' | '<>' | '<' | '<=' | '>' | '>=', left: ScalarExpr, right: ScalarExpr): Condition => ({ kind: 'compare', op, left, right })
const contains = (name: string, pattern: string): Condition => ({
  kind: 'like',
  operand: { kind: 'fn', name: 'lower', args: [a(name)], distinct: false, star: false, separator: null },
  pattern: { kind: 'lit', type: 'string', value: pattern },
  negated: false,
})

const CASES: [string, Condition, number[]][] = [
  // Read as arithmetic (2024 - 6 - 1), this would be every row on MariaDB and an error on PostgreSQL.
  ['date >', compare('>', a('dob'), lit('date', '2024-06-01')), [3]],
  ['date =', compare('=', a('dob'), lit('date', '2024-06-01')), [2]],
  ['date between', { kind: 'between', operand: a('dob'), low: lit('date', '2024-05-01'), high: lit('date', '2024-06-01'), negated: false }, [1, 2]],
  ['date in', { kind: 'in', operand: a('dob'), values: [lit('date', '2024-05-31'), lit('date', '2024-06-02')], negated: false }, [1, 3]],
  [
    'datetime, a whole day',
    b.and([compare('>=', a('seen_at'), lit('datetime', '2024-06-01 00:00:00')), compare('<', a('seen_at'), lit('datetime', '2024-06-02 00:00:00'))]),
    [1, 2],
  ],
  ['time >', compare('>', a('start'), lit('time', '09:30:00')), [3]],
  ['time <=', compare('<=', a('start'), lit('time', '09:30:00')), [1, 2]],
  ['uuid =', compare('=', a('token'), lit('uuid', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')), [2]],
  ['uuid <>', compare('<>', a('token'), lit('uuid', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')), [1, 3]],
  ['bool =', compare('=', a('alive'), { kind: 'lit', type: 'bool', value: false }), [2]],
  ['contains, in any case', contains('name', '%head%'), [1, 2]],
  ['contains a LIKE character, escaped', contains('name', '%\\_50\\%%'), [3]],
  ['json path cast to a number', compare('>', { kind: 'jsonPath', attr: 'info', path: ['weight'], as: 'double' }, { kind: 'lit', type: 'number', value: 3 }), [2]],
  ['json path cast to a date', compare('>=', { kind: 'jsonPath', attr: 'info', path: ['born'], as: 'date' }, lit('date', '2024-01-01')), [1]],
]

describe.each(TEST_BACKENDS)('typed literals on %s', (backendName) => {
  let opened: TestSchema
  let subject: Table

  beforeAll(async () => {
    opened = await openTestSchema(backendName, uniqueSchemaName('typedlit'))
    subject = await opened.schema.manual('Subject', DEFINITION)
    await subject.insert(ROWS)
  }, 120_000)

  afterAll(async () => {
    await closeTestSchema(opened)
  })

  it.each(CASES)('%s', async (_name, condition, expected) => {
    const rows = await new QueryExpression(opened.inst, b.restrict(subject.expr, condition)).toDicts({ orderBy: ['subject_id'] })
    expect(rows.map((row) => row['subject_id'])).toEqual(expected)
  })
})
