import { describe, expect, it } from 'vitest'
import { DataJointError } from '../errors/datajoint-error'
import type { Attribute } from '../heading/attribute'
import type { TableInfo } from '../heading/table-info'
import { testAttribute } from '../testing/attributes'
import { DependencyGraph } from './dependencies'
import { probeTables, simulateSchemas, type SimulatedTable } from '../testing/simulated-schemas'

const M = 'probe_main'
const O = 'probe_other'
const k = (table: string, schema = M): string => `${schema}.${table}`

/** The probe schema plus a part of the computed table and a child in another schema. */
const TABLES: SimulatedTable[] = [
  ...probeTables(M),
  { schema: M, className: 'Detail', tier: 'part', master: 'SessionStats', definition: '-> master\ndetail : int32' },
  { schema: O, className: 'Note', tier: 'manual', definition: `-> ${M}.Session\nnote_id : int32\n---\ntext : varchar(100)` },
]

function graphOf(tables: readonly SimulatedTable[] = TABLES): DependencyGraph {
  return DependencyGraph.fromTables(simulateSchemas(tables).values())
}

function attribute(name: string, inKey: boolean): Attribute {
  return testAttribute(name, { inKey })
}

/** A hand-made table with integer columns; `fks` reference other tables' key columns by name. */
function table(name: string, key: string[], fks: { parent: string; columns: string[]; parentColumns?: string[] }[] = []): TableInfo {
  return {
    schema: 's',
    table: name,
    className: name,
    tier: 'manual',
    master: null,
    comment: '',
    attributes: key.map((c) => attribute(c, true)),
    primaryKey: key,
    foreignKeys: fks.map((fk, i) => ({
      name: `${name}_fk${i}`,
      attributes: fk.columns,
      parentSchema: 's',
      parentTable: fk.parent,
      parentAttributes: fk.parentColumns ?? fk.columns,
    })),
    indexes: [],
    lineageAvailable: true,
  }
}

describe('DependencyGraph.fromTables (probe schema)', () => {
  const graph = graphOf()

  it('has one node per table with a primary key, named by class', () => {
    expect(graph.nodes.map((n) => n.key)).toEqual(
      [
        k('#settings'),
        k('#species'),
        k('__session_stats'),
        k('__session_stats__detail'),
        k('lab'),
        k('pair'),
        k('researcher'),
        k('session'),
        k('session__trial'),
        k('subject'),
        k('note', O),
      ].sort(),
    )
    expect(graph.node(k('session__trial'))).toMatchObject({ className: 'Session.Trial', tier: 'part', master: k('session') })
    expect(graph.node(k('__session_stats__detail'))).toMatchObject({ className: 'SessionStats.Detail', master: k('__session_stats') })
    expect(graph.node(k('#species'))).toMatchObject({ className: 'Species', tier: 'lookup', master: null })
  })

  it('gives every foreign key its own edge with primary / attrMap / aliased / multi', () => {
    const pick = (parent: string, child: string) =>
      graph.edges.filter((e) => e.parent === parent && e.child === child).map(({ primary, attrMap, aliased, multi }) => ({ primary, attrMap, aliased, multi }))
    expect(pick(k('lab'), k('researcher'))).toEqual([{ primary: true, attrMap: { lab_id: 'lab_id' }, aliased: false, multi: true }])
    expect(pick(k('researcher'), k('subject'))).toEqual([
      { primary: false, attrMap: { lab_id: 'lab_id', researcher_id: 'researcher_id' }, aliased: false, multi: true },
    ])
    expect(pick(k('lab'), k('session'))).toEqual([{ primary: false, attrMap: { host_lab: 'lab_id' }, aliased: true, multi: true }])
    expect(pick(k('subject'), k('pair'))).toEqual([
      { primary: true, attrMap: { subj_a: 'subject_id' }, aliased: true, multi: true },
      { primary: true, attrMap: { subj_b: 'subject_id' }, aliased: true, multi: true },
    ])
    expect(pick(k('session'), k('__session_stats'))).toEqual([
      { primary: true, attrMap: { subject_id: 'subject_id', session: 'session' }, aliased: false, multi: false },
    ])
    expect(pick(k('session'), k('note', O))).toHaveLength(1)
  })

  it('answers parents, children (filtered by primary), descendants, ancestors and parts', () => {
    expect(graph.parents(k('session')).map((e) => e.parent)).toEqual([k('lab'), k('subject')])
    expect(graph.parents(k('session'), { primary: true }).map((e) => e.parent)).toEqual([k('subject')])
    expect(graph.parents(k('session'), { primary: false }).map((e) => e.parent)).toEqual([k('lab')])
    expect(graph.children(k('subject')).map((e) => e.child)).toEqual([k('pair'), k('pair'), k('session')])
    expect(graph.descendants(k('lab'))).toEqual([
      k('lab'),
      k('researcher'),
      k('subject'),
      k('pair'),
      k('session'),
      k('session__trial'),
      k('__session_stats'),
      k('__session_stats__detail'),
      k('note', O),
    ])
    expect(graph.ancestors(k('__session_stats'))).toEqual([k('__session_stats'), k('session'), k('subject'), k('researcher'), k('lab'), k('#species')])
    expect(graph.parts(k('session'))).toEqual([k('session__trial')])
    expect(graph.parts(k('lab'))).toEqual([])
    expect(() => graph.descendants('nope.nope')).toThrow(DataJointError)
  })

  it('sorts parents first, each part right after its master, ties by name', () => {
    expect(graph.topoSort()).toEqual([
      k('#settings'),
      k('#species'),
      k('lab'),
      k('researcher'),
      k('subject'),
      k('pair'),
      k('session'),
      k('session__trial'),
      k('__session_stats'),
      k('__session_stats__detail'),
      k('note', O),
    ])
    expect(graph.topoSort([k('note', O), k('lab'), k('session')])).toEqual([k('lab'), k('session'), k('note', O)])
  })

  it('orders a master after the external parents of its parts (part right after master)', () => {
    const parts: SimulatedTable[] = [
      { schema: 's', className: 'Alpha', tier: 'manual', definition: 'alpha_id : int32' },
      { schema: 's', className: 'Zeta', tier: 'manual', definition: 'zeta_id : int32' },
      { schema: 's', className: 'Item', tier: 'part', master: 'Alpha', definition: '-> master\n-> Zeta' },
    ]
    const g = graphOf(parts)
    expect(g.topoSort()).toEqual(['s.zeta', 's.alpha', 's.alpha__item'])
    // The graph's own edges are unchanged: Zeta is not a parent of Alpha.
    expect(g.parents('s.alpha')).toEqual([])
  })

  it('keeps a part after everything it references when its master is an ancestor of its parent', () => {
    const parts: SimulatedTable[] = [
      { schema: 's', className: 'Master', tier: 'manual', definition: 'master_id : int32' },
      { schema: 's', className: 'Later', tier: 'manual', definition: '-> Master\nlater_id : int32' },
      { schema: 's', className: 'Part', tier: 'part', master: 'Master', definition: '-> master\n-> Later' },
    ]
    expect(graphOf(parts).topoSort()).toEqual(['s.master', 's.later', 's.master__part'])
  })

  it('refuses cycles (including self-references) with DataJoint error', () => {
    const cyclic = [table('a', ['a_id'], [{ parent: 'b', columns: ['b_ref'], parentColumns: ['b_id'] }]), table('b', ['b_id'], [{ parent: 'a', columns: ['a_ref'], parentColumns: ['a_id'] }])]
    expect(() => DependencyGraph.fromTables(cyclic)).toThrow('DataJoint can only work with acyclic dependencies')
    const self = [table('a', ['a_id'], [{ parent: 'a', columns: ['parent_id'], parentColumns: ['a_id'] }])]
    expect(() => DependencyGraph.fromTables(self)).toThrow('DataJoint can only work with acyclic dependencies')
  })

  it('with allowCycles, builds a cyclic graph for drawing: tables on or after a cycle last by key, computing still refused', () => {
    const tables = [
      table('root', ['root_id']),
      table('a', ['a_id'], [{ parent: 'b', columns: ['b_ref'], parentColumns: ['b_id'] }, { parent: 'root', columns: ['root_id'] }]),
      table('b', ['b_id'], [{ parent: 'a', columns: ['a_ref'], parentColumns: ['a_id'] }]),
      table('after', ['after_id'], [{ parent: 'a', columns: ['a_id'] }]),
      table('tree', ['tree_id'], [{ parent: 'tree', columns: ['parent_id'], parentColumns: ['tree_id'] }]),
    ]
    const g = DependencyGraph.fromTables(tables, { allowCycles: true })
    expect(g.cyclic).toBe(true)
    expect(g.topoSort()).toEqual(['s.root', 's.a', 's.after', 's.b', 's.tree'])
    expect(g.edges.filter((e) => e.parent === e.child).map((e) => e.child)).toEqual(['s.tree'])
    for (const compute of [() => g.descendants('s.root'), () => g.ancestors('s.after'), () => g.parts('s.a'), () => g.requireAcyclic()]) {
      expect(compute).toThrow(new DataJointError('INVALID_DEFINITION', 'DataJoint can only work with acyclic dependencies'))
    }
    const acyclic = DependencyGraph.fromTables([tables[0] as TableInfo], { allowCycles: true })
    expect([acyclic.cyclic, acyclic.descendants('s.root')]).toEqual([false, ['s.root']])
  })

  it('leaves out hidden tables and adds referenced tables the list lacks as bare nodes, typed by their names', () => {
    const hidden = { ...table('~lineage', ['table_name']) }
    const orphan = table('child', ['c_id'], [
      { parent: 'missing', columns: ['m_id'] },
      { parent: '__session_stats__detail', columns: ['d_id'] },
      { parent: 'Legacy', columns: ['l_id'] },
    ])
    const g = DependencyGraph.fromTables([hidden, orphan])
    expect(g.nodes.map((n) => n.key)).toEqual(['s.Legacy', 's.__session_stats__detail', 's.child', 's.missing'])
    expect(g.node('s.missing')).toMatchObject({ tier: 'manual', className: 'Missing', master: null, primaryKey: [] })
    expect(g.node('s.__session_stats__detail')).toMatchObject({ tier: 'part', className: 'SessionStats.Detail', primaryKey: [] })
    expect(g.node('s.Legacy')).toMatchObject({ tier: null, className: 'Legacy', primaryKey: [] })
  })
})
