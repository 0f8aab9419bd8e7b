import { describe, expect, it } from 'vitest'
import type { WireAttribute } from '../../../electron/ipc/contract'
import type { TableDetail } from './entry-model'
import { byTable, stageDelete, stageEdit, unstage } from './pending-model'

function attribute(name: string, inKey = false): WireAttribute {
  return { name, type: 'varchar(20)', sqlType: 'varchar(20)', category: 'string', inKey, nullable: true, default: null, comment: '', lineage: null, codec: null, enumValues: null }
}
const subject: TableDetail = {
  schema: 'lab',
  table: 'subject',
  className: 'Subject',
  tier: 'manual',
  comment: '',
  attributes: [attribute('subject_id', true), attribute('sex'), attribute('notes')],
  primaryKey: ['subject_id'],
  definition: '',
  foreignKeys: [],
  indexes: [],
}
const v = (text: string) => ({ text, isNull: false })
const row = { subject_id: v('3'), sex: v('F'), notes: v('') }
const expr = { kind: 'table', schema: 'lab', table: 'subject' } as const

describe('the pending-changes list', () => {
  it('stages an edit with the row’s key and only the values that differ', () => {
    const list = stageEdit([], subject, row, { ...row, sex: v('M'), notes: v('') }, ['sex', 'notes'])
    expect(list).toHaveLength(1)
    expect(list[0]?.change).toEqual({ kind: 'update', schema: 'lab', table: 'subject', row: { subject_id: '3', sex: 'M' } })
    expect(list[0]?.summary).toBe('subject_id=3: sex F → M')
  })

  it('merges a second edit of the same row into its entry, and drops it when it undoes the first', () => {
    const first = stageEdit([], subject, row, { ...row, sex: v('M') }, ['sex'])
    const second = stageEdit(first, subject, row, { ...row, notes: { text: '', isNull: true } }, ['notes'])
    expect(second).toHaveLength(1)
    expect(second[0]?.id).toBe(first[0]?.id)
    expect(second[0]?.change).toMatchObject({ row: { subject_id: '3', sex: 'M', notes: null } })
    expect(second[0]?.summary).toBe('subject_id=3: sex F → M; notes (default) → NULL')
    expect(stageEdit(first, subject, row, { ...row, sex: v('F') }, ['sex'])).toEqual([])
    expect(stageEdit([], subject, row, row, ['sex'])).toEqual([])
  })

  it('stages deletes with their previewed total, groups per table in commit order, and unstages one', () => {
    let list = stageEdit([], subject, row, { ...row, sex: v('M') }, ['sex'])
    list = stageDelete(list, { schema: 'lab', table: 'session', className: 'Session' }, { expr, subject: '1 selected row of Session', partIntegrity: 'enforce', total: 4, tables: 2 })
    list = stageDelete(list, subject, { expr, subject: '2 selected rows of Subject', partIntegrity: 'cascade', total: 9, tables: 3 })
    expect(list[2]?.change).toEqual({ kind: 'delete', expr, partIntegrity: 'cascade', expectedTotal: 9 })
    expect(list[2]?.summary).toBe('delete 2 selected rows of Subject (9 rows in 3 tables, part integrity: cascade)')
    expect(byTable(list).map((group) => [group.className, group.changes.map((c) => c.index)])).toEqual([
      ['Subject', [0, 2]],
      ['Session', [1]],
    ])
    expect(unstage(list, list[1]?.id ?? '').map((item) => item.className)).toEqual(['Subject', 'Subject'])
  })
})
