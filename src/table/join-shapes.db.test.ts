// Join shapes the planner flattens: a join whose right operand is itself a join must still match on namesakes
// that only the right side's later tables provide.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_BACKENDS, closeTestSchema, openTestSchema, uniqueSchemaName, type TestSchema } from '../testing/backends'
import type { Table } from './table'

describe.each(TEST_BACKENDS)('nested joins on %s', (backendName) => {
  let setup: TestSchema
  let Dept: Table
  let Student: Table
  let Major: Table

  beforeAll(async () => {
    setup = await openTestSchema(backendName, uniqueSchemaName('joins'))
    Dept = await setup.schema.lookup('Dept', 'dept : varchar(8)\n---\ndept_name : varchar(40)', {
      contents: [
        { dept: 'BIO', dept_name: 'Biology' },
        { dept: 'CS', dept_name: 'Computing' },
      ],
    })
    Student = await setup.schema.manual('Student', 'student_id : int32\n---\nname : varchar(20)')
    Major = await setup.schema.manual('Major', '-> Student\n---\n-> Dept')
    await Student.insert([
      { student_id: 1, name: 'Ann' },
      { student_id: 2, name: 'Bo' },
      { student_id: 3, name: 'Cy' },
    ])
    await Major.insert([
      { student_id: 1, dept: 'CS' },
      { student_id: 2, dept: 'BIO' },
    ])
  })
  afterAll(async () => closeTestSchema(setup))

  it('Dept * (Student * Major) matches dept, which only Major carries', async () => {
    const rows = await Dept.join(Student.join(Major)).toDicts({ orderBy: 'KEY' })
    expect(rows.map((r) => [r['student_id'], r['dept_name']])).toEqual([
      [1, 'Computing'],
      [2, 'Biology'],
    ])
  })

  it('an aggregation over a nested join counts per grouping row', async () => {
    const rows = await Dept.aggr(Student.join(Major), { n: 'count(*)' }, { excludeNonmatching: true }).toDicts({ orderBy: 'KEY' })
    expect(rows).toEqual([
      { dept: 'BIO', n: 1 },
      { dept: 'CS', n: 1 },
    ])
  })
})
