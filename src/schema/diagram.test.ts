// dj.Diagram's algebra and graph() without a server: DataJoint's university schema and a second schema that
// references it (a renamed foreign key, a part table), simulated into catalog TableInfos.

import { describe, expect, it } from 'vitest'
import type { QueryExpr } from '../algebra/ast'
import { createMysqlDialect } from '../adapters/mysql/dialect'
import { DataJointError } from '../errors/datajoint-error'
import type { TableInfo } from '../heading/table-info'
import type { EngineContext } from '../instance/context'
import { Config } from '../instance/config'
import { createMemoryLogger } from '../instance/logger'
import { StatementPipeline } from '../pipeline/pipeline'
import { Table } from '../table/table'
import { Diagram, type DiagramGraph, type DiagramTableNode } from './diagram'
import { Schema } from './schema'
import { catalogOf, simulateSchemas, type SimulatedTable } from '../testing/simulated-schemas'

const U = 'uni'
const X = 'ext'

/** The university schema's keys and foreign keys (its secondary attributes do not matter to the graph). */
const TABLES: SimulatedTable[] = [
  { schema: U, className: 'Student', tier: 'manual', definition: 'student_id : int64\n---\nfirst_name : varchar(40)' },
  { schema: U, className: 'Department', tier: 'manual', definition: 'dept : varchar(6)\n---\ndept_name : varchar(200)' },
  { schema: U, className: 'StudentMajor', tier: 'manual', definition: '-> Student\n---\n-> Department\ndeclare_date : date' },
  { schema: U, className: 'Course', tier: 'manual', definition: '-> Department\ncourse : int64\n---\ncourse_name : varchar(200)' },
  { schema: U, className: 'Term', tier: 'manual', definition: "term_year : int16\nterm : enum('Spring', 'Summer', 'Fall')" },
  { schema: U, className: 'Section', tier: 'manual', definition: '-> Course\n-> Term\nsection : char(1)\n---\nauditorium : varchar(12)' },
  { schema: U, className: 'CurrentTerm', tier: 'manual', definition: 'omega=0 : int8\n---\n-> Term' },
  { schema: U, className: 'Enroll', tier: 'manual', definition: '-> Student\n-> Section' },
  { schema: U, className: 'LetterGrade', tier: 'lookup', definition: 'grade : char(2)\n---\npoints : decimal(3,2)' },
  { schema: U, className: 'Grade', tier: 'manual', definition: '-> Enroll\n---\n-> LetterGrade' },
  { schema: X, className: 'Mentoring', tier: 'manual', definition: `-> ${U}.Student\n-> ${U}.Student.proj(mentor_id='student_id')` },
  { schema: X, className: 'Thesis', tier: 'manual', definition: `-> ${U}.Student\n---\ntitle : varchar(200)` },
  { schema: X, className: 'Chapter', tier: 'part', master: 'Thesis', definition: '-> master\nchapter : int32' },
]

const q = (schema: string, table: string): string => `\`${schema}\`.\`${table}\``
const uni = (table: string): string => q(U, table)
const ext = (table: string): string => q(X, table)

/** The parts of an EngineContext that building diagrams uses, over simulated TableInfos (nothing is queried). */
function simulatedContext(infos: ReadonlyMap<string, TableInfo>): EngineContext {
  const unused = (): never => {
    throw new Error('no server in unit tests')
  }
  const context = {
    id: Symbol('simulated'),
    dialect: createMysqlDialect(),
    catalog: { load: async () => {}, allTables: () => [...infos.values()] },
    config: new Config({ safemode: false }),
    logger: createMemoryLogger(),
    resolveContext: { catalog: catalogOf(infos) },
    run: unused,
    stream: unused,
    atomically: unused,
    inTransaction: false,
    loadSchemas: async () => {},
  } as unknown as EngineContext
  return Object.assign(context, { pipeline: new StatementPipeline(context) })
}

const infos = simulateSchemas(TABLES)
const context = simulatedContext(infos)
const university = new Schema(context, U)
const extSchema = new Schema(context, X)
const table = (schema: string, name: string): Table => new Table(context, schema, name)
const Student = table(U, 'student')
const Enroll = table(U, 'enroll')
const Grade = table(U, 'grade')
const Term = table(U, 'term')
const Thesis = table(X, 'thesis')

const nodeNames = (graph: DiagramGraph): string[] => graph.nodes.map((n) => n.name)
const tableNode = (graph: DiagramGraph, name: string): DiagramTableNode => {
  const node = graph.nodes.find((n) => n.name === name)
  if (node?.kind !== 'table') throw new Error(`${name} is not a table node`)
  return node
}

describe('Diagram.graph() of the university schema', () => {
  it('lists every table in topological order with class name, tier, schema and master', async () => {
    const graph = (await Diagram.of(university)).graph()
    expect(nodeNames(graph)).toEqual(
      ['#letter_grade', 'department', 'course', 'student', 'student_major', 'term', 'current_term', 'section', 'enroll', 'grade'].map(uni),
    )
    expect(tableNode(graph, uni('#letter_grade'))).toStrictEqual({
      kind: 'table',
      name: uni('#letter_grade'),
      schema: U,
      table: '#letter_grade',
      className: 'LetterGrade',
      tier: 'lookup',
      master: null,
      distinguished: true,
      external: false,
    })
  })

  it('distinguishes the tables that add primary-key attributes of their own', async () => {
    const graph = (await Diagram.of(university)).graph()
    const distinguished = graph.nodes.filter((n) => n.kind === 'table' && n.distinguished).map((n) => n.name)
    expect(distinguished).toEqual(['#letter_grade', 'department', 'course', 'student', 'term', 'current_term', 'section'].map(uni))
  })

  it('gives one edge per foreign key with primary, multi, aliased and the attribute map', async () => {
    const graph = (await Diagram.of(university)).graph()
    const fk = (parent: string, child: string, primary: boolean, multi: boolean, columns: string[]) => ({
      kind: 'foreignKey',
      parent: uni(parent),
      child: uni(child),
      primary,
      multi,
      aliased: false,
      attributeMap: Object.fromEntries(columns.map((c) => [c, c])),
    })
    const sectionKey = ['dept', 'course', 'term_year', 'term', 'section']
    expect(graph.edges).toStrictEqual([
      fk('#letter_grade', 'grade', false, true, ['grade']),
      fk('course', 'section', true, true, ['dept', 'course']),
      fk('department', 'course', true, true, ['dept']),
      fk('department', 'student_major', false, true, ['dept']),
      fk('enroll', 'grade', true, false, ['student_id', ...sectionKey]),
      fk('section', 'enroll', true, true, sectionKey),
      fk('student', 'enroll', true, true, ['student_id']),
      fk('student', 'student_major', true, false, ['student_id']),
      fk('term', 'current_term', false, true, ['term_year', 'term']),
      fk('term', 'section', true, true, ['term_year', 'term']),
    ])
  })

  it('is plain JSON-safe data', async () => {
    const graph = (await Diagram.fromSequence([university, extSchema])).collapse().add(await Diagram.of(Enroll)).graph()
    expect(JSON.parse(JSON.stringify(graph))).toStrictEqual(graph)
  })
})

describe('Diagram.graph() across schemas', () => {
  it('draws the tables of other schemas that foreign keys reach as external nodes, and renamed keys as aliased edges', async () => {
    const graph = (await Diagram.of(extSchema)).graph()
    expect(nodeNames(graph)).toEqual([uni('student'), ext('mentoring'), ext('thesis'), ext('thesis__chapter')])
    expect(graph.nodes.map((n) => n.kind === 'table' && n.external)).toEqual([true, false, false, false])
    expect(tableNode(graph, ext('thesis__chapter'))).toMatchObject({ className: 'Thesis.Chapter', tier: 'part', master: ext('thesis'), distinguished: true })
    expect(tableNode(graph, ext('mentoring')).distinguished).toBe(false)
    expect(graph.edges.filter((e) => e.child === ext('mentoring'))).toStrictEqual([
      { kind: 'foreignKey', parent: uni('student'), child: ext('mentoring'), primary: true, multi: true, aliased: true, attributeMap: { mentor_id: 'student_id' } },
      { kind: 'foreignKey', parent: uni('student'), child: ext('mentoring'), primary: true, multi: true, aliased: false, attributeMap: { student_id: 'student_id' } },
    ])
  })

  it('leaves out tables of other schemas that reference the diagram', async () => {
    const graph = (await Diagram.of(Student)).graph()
    expect(nodeNames(graph)).toEqual([uni('student')])
    expect(graph.edges).toEqual([])
  })
})

describe('Diagram algebra', () => {
  it('fromSequence is the union of tables, schemas and diagrams', async () => {
    const union = await Diagram.fromSequence([Thesis, university, await Diagram.of(table(X, 'mentoring'))])
    expect(union.tables).toEqual([
      ...['#letter_grade', 'department', 'course', 'student'].map(uni),
      ext('mentoring'),
      ext('thesis'),
      ...['student_major', 'term', 'current_term', 'section', 'enroll', 'grade'].map(uni),
    ])
    await expect(Diagram.fromSequence([])).rejects.toThrow(DataJointError)
  })

  it('adds and removes single tables, and generations of children and parents', async () => {
    const enroll = await Diagram.of(Enroll)
    expect(enroll.add(Student).tables).toEqual([uni('student'), uni('enroll')])
    expect(enroll.add(Student).subtract(Enroll).tables).toEqual([uni('student')])
    expect(enroll.add(1).tables).toEqual([uni('enroll'), uni('grade')])
    expect(enroll.subtract(2).tables).toEqual(['course', 'student', 'term', 'section', 'enroll'].map(uni))
    expect(enroll.subtract(3).tables).toEqual(['department', 'course', 'student', 'term', 'section', 'enroll'].map(uni))
  })

  it('addParts adds the parts of the masters shown, drawn as their masters are', async () => {
    const thesis = await Diagram.of(Thesis)
    expect(thesis.addParts().tables).toEqual([ext('thesis'), ext('thesis__chapter')])
    expect(thesis.addParts().graph().nodes.map((n) => n.kind)).toEqual(['table', 'table', 'table'])
    expect(thesis.collapse().addParts().graph().nodes).toContainEqual({
      kind: 'collapsed',
      name: X,
      schema: X,
      tables: [ext('thesis'), ext('thesis__chapter')],
    })
    expect((await Diagram.of(Student)).addParts().tables).toEqual([uni('student')])
  })

  it('collapse draws a schema as one node; tables expanded in either operand stay expanded', async () => {
    const collapsed = (await Diagram.of(university)).collapse()
    expect(collapsed.graph()).toStrictEqual({
      nodes: [{ kind: 'collapsed', name: U, schema: U, tables: (await Diagram.of(university)).tables }],
      edges: [],
    })

    const withEnroll = collapsed.add(await Diagram.of(Enroll)).graph()
    expect(withEnroll.nodes.map((n) => [n.kind, n.name])).toEqual([
      ['collapsed', U],
      ['table', uni('enroll')],
    ])
    // Section and Student both reach Enroll: one edge for the pair, the first foreign key's (Section's).
    const sectionKey = { dept: 'dept', course: 'course', term_year: 'term_year', term: 'term', section: 'section' }
    expect(withEnroll.edges).toStrictEqual([
      { kind: 'foreignKey', parent: uni('enroll'), child: U, primary: true, multi: false, aliased: false, attributeMap: { student_id: 'student_id', ...sectionKey } },
      { kind: 'foreignKey', parent: U, child: uni('enroll'), primary: true, multi: true, aliased: false, attributeMap: sectionKey },
    ])

    // Of several foreign keys merged into one edge, the first by columns: the same on every backend.
    const mentored = (await Diagram.of(extSchema)).collapse().add(await Diagram.of(Student)).graph()
    expect(mentored.edges).toStrictEqual([
      { kind: 'foreignKey', parent: uni('student'), child: X, primary: true, multi: true, aliased: true, attributeMap: { mentor_id: 'student_id' } },
    ])

    const both = (await Diagram.fromSequence([university, extSchema])).collapse().graph()
    expect(both.nodes.map((n) => n.name)).toEqual([U, X])
    expect(both.edges).toStrictEqual([{ kind: 'bundle', parent: U, child: X }])
  })

  it('mermaid() draws collapsed tables as one node per schema, with one edge per pair of nodes', async () => {
    const diagram = (await Diagram.fromSequence([university, extSchema])).collapse().add(await Diagram.of(Enroll))
    expect(diagram.mermaid().split('\n').slice(7)).toEqual([
      '',
      '    subgraph uni',
      '        uni[["(9 tables)"]]:::collapsed',
      '        Enroll[Enroll]:::manual',
      '    end',
      '    subgraph ext',
      '        ext[["(3 tables)"]]:::collapsed',
      '    end',
      '',
      '    uni --> ext',
      '    uni --> Enroll',
      '    Enroll --> uni',
    ])
  })

  it('d + n expands every table, d - n expands the new parents', async () => {
    const collapsed = (await Diagram.of(Enroll)).collapse()
    expect(collapsed.add(1).graph().nodes.every((n) => n.kind === 'table')).toBe(true)
    const parents = (await Diagram.of(Enroll)).subtract(1).graph()
    expect(parents.nodes.map((n) => n.kind)).toEqual(['table', 'table', 'table'])
  })
})

describe('Diagram.trace and restrict (which tables are restricted, and how)', () => {
  const restrictionOf = (diagram: Diagram, t: Table): QueryExpr => diagram.restricted(t).expr

  it('trace reaches the seed and all its ancestors, and no other table', async () => {
    const trace = await Diagram.trace(Grade.restrict({ student_id: 100 }))
    expect(trace.tables).toEqual(['#letter_grade', 'department', 'course', 'student', 'term', 'section', 'enroll', 'grade'].map(uni))
    expect(trace.graph().nodes.map((n) => n.name)).toEqual(trace.tables)
    expect((await Diagram.trace(Enroll)).tables).toEqual(['department', 'course', 'student', 'term', 'section', 'enroll'].map(uni))
    expect(() => trace.restricted(table(U, 'current_term'))).toThrow('is not restricted by this diagram')
  })

  it('trace copies a restriction up through foreign keys that carry its attributes, else goes through their values', async () => {
    const trace = await Diagram.trace(Grade.restrict({ student_id: 100 }))
    expect(restrictionOf(trace, Student)).toMatchObject({ kind: 'restrict', condition: { kind: 'match', values: { student_id: { value: 100 } } } })
    const course = restrictionOf(trace, table(U, 'course'))
    expect(course).toMatchObject({ kind: 'restrict', condition: { kind: 'semijoin', query: { kind: 'restrict', input: { kind: 'universal', attributes: ['dept', 'course'] } } } })
  })

  it('restrict reaches the descendants of each seed, ANDing where they meet', async () => {
    const byStudent = (await Diagram.of(university)).restrict(Student.restrict({ student_id: 100 }))
    const both = byStudent.restrict(Term.restrict({ term: 'Fall' }))
    expect(restrictedTables(byStudent)).toEqual(['student', 'student_major', 'enroll', 'grade'].map(uni))
    expect(restrictedTables(both)).toEqual(['student', 'student_major', 'term', 'current_term', 'section', 'enroll', 'grade'].map(uni))
    const enroll = restrictionOf(both, Enroll)
    expect(enroll).toMatchObject({ kind: 'restrict', condition: { kind: 'and' } })
    expect(() => byStudent.restrict(table(X, 'nowhere'))).toThrow('is not in the diagram')
  })

  it('refuses restrict and prune on trace diagrams, and combining them', async () => {
    const trace = await Diagram.trace(Enroll)
    expect(() => trace.restrict(Enroll)).toThrow('Cannot apply restrict() on a Diagram produced by Diagram.cascade()')
    await expect(trace.prune()).rejects.toThrow('prune() cannot be used')
    expect(() => trace.add(1)).toThrow('A trace diagram cannot be combined')
    await expect((await Diagram.of(university)).counts()).rejects.toThrow('No restrictions applied.')
  })
})

/** The shown tables a data-aware diagram restricts (those `counts()` counts), in its order. */
function restrictedTables(diagram: Diagram): string[] {
  return diagram.tables.filter((name) => {
    try {
      diagram.restricted(name)
      return true
    } catch {
      return false
    }
  })
}
