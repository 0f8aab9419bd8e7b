// The diagram test data on PostgreSQL and MariaDB: a small pipeline schema (with tables past the first two modules,
// which are replayed from the engine's recorded statements) and the three cross-schema schemas, read back through
// the engine's Diagram: tiers, every edge kind, external nodes, and replayed tables equal to declared ones.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as dj from '../../src/index'
import { startTestServer, uniqueSchemaName, type TestBackendName, type TestServer } from '../../src/testing/backends'
import { createPipelineSchema, createThreeSchemas, type DiagramSchema, type ThreeSchemas } from './diagram-schemas'
import type { ServerLogin } from './lab-schema'

const BACKENDS: readonly TestBackendName[] = ['postgresql', 'mysql']

describe.each(BACKENDS)('diagram test data on %s', (backend) => {
  let server: TestServer
  let login: ServerLogin
  let pipeline: DiagramSchema
  let three: ThreeSchemas
  let instance: dj.Instance

  beforeAll(async () => {
    server = await startTestServer(backend)
    login = { backend: server.backend, host: server.host, port: server.port, user: server.user, password: server.password }
    pipeline = await createPipelineSchema(login, uniqueSchemaName('dg_pipe'), 40)
    three = await createThreeSchemas(login, uniqueSchemaName('dg3'))
    instance = new dj.Instance({ ...login, config: new dj.Config(), safemode: false, logger: dj.createMemoryLogger() })
  }, 300_000)

  afterAll(async () => {
    await instance?.close()
    await pipeline?.drop()
    await three?.drop()
    await server?.stop()
  })

  const fullName = (schema: string, table: string): string => (backend === 'postgresql' ? `"${schema}"."${table}"` : `\`${schema}\`.\`${table}\``)

  it('declares a pipeline of the size asked with every tier and every edge kind', async () => {
    const graph = (await dj.Diagram.of(await instance.schema(pipeline.name, { create: false }))).graph()
    const tables = graph.nodes.flatMap((n) => (n.kind === 'table' ? [n] : []))
    expect(tables).toHaveLength(40)
    expect(pipeline.tables).toHaveLength(40)
    expect(tables.filter((n) => n.external)).toEqual([])
    const tiers: Record<string, number> = {}
    for (const node of tables) tiers[node.tier ?? 'unknown'] = (tiers[node.tier ?? 'unknown'] ?? 0) + 1
    // 10 lookups and Researcher, two whole modules of ten, and the first nine tables of the third.
    expect(tiers).toEqual({ lookup: 10, manual: 7, imported: 6, computed: 11, part: 6 })
    const P = (table: string): string => fullName(pipeline.name, table)
    const edge = (parent: string, child: string) => graph.edges.find((e) => e.kind === 'foreignKey' && e.parent === P(parent) && e.child === P(child))
    // One-to-one (the whole primary key from the parent): thick and solid.
    expect(edge('session0002', '_recording0002')).toMatchObject({ primary: true, multi: false, aliased: false })
    // Many-to-one within the primary key: solid.
    expect(edge('subject0002', 'session0002')).toMatchObject({ primary: true, multi: true, aliased: false })
    // Secondary foreign keys: dashed; renamed ones: aliased, with the renaming.
    expect(edge('#species', 'subject0002')).toMatchObject({ primary: false, multi: true, aliased: false })
    expect(edge('researcher', 'session0002')).toMatchObject({ primary: false, aliased: true, attributeMap: { experimenter: 'researcher_id' } })
    // Cohorts form a binary tree: module 2's founders come from module 0.
    expect(edge('subject0000', 'subject0002')).toMatchObject({ primary: false, aliased: true, attributeMap: { founder_id: 'subject_id' } })
    expect(edge('_recording0002__channel', '__sorting0002__unit')).toMatchObject({ primary: false, aliased: true })
    expect(tables.find((n) => n.name === P('__sorting0002__unit'))).toMatchObject({ tier: 'part', master: P('__sorting0002'), className: 'Sorting0002.Unit' })
  })

  it('replays a module exactly as the engine declares it', async () => {
    const classes = await (await instance.schema(pipeline.name, { create: false })).tables()
    // Module 1 and module 2 both have module 0 as founders: only the module's own number changes.
    const renumber = (text: string): string => text.replace(/(?<=[A-Za-z_])0001(?![0-9])/g, '0002')
    for (const name of ['Subject', 'Session', 'Recording', 'Sorting', 'UnitQuality', 'Behavior', 'SessionStats']) {
      const declared = classes[`${name}0001`]
      const replayed = classes[`${name}0002`]
      if (declared === undefined || replayed === undefined) throw new Error(`${name} is missing`)
      expect(await replayed.describe(), name).toBe(renumber(await declared.describe()))
      expect(replayed.heading.attributes.map((a) => [a.name, a.lineage]), name).toEqual(declared.heading.attributes.map((a) => [a.name, a.lineage === null ? null : renumber(a.lineage)]))
    }
  })

  it('declares three schemas tied by cross-schema and renamed foreign keys', async () => {
    const analysis = (await dj.Diagram.of(await instance.schema(three.analysis, { create: false }))).graph()
    const external = analysis.nodes.flatMap((n) => (n.kind === 'table' && n.external ? [n.name] : []))
    expect(new Set(external)).toEqual(
      new Set([
        fullName(three.acquisition, '_recording'),
        fullName(three.acquisition, '_recording__channel'),
        fullName(three.acquisition, 'session'),
        fullName(three.acquisition, 'session__trial'),
        fullName(three.subject, 'subject'),
        fullName(three.subject, 'researcher'),
      ]),
    )
    const aliased = analysis.edges.flatMap((e) => (e.kind === 'foreignKey' && e.aliased ? [[e.parent, e.child, e.attributeMap]] : []))
    expect(aliased).toEqual(
      expect.arrayContaining([
        [fullName(three.acquisition, '_recording__channel'), fullName(three.analysis, '__sorting__unit'), expect.objectContaining({ peak_channel: 'channel_idx' })],
        [fullName(three.subject, 'researcher'), fullName(three.analysis, '__session_summary'), { reviewer: 'researcher_id' }],
      ]),
    )
    const schemas = await Promise.all([three.subject, three.acquisition, three.analysis].map((s) => instance.schema(s, { create: false })))
    const all = (await dj.Diagram.fromSequence(schemas)).graph()
    const perSchema: Record<string, number> = {}
    for (const node of all.nodes) if (node.kind === 'table') perSchema[node.schema] = (perSchema[node.schema] ?? 0) + 1
    expect(perSchema).toEqual({ [three.subject]: 8, [three.acquisition]: 8, [three.analysis]: 7 })
    expect(all.nodes.some((n) => n.kind === 'table' && n.external)).toBe(false)
    const crossing = all.edges.filter((e) => e.kind === 'foreignKey' && e.parent.split('.')[0] !== e.child.split('.')[0])
    expect(crossing.length).toBeGreaterThanOrEqual(7)
    expect(crossing.filter((e) => e.kind === 'foreignKey' && e.aliased).length).toBeGreaterThanOrEqual(3)
  })

  it('drops what it declared', async () => {
    const extra = await createThreeSchemas(login, uniqueSchemaName('dg3x'))
    await extra.drop()
    const schemas = await instance.listSchemas()
    for (const name of [extra.subject, extra.acquisition, extra.analysis]) expect(schemas).not.toContain(name)
  })
})
