// dj.Diagram and the dependency graph on PostgreSQL 15, MariaDB and PGlite: Mermaid output of the probe schema
// (as DataJoint Python drew it), cross-schema diagrams, graph queries of a table, and dependency loading that costs
// the
// same number of catalog queries for 5 tables as for 50.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CompiledQuery, QueryResult } from '../adapters/driver'
import { PROBE_DEFINITIONS } from '../testing/python-definitions'
import * as dj from '../index'
import type { Instance } from '../instance/instance'
import { TEST_BACKENDS, startTestServer, testInstance, uniqueSchemaName, type TestServer } from '../testing/backends'
import { declareProbe, type Probe } from '../testing/probe'
import type { Table } from '../table/table'
import { loadDependencies } from './dependencies'
import type { Schema } from './schema'

/**
 * DataJoint Python's Mermaid text of the probe schema, with the subgraph labelled by the schema (Joinery has no
 * Python modules to name it after).
 */
function expectedProbeMermaid(label: string): string[] {
  return [
    'flowchart LR',
    '    classDef manual fill:#90EE90,stroke:#006400',
    '    classDef lookup fill:#D3D3D3,stroke:#696969',
    '    classDef computed fill:#FFB6C1,stroke:#8B0000',
    '    classDef imported fill:#ADD8E6,stroke:#00008B',
    '    classDef part fill:#FFFFFF,stroke:#000000',
    '    classDef collapsed fill:#808080,stroke:#404040',
    '',
    `    subgraph ${label}`,
    '        0((0))',
    '        1((1))',
    '        2((2))',
    '        SessionStats([SessionStats]):::computed',
    '        Settings[Settings]:::lookup',
    '        Pair[Pair]:::manual',
    '        Session_Trial[Session.Trial]:::part',
    '        Session[Session]:::manual',
    '        Subject[Subject]:::manual',
    '        Species[Species]:::lookup',
    '        Researcher[Researcher]:::manual',
    '        Lab[Lab]:::manual',
    '    end',
    '',
    '    0 --> Pair',
    '    1 --> Pair',
    '    2 -.-> Session',
    '    Session --> SessionStats',
    '    Session --> Session_Trial',
    '    Subject --> 0',
    '    Subject --> 1',
    '    Subject --> Session',
    '    Species -.-> Subject',
    '    Researcher -.-> Subject',
    '    Lab -.-> 2',
    '    Lab --> Researcher',
  ]
}

/** Lines of a Mermaid text grouped the way the order does not matter: header, subgraph bodies, edges. */
function structure(text: string): { header: string[]; subgraphs: Record<string, string[]>; edges: string[] } {
  const lines = text.split('\n')
  const header: string[] = []
  const subgraphs: Record<string, string[]> = {}
  const edges: string[] = []
  let current: string[] | null = null
  for (const line of lines) {
    const open = /^ {4}subgraph (.+)$/.exec(line)
    if (open) {
      current = subgraphs[open[1] as string] = []
    } else if (line === '    end') {
      current = null
    } else if (current !== null) {
      current.push(line)
    } else if (/ (-->|-\.->) /.test(line)) {
      edges.push(line)
    } else if (line !== '') {
      header.push(line)
    }
  }
  for (const body of Object.values(subgraphs)) body.sort()
  edges.sort()
  return { header, subgraphs, edges }
}

async function declareProbeDefinitions(schema: Schema): Promise<void> {
  const classes: Record<string, Table> = {}
  for (const d of PROBE_DEFINITIONS) {
    if (d.master !== undefined) {
      classes[`${d.master}.${d.className}`] = await schema.part(classes[d.master] as Table, d.className, d.definition)
      continue
    }
    const declare = {
      manual: () => schema.manual(d.className, d.definition),
      lookup: () => schema.lookup(d.className, d.definition),
      computed: () => schema.computed(d.className, d.definition),
      imported: () => schema.imported(d.className, d.definition),
      part: () => schema.manual(d.className, d.definition),
    }[d.tier]
    classes[d.className] = await declare()
  }
}

describe.each(TEST_BACKENDS)('dj.Diagram on %s', (backendName) => {
  let server: TestServer
  let inst: Instance
  let probeSchema: Schema
  let probe: Probe
  const probeSchemaName = uniqueSchemaName('dga')
  const mainName = uniqueSchemaName('dgm')
  const otherName = uniqueSchemaName('dgo')

  beforeAll(async () => {
    server = await startTestServer(backendName)
    inst = testInstance(server, { poolSize: 2 })
    probeSchema = await inst.schema(probeSchemaName)
    await declareProbeDefinitions(probeSchema)
    probe = await declareProbe(inst, mainName, otherName)
  }, 180_000)

  afterAll(async () => {
    await probeSchema?.drop({ prompt: false })
    await probe?.other.drop({ prompt: false })
    await probe?.main.drop({ prompt: false })
    await inst?.close()
    await server?.stop()
  })

  it('draws the probe schema as DataJoint does: classDefs, tier shapes, alias nodes, edge styles', async () => {
    const text = (await dj.Diagram.of(probeSchema)).mermaid()
    expect(structure(text)).toEqual(structure(expectedProbeMermaid(probeSchemaName).join('\n')))
    expect(text.startsWith('flowchart LR\n    classDef manual fill:#90EE90,stroke:#006400\n')).toBe(true)
    expect((await dj.Diagram.of(probeSchema)).mermaid('TB').split('\n')[0]).toBe('flowchart TB')
  })

  it('groups tables per schema and labels parts of computed tables and cross-schema edges', async () => {
    const diagram = (await dj.Diagram.of(probe.main)).add(await dj.Diagram.of(probe.other))
    const { subgraphs, edges } = structure(diagram.mermaid())
    expect(Object.keys(subgraphs)).toEqual([mainName, otherName])
    expect(subgraphs[otherName]).toEqual(['        Note[Note]:::manual'])
    expect(subgraphs[mainName]).toContain('        SessionStats_Detail[SessionStats.Detail]:::part')
    expect(edges).toContain('    Session --> Note')
    expect(edges).toContain('    SessionStats --> SessionStats_Detail')
    expect(edges).toContain('    Rig -.-> SessionStats_Detail')
    expect(diagram.tables.at(-1)).toBe(probe.Note.fullTableName)
  })

  it('shows one table, or more generations of it', async () => {
    const one = await dj.Diagram.of(probe.Session)
    expect(one.tables).toEqual([probe.Session.fullTableName])
    expect(one.add(1).tables).toEqual([probe.Session, probe.Trial, probe.SessionStats, probe.Note].map((t) => t.fullTableName))
    expect(one.subtract(1).tables).toEqual([probe.Lab, probe.Subject, probe.Session].map((t) => t.fullTableName))
    expect(one.add(1).intersect(one.subtract(1)).tables).toEqual([probe.Session.fullTableName])
    await expect(one.counts()).rejects.toThrow('No restrictions applied.')
  })

  it("answers a table's parents, children, descendants and ancestors with full table names", async () => {
    const { Lab, Subject, Session, Pair, Note } = probe
    expect(await Session.parents()).toEqual([Lab.fullTableName, Subject.fullTableName])
    expect(await Session.parents({ primary: true })).toEqual([Subject.fullTableName])
    expect(await Session.parents({ primary: false, foreignKeyInfo: true })).toEqual([
      { table: Lab.fullTableName, schemaName: Lab.schemaName, tableName: Lab.tableName, primary: false, attrMap: { host_lab: 'lab_id' }, aliased: true, multi: true },
    ])
    expect(await Subject.children()).toEqual([Pair.fullTableName, Pair.fullTableName, Session.fullTableName])
    expect(await Session.children()).toContain(Note.fullTableName)
    expect((await Lab.descendants()).at(0)).toBe(Lab.fullTableName)
    expect(await Lab.descendants()).toContain(Note.fullTableName)
    expect(await Note.ancestors()).toEqual(expect.arrayContaining([Note.fullTableName, Session.fullTableName, Lab.fullTableName]))
  })

  it('loads dependencies with the same number of catalog queries for 5 tables as for 50', async () => {
    const counted = testInstance(server, { poolSize: 1 })
    const small = await counted.schema(uniqueSchemaName('dg5'))
    const large = await counted.schema(uniqueSchemaName('dg50'))
    try {
      for (const [schema, n] of [
        [small, 5],
        [large, 50],
      ] as const) {
        let previous: Table | null = null
        for (let i = 0; i < n; i += 1) {
          const definition: string = previous === null ? `t${i}_id : int32` : `t${i}_id : int32\n---\n-> [nullable] T${i - 1}`
          previous = await schema.manual(`T${i}`, definition)
        }
      }
      const statements = async (schema: Schema): Promise<number> => {
        const fresh = testInstance(server, { poolSize: 1 })
        let count = 0
        const run = fresh.run.bind(fresh)
        fresh.run = (query: CompiledQuery): Promise<QueryResult> => {
          count += 1
          return run(query)
        }
        try {
          await fresh.connect()
          count = 0
          const graph = await loadDependencies(fresh, [schema.name], { downstream: true, refresh: true })
          expect(graph.nodes.filter((node) => node.schema === schema.name).length).toBeGreaterThanOrEqual(5)
          return count
        } finally {
          await fresh.close()
        }
      }
      const five = await statements(small)
      expect(five).toBeGreaterThan(0)
      expect(await statements(large)).toBe(five)
    } finally {
      await large.drop({ prompt: false })
      await small.drop({ prompt: false })
      await counted.close()
    }
  }, 300_000)

  it('refuses to drop a schema other schemas depend on, naming the tables', async () => {
    const err = await probe.main.drop({ prompt: false }).then(
      () => null,
      (error: unknown) => error,
    )
    expect(err).toBeInstanceOf(dj.DataJointError)
    expect((err as dj.DataJointError).code).toBe('INTEGRITY')
    expect((err as dj.DataJointError).message).toContain(probe.Note.fullTableName)
    expect(await probe.Lab.count()).toBeGreaterThanOrEqual(0)
  })
})
