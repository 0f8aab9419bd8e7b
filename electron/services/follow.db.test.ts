// The `table.references` channel through the real dispatcher and services, on PostgreSQL and MariaDB, over the Demo
// lab pipeline seeded into scratch schemas: the children of selected rows (renamed foreign keys, part tables, another
// schema) with counts equal to DataJoint's own `Child & (Parent & keys).proj(...)`, the child expressions, and a
// number of statements that does not grow with the number of selected rows.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { match, or, restrict, table } from '../../src/algebra/build'
import type { Literal, QueryExpr } from '../../src/algebra/ast'
import type { CompiledQuery, QueryResult } from '../../src/adapters/driver'
import { Instance } from '../../src/instance/instance'
import { startTestServer, testInstance, uniqueSchemaName, type TestBackendName, type TestServer } from '../../src/testing/backends'
import type { Tab } from '../ipc/contract'
import { createHarness, type Harness } from '../testing/service-harness'
import { seedDemoLab } from './demo-seed'

const BACKENDS: readonly TestBackendName[] = ['postgresql', 'mysql']

function literal(value: unknown): Literal {
  if (typeof value === 'number') return { kind: 'lit', type: 'number', value }
  if (typeof value === 'string') return { kind: 'lit', type: 'string', value }
  throw new Error(`unexpected key value ${String(value)}`)
}

/** A table restricted to rows by primary key, as the grid's selection sends it. */
function keysOf(schema: string, name: string, keys: readonly Record<string, unknown>[]): QueryExpr {
  return restrict(table(schema, name), or(keys.map((key) => match(Object.fromEntries(Object.entries(key).map(([k, v]) => [k, literal(v)]))))))
}

/** A table of `tables()` by class name, failing the test when it is missing. */
function pick<T>(tables: Readonly<Record<string, T>>, name: string): T {
  const found = tables[name]
  if (found === undefined) throw new Error(`no table ${name}`)
  return found
}

async function countStatements(body: () => Promise<unknown>): Promise<number> {
  let count = 0
  // oxlint-disable-next-line typescript/unbound-method -- called on its own instance below (original.call(this, …)).
  const original = Instance.prototype.run
  Instance.prototype.run = function countedRun(this: Instance, query: CompiledQuery): Promise<QueryResult> {
    count += 1
    return original.call(this, query)
  }
  try {
    await body()
  } finally {
    Instance.prototype.run = original
  }
  return count
}

describe.each(BACKENDS)('table.references on %s', (backend) => {
  let server: TestServer
  let harness: Harness
  let tab: Tab
  let seeder: ReturnType<typeof testInstance>
  const names = { lab: uniqueSchemaName('fw_lab'), ephys: uniqueSchemaName('fw_ephys') }

  beforeAll(async () => {
    server = await startTestServer(backend)
    seeder = testInstance(server, { poolSize: 2 })
    await seedDemoLab(seeder, names)
    harness = createHarness()
    const profile = await harness.value('connections.save', {
      profile: { name: backend, backend: server.backend, host: server.host, port: server.port, user: server.user, tls: 'disabled', readOnly: false, color: '#000000' },
      password: server.password,
    })
    tab = await harness.value('tabs.open', { profileId: profile.id })
  }, 300_000)

  afterAll(async () => {
    await harness?.dispose()
    for (const schema of [names.ephys, names.lab]) {
      if ((await seeder.listSchemas()).includes(schema)) await (await seeder.schema(schema, { create: false })).drop({ prompt: false })
    }
    await seeder?.close()
    await server?.stop()
  })

  const referencesOf = async (expr: QueryExpr) => (await harness.value('table.references', { tabId: tab.tabId, expr })).references

  it('maps renamed foreign keys: the researchers referenced as surgeon and as experimenter', async () => {
    const lab = await (await seeder.schema(names.lab, { create: false })).tables()
    const Researcher = pick(lab, 'Researcher')
    const Subject = pick(lab, 'Subject')
    const Session = pick(lab, 'Session')
    const chosen = (await Researcher.keys()).slice(0, 3)
    const references = await referencesOf(keysOf(names.lab, 'researcher', chosen))
    const surgeon = chosen.map((k) => ({ surgeon: k.researcher_id }))
    const experimenter = chosen.map((k) => ({ experimenter: k.researcher_id }))
    expect(references.map((r) => [r.schema, r.table, r.className, r.attributeMap, r.aliased, r.count])).toEqual([
      [names.lab, 'session', 'Session', { experimenter: 'researcher_id' }, true, await Session.restrict(experimenter).count()],
      [names.lab, 'subject', 'Subject', { surgeon: 'researcher_id' }, true, await Subject.restrict(surgeon).count()],
    ])
    expect(references.every((r) => r.count > 0)).toBe(true)
    // Each child expression is the child restricted to those rows: it fetches the same number of rows.
    for (const reference of references) {
      const counted = await harness.value('query.count', { tabId: tab.tabId, requestId: `c-${reference.table}`, expr: reference.expr, estimate: false })
      expect(counted.count).toBe(reference.count)
    }
  })

  it('lists part tables and children in another schema, with the counts of the selected rows only', async () => {
    const lab = await (await seeder.schema(names.lab, { create: false })).tables()
    const ephys = await (await seeder.schema(names.ephys, { create: false })).tables()
    const Session = pick(lab, 'Session')
    const chosen = (await Session.keys()).slice(0, 4)
    const references = await referencesOf(keysOf(names.lab, 'session', chosen))
    const Trial = pick(Session.parts, 'Trial')
    const Recording = pick(ephys, 'Recording')
    const TrialStats = pick(ephys, 'TrialStats')
    expect(references.map((r) => [r.schema, r.className, r.tier, r.count])).toEqual(
      expect.arrayContaining([
        [names.lab, 'Session.Trial', 'part', await Trial.restrict(chosen).count()],
        [names.ephys, 'Recording', 'imported', await Recording.restrict(chosen).count()],
        [names.ephys, 'TrialStats', 'computed', await TrialStats.restrict(chosen).count()],
      ]),
    )
    expect(references).toHaveLength(3)
    expect(await Trial.restrict(chosen).count()).toBeLessThan(await Trial.count())
  })

  it('maps a foreign key that renames one of several columns: channels referenced as a unit\'s peak channel', async () => {
    const ephys = await (await seeder.schema(names.ephys, { create: false })).tables()
    const Recording = pick(ephys, 'Recording')
    const Channel = pick(Recording.parts, 'Channel')
    const Unit = pick(pick(ephys, 'SpikeSorting').parts, 'Unit')
    // Channels that are some unit's peak channel, and one that is not.
    const peaks = (await Unit.proj({ channel_idx: 'peak_channel' }).toDicts({ limit: 3 })).map((u) => ({ subject_id: u.subject_id, session_idx: u.session_idx, channel_idx: u.channel_idx }))
    const references = await referencesOf(keysOf(names.ephys, '_recording__channel', peaks))
    expect(references.map((r) => [r.className, r.attributeMap, r.aliased])).toEqual([
      ['SpikeSorting.Unit', { subject_id: 'subject_id', session_idx: 'session_idx', peak_channel: 'channel_idx' }, true],
    ])
    const expected = await Unit.restrict(peaks.map((k) => ({ subject_id: k.subject_id, session_idx: k.session_idx, peak_channel: k.channel_idx }))).count()
    expect(references[0]?.count).toBe(expected)
    expect(expected).toBeGreaterThan(0)
    // The same channel number in another session is not the same channel.
    expect(expected).toBeLessThan(await Unit.restrict(peaks.map((k) => ({ peak_channel: k.channel_idx }))).count())
    expect(await Channel.restrict(peaks).count()).toBe(new Set(peaks.map((k) => JSON.stringify(k))).size)
  })

  it('counts with one statement per child table, however many rows are selected', async () => {
    const lab = await (await seeder.schema(names.lab, { create: false })).tables()
    const Session = pick(lab, 'Session')
    const keys = await Session.keys()
    expect(keys.length).toBeGreaterThan(40)
    await referencesOf(keysOf(names.lab, 'session', keys.slice(0, 1)))
    const few = await countStatements(() => referencesOf(keysOf(names.lab, 'session', keys.slice(0, 2))))
    const many = await countStatements(() => referencesOf(keysOf(names.lab, 'session', keys)))
    expect(many).toBe(few)
    // Three children (Trial, Recording, TrialStats): three counts, plus the catalog's look for downstream schemas.
    expect(many).toBeLessThanOrEqual(3 + 3)
  })

  it('answers a table nobody references with no entries, and refuses what is not a restricted table', async () => {
    expect(await referencesOf(keysOf(names.lab, 'session__trial', [{ subject_id: 1, session_idx: 1, trial_idx: 1 }]))).toEqual([])
    const refused = await harness.call('table.references', { tabId: tab.tabId, expr: { kind: 'proj', input: table(names.lab, 'lab'), keepAll: false, keep: [], exclude: [], rename: {}, compute: {} } })
    expect(refused.ok).toBe(false)
    if (!refused.ok) expect(refused.error.code).toBe('INVALID_QUERY')
  })
})
