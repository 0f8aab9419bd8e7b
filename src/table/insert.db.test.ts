// insert/insert1 and the fetch API on real servers: DataJoint's field rules, defaults and nulls, tiers,
// skipDuplicates / ignoreExtraFields / replace, batching with one transaction per call, INSERT … SELECT,
// fetch1 cardinality, count/exists, toDicts options, keys, toArrays and cursor streaming.

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type * as dj from '../index'
import type { Instance } from '../instance/instance'
import { TEST_BACKENDS, closeTestSchema, openTestSchema, uniqueSchemaName, type TestServer } from '../testing/backends'
import { caught } from '../testing/failures'
import type { CompiledQuery } from '../adapters/driver'
import { statementBytes } from '../sql/statement-size'
import type { Table } from './table'

const WIDE_COLUMNS = 20

/** A row of the 20-column table: the key plus 19 secondary attributes of several types. */
function wideRow(i: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const row: Record<string, unknown> = { wide_id: i }
  for (let c = 1; c < WIDE_COLUMNS; c += 1) {
    const kind = c % 4
    row[`c${c}`] =
      kind === 0 ? i * c : kind === 1 ? `r${i}c${c}` : kind === 2 ? (i % 7) + c / 8 : (i + c) % 2 === 0 ? 'yes' : 'no'
  }
  return { ...row, ...overrides }
}

function wideDefinition(): string {
  const lines = ['wide_id : int32', '---']
  for (let c = 1; c < WIDE_COLUMNS; c += 1) {
    const kind = c % 4
    const type = kind === 0 ? 'int64' : kind === 1 ? 'varchar(24)' : kind === 2 ? 'float64' : "enum('yes','no')"
    lines.push(`c${c} : ${type}`)
  }
  lines.push('tag = null : uuid')
  return lines.join('\n')
}

describe.each(TEST_BACKENDS)('insert and fetch on %s', (backendName) => {
  let server: TestServer
  let inst: Instance
  let schema: dj.Schema
  let Subject: Table
  let Session: Table
  let Note: Table
  let Tag: Table
  let Wide: Table
  let Payload: Table
  let Narrow: Table
  let Computed: Table
  let Imported: Table
  let ComputedPart: Table
  const schemaName = uniqueSchemaName('ins')

  beforeAll(async () => {
    ;({ server, inst, schema } = await openTestSchema(backendName, schemaName))
    Subject = await schema.manual(
      'Subject',
      `
      subject_id : int32
      ---
      species = 'mouse' : varchar(20)
      weight = null : float64
      sex : enum('F', 'M', 'U')
      `,
    )
    Session = await schema.manual(
      'Session',
      `
      -> Subject
      session : int16
      ---
      note = '' : varchar(100)
      `,
    )
    Note = await schema.manual('Note', 'note_id : int32\n---\ntext : varchar(100)\nstars = 3 : int8')
    Tag = await schema.manual('Tag', 'name : varchar(20)\nnumber : int32')
    Wide = await schema.manual('Wide', wideDefinition())
    Payload = await schema.manual('Payload', 'payload_id : int32\n---\ndata : bytes')
    Narrow = await schema.manual('Narrow', 'narrow_id : int32\n---\nlabel : varchar(32)')
    Computed = await schema.computed('Summary', '-> Subject\n---\nn_sessions : int32')
    Imported = await schema.imported('Recording', '-> Session\n---\nsamples : int64')
    ComputedPart = await schema.part(Computed, 'Detail', '-> master\ndetail : int16\n---\nvalue : float64')
  }, 120_000)

  afterAll(() => closeTestSchema({ schema, inst, server }))

  /** Lowers this connection's statement bound to 256 KiB, so that 5,000 wide rows take several statements. */
  function smallStatements(): { mockRestore(): void } {
    const limits = inst.statementLimits
    return vi.spyOn(inst, 'statementLimits', 'get').mockReturnValue({ ...limits, maxStatementBytes: Math.min(limits.maxStatementBytes, 256 * 1024) })
  }

  /** Keeps this connection's inserts in multi-row INSERT statements, so that tests can count and size them. */
  function multiRowInserts(): { mockRestore(): void } {
    return vi.spyOn(inst, 'canBulkLoad', 'get').mockReturnValue(false)
  }

  async function reset(...tables: Table[]): Promise<void> {
    for (const table of tables) await inst.run({ sql: `DELETE FROM ${table.fullTableName}`, params: [] })
  }

  describe('field rules', () => {
    it('every row must have the same fields (DataJoint’s message), whichever way they differ', async () => {
      const more = await caught(
        Subject.insert([
          { subject_id: 1, sex: 'F' },
          { subject_id: 2, sex: 'M', species: 'rat' },
        ]),
      )
      expect(more.code).toBe('INVALID_INPUT')
      expect(more.message).toBe('Attempt to insert rows with different fields.')
      expect(more.details).toMatchObject({ row: 1, attribute: 'species' })
      const fewer = await caught(
        Subject.insert([
          { subject_id: 1, sex: 'F', species: 'rat' },
          { subject_id: 2, sex: 'M', species: 'rat' },
          { subject_id: 3, sex: 'M' },
        ]),
      )
      expect(fewer.message).toBe('Attempt to insert rows with different fields.')
      expect(fewer.details).toMatchObject({ row: 2, attribute: 'species' })
      expect(await Subject.count()).toBe(0)
    })

    it('an unknown field is UNKNOWN_ATTRIBUTE naming it, unless ignoreExtraFields', async () => {
      const first = await caught(Subject.insert1({ subject_id: 1, sex: 'F', colour: 'brown' }))
      expect(first.code).toBe('UNKNOWN_ATTRIBUTE')
      expect(first.message).toContain('`colour` is not in the table heading')
      expect(first.details).toMatchObject({ row: 0, attribute: 'colour' })
      const later = await caught(
        Subject.insert([
          { subject_id: 1, sex: 'F' },
          { subject_id: 2, sex: 'F', colour: 'brown' },
        ]),
      )
      expect(later.code).toBe('UNKNOWN_ATTRIBUTE')
      expect(later.details).toMatchObject({ row: 1, attribute: 'colour' })
      expect(await Subject.count()).toBe(0)

      await Subject.insert(
        [
          { subject_id: 1, sex: 'F', colour: 'brown' },
          { subject_id: 2, sex: 'M', colour: 'white', eyes: 'red' },
        ],
        { ignoreExtraFields: true },
      )
      expect(await Subject.toDicts({ orderBy: 'KEY' })).toEqual([
        { subject_id: 1, species: 'mouse', weight: null, sex: 'F' },
        { subject_id: 2, species: 'mouse', weight: null, sex: 'M' },
      ])
      await reset(Subject)
    })

    it('ignoreExtraFields ignores unknown fields only: a heading attribute that only later rows give is refused', async () => {
      const err = await caught(
        Subject.insert(
          [
            { subject_id: 1, sex: 'F', colour: 'brown' },
            { subject_id: 2, sex: 'M', species: 'rat' },
          ],
          { ignoreExtraFields: true },
        ),
      )
      expect(err.message).toBe('Attempt to insert rows with different fields.')
      expect(err.details).toMatchObject({ row: 1, attribute: 'species' })
      expect(await Subject.count()).toBe(0)
    })

    it('null and undefined mean DEFAULT: the declared default, else NULL', async () => {
      await Subject.insert([
        { subject_id: 1, species: null, weight: null, sex: 'F' },
        { subject_id: 2, species: undefined, weight: 21.5, sex: 'M' },
        { subject_id: 3, species: 'rat', weight: Number.NaN, sex: 'U' },
      ])
      expect(await Subject.toDicts({ orderBy: 'KEY' })).toEqual([
        { subject_id: 1, species: 'mouse', weight: null, sex: 'F' },
        { subject_id: 2, species: 'mouse', weight: 21.5, sex: 'M' },
        { subject_id: 3, species: 'rat', weight: null, sex: 'U' },
      ])
      await reset(Subject)
    })

    it('a required attribute (NOT NULL, no default) left out or null is MISSING_ATTRIBUTE naming row and attribute', async () => {
      const absent = await caught(Subject.insert([{ subject_id: 1 }, { subject_id: 2 }]))
      expect(absent.code).toBe('MISSING_ATTRIBUTE')
      expect(absent.message).toContain('sex')
      expect(absent.details).toMatchObject({ attribute: 'sex' })
      const nulled = await caught(
        Subject.insert([
          { subject_id: 1, sex: 'F' },
          { subject_id: 2, sex: 'F' },
          { subject_id: 3, sex: null },
        ]),
      )
      expect(nulled.code).toBe('MISSING_ATTRIBUTE')
      expect(nulled.message).toContain('`sex`')
      expect(nulled.message).toContain('row 2')
      expect(nulled.details).toMatchObject({ row: 2, attribute: 'sex' })
      const empty = await caught(Subject.insert1({}))
      expect(empty.code).toBe('MISSING_ATTRIBUTE')
      expect(empty.message).toBe("Cannot insert empty row. The following attributes require values: ['subject_id', 'sex']")
      expect(await Subject.count()).toBe(0)
    })

    it('non-object rows are INVALID_INPUT; an empty list inserts nothing', async () => {
      expect((await caught(Subject.insert([[1, 'mouse', null, 'F'] as unknown as dj.Row]))).code).toBe('INVALID_INPUT')
      expect((await caught(Subject.insert([{ subject_id: 1, sex: 'F' }, null as unknown as dj.Row]))).details).toMatchObject({ row: 1 })
      expect(await Subject.insert([])).toBe(0)
      expect(await Subject.count()).toBe(0)
    })
  })

  describe('tiers', () => {
    beforeAll(async () => {
      await Subject.insert([
        { subject_id: 1, sex: 'F' },
        { subject_id: 2, sex: 'M' },
      ])
      await Session.insert([{ subject_id: 1, session: 1 }])
    })

    afterAll(async () => {
      await reset(ComputedPart, Computed, Imported, Session, Subject)
    })

    it('computed and imported tables refuse direct inserts with DataJoint’s message, unless allowDirectInsert', async () => {
      for (const [table, row] of [
        [Computed, { subject_id: 1, n_sessions: 1 }],
        [Imported, { subject_id: 1, session: 1, samples: 100 }],
      ] as const) {
        const err = await caught(table.insert1(row))
        expect(err.code).toBe('TIER_VIOLATION')
        expect(err.message).toBe(
          'Inserts into an auto-populated table can only be done inside its make method during a populate call. ' +
            'To override, set keyword argument allow_direct_insert=True.',
        )
        expect(await table.count()).toBe(0)
        await table.insert1(row, { allowDirectInsert: true })
        expect(await table.count()).toBe(1)
      }
      // From a query too.
      const err = await caught(Computed.insert(Subject.proj({ n_sessions: 'subject_id' })))
      expect(err.code).toBe('TIER_VIOLATION')
    })

    it('a part of a computed master takes direct inserts, as in DataJoint (its guard is on AutoPopulate only)', async () => {
      await ComputedPart.insert1({ subject_id: 1, detail: 1, value: 0.5 })
      expect(await ComputedPart.toDicts()).toEqual([{ subject_id: 1, detail: 1, value: 0.5 }])
    })
  })

  describe('duplicates and replace', () => {
    beforeAll(async () => {
      await Note.insert([
        { note_id: 1, text: 'one', stars: 3 },
        { note_id: 2, text: 'two', stars: 5 },
      ])
    })

    afterAll(async () => {
      await reset(Note, Tag)
    })

    it('a duplicate key is DUPLICATE with DataJoint’s hint, and the whole call inserts nothing', async () => {
      const err = await caught(
        Note.insert([
          { note_id: 3, text: 'three' },
          { note_id: 2, text: 'two again' },
        ]),
      )
      expect(err.code).toBe('DUPLICATE')
      expect(err.details.hint).toBe('To ignore duplicate entries in insert, set skipDuplicates: true')
      expect(await Note.keys({ orderBy: 'KEY' })).toEqual([{ note_id: 1 }, { note_id: 2 }])
    })

    it('skipDuplicates keeps existing rows untouched, inserts the new ones and counts only those', async () => {
      const inserted = await Note.insert(
        [
          { note_id: 2, text: 'ignored', stars: 1 },
          { note_id: 3, text: 'three', stars: 1 },
        ],
        { skipDuplicates: true },
      )
      expect(inserted).toBe(1)
      expect(await Note.toDicts({ orderBy: 'KEY' })).toEqual([
        { note_id: 1, text: 'one', stars: 3 },
        { note_id: 2, text: 'two', stars: 5 },
        { note_id: 3, text: 'three', stars: 1 },
      ])
    })

    it('replace upserts: existing rows take the given values, new rows are inserted', async () => {
      await Note.insert(
        [
          { note_id: 1, text: 'one, edited', stars: 4 },
          { note_id: 4, text: 'four', stars: 2 },
        ],
        { replace: true },
      )
      expect(await Note.toDicts({ orderBy: 'KEY' })).toEqual([
        { note_id: 1, text: 'one, edited', stars: 4 },
        { note_id: 2, text: 'two', stars: 5 },
        { note_id: 3, text: 'three', stars: 1 },
        { note_id: 4, text: 'four', stars: 2 },
      ])
      // Documented choice: attributes the call leaves out keep their stored value (an upsert), where
      // DataJoint's MySQL `REPLACE` would reset them to their defaults.
      await Note.insert1({ note_id: 2, text: 'two, edited' }, { replace: true })
      expect(await Note.restrict({ note_id: 2 }).fetch1()).toEqual({ note_id: 2, text: 'two, edited', stars: 5 })
    })

    it('replace on a table whose attributes are all in the key is a no-op for existing rows', async () => {
      await Tag.insert1({ name: 'a', number: 1 })
      await Tag.insert(
        [
          { name: 'a', number: 1 },
          { name: 'b', number: 2 },
        ],
        { replace: true },
      )
      expect(await Tag.toDicts({ orderBy: 'KEY' })).toEqual([
        { name: 'a', number: 1 },
        { name: 'b', number: 2 },
      ])
    })

    it('replace of a parent that has children works (DataJoint’s REPLACE would fail) and keeps the children', async () => {
      await Subject.insert([
        { subject_id: 10, species: 'mouse', sex: 'F' },
        { subject_id: 11, species: 'mouse', sex: 'M' },
      ])
      await Session.insert([
        { subject_id: 10, session: 1, note: 'first' },
        { subject_id: 10, session: 2, note: 'second' },
      ])
      await Subject.insert([{ subject_id: 10, species: 'rat', weight: 30.25, sex: 'F' }], { replace: true })
      expect(await Subject.restrict({ subject_id: 10 }).fetch1()).toEqual({ subject_id: 10, species: 'rat', weight: 30.25, sex: 'F' })
      expect(await Session.restrict({ subject_id: 10 }).count()).toBe(2)
      await reset(Session, Subject)
    })
  })

  describe('batches and transactions', () => {
    afterAll(async () => {
      await reset(Wide)
    })

    it('5,000 rows × 20 columns go in several statements and all arrive', async () => {
      const small = smallStatements()
      const multiRow = multiRowInserts()
      const run = vi.spyOn(inst, 'run')
      try {
        const rows = Array.from({ length: 5_000 }, (_, i) => wideRow(i))
        expect(await Wide.insert(rows)).toBe(5_000)
        const inserts = run.mock.calls.filter(([query]) => /^\s*INSERT/i.test(query.sql))
        expect(inserts.length).toBeGreaterThan(1)
        const parameters = inst.dialect.capabilities.bulkInsertSize.parameters ?? Infinity
        for (const [query] of inserts) expect(query.params.length).toBeLessThanOrEqual(parameters)
      } finally {
        run.mockRestore()
        multiRow.mockRestore()
        small.mockRestore()
      }
      expect(await Wide.count()).toBe(5_000)
      expect(await Wide.restrict({ wide_id: 4_321 }).fetch1()).toEqual({ ...wideRow(4_321), tag: null })
      await reset(Wide)
    })

    it('100,000 narrow rows go in few statements, each within the connection’s limits, and all arrive', async () => {
      const rows = Array.from({ length: 100_000 }, (_, i) => ({ narrow_id: i, label: `row ${i}` }))
      const limits = inst.statementLimits
      const multiRow = multiRowInserts()
      const run = vi.spyOn(inst, 'run')
      let inserts: CompiledQuery[]
      try {
        expect(await Narrow.insert(rows)).toBe(100_000)
        inserts = run.mock.calls.map(([query]) => query).filter((query) => /^\s*INSERT/i.test(query.sql))
      } finally {
        run.mockRestore()
        multiRow.mockRestore()
      }
      // 1,000 rows per statement made 100; PostgreSQL's are 2,500 rows (5,000 parameters), MySQL's about 1 MiB.
      expect(inserts.length).toBeLessThanOrEqual(limits.maxParameters === null ? 4 : 40)
      for (const query of inserts) {
        expect(query.params.length).toBeLessThanOrEqual(limits.maxParameters ?? Infinity)
        expect(statementBytes(query)).toBeLessThanOrEqual(limits.maxStatementBytes)
        // Marked for the driver as one of a series of one form (MySQL keeps it prepared for the next batch).
        expect(query.repeated).toBe(true)
      }
      expect(await Narrow.count()).toBe(100_000)
      expect(await Narrow.restrict({ narrow_id: 76_543 }).fetch1()).toEqual({ narrow_id: 76_543, label: 'row 76543' })
      await reset(Narrow)
    })

    it('a bad row in the middle of 100,000 inserts nothing: named by the engine, or found by the server', async () => {
      const rows = Array.from({ length: 100_000 }, (_, i) => ({ narrow_id: i, label: `row ${i}` }))
      rows[50_000] = { narrow_id: 50_000, label: null as unknown as string }
      const missing = await caught(Narrow.insert(rows))
      expect(missing.code).toBe('MISSING_ATTRIBUTE')
      expect(missing.details).toMatchObject({ row: 50_000, attribute: 'label' })
      expect(await Narrow.count()).toBe(0)
      rows[50_000] = { narrow_id: 50_000, label: 'x'.repeat(40) }
      expect((await caught(Narrow.insert(rows))).code).toBe('DATA_TYPE')
      rows[50_000] = { narrow_id: 7, label: 'again' }
      expect((await caught(Narrow.insert(rows))).code).toBe('DUPLICATE')
      expect(await Narrow.count()).toBe(0)
    })

    it('large values are split by size: 3 rows of 5 MiB bytes fit MariaDB’s 16 MiB packet limit', async () => {
      const payload = (seed: number): Uint8Array => Uint8Array.from({ length: 5 * 1024 * 1024 }, (_, i) => (i * seed) % 251)
      const run = vi.spyOn(inst, 'run')
      try {
        expect(await Payload.insert([1, 2, 3].map((seed) => ({ payload_id: seed, data: payload(seed) })))).toBe(3)
        expect(run.mock.calls.filter(([query]) => /^\s*INSERT/i.test(query.sql)).length).toBeGreaterThan(1)
      } finally {
        run.mockRestore()
      }
      for (const seed of [1, 2, 3]) {
        const { data } = await Payload.restrict({ payload_id: seed }).fetch1()
        expect(Buffer.from(data as Uint8Array).equals(Buffer.from(payload(seed)))).toBe(true)
      }
      await reset(Payload)
    })

    it.each([
      ['a bad enum value', { c3: 'maybe' }, 'DATA_TYPE', 'c3'],
      ['a bad uuid', { tag: 'not-a-uuid' }, 'DATA_TYPE', 'tag'],
      ['a bad number', { c4: 'twelve' }, 'DATA_TYPE', 'c4'],
      ['a missing required value', { c1: null }, 'MISSING_ATTRIBUTE', 'c1'],
    ] as const)('%s at row 2,500 names the row and attribute and inserts nothing', async (_name, bad, code, attribute) => {
      await Wide.insert([wideRow(100_000)])
      const rows = Array.from({ length: 5_000 }, (_, i) => wideRow(i, i === 2_500 ? { tag: null, ...bad } : { tag: null }))
      const err = await caught(Wide.insert(rows))
      expect(err.code).toBe(code)
      expect(err.details).toMatchObject({ row: 2_500, attribute })
      expect(err.message).toContain(attribute)
      expect(await Wide.count()).toBe(1)
      await reset(Wide)
    })

    it.each([
      ['a duplicate of a stored row', (rows: Record<string, unknown>[]) => (rows[2_500] = wideRow(100_000)), 'DUPLICATE'],
      ['a duplicate within the call', (rows: Record<string, unknown>[]) => (rows[2_500] = wideRow(7)), 'DUPLICATE'],
      ['a value too long for its column', (rows: Record<string, unknown>[]) => (rows[2_500] = wideRow(2_500, { c1: 'x'.repeat(30) })), 'DATA_TYPE'],
    ] as const)('%s at row 2,500 (found by the server, in a later statement) rolls the whole call back', async (_name, spoil, code) => {
      await Wide.insert([wideRow(100_000)])
      const rows = Array.from({ length: 5_000 }, (_, i) => wideRow(i))
      spoil(rows)
      const small = smallStatements()
      const multiRow = multiRowInserts()
      const run = vi.spyOn(inst, 'run')
      let err: dj.DataJointError
      try {
        err = await caught(Wide.insert(rows))
        // Earlier statements of the call did run before the failing one.
        const inserts = run.mock.calls.filter(([query]) => /^\s*INSERT/i.test(query.sql))
        expect(inserts.length).toBeGreaterThan(1)
      } finally {
        run.mockRestore()
        multiRow.mockRestore()
        small.mockRestore()
      }
      expect(err.code).toBe(code)
      expect(await Wide.count()).toBe(1)
      expect(await Wide.keys()).toEqual([{ wide_id: 100_000 }])
      await reset(Wide)
    })

    it('inside inst.transaction a failed batched insert undoes only itself; the transaction goes on', async () => {
      await Wide.insert([wideRow(100_000)])
      const rows = Array.from({ length: 5_000 }, (_, i) => wideRow(i))
      rows[4_000] = wideRow(100_000)
      await inst.transaction(async () => {
        await Wide.insert1(wideRow(200_000))
        const err = await caught(Wide.insert(rows))
        expect(err.code).toBe('DUPLICATE')
        // On PostgreSQL the transaction would be aborted without the savepoint the insert ran under.
        await Wide.insert1(wideRow(300_000))
      })
      expect(await Wide.keys({ orderBy: 'KEY' })).toEqual([{ wide_id: 100_000 }, { wide_id: 200_000 }, { wide_id: 300_000 }])
      await reset(Wide)
    })

    it('inside inst.transaction an insert joins the caller’s transaction and rolls back with it', async () => {
      await expect(
        inst.transaction(async () => {
          await Wide.insert([wideRow(1), wideRow(2)])
          expect(await Wide.count()).toBe(2)
          throw new Error('undo')
        }),
      ).rejects.toThrow('undo')
      expect(await Wide.count()).toBe(0)
    })
  })

  describe('insert from a query', () => {
    let Archive: Table

    beforeAll(async () => {
      Archive = await schema.manual('Archive', 'note_id : int32\n---\ntext : varchar(100)')
      await Note.insert([
        { note_id: 1, text: 'one', stars: 1 },
        { note_id: 2, text: 'two', stars: 2 },
        { note_id: 3, text: 'three', stars: 3 },
      ])
    })

    afterAll(async () => {
      await reset(Archive, Note)
    })

    it('T.insert(Q) is one INSERT … SELECT', async () => {
      const run = vi.spyOn(inst, 'run')
      try {
        expect(await Archive.insert(Note.restrict('stars >= 2').proj('text'))).toBe(2)
        const statements = run.mock.calls.map(([query]) => query.sql)
        expect(statements.filter((sql) => /^\s*INSERT/i.test(sql))).toHaveLength(1)
        expect(statements.find((sql) => /^\s*INSERT/i.test(sql))).toMatch(/INSERT INTO .+ SELECT /is)
      } finally {
        run.mockRestore()
      }
      expect(await Archive.toDicts({ orderBy: 'KEY' })).toEqual([
        { note_id: 2, text: 'two' },
        { note_id: 3, text: 'three' },
      ])
    })

    it('extra attributes of the query are refused (DataJoint’s message) unless ignoreExtraFields', async () => {
      const err = await caught(Archive.insert(Note))
      expect(err.code).toBe('UNKNOWN_ATTRIBUTE')
      expect(err.message).toBe('Attribute stars not found. To ignore extra attributes in insert, set ignoreExtraFields: true.')
      await Archive.insert(Note.restrict({ note_id: 1 }), { ignoreExtraFields: true })
      expect(await Archive.keys({ orderBy: 'KEY' })).toEqual([{ note_id: 1 }, { note_id: 2 }, { note_id: 3 }])
    })

    it('duplicates from a query: DUPLICATE and nothing inserted, or skipped with skipDuplicates', async () => {
      await reset(Archive)
      await Archive.insert1({ note_id: 2, text: 'kept' })
      const err = await caught(Archive.insert(Note.proj('text')))
      expect(err.code).toBe('DUPLICATE')
      expect(await Archive.count()).toBe(1)
      await Archive.insert(Note.proj('text'), { skipDuplicates: true })
      expect(await Archive.toDicts({ orderBy: 'KEY' })).toEqual([
        { note_id: 1, text: 'one' },
        { note_id: 2, text: 'kept' },
        { note_id: 3, text: 'three' },
      ])
      await Archive.insert(Note.proj('text').restrict({ note_id: 2 }), { replace: true })
      expect(await Archive.restrict({ note_id: 2 }).fetch1()).toEqual({ note_id: 2, text: 'two' })
    })
  })

  describe('fetch', () => {
    const subjects = [
      { subject_id: 5, species: 'mouse', weight: 20.5, sex: 'F' },
      { subject_id: 3, species: 'rat', weight: 310, sex: 'M' },
      { subject_id: 9, species: 'mouse', weight: null, sex: 'U' },
      { subject_id: 1, species: 'vole', weight: 41.25, sex: 'F' },
    ]
    const byKey = [...subjects].sort((a, b) => a.subject_id - b.subject_id)

    beforeAll(async () => {
      await Subject.insert1(subjects[0] as dj.Row)
      await Subject.insert(subjects.slice(1))
    })

    afterAll(async () => {
      await reset(Subject)
    })

    it('insert1 inserts exactly one row', async () => {
      expect(await Subject.count()).toBe(4)
      expect(await Subject.restrict({ subject_id: 5 }).fetch1()).toEqual(subjects[0])
    })

    it('fetch1 raises DataJoint’s cardinality errors', async () => {
      const none = await caught(Subject.restrict({ subject_id: 404 }).fetch1())
      expect(none.code).toBe('FETCH_CARDINALITY')
      expect(none.message).toBe('fetch1 requires exactly one tuple in the input set.')
      const many = await caught(Subject.restrict({ species: 'mouse' }).fetch1())
      expect(many.code).toBe('FETCH_CARDINALITY')
      expect(many.message).toBe('fetch1 should only return one tuple. 2 tuples found')
      const all = await caught(Subject.fetch1())
      expect(all.message).toBe('fetch1 should only return one tuple. 4 tuples found')
    })

    it('count() and exists()', async () => {
      expect(await Subject.count()).toBe(4)
      expect(await Subject.restrict({ species: 'mouse' }).count()).toBe(2)
      expect(await Subject.restrict({ species: 'cat' }).count()).toBe(0)
      expect(await Subject.exists()).toBe(true)
      expect(await Subject.restrict({ species: 'rat' }).exists()).toBe(true)
      expect(await Subject.restrict({ species: 'cat' }).exists()).toBe(false)
      expect(await Session.exists()).toBe(false)
      expect(await Session.count()).toBe(0)
    })

    it('toDicts({ orderBy, limit, offset }): heading order, ordering by KEY when only limit/offset is given', async () => {
      expect(Object.keys((await Subject.toDicts())[0] ?? {})).toEqual(['subject_id', 'species', 'weight', 'sex'])
      expect(await Subject.toDicts({ orderBy: 'KEY' })).toEqual(byKey)
      expect(await Subject.toDicts({ orderBy: 'KEY DESC' })).toEqual([...byKey].reverse())
      expect(await Subject.toDicts({ limit: 2 })).toEqual(byKey.slice(0, 2))
      expect(await Subject.toDicts({ offset: 1 })).toEqual(byKey.slice(1))
      expect(await Subject.toDicts({ limit: 2, offset: 1 })).toEqual(byKey.slice(1, 3))
      expect((await Subject.toDicts({ orderBy: ['species DESC', 'subject_id'], limit: 3 })).map((r) => r['subject_id'])).toEqual([1, 3, 5])
      expect((await Subject.restrict('weight > 0').toDicts({ orderBy: 'weight DESC', limit: 1 }))[0]?.['subject_id']).toBe(3)
      expect(await Subject.restrict({ species: 'cat' }).toDicts({ limit: 5 })).toEqual([])
    })

    it('keys() returns primary-key dicts, with the same options', async () => {
      expect(await Subject.keys({ orderBy: 'KEY' })).toEqual(byKey.map((r) => ({ subject_id: r.subject_id })))
      expect(await Subject.keys({ orderBy: 'KEY DESC', limit: 1 })).toEqual([{ subject_id: 9 }])
      expect(await Subject.restrict({ sex: 'F' }).keys({ orderBy: 'KEY' })).toEqual([{ subject_id: 1 }, { subject_id: 5 }])
    })

    it('toArrays(): one array per attribute, all of them or the ones named', async () => {
      const [ids, species, weight, sex] = await Subject.toArrays([], { orderBy: 'KEY' })
      expect(ids).toEqual([1, 3, 5, 9])
      expect(species).toEqual(['vole', 'rat', 'mouse', 'mouse'])
      expect(weight).toEqual([41.25, 310, 20.5, null])
      expect(sex).toEqual(['F', 'M', 'F', 'U'])
      expect(await Subject.toArrays(['sex', 'subject_id'], { orderBy: 'KEY DESC', limit: 2 })).toEqual([
        ['U', 'F'],
        [9, 5],
      ])
      const err = await caught(Subject.restrict({ species: 'cat' }).toArrays(['subject_id', 'colour']))
      expect(err.code).toBe('UNKNOWN_ATTRIBUTE')
      expect(err.details).toMatchObject({ attribute: 'colour' })
    })

    it('cursor() streams in batches, in order, and an abandoned cursor leaves the Instance usable', async () => {
      await Wide.insert(Array.from({ length: 2_345 }, (_, i) => wideRow(i)))
      try {
        const batches: Record<string, unknown>[][] = []
        for await (const batch of Wide.cursor({ orderBy: 'KEY', batchSize: 500 })) batches.push(batch)
        expect(batches.map((b) => b.length)).toEqual([500, 500, 500, 500, 345])
        expect(batches.flat()).toEqual(await Wide.toDicts({ orderBy: 'KEY' }))
        expect(batches[4]?.at(-1)).toEqual({ ...wideRow(2_344), tag: null })

        let seen = 0
        for await (const batch of Wide.cursor({ batchSize: 100 })) {
          seen += batch.length
          break
        }
        expect(seen).toBe(100)
        expect(await Wide.count()).toBe(2_345)
        const restricted: number[] = []
        for await (const batch of Wide.restrict('wide_id < 3').cursor()) restricted.push(...batch.map((r) => Number(r['wide_id'])))
        expect(restricted.sort((a, b) => a - b)).toEqual([0, 1, 2])
      } finally {
        await reset(Wide)
      }
    })
  })
})
