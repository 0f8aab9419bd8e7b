import { describe, expect, it } from 'vitest'
import type { WireAttribute } from '../../../electron/ipc/contract'
import { NPY_DATA_URL_PREFIX, npyFile } from '../../../src/codecs/npy'
import { errorAt, errorTarget, fieldText, formItems, masterKeyOf, npyFieldText, npySummary, parentKeyCondition, toEntryRow, type TableDetail } from './entry-model'

function attribute(name: string, overrides: Partial<WireAttribute> = {}): WireAttribute {
  return { name, type: 'int32', sqlType: 'int', category: 'integer', inKey: false, nullable: false, default: null, comment: '', lineage: null, codec: null, enumValues: null, ...overrides }
}

function detail(table: string, attributes: WireAttribute[], foreignKeys: TableDetail['foreignKeys'] = []): TableDetail {
  return { schema: 's', table, className: table, tier: 'manual', comment: '', attributes, primaryKey: attributes.filter((a) => a.inKey).map((a) => a.name), definition: '', foreignKeys, indexes: [] }
}

const session = detail(
  'session',
  [attribute('subject_id', { inKey: true }), attribute('session_idx', { inKey: true }), attribute('experimenter', { category: 'string' }), attribute('rig', { category: 'string' })],
  [
    { parentSchema: 's', parentTable: 'subject', attributes: ['subject_id'], parentAttributes: ['subject_id'] },
    { parentSchema: 's', parentTable: 'researcher', attributes: ['experimenter'], parentAttributes: ['researcher_id'] },
  ],
)
const trial = detail(
  'session__trial',
  [attribute('subject_id', { inKey: true }), attribute('session_idx', { inKey: true }), attribute('trial_idx', { inKey: true })],
  [{ parentSchema: 's', parentTable: 'session', attributes: ['subject_id', 'session_idx'], parentAttributes: ['subject_id', 'session_idx'] }],
)

describe('the form of a table', () => {
  it('gives one picker per foreign key, renamed ones included, where its first attribute is', () => {
    expect(formItems(session).map((item) => (item.kind === 'field' ? item.attribute.name : `-> ${item.foreignKey.parentTable}`))).toEqual([
      '-> subject',
      'session_idx',
      '-> researcher',
      'rig',
    ])
  })

  it('leaves a part’s master key to the service', () => {
    const skip = masterKeyOf(trial, session)
    expect([...skip]).toEqual(['subject_id', 'session_idx'])
    expect(formItems(trial, skip).map((item) => (item.kind === 'field' ? item.attribute.name : 'fk'))).toEqual(['trial_idx'])
  })

  it('places a refusal at its table, row and field, a foreign key’s at its picker', () => {
    const target = errorTarget({ table: 'session__trial', row: 2, attribute: 'trial_idx' }, 'taken')
    const [trialIdx] = formItems(trial, masterKeyOf(trial, session))
    expect(trialIdx !== undefined && errorAt(target, 'session__trial', 2, trialIdx)).toBe(true)
    expect(trialIdx !== undefined && errorAt(target, 'session__trial', 1, trialIdx)).toBe(false)
    const [subject] = formItems(session)
    expect(subject !== undefined && errorAt(errorTarget({ table: 'session', row: 0, attribute: 'subject_id' }, 'missing'), 'session', 0, subject)).toBe(true)
  })

  it('turns typed values into a row and grid values into fields', () => {
    expect(toEntryRow({ a: { text: '1', isNull: false }, b: { text: 'x', isNull: true } })).toEqual({ a: '1', b: null })
    expect(fieldText({ $bigint: '18446744073709551615' })).toEqual({ text: '18446744073709551615', isNull: false })
    expect(fieldText({ $blob: { summary: 'x', size: 3 } })).toBeNull()
    expect(fieldText(null)).toEqual({ text: '', isNull: true })
  })
})

describe('a .npy file in a <blob> field', () => {
  const file = npyFile('int16', [3, 4], new Uint8Array(24))
  const dataUrl = `data:application/octet-stream;base64,${btoa(String.fromCharCode(...file))}`

  it('travels as a data URL the main process reads, described from its header', () => {
    const text = npyFieldText(dataUrl)
    expect(text.startsWith(NPY_DATA_URL_PREFIX)).toBe(true)
    expect(npySummary(text)).toBe(`int16 array 3×4 (.npy, ${file.length} B)`)
    expect(npySummary('[1, 2, 3]')).toBeNull()
  })

  it('is refused when it is not a .npy file the engine reads', () => {
    expect(() => npyFieldText(`data:text/csv;base64,${btoa('a,b\n1,2\n')}`)).toThrow(/does not start with/)
  })
})

describe('the parent row a picker chose', () => {
  it('is a restriction of the parent under its own attribute names, typed as the child attributes are', () => {
    const fk = session.foreignKeys[1] as TableDetail['foreignKeys'][number]
    const attributes = [attribute('experimenter', { category: 'string' })]
    expect(parentKeyCondition(fk, attributes, { experimenter: { text: 'ada', isNull: false } })).toEqual({
      kind: 'match',
      values: { researcher_id: { kind: 'lit', type: 'string', value: 'ada' } },
    })
    const subject = session.foreignKeys[0] as TableDetail['foreignKeys'][number]
    expect(parentKeyCondition(subject, [attribute('subject_id')], { subject_id: { text: '12', isNull: false } })).toEqual({
      kind: 'match',
      values: { subject_id: { kind: 'lit', type: 'number', value: 12 } },
    })
    expect(parentKeyCondition(subject, [attribute('subject_id')], { subject_id: { text: '', isNull: false } })).toBeNull()
  })
})
