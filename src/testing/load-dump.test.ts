import { describe, expect, it } from 'vitest'
import { rewriteSchemaName, splitSqlStatements } from './load-dump'

describe('splitSqlStatements', () => {
  it('splits on semicolons outside quotes and comments', () => {
    const sql = "-- header; not a statement\nCREATE TABLE a (x int);\nCOMMENT ON TABLE a IS 'a;b''c';\n"
    expect(splitSqlStatements(sql, false)).toEqual(['CREATE TABLE a (x int)', "COMMENT ON TABLE a IS 'a;b''c'"])
  })

  it('honours MySQL backslash escapes only when asked', () => {
    const sql = "CREATE TABLE `t;1` (c int COMMENT 'it\\'s; fine');SELECT 1"
    expect(splitSqlStatements(sql, true)).toEqual(["CREATE TABLE `t;1` (c int COMMENT 'it\\'s; fine')", 'SELECT 1'])
  })
})

describe('rewriteSchemaName', () => {
  it('replaces whole names only', () => {
    const text = 'tutorial_instances.lab; "tutorial_instances"; tutorial_instances_2.project'
    expect(rewriteSchemaName(text, 'tutorial_instances', 'jtest_x')).toBe(
      'jtest_x.lab; "jtest_x"; tutorial_instances_2.project',
    )
  })
})
