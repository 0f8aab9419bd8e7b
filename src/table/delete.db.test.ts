// Cascading delete on PostgreSQL 15, MariaDB and PGlite over the probe pipeline (the probe schema plus a part of
// the computed table and a child in another schema): previews equal what is then deleted, table by table;
// part_integrity; joining an outer transaction; and a delete that fails midway leaves every table as it was.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import * as dj from '../index'
import type { Instance } from '../instance/instance'
import type { MemoryLogger } from '../instance/logger'
import { TEST_BACKENDS, startTestServer, testInstance, uniqueSchemaName, type TestServer } from '../testing/backends'
import { caught } from '../testing/failures'
import { countAll, declareProbe, fillProbe, type Probe } from '../testing/probe'
import { cascadeDelete } from './delete'
import type { Table } from './table'

describe.each(TEST_BACKENDS)('cascading delete on %s', (backendName) => {
  let server: TestServer
  let inst: Instance & { readonly logger: MemoryLogger }
  let admin: Instance
  let probe: Probe
  const mainName = uniqueSchemaName('del')
  const otherName = uniqueSchemaName('delx')
  let name: (table: Table) => string

  beforeAll(async () => {
    server = await startTestServer(backendName)
    inst = testInstance(server, { poolSize: 2 })
    admin = testInstance(server, { poolSize: 1 })
    probe = await declareProbe(inst, mainName, otherName)
    name = (table) => table.fullTableName
  }, 120_000)

  afterAll(async () => {
    await probe?.other.drop({ prompt: false })
    await probe?.main.drop({ prompt: false })
    await inst?.close()
    await admin?.close()
    await server?.stop()
  })

  beforeEach(async () => {
    await fillProbe(probe)
    inst.logger.clear()
  })

  /** What each table lost between two `countAll`s (tables that lost nothing left out). */
  function lost(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
    const result: Record<string, number> = {}
    for (const [table, count] of Object.entries(before)) if (count !== after[table]) result[table] = count - (after[table] ?? 0)
    return result
  }

  it("previews (Lab & 'lab_id=1') like DataJoint's observed counts, then deletes exactly that", async () => {
    const { Lab, Researcher, Subject, Session, Trial, Pair, SessionStats, Detail, Note } = probe
    const before = await countAll(probe)
    const preview = await dj.Diagram.cascade(Lab.restrict('lab_id=1'))
    const counts = await preview.counts()
    expect(counts).toEqual({
      [name(Lab)]: 1,
      [name(Researcher)]: 2,
      [name(Subject)]: 1,
      [name(Session)]: 2,
      [name(Trial)]: 3,
      [name(Pair)]: 1,
      [name(SessionStats)]: 2,
      [name(Detail)]: 1,
      [name(Note)]: 1,
    })
    expect(Object.keys(counts)).toEqual(preview.tables)
    expect(inst.logger.messages('INFO')).toContain(`${name(Trial)} (3 tuples)`)
    expect(await countAll(probe)).toEqual(before)

    expect(await Lab.restrict('lab_id=1').delete({ prompt: false })).toBe(1)
    expect(lost(before, await countAll(probe))).toEqual(counts)
    expect(inst.logger.messages('INFO')).toContain(`Deleting 3 rows from ${name(Trial)}`)
    expect(await Subject.keys({ orderBy: 'KEY' })).toEqual([{ subject_id: 20 }, { subject_id: 30 }])
    expect(await Session.keys({ orderBy: 'KEY' })).toEqual([
      { subject_id: 20, session: 2 },
      { subject_id: 30, session: 1 },
    ])
  })

  it('previews and deletes the same rows from every kind of seed', async () => {
    const { Lab, Subject, Session, Species, Researcher } = probe
    const seeds: [string, () => Table][] = [
      ['an unrestricted table', () => Researcher],
      ['a dict restriction', () => Subject.restrict({ subject_id: 20 })],
      ['an OR list', () => Session.restrict([{ subject_id: 10 }, { host_lab: 2 }])],
      ['a negation', () => Lab.exclude({ lab_id: 1 })],
      ['a lookup', () => Species],
      ['a semijoin with a descendant', () => Subject.restrict(Session.restrict({ session: 2 }))],
      ['a semijoin with itself', () => Lab.restrict(Lab.restrict({ lab_name: 'Two' }).proj())],
    ]
    for (const [label, seed] of seeds) {
      await fillProbe(probe)
      const before = await countAll(probe)
      const counts = await (await dj.Diagram.cascade(seed())).counts()
      expect(await countAll(probe), label).toEqual(before)
      const root = await seed().delete({ prompt: false })
      expect(root, label).toBe(counts[name(seed())])
      const positive = Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0))
      expect(lost(before, await countAll(probe)), label).toEqual(positive)
    }
  })

  it('deletes by a json path in a dict: only the matching row and its dependents go', async () => {
    const { Subject, Session, Trial, Pair, SessionStats, Detail, Note } = probe
    await Subject.update1({ subject_id: 10, info: { c: 'y' } })
    await Subject.update1({ subject_id: 20, info: { c: 'x', n: 2 } })
    const before = await countAll(probe)
    expect(await Subject.restrict({ 'info.c': 'x' }).keys()).toEqual([{ subject_id: 20 }])
    expect(await Subject.restrict({ 'info.c': 'x', no_such_key: 1 }).count()).toBe(1)
    expect(await Subject.restrict({ 'info.n': null }).count()).toBe(2)
    expect(await Subject.restrict({ 'info.c': 'x' }).delete({ prompt: false })).toBe(1)
    expect(lost(before, await countAll(probe))).toEqual({
      [name(Subject)]: 1,
      [name(Session)]: 2,
      [name(Trial)]: 2,
      [name(Pair)]: 2,
      [name(SessionStats)]: 2,
      [name(Detail)]: 2,
      [name(Note)]: 1,
    })
    expect(await Subject.keys({ orderBy: 'KEY' })).toEqual([{ subject_id: 10 }, { subject_id: 30 }])
  })

  it('refuses a dict key that is a path into an attribute that is not json', async () => {
    expect(() => probe.Subject.restrict({ 'code.c': 'x' })).toThrow(expect.objectContaining({ code: 'INVALID_QUERY' }))
    expect(() => probe.Subject.restrict({ 'info.c-d': 'x' })).toThrow(expect.objectContaining({ code: 'INVALID_QUERY' }))
    expect(await probe.Subject.count()).toBe(3)
  })

  it('returns 0 and changes nothing when the restriction matches no row', async () => {
    const before = await countAll(probe)
    expect(await probe.Lab.restrict({ lab_id: 99 }).delete({ prompt: false })).toBe(0)
    expect(await countAll(probe)).toEqual(before)
  })

  it('refuses to prompt, as a library cannot ask', async () => {
    const err = await caught(probe.Lab.restrict({ lab_id: 1 }).delete({ prompt: true }))
    expect(err.code).toBe('INVALID_INPUT')
    expect(err.message).toMatch(/needs confirmation/)
    const safe = testInstance(server, { poolSize: 1, safemode: true })
    try {
      const Lab = await safe.freeTable(`${mainName}.lab`)
      expect((await caught(Lab.restrict({ lab_id: 1 }).delete())).code).toBe('INVALID_INPUT')
      expect(await Lab.count()).toBe(2)
    } finally {
      await safe.close()
    }
  })

  describe('part_integrity', () => {
    it('enforce: refuses a direct delete from a part table', async () => {
      const err = await caught(probe.Trial.restrict({ trial: 1 }).delete({ prompt: false }))
      expect(err.message).toBe(
        "Cannot delete from a Part directly. Delete from master instead, or use part_integrity='ignore' to break integrity, " +
          "or part_integrity='cascade' to also delete master.",
      )
    })

    it('enforce: rolls back when part rows would go without their master, with DataJoint message', async () => {
      const before = await countAll(probe)
      const err = await caught(probe.Rig.restrict({ rig_id: 1 }).delete({ prompt: false }))
      expect(err.code).toBe('INTEGRITY')
      expect(err.message).toBe(
        `Attempt to delete part table ${name(probe.Detail)} before its master ${name(probe.SessionStats)}. ` +
          "Delete from the master first, or use part_integrity='ignore' or 'cascade'.",
      )
      expect(await countAll(probe)).toEqual(before)
    })

    it('ignore: deletes the part rows and keeps the master', async () => {
      const before = await countAll(probe)
      expect(await probe.Trial.restrict({ trial: 2 }).delete({ prompt: false, partIntegrity: 'ignore' })).toBe(1)
      expect(lost(before, await countAll(probe))).toEqual({ [name(probe.Trial)]: 1 })
      expect(await probe.Rig.restrict({ rig_id: 1 }).delete({ prompt: false, partIntegrity: 'ignore' })).toBe(1)
    })

    it('cascade: deletes the masters of affected parts and what depends on them; the preview agrees', async () => {
      const { Trial, Session, SessionStats, Detail, Note, Rig } = probe
      let before = await countAll(probe)
      const seed = () => Trial.restrict({ subject_id: 10, session: 1, trial: 2 })
      const counts = await (await dj.Diagram.cascade(seed(), { partIntegrity: 'cascade' })).counts()
      expect(counts).toEqual({ [name(Session)]: 1, [name(Trial)]: 2, [name(SessionStats)]: 1, [name(Detail)]: 1, [name(Note)]: 1 })
      expect(await seed().delete({ prompt: false, partIntegrity: 'cascade' })).toBe(2)
      expect(lost(before, await countAll(probe))).toEqual(counts)

      await fillProbe(probe)
      before = await countAll(probe)
      expect(await Rig.restrict({ rig_id: 1 }).delete({ prompt: false, partIntegrity: 'cascade' })).toBe(1)
      expect(lost(before, await countAll(probe))).toEqual({ [name(Rig)]: 1, [name(SessionStats)]: 2, [name(Detail)]: 3 })
    })

    it('rejects unknown values', async () => {
      const err = await caught(probe.Lab.delete({ prompt: false, partIntegrity: 'sometimes' as dj.PartIntegrity }))
      expect(err.code).toBe('INVALID_INPUT')
    })
  })

  describe('transactions', () => {
    it('joins an outer transaction: its rollback restores everything', async () => {
      const before = await countAll(probe)
      await expect(
        inst.transaction(async () => {
          expect(await probe.Lab.restrict({ lab_id: 1 }).delete({ prompt: false })).toBe(1)
          expect(await probe.Lab.count()).toBe(1)
          throw new Error('undo')
        }),
      ).rejects.toThrow('undo')
      expect(await countAll(probe)).toEqual(before)
    })

    it('inside an outer transaction, a refused delete undoes only itself', async () => {
      const before = await countAll(probe)
      await inst.transaction(async () => {
        await probe.Lab.insert1({ lab_id: 3, lab_name: 'Three' })
        expect((await caught(probe.Rig.restrict({ rig_id: 1 }).delete({ prompt: false }))).code).toBe('INTEGRITY')
        expect(await probe.Lab.restrict({ lab_id: 99 }).delete({ prompt: false })).toBe(0)
      })
      expect(lost(before, await countAll(probe))).toEqual({ [name(probe.Lab)]: -1 })
    })

    it('a delete that fails midway leaves every table exactly as it was', async () => {
      const before = await countAll(probe)
      const snapshot = await Promise.all(probe.all.map((t) => t.toDicts({ orderBy: 'KEY' })))
      const seen: string[] = []
      // PGlite runs one embedded backend that cannot be terminated; there the failure is raised by the hook.
      const kill = backendName !== 'pglite'
      const err = await caught(
        cascadeDelete(inst, probe.Lab.restrict({ lab_id: 1 }).expr, { prompt: false }, {
          beforeStatement: async (_statement, index, table) => {
            seen.push(table)
            if (index < 3) return
            if (!kill) throw new dj.DataJointError('CANCELLED', 'stopped by the test')
            const sql = server.backend === 'mysql' ? 'SELECT CONNECTION_ID()' : 'SELECT pg_backend_pid()'
            const id = Number((await inst.run({ sql, params: [] })).rows[0]?.[0])
            await admin.run({ sql: server.backend === 'mysql' ? `KILL ${id}` : `SELECT pg_terminate_backend(${id})`, params: [] })
          },
        }),
      )
      expect(err.code).toBe(kill ? 'LOST_CONNECTION' : 'CANCELLED')
      expect(seen.length).toBe(4)
      expect(await countAll(probe)).toEqual(before)
      expect(await Promise.all(probe.all.map((t) => t.toDicts({ orderBy: 'KEY' })))).toEqual(snapshot)
    })
  })

  describe('deleteQuick', () => {
    it('deletes the restricted rows only, and fails on referenced rows', async () => {
      expect(await probe.Pair.restrict({ subj_a: 10 }).deleteQuick()).toBe(1)
      expect((await caught(probe.Lab.restrict({ lab_id: 1 }).deleteQuick())).code).toBe('INTEGRITY')
      expect(await probe.Lab.restrict(probe.Lab.restrict({ lab_id: 1 }).proj()).exclude(probe.Researcher).deleteQuick()).toBe(0)
    })
  })

  it('restrictions of a table are tables; projections are not deletable', () => {
    const restricted = probe.Lab.restrict({ lab_id: 1 })
    expect(restricted).toBeInstanceOf(dj.Table)
    expect(restricted.isRestricted).toBe(true)
    expect(probe.Lab.isRestricted).toBe(false)
    expect('delete' in probe.Lab.proj()).toBe(false)
  })
})
