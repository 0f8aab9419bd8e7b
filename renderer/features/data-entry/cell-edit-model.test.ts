import { describe, expect, it } from 'vitest'
import type { WireAttribute, WireValue } from '../../../electron/ipc/contract'
import type { GridRow } from '../../components/data-grid/data-grid'
import { cellEditable, cellForeignKey, cellMarks, cellProblem, editRefusal, stageCells, startState } from './cell-edit-model'
import type { TableDetail } from './entry-model'
import { stageDelete, type PendingChange } from './pending-model'

function attribute(name: string, overrides: Partial<WireAttribute> = {}): WireAttribute {
  return { name, type: 'varchar(20)', sqlType: 'varchar(20)', category: 'string', inKey: false, nullable: false, default: null, comment: '', lineage: null, codec: null, enumValues: null, ...overrides }
}
const attributes = [
  attribute('subject_id', { inKey: true, type: 'int32', sqlType: 'int', category: 'integer' }),
  attribute('sex', { category: 'enum', type: "enum('F','M','U')", enumValues: ['F', 'M', 'U'] }),
  attribute('weight_g', { category: 'decimal', type: 'decimal(6,2)', sqlType: 'decimal(6,2)', nullable: true, default: 'null' }),
  attribute('params', { category: 'codec', type: '<blob>', codec: '<blob>' }),
]
const subject: TableDetail = {
  schema: 'lab',
  table: 'subject',
  className: 'Subject',
  tier: 'manual',
  comment: '',
  attributes,
  primaryKey: ['subject_id'],
  definition: '',
  foreignKeys: [],
  indexes: [],
}
const values: WireValue[] = [1003, 'F', '21.30', { $blob: { size: 40, summary: 'float64 (3,)' } } as unknown as WireValue]
const rows: GridRow[] = [
  { id: '0', index: 0, values: [1002, 'M', null, null] },
  { id: '1', index: 1, values },
]
const weight = attributes[2] as WireAttribute
const sex = attributes[1] as WireAttribute
const staged = (result: ReturnType<typeof stageCells>): PendingChange[] => {
  if (!('list' in result)) throw new Error(`refused: ${result.problem}`)
  return result.list
}

describe('editing a grid cell in place', () => {
  it('edits secondary attributes of a typed kind; keys, blobs and attachments keep their viewer', () => {
    expect(attributes.map(cellEditable)).toEqual([false, true, true, false])
    expect(cellEditable(attribute('raw', { category: 'bytes' }))).toBe(false)
    expect(cellEditable(attribute('file', { category: 'codec', codec: '<attach>' }))).toBe(false)
  })

  it('keeps DataJoint’s refusals: a read-only tab, a Computed or Imported table until the person allows it', () => {
    expect(editRefusal(subject, { readOnly: false, allowAutoPopulated: false })).toBeNull()
    expect(editRefusal(subject, { readOnly: true, allowAutoPopulated: true })?.kind).toBe('read-only')
    const sorting = { className: 'SpikeSorting', tier: 'computed' } as const
    expect(editRefusal(sorting, { readOnly: false, allowAutoPopulated: false })).toMatchObject({ kind: 'auto-populated', message: expect.stringContaining('populate()') })
    expect(editRefusal(sorting, { readOnly: false, allowAutoPopulated: true })).toBeNull()
  })

  it('checks the text with the rules the main process applies: a bad value is refused and nothing is staged', () => {
    expect(cellProblem(weight, { text: '12.345', isNull: false })).toBe('`weight_g` keeps 2 decimal places; 12.345 has more.')
    expect(cellProblem(weight, { text: 'heavy', isNull: false })).toBe('`weight_g` takes a decimal number.')
    expect(cellProblem(weight, { text: '', isNull: true })).toBeNull()
    expect(cellProblem(sex, { text: '', isNull: true })).toBe('`sex` cannot be NULL.')
    expect(stageCells([], subject, attributes, values, { [weight.name]: { text: '12.345', isNull: false } })).toEqual({ problem: '`weight_g` keeps 2 decimal places; 12.345 has more.' })
  })

  it('stages a cell as an update1 of its row, merges a second cell into it, and drops it when the values are back', () => {
    const first = staged(stageCells([], subject, attributes, values, { [weight.name]: { text: '23.45', isNull: false } }))
    expect(first.map((item) => item.change)).toEqual([{ kind: 'update', schema: 'lab', table: 'subject', row: { subject_id: '1003', weight_g: '23.45' } }])
    expect(first[0]?.summary).toBe('subject_id=1003: weight_g 21.30 → 23.45')
    expect(startState(subject, first, attributes, values, 'weight_g')).toEqual({ text: '23.45', isNull: false })
    expect(startState(subject, first, attributes, values, 'sex')).toEqual({ text: 'F', isNull: false })
    const second = staged(stageCells(first, subject, attributes, values, { [sex.name]: { text: 'U', isNull: false } }))
    expect(second).toHaveLength(1)
    expect(second[0]?.change).toMatchObject({ row: { subject_id: '1003', weight_g: '23.45', sex: 'U' } })
    const back = staged(stageCells(staged(stageCells(second, subject, attributes, values, { [sex.name]: { text: 'F', isNull: false } })), subject, attributes, values, { [weight.name]: { text: '21.30', isNull: false } }))
    expect(back).toEqual([])
  })

  it('edits a secondary foreign key with its parent’s picker, all its attributes staged together; key ones stay text', () => {
    const session: TableDetail = {
      ...subject,
      table: 'session',
      className: 'Session',
      attributes: [
        attribute('subject_id', { inKey: true, type: 'int32', sqlType: 'int', category: 'integer' }),
        attribute('session_idx', { inKey: true, type: 'int16', sqlType: 'smallint', category: 'integer' }),
        attribute('rig_room', { nullable: true, default: 'null' }),
        attribute('rig_name', { nullable: true, default: 'null' }),
        attribute('notes'),
      ],
      primaryKey: ['subject_id', 'session_idx'],
      foreignKeys: [
        { parentSchema: 'lab', parentTable: 'subject', attributes: ['subject_id'], parentAttributes: ['subject_id'] },
        { parentSchema: 'lab', parentTable: 'rig', attributes: ['rig_room', 'rig_name'], parentAttributes: ['room', 'rig'] },
      ],
    }
    expect(cellForeignKey(session, 'rig_name')?.parentTable).toBe('rig')
    expect(cellForeignKey(session, 'rig_room')?.parentTable).toBe('rig')
    expect(cellForeignKey(session, 'notes')).toBeNull()
    expect(cellForeignKey(session, 'subject_id')).toBeNull()
    const row: WireValue[] = [1003, 2, 'north', 'A', '']
    const chosen = staged(stageCells([], session, session.attributes, row, { rig_room: { text: 'south', isNull: false }, rig_name: { text: 'B', isNull: false } }))
    expect(chosen.map((item) => item.change)).toEqual([{ kind: 'update', schema: 'lab', table: 'session', row: { subject_id: '1003', session_idx: '2', rig_room: 'south', rig_name: 'B' } }])
    const cleared = staged(stageCells([], session, session.attributes, row, { rig_room: { text: '', isNull: true }, rig_name: { text: '', isNull: true } }))
    expect(cleared[0]?.change).toMatchObject({ row: { rig_room: null, rig_name: null } })
  })

  it('marks the shown rows’ staged, refused and failed cells by row id, and only this table’s', () => {
    let list = staged(stageCells([], subject, attributes, values, { [weight.name]: { text: '23.45', isNull: false } }))
    list = stageDelete(list, subject, { expr: { kind: 'table', schema: 'lab', table: 'subject' }, subject: 'all', partIntegrity: 'enforce', total: 2, tables: 1 })
    const draft = { schema: 'lab', table: 'subject', rowKey: 'subject_id=1002', attribute: 'weight_g', state: { text: 'x', isNull: false }, problem: '`weight_g` takes a decimal number.' }
    const marks = cellMarks(subject, attributes, rows, list, [draft, { ...draft, table: 'session' }], null)
    expect([...marks.keys()]).toEqual(['0', '1'])
    expect(marks.get('1')?.get('weight_g')).toEqual({ kind: 'staged', text: '23.45', description: 'Staged edit, not committed: 21.30 → 23.45' })
    expect(marks.get('1')?.has('subject_id')).toBe(false)
    expect(marks.get('0')?.get('weight_g')).toEqual({ kind: 'invalid', text: 'x', description: 'Not staged: `weight_g` takes a decimal number.' })
    const failed = cellMarks(subject, attributes, rows, list, [], { id: list[0]?.id ?? '', attribute: 'weight_g', message: 'Change 1 of 2 failed' })
    expect(failed.get('1')?.get('weight_g')).toMatchObject({ kind: 'failed', description: 'The commit failed on this edit (21.30 → 23.45): Change 1 of 2 failed' })
    expect(cellMarks({ ...subject, table: 'session' }, attributes, rows, list, [], null).size).toBe(0)
  })
})
