// The diagram channels (diagram.graph, diagram.mermaid, diagram.cascade) through the real dispatcher and services,
// on PostgreSQL and MariaDB, over the Demo lab pipeline seeded into scratch schemas: the views the renderer sends,
// the cascade preview's counts against direct counts (and nothing deleted), typed errors, a schema whose foreign
// keys form a cycle (drawn, its cascade refused), and a constant number of catalog statements per schema whatever
// its size.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { match, or, proj, restrict, table, join } from '../../src/algebra/build'
import type { Literal, QueryExpr } from '../../src/algebra/ast'
import type { CompiledQuery, QueryResult } from '../../src/adapters/driver'
import { Instance } from '../../src/instance/instance'
import { startTestServer, testInstance, uniqueSchemaName, type TestBackendName, type TestServer } from '../../src/testing/backends'
import { declareCyclicSchema, dropCyclicSchema } from '../../src/testing/cyclic-schema'
import type { DiagramView, Tab, WireDiagramGraph } from '../ipc/contract'
import { createHarness, type Harness } from '../testing/service-harness'
import { seedDemoLab } from './demo-seed'

const BACKENDS: readonly TestBackendName[] = ['postgresql', 'mysql']

const VIEW: DiagramView = { schemas: [], tables: [], steps: [], collapsed: [] }

const int = (value: number): Literal => ({ kind: 'lit', type: 'number', value })

/** `schema.table` of a full table name, whichever quote the dialect uses. */
function splitFullName(name: string): { schema: string; table: string } {
  const parts = /^[`"](.+)[`"]\.[`"](.+)[`"]$/.exec(name)
  if (parts === null) throw new Error(`not a full table name: ${name}`)
  return { schema: parts[1] as string, table: parts[2] as string }
}

const tableNodes = (graph: WireDiagramGraph) => graph.nodes.flatMap((n) => (n.kind === 'table' ? [n] : []))
const foreignKeys = (graph: WireDiagramGraph) => graph.edges.flatMap((e) => (e.kind === 'foreignKey' ? [e] : []))

/** Counts the statements every Instance runs while `body` runs (all go through `Instance.prototype.run`). */
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

describe.each(BACKENDS)('diagram channels on %s', (backend) => {
  let server: TestServer
  let harness: Harness
  let tab: Tab
  let seeder: ReturnType<typeof testInstance>
  let profileId: string
  const names = { lab: uniqueSchemaName('dg_lab'), ephys: uniqueSchemaName('dg_ephys') }
  const small = uniqueSchemaName('dg_small')
  const large = uniqueSchemaName('dg_large')
  const cyclic = uniqueSchemaName('dg_cyclic')

  beforeAll(async () => {
    server = await startTestServer(backend)
    seeder = testInstance(server, { poolSize: 2 })
    await seedDemoLab(seeder, names)
    harness = createHarness()
    const profile = await harness.value('connections.save', {
      profile: { name: backend, backend: server.backend, host: server.host, port: server.port, user: server.user, tls: 'disabled', readOnly: false, color: '#000000' },
      password: server.password,
    })
    profileId = profile.id
    tab = await harness.value('tabs.open', { profileId })
  }, 300_000)

  afterAll(async () => {
    await harness?.dispose()
    // Raw DDL: DataJoint's drop refuses a schema whose foreign keys form a cycle.
    if (seeder !== undefined) await dropCyclicSchema(seeder, server.backend, cyclic)
    for (const schema of [large, small, names.ephys, names.lab]) {
      if ((await seeder.listSchemas()).includes(schema)) await (await seeder.schema(schema, { create: false })).drop({ prompt: false })
    }
    await seeder?.close()
    await server?.stop()
  })

  const graphOf = (view: Partial<DiagramView>) => harness.value('diagram.graph', { tabId: tab.tabId, view: { ...VIEW, ...view } })
  const fullName = (schema: string, name: string): string => (backend === 'postgresql' ? `"${schema}"."${name}"` : `\`${schema}\`.\`${name}\``)
  const L = (name: string): string => fullName(names.lab, name)
  const E = (name: string): string => fullName(names.ephys, name)

  it('draws one schema: its tables with tiers and masters, renamed foreign keys as aliased edges', async () => {
    const graph = await graphOf({ schemas: [names.lab] })
    expect(tableNodes(graph).map((n) => [n.name, n.tier, n.master, n.external])).toEqual(
      expect.arrayContaining([
        [L('#species'), 'lookup', null, false],
        [L('subject'), 'manual', null, false],
        [L('session__trial'), 'part', L('session'), false],
      ]),
    )
    expect(tableNodes(graph)).toHaveLength(8)
    expect(foreignKeys(graph).filter((e) => e.aliased).map((e) => [e.parent, e.child, e.attributeMap])).toEqual([
      [L('researcher'), L('session'), { experimenter: 'researcher_id' }],
      [L('researcher'), L('subject'), { surgeon: 'researcher_id' }],
    ])
  })

  it('draws two schemas at once with the foreign keys between them, and no external node', async () => {
    const graph = await graphOf({ schemas: [names.lab, names.ephys] })
    expect(tableNodes(graph)).toHaveLength(15)
    expect(tableNodes(graph).filter((n) => n.external)).toEqual([])
    const crossing = foreignKeys(graph)
      .filter((e) => splitFullName(e.parent).schema !== splitFullName(e.child).schema)
      .map((e) => [e.parent, e.child, e.primary])
    expect(new Set(crossing)).toEqual(
      new Set([
        [L('session'), E('_recording'), true],
        [L('#brain_region'), E('_recording'), false],
        [L('session'), E('__trial_stats'), true],
      ]),
    )
    // Alone, the ephys schema draws the lab tables it references as external nodes.
    const alone = await graphOf({ schemas: [names.ephys] })
    expect(tableNodes(alone).filter((n) => n.external).map((n) => n.name).sort()).toEqual([L('#brain_region'), L('session')].sort())
  })

  it('draws the neighbourhood of one table: its parents and its children, across schemas', async () => {
    const session = { schema: names.lab, table: 'session' }
    const graph = await graphOf({
      tables: [session],
      steps: [
        { op: 'parents', table: session },
        { op: 'children', table: session },
      ],
    })
    expect(tableNodes(graph).filter((n) => !n.external).map((n) => n.name).sort()).toEqual(
      [L('session'), L('subject'), L('researcher'), L('#stimulus_type'), L('session__trial'), E('_recording'), E('__trial_stats')].sort(),
    )
    // Recording's other parent is drawn, as DataJoint's diagram draws the parents of its tables' foreign keys.
    expect(tableNodes(graph).filter((n) => n.external).map((n) => n.name)).toEqual([L('#brain_region')])
    const touching = foreignKeys(graph)
      .filter((e) => e.parent === L('session') || e.child === L('session'))
      .map((e) => [e.parent, e.child, e.aliased])
    expect(new Set(touching)).toEqual(
      new Set([
        [L('subject'), L('session'), false],
        [L('researcher'), L('session'), true],
        [L('#stimulus_type'), L('session'), false],
        [L('session'), L('session__trial'), false],
        [L('session'), E('_recording'), false],
        [L('session'), E('__trial_stats'), false],
      ]),
    )
    const onlyParents = await graphOf({ tables: [session], steps: [{ op: 'parents', table: session }] })
    expect(tableNodes(onlyParents).map((n) => n.name).sort()).toEqual([L('session'), L('subject'), L('researcher'), L('#stimulus_type')].sort())
  })

  it('hides a table and every edge that touches it', async () => {
    const graph = await graphOf({ schemas: [names.lab], steps: [{ op: 'hide', table: { schema: names.lab, table: 'session' } }] })
    expect(tableNodes(graph).map((n) => n.name)).not.toContain(L('session'))
    expect(tableNodes(graph)).toHaveLength(7)
    for (const edge of foreignKeys(graph)) expect([edge.parent, edge.child]).not.toContain(L('session'))
  })

  it('draws a collapsed schema as one node listing its tables, tied to the expanded ones by bundle edges', async () => {
    const graph = await graphOf({ schemas: [names.lab, names.ephys], collapsed: [names.lab] })
    const collapsed = graph.nodes.filter((n) => n.kind === 'collapsed')
    expect(collapsed).toHaveLength(1)
    expect(collapsed[0]).toMatchObject({ name: names.lab, schema: names.lab })
    expect(collapsed[0]?.kind === 'collapsed' ? [...collapsed[0].tables].sort() : null).toEqual(
      ['#brain_region', '#species', '#stimulus_type', 'lab', 'researcher', 'session', 'session__trial', 'subject'].map(L).sort(),
    )
    expect(tableNodes(graph).every((n) => n.schema === names.ephys)).toBe(true)
    // Foreign keys from the collapsed schema start at its node, one edge per child however many keys it has (as
    // DataJoint's graph keeps one edge per pair of nodes); two collapsed schemas are tied by one bundle edge.
    const fromLab = foreignKeys(graph).filter((e) => e.parent === names.lab).map((e) => e.child)
    expect(fromLab.sort()).toEqual([E('_recording'), E('__trial_stats')].sort())
    expect(graph.edges.filter((e) => e.kind === 'bundle')).toEqual([])
    const both = await graphOf({ schemas: [names.lab, names.ephys], collapsed: [names.lab, names.ephys] })
    expect(both.nodes.map((n) => [n.kind, n.name])).toEqual([
      ['collapsed', names.ephys],
      ['collapsed', names.lab],
    ])
    expect(both.edges).toStrictEqual([{ kind: 'bundle', parent: names.lab, child: names.ephys }])
  })

  it('gives the Mermaid text left to right and top to bottom', async () => {
    const view = { ...VIEW, schemas: [names.lab, names.ephys] }
    const lr = await harness.value('diagram.mermaid', { tabId: tab.tabId, view, direction: 'LR' })
    const tb = await harness.value('diagram.mermaid', { tabId: tab.tabId, view, direction: 'TB' })
    expect(lr.text.split('\n')[0]).toBe('flowchart LR')
    expect(tb.text.split('\n')[0]).toBe('flowchart TB')
    expect(tb.text.split('\n').slice(1)).toEqual(lr.text.split('\n').slice(1))
    for (const schema of [names.lab, names.ephys]) expect(lr.text).toContain(`subgraph ${schema}`)
    for (const className of ['Subject', 'Session', 'Recording', 'SpikeSorting']) expect(lr.text).toMatch(new RegExp(`\\b${className}\\b`))
  })

  /** Rows of every table of the Demo lab, by full table name. */
  async function rowCounts(): Promise<Record<string, number>> {
    const counts: Record<string, number> = {}
    for (const schema of [names.lab, names.ephys]) {
      const tables = await (await seeder.schema(schema, { create: false })).listTables()
      for (const name of tables) counts[fullName(schema, name)] = await (await seeder.freeTable(`${schema}.${name}`)).count()
    }
    return counts
  }

  it('previews the cascade of one subject: the counts a direct count gives, and nothing deleted', async () => {
    const before = await rowCounts()
    const subject = restrict(table(names.lab, 'subject'), match({ subject_id: int(1003) }))
    const { graph, counts } = await harness.value('diagram.cascade', { tabId: tab.tabId, expr: subject, partIntegrity: 'enforce' })
    expect(Object.keys(counts).sort()).toEqual(
      [L('subject'), L('session'), L('session__trial'), E('_recording'), E('_recording__channel'), E('__spike_sorting'), E('__spike_sorting__unit'), E('__trial_stats'), E('__trial_stats__outcome_count')].sort(),
    )
    for (const [name, count] of Object.entries(counts)) {
      const { schema, table: tableName } = splitFullName(name)
      expect(count, name).toBe(await (await seeder.freeTable(`${schema}.${tableName}`)).restrict({ subject_id: 1003 }).count())
    }
    expect(counts[L('session')]).toBeGreaterThan(0)
    // The graph also draws, as external, the tables the cascade's tables reference.
    expect(tableNodes(graph).filter((n) => !n.external).map((n) => n.name).sort()).toEqual(Object.keys(counts).sort())
    // Two selected rows, as the grid sends them: an OR of their keys.
    const two = restrict(table(names.lab, 'subject'), or([match({ subject_id: int(1003) }), match({ subject_id: int(1004) })]))
    const both = await harness.value('diagram.cascade', { tabId: tab.tabId, expr: two, partIntegrity: 'enforce' })
    const sessions = await (await seeder.freeTable(`${names.lab}.session`)).restrict([{ subject_id: 1003 }, { subject_id: 1004 }]).count()
    expect(both.counts[L('session')]).toBe(sessions)
    expect(await rowCounts()).toEqual(before)
  })

  it('reaches the master of a part only with partIntegrity cascade', async () => {
    const before = await rowCounts()
    const key = { subject_id: int(1003), session_idx: int(1), channel_idx: int(0) }
    const recording = await (await seeder.freeTable(`${names.ephys}._recording`)).restrict({ subject_id: 1003, session_idx: 1 }).count()
    expect(recording, 'the seed has a recording of subject 1003, session 1').toBe(1)
    const channel = restrict(table(names.ephys, '_recording__channel'), match(key))
    const enforce = await harness.value('diagram.cascade', { tabId: tab.tabId, expr: channel, partIntegrity: 'enforce' })
    expect(enforce.counts[E('_recording__channel')]).toBe(1)
    expect(enforce.counts).not.toHaveProperty(E('_recording'))
    expect(enforce.counts).not.toHaveProperty(E('__spike_sorting'))
    const unitsOnChannel = await (await seeder.freeTable(`${names.ephys}.__spike_sorting__unit`)).restrict({ subject_id: 1003, session_idx: 1, peak_channel: 0 }).count()
    expect(enforce.counts[E('__spike_sorting__unit')] ?? 0).toBe(unitsOnChannel)

    const cascade = await harness.value('diagram.cascade', { tabId: tab.tabId, expr: channel, partIntegrity: 'cascade' })
    expect(cascade.counts[E('_recording')]).toBe(1)
    expect(cascade.counts[E('__spike_sorting')]).toBe(1)
    const session = { subject_id: 1003, session_idx: 1 }
    expect(cascade.counts[E('_recording__channel')]).toBe(await (await seeder.freeTable(`${names.ephys}._recording__channel`)).restrict(session).count())
    expect(cascade.counts[E('__spike_sorting__unit')]).toBe(await (await seeder.freeTable(`${names.ephys}.__spike_sorting__unit`)).restrict(session).count())
    expect(await rowCounts()).toEqual(before)
  })

  it('answers a view naming a missing schema or table with a typed error', async () => {
    const missingSchema = await harness.call('diagram.graph', { tabId: tab.tabId, view: { ...VIEW, schemas: [uniqueSchemaName('dg_none')] } })
    expect(missingSchema.ok ? null : [missingSchema.error.code, missingSchema.error.message]).toEqual(['NOT_FOUND', expect.stringMatching(/dg_none.*not yet been declared/)])
    const missingTable = await harness.call('diagram.graph', { tabId: tab.tabId, view: { ...VIEW, tables: [{ schema: names.lab, table: 'nope' }] } })
    expect(missingTable.ok ? null : [missingTable.error.code, missingTable.error.message]).toEqual(['MISSING_TABLE', expect.stringMatching(/nope/)])
    const missingStep = await harness.call('diagram.mermaid', {
      tabId: tab.tabId,
      view: { ...VIEW, schemas: [names.lab], steps: [{ op: 'children', table: { schema: names.lab, table: 'nope' } }] },
      direction: 'LR',
    })
    expect(missingStep.ok ? null : missingStep.error.code).toBe('MISSING_TABLE')
    const empty = await harness.call('diagram.graph', { tabId: tab.tabId, view: VIEW })
    expect(empty.ok ? null : empty.error.code).toBe('INVALID_INPUT')
  })

  it('refuses the cascade of an expression that is not a restricted table', async () => {
    const joined: QueryExpr = join(table(names.lab, 'subject'), table(names.lab, 'session'))
    const result = await harness.call('diagram.cascade', { tabId: tab.tabId, expr: joined, partIntegrity: 'enforce' })
    expect(result.ok ? null : [result.error.code, result.error.message]).toEqual(['INVALID_QUERY', expect.stringMatching(/restriction of a table/)])
    const projected = await harness.call('diagram.cascade', { tabId: tab.tabId, expr: restrict(proj(table(names.lab, 'subject'), { keep: ['sex'] }), match({ sex: { kind: 'lit', type: 'string', value: 'F' } })), partIntegrity: 'enforce' })
    expect(projected.ok ? null : projected.error.code).toBe('INVALID_QUERY')
  })

  it('reads a schema with a constant number of catalog statements, whatever its size', async () => {
    for (const [name, count] of [
      [small, 5],
      [large, 60],
    ] as const) {
      const schema = await seeder.schema(name)
      // Chains of five: a longer one would outgrow the 32 columns a primary key may have.
      let previous = await schema.manual('Step0', 'step0_id : int32\n')
      for (let i = 1; i < count; i += 1) {
        previous = await schema.manual(`Step${i}`, i % 5 === 0 ? `step${i}_id : int32\n` : `-> ${previous.className}\nstep${i}_id : int16\n`)
      }
    }
    // Each schema is drawn for the first time on this tab: nothing of it is cached yet.
    const smallStatements = await countStatements(() => graphOf({ schemas: [small] }))
    const largeStatements = await countStatements(() => graphOf({ schemas: [large] }))
    expect(tableNodes(await graphOf({ schemas: [large] }))).toHaveLength(60)
    expect(smallStatements).toBeGreaterThan(0)
    expect(largeStatements).toBe(smallStatements)
  }, 120_000)

  it('reads no catalog when the tree has just listed the schema, nor when the view changes', async () => {
    await harness.value('schema.tables', { tabId: tab.tabId, schema: small })
    expect(await countStatements(() => graphOf({ schemas: [small] }))).toBe(0)
    const hidden = await countStatements(() => graphOf({ schemas: [small], steps: [{ op: 'hide', table: { schema: small, table: 'step0' } }] }))
    expect(hidden).toBe(0)
  })

  it('draws a schema whose foreign keys form a cycle, and still refuses its cascade', async () => {
    // Its own seeder and tab: a catalog holding the cycle refuses every delete and drop, as DataJoint does.
    const cycleSeeder = testInstance(server, { poolSize: 1 })
    try {
      await declareCyclicSchema(cycleSeeder, server.backend, cyclic)
    } finally {
      await cycleSeeder.close()
    }
    const cycleTab = await harness.value('tabs.open', { profileId })
    const graph = await harness.value('diagram.graph', { tabId: cycleTab.tabId, view: { ...VIEW, schemas: [cyclic] } })
    const C = (name: string): string => fullName(cyclic, name)
    expect(tableNodes(graph).map((n) => [n.name, n.tier])).toEqual([
      [C('subject'), 'manual'],
      [C('session'), 'manual'],
      [C('LegacyLeft'), null],
      [C('LegacyRight'), null],
      [C('LegacyTree'), null],
    ])
    expect(foreignKeys(graph).map((e) => [e.parent, e.child])).toEqual(
      expect.arrayContaining([
        [C('LegacyLeft'), C('LegacyRight')],
        [C('LegacyRight'), C('LegacyLeft')],
        [C('LegacyTree'), C('LegacyTree')],
      ]),
    )
    const neighbourhood = await harness.value('diagram.graph', {
      tabId: cycleTab.tabId,
      view: { ...VIEW, tables: [{ schema: cyclic, table: 'LegacyLeft' }], steps: [{ op: 'children', table: { schema: cyclic, table: 'LegacyLeft' } }] },
    })
    expect(tableNodes(neighbourhood).map((n) => n.name)).toEqual([C('LegacyLeft'), C('LegacyRight')])
    const mermaid = await harness.value('diagram.mermaid', { tabId: cycleTab.tabId, view: { ...VIEW, schemas: [cyclic] }, direction: 'TB' })
    expect(mermaid.text).toContain('LegacyRight -.-> LegacyLeft')
    const cascade = await harness.call('diagram.cascade', { tabId: cycleTab.tabId, expr: table(cyclic, 'LegacyLeft'), partIntegrity: 'enforce' })
    expect(cascade.ok ? null : [cascade.error.code, cascade.error.message]).toEqual(['INVALID_DEFINITION', 'DataJoint can only work with acyclic dependencies'])
  })
})
