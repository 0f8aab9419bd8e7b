// dj.Diagram on a schema whose foreign keys form a cycle (plain SQL tables DataJoint did not declare, one
// referencing itself), on PostgreSQL and MariaDB: drawn with `allowCycles`, refused as DataJoint refuses without
// it, and refused by every data-aware diagram whatever the option.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as dj from '../index'
import { startTestServer, testInstance, uniqueSchemaName, type TestBackendName, type TestServer } from '../testing/backends'
import { declareCyclicSchema, dropCyclicSchema, type CyclicSchema } from '../testing/cyclic-schema'

const BACKENDS: readonly TestBackendName[] = ['postgresql', 'mysql']
const CYCLE_ERROR = new dj.DataJointError('INVALID_DEFINITION', 'DataJoint can only work with acyclic dependencies')

describe.each(BACKENDS)('dj.Diagram of a schema with a foreign-key cycle on %s', (backendName) => {
  let server: TestServer
  let inst: ReturnType<typeof testInstance>
  let cyclic: CyclicSchema
  const name = uniqueSchemaName('dgc')

  beforeAll(async () => {
    server = await startTestServer(backendName)
    inst = testInstance(server, { poolSize: 2 })
    cyclic = await declareCyclicSchema(inst, server.backend, name)
  }, 120_000)

  afterAll(async () => {
    if (inst !== undefined) await dropCyclicSchema(inst, server.backend, name)
    await inst?.close()
    await server?.stop()
  })

  const fullName = (table: string): string => (backendName === 'mysql' ? `\`${name}\`.\`${table}\`` : `"${name}"."${table}"`)
  const plainTable = (table: string): dj.Table => new dj.Table(inst, name, table)

  it('graph() draws every table, the plain ones with no tier, and the foreign keys of the cycle', async () => {
    const { left, right, tree, Subject, Session } = cyclic
    const graph = (await dj.Diagram.of(cyclic.schema, { allowCycles: true })).graph()
    const tiers = Object.fromEntries(graph.nodes.map((n) => [n.name, n.kind === 'table' ? n.tier : n.kind]))
    expect(tiers).toEqual({ [Subject.fullTableName]: 'manual', [Session.fullTableName]: 'manual', [fullName(left)]: null, [fullName(right)]: null, [fullName(tree)]: null })
    // Parents first; the tables on or after a cycle last, by name.
    expect(graph.nodes.map((n) => n.name)).toEqual([Subject.fullTableName, Session.fullTableName, fullName(left), fullName(right), fullName(tree)])
    const edges = graph.edges.map((e) => (e.kind === 'foreignKey' ? [e.parent, e.child, Object.entries(e.attributeMap)] : null))
    expect(new Set(edges)).toEqual(
      new Set([
        [Subject.fullTableName, Session.fullTableName, [['subject_id', 'subject_id']]],
        [Subject.fullTableName, fullName(left), [['subject_id', 'subject_id']]],
        [fullName(left), fullName(right), [['left_id', 'left_id']]],
        [fullName(right), fullName(left), [['right_id', 'right_id']]],
        [fullName(tree), fullName(tree), [['parent_id', 'tree_id']]],
      ]),
    )
    expect(edges).toHaveLength(5)
  })

  it('mermaid() draws the plain tables as DataJoint draws tables of unknown tier, with the cycle and the loop', async () => {
    const text = (await dj.Diagram.of(cyclic.schema, { allowCycles: true })).mermaid('LR')
    expect(text).toContain('LegacyLeft((LegacyLeft))')
    expect(text).toContain('LegacyTree((LegacyTree))')
    expect(text).toContain('LegacyLeft -.-> LegacyRight')
    expect(text).toContain('LegacyRight -.-> LegacyLeft')
    // The self-reference renames parent_id to tree_id: DataJoint 2.2 draws it through an alias node.
    expect(text).toContain('LegacyTree -.-> 0\n    0 -.-> LegacyTree')
    expect(text).toContain('Subject -.-> LegacyLeft')
  })

  it('a diagram of one table and fromSequence draw with allowCycles too', async () => {
    const one = await dj.Diagram.of(plainTable(cyclic.right), { allowCycles: true })
    expect(one.add(1).graph().nodes.map((n) => n.name)).toEqual([fullName(cyclic.left), fullName(cyclic.right)])
    const union = await dj.Diagram.fromSequence([cyclic.Subject, plainTable(cyclic.tree)], { allowCycles: true })
    expect(union.tables).toEqual([cyclic.Subject.fullTableName, fullName(cyclic.tree)])
  })

  it('without allowCycles, refuses with DataJoint error', async () => {
    await expect(dj.Diagram.of(cyclic.schema)).rejects.toThrow(CYCLE_ERROR)
    await expect(dj.Diagram.of(cyclic.Subject)).rejects.toMatchObject({ code: 'INVALID_DEFINITION' })
  })

  it('data-aware diagrams refuse the cycle whatever the option', async () => {
    await expect(dj.Diagram.cascade(plainTable(cyclic.left))).rejects.toThrow(CYCLE_ERROR)
    await expect(dj.Diagram.cascade(cyclic.Subject.restrict({ subject_id: 1 }))).rejects.toMatchObject({ code: 'INVALID_DEFINITION' })
    await expect(dj.Diagram.trace(plainTable(cyclic.right))).rejects.toMatchObject({ code: 'INVALID_DEFINITION' })
    const drawn = await dj.Diagram.of(cyclic.schema, { allowCycles: true })
    expect(() => drawn.restrict(cyclic.Subject.restrict({ subject_id: 1 }))).toThrow(CYCLE_ERROR)
    await expect(drawn.prune()).rejects.toThrow(CYCLE_ERROR)
    expect(() => drawn.dependencies.descendants(`${name}.subject`)).toThrow(CYCLE_ERROR)
  })
})
