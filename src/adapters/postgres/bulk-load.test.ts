import { describe, expect, it } from 'vitest'
import type { BulkLoad, SqlValue } from '../driver'
import { bulkLoadStatements, copyField, copyText } from './bulk-load'

const LOAD: BulkLoad = {
  table: { schema: 'lab', table: 'session' },
  columns: ['subject_id', 'session', 'note'],
  rows: [],
  onDuplicate: 'error',
  primaryKey: ['subject_id', 'session'],
}

describe('bulkLoadStatements', () => {
  it('COPYs straight into the table when a duplicate must fail, or when there is no key to collide on', () => {
    for (const load of [LOAD, { ...LOAD, onDuplicate: 'skip', primaryKey: [] } as const]) {
      expect(bulkLoadStatements(load, 'dj_stage_1')).toEqual({
        copy: 'COPY "lab"."session" ("subject_id", "session", "note") FROM STDIN',
        staging: null,
      })
    }
  })

  it('skips duplicates through a staging table typed like the columns, moved with ON CONFLICT DO NOTHING', () => {
    expect(bulkLoadStatements({ ...LOAD, onDuplicate: 'skip' }, 'dj_stage_1')).toEqual({
      copy: 'COPY "pg_temp"."dj_stage_1" ("subject_id", "session", "note") FROM STDIN',
      staging: {
        create: {
          sql: 'CREATE TEMPORARY TABLE "pg_temp"."dj_stage_1" ON COMMIT DROP AS SELECT "subject_id", "session", "note" FROM "lab"."session" WITH NO DATA',
          params: [],
        },
        move: {
          sql: 'INSERT INTO "lab"."session" ("subject_id","session","note") SELECT "subject_id","session","note" FROM "pg_temp"."dj_stage_1" ON CONFLICT ("subject_id", "session") DO NOTHING',
          params: [],
        },
        drop: { sql: 'DROP TABLE "pg_temp"."dj_stage_1"', params: [] },
      },
    })
  })

  it('replaces through the staging table with ON CONFLICT DO UPDATE of the given attributes', () => {
    expect(bulkLoadStatements({ ...LOAD, onDuplicate: 'replace' }, 'dj_stage_2').staging?.move.sql).toBe(
      'INSERT INTO "lab"."session" ("subject_id","session","note") SELECT "subject_id","session","note" FROM "pg_temp"."dj_stage_2" ' +
        'ON CONFLICT ("subject_id", "session") DO UPDATE SET "note" = EXCLUDED."note"',
    )
  })
})

const isoText = (date: Date): string => date.toISOString()

describe('copyField', () => {
  const cases: readonly (readonly [SqlValue, string])[] = [
    [null, '\\N'],
    ['\\N', '\\\\N'],
    ['plain text', 'plain text'],
    ['tab\there', 'tab\\there'],
    ['a\nb\r\nc', 'a\\nb\\r\\nc'],
    ['back\\slash', 'back\\\\slash'],
    ['\\.', '\\\\.'],
    ["it's \"quoted\"", "it's \"quoted\""],
    ['ünï ✓ 😀', 'ünï ✓ 😀'],
    ['', ''],
    [true, 't'],
    [false, 'f'],
    [42, '42'],
    [-2.5e-300, '-2.5e-300'],
    [2n ** 63n - 1n, '9223372036854775807'],
    [new Uint8Array([0, 0x5c, 0x0a, 0xff]), '\\\\x005c0aff'],
    [Buffer.from('hi'), '\\\\x6869'],
    [new Date(Date.UTC(2024, 1, 29, 12)), '2024-02-29T12:00:00.000Z'],
  ]
  it.each(cases.map(([value, text]) => [typeof value === 'string' ? JSON.stringify(value) : String(value), value, text] as const))('%s', (_name, value, text) => {
    expect(copyField(value, isoText)).toBe(text)
  })

  it('bytes of a view are its own bytes, not its buffer’s', () => {
    const buffer = Uint8Array.from([1, 2, 3, 4, 5])
    expect(copyField(buffer.subarray(1, 3), isoText)).toBe('\\\\x0203')
  })
})

describe('copyText', () => {
  it('writes a line per row, fields separated by tabs, and splits only between rows', () => {
    expect([...copyText([[1, 'a\tb', null], [2, '', true]], isoText)]).toEqual(['1\ta\\tb\t\\N\n2\t\tt\n'])
    const rows = Array.from({ length: 30_000 }, (_, i) => [i, 'x'.repeat(20)])
    const chunks = [...copyText(rows, isoText)]
    expect(chunks.length).toBeGreaterThan(1)
    for (const chunk of chunks) expect(chunk.endsWith('\n')).toBe(true)
    expect(chunks.join('').split('\n').length - 1).toBe(30_000)
  })
})
