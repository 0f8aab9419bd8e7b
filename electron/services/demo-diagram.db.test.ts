// The Demo lab pipeline's diagram on scratch PostgreSQL schemas: what the app's schema diagram is drawn from —
// parts under their masters, renamed foreign keys as aliased edges, tiers, and the lab tables the ephys schema
// references drawn as external nodes.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as dj from '../../src/index'
import type { Schema } from '../../src/index'
import { startTestServer, testInstance, uniqueSchemaName, type TestServer } from '../../src/testing/backends'
import { seedDemoLab } from './demo-seed'

describe('the Demo lab diagram on PostgreSQL', () => {
  const names = { lab: uniqueSchemaName('dmlab'), ephys: uniqueSchemaName('dmephys') }
  let server: TestServer
  let inst: ReturnType<typeof testInstance>
  let lab: Schema
  let ephys: Schema

  beforeAll(async () => {
    server = await startTestServer('postgresql')
    inst = testInstance(server, { poolSize: 2 })
    await seedDemoLab(inst, names)
    lab = await inst.schema(names.lab)
    ephys = await inst.schema(names.ephys)
  }, 300_000)

  afterAll(async () => {
    await ephys?.drop({ prompt: false })
    await lab?.drop({ prompt: false })
    await inst?.close()
    await server?.stop()
  })

  const L = (table: string): string => `"${names.lab}"."${table}"`
  const E = (table: string): string => `"${names.ephys}"."${table}"`

  it('draws the ephys schema: tiers, parts under masters, the lab tables it references as external nodes', async () => {
    const graph = (await dj.Diagram.of(ephys)).graph()
    const nodes = graph.nodes.map((n) => (n.kind === 'table' ? [n.name, n.className, n.tier, n.master, n.distinguished, n.external] : null))
    expect(new Set(nodes)).toEqual(
      new Set([
        [L('#brain_region'), 'BrainRegion', 'lookup', null, true, true],
        [L('session'), 'Session', 'manual', null, true, true],
        [E('#probe'), 'Probe', 'lookup', null, true, false],
        [E('_recording'), 'Recording', 'imported', null, false, false],
        [E('_recording__channel'), 'Recording.Channel', 'part', E('_recording'), true, false],
        [E('__spike_sorting'), 'SpikeSorting', 'computed', null, false, false],
        [E('__spike_sorting__unit'), 'SpikeSorting.Unit', 'part', E('__spike_sorting'), true, false],
        [E('__trial_stats'), 'TrialStats', 'computed', null, false, false],
        [E('__trial_stats__outcome_count'), 'TrialStats.OutcomeCount', 'part', E('__trial_stats'), true, false],
      ]),
    )
    expect(nodes).toHaveLength(9)
    const position = (name: string): number => graph.nodes.findIndex((n) => n.name === name)
    expect(position(E('_recording__channel'))).toBe(position(E('_recording')) + 1)
    expect(position(E('__trial_stats__outcome_count'))).toBe(position(E('__trial_stats')) + 1)

    const edges = graph.edges.map((e) => (e.kind === 'foreignKey' ? [e.parent, e.child, e.primary, e.multi, e.aliased] : null))
    expect(new Set(edges)).toEqual(
      new Set([
        [L('session'), E('_recording'), true, false, false],
        [E('#probe'), E('_recording'), false, true, false],
        [L('#brain_region'), E('_recording'), false, true, false],
        [E('_recording'), E('_recording__channel'), true, true, false],
        [E('_recording'), E('__spike_sorting'), true, false, false],
        [E('__spike_sorting'), E('__spike_sorting__unit'), true, true, false],
        [E('_recording__channel'), E('__spike_sorting__unit'), false, true, true],
        [L('session'), E('__trial_stats'), true, false, false],
        [E('__trial_stats'), E('__trial_stats__outcome_count'), true, true, false],
      ]),
    )
    expect(edges).toHaveLength(9)
    expect(graph.edges.find((e) => e.kind === 'foreignKey' && e.aliased)).toMatchObject({
      attributeMap: { subject_id: 'subject_id', session_idx: 'session_idx', peak_channel: 'channel_idx' },
    })
    expect(JSON.parse(JSON.stringify(graph))).toStrictEqual(graph)
  })

  it('draws the lab schema with both renamed foreign keys to Researcher as aliased edges', async () => {
    const graph = (await dj.Diagram.of(lab)).graph()
    const aliased = graph.edges.filter((e) => e.kind === 'foreignKey' && e.aliased)
    expect(aliased).toStrictEqual([
      { kind: 'foreignKey', parent: L('researcher'), child: L('session'), primary: false, multi: true, aliased: true, attributeMap: { experimenter: 'researcher_id' } },
      { kind: 'foreignKey', parent: L('researcher'), child: L('subject'), primary: false, multi: true, aliased: true, attributeMap: { surgeon: 'researcher_id' } },
    ])
    expect(graph.nodes.filter((n) => n.kind === 'table' && n.external)).toEqual([])
    const both = (await dj.Diagram.fromSequence([lab, ephys])).collapse().graph()
    // A collapsed node stands where its schema's first table sorts: ephys' Probe references nothing.
    expect(both.nodes.map((n) => (n.kind === 'collapsed' ? [n.name, n.tables.length] : null))).toEqual([
      [names.ephys, 7],
      [names.lab, 8],
    ])
    expect(both.edges).toStrictEqual([{ kind: 'bundle', parent: names.lab, child: names.ephys }])
  })
})
