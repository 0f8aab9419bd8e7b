// dj.Diagram on the university schema with its data, on PostgreSQL 15, MariaDB and PGlite: graph() of the
// schema and of a schema referencing it, trace and restrict counts, prune, and loading a diagram with the same
// number of statements for 5 tables as for 60. Expected counts are counted from the fixture's CSV files.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CompiledQuery, QueryResult } from '../adapters/driver'
import * as dj from '../index'
import { TEST_BACKENDS, startTestServer, testInstance, uniqueSchemaName, type TestServer } from '../testing/backends'
import { declareUniversity, loadUniversity, type University } from '../testing/university'
import type { Table } from '../table/table'
import type { Schema } from './schema'

describe.each(TEST_BACKENDS)('dj.Diagram on the university schema on %s', (backendName) => {
  let server: TestServer
  let inst: ReturnType<typeof testInstance>
  let uni: University
  let ext: Schema
  let Mentoring: Table
  let Thesis: Table
  let Chapter: Table

  beforeAll(async () => {
    server = await startTestServer(backendName)
    inst = testInstance(server, { poolSize: 2 })
    uni = await declareUniversity(inst, uniqueSchemaName('dgu'))
    await loadUniversity(uni)
    ext = await inst.schema(uniqueSchemaName('dgx'))
    Mentoring = await ext.manual('Mentoring', `-> ${uni.schema.name}.Student\n-> ${uni.schema.name}.Student.proj(mentor_id='student_id')`)
    Thesis = await ext.manual('Thesis', `-> ${uni.schema.name}.Student\n---\ntitle : varchar(200)`)
    Chapter = await ext.part(Thesis, 'Chapter', '-> master\nchapter : int32')
  }, 300_000)

  afterAll(async () => {
    await ext?.drop({ prompt: false })
    await uni?.schema.drop({ prompt: false })
    await inst?.close()
    await server?.stop()
  })

  const name = (t: Table): string => t.fullTableName
  const allTables = (): Table[] => {
    const { Student, Department, StudentMajor, Course, Term, Section, CurrentTerm, Enroll, LetterGrade, Grade } = uni
    return [LetterGrade, Department, Course, Student, StudentMajor, Term, CurrentTerm, Section, Enroll, Grade]
  }

  it('graph() lists the tables with class names and tiers, distinguishes those with key attributes of their own', async () => {
    const graph = (await dj.Diagram.of(uni.schema)).graph()
    const { Student, Department, StudentMajor, Course, Term, Section, CurrentTerm, Enroll, LetterGrade, Grade } = uni
    expect(graph.nodes.map((n) => n.name)).toEqual(allTables().map(name))
    expect(graph.nodes.map((n) => (n.kind === 'table' ? [n.className, n.tier, n.schema, n.master, n.external] : null))).toEqual(
      ['LetterGrade', 'Department', 'Course', 'Student', 'StudentMajor', 'Term', 'CurrentTerm', 'Section', 'Enroll', 'Grade'].map((c) => [
        c,
        c === 'LetterGrade' ? 'lookup' : 'manual',
        uni.schema.name,
        null,
        false,
      ]),
    )
    const distinguished = graph.nodes.filter((n) => n.kind === 'table' && n.distinguished).map((n) => n.name)
    expect(distinguished).toEqual([LetterGrade, Department, Course, Student, Term, CurrentTerm, Section].map(name))
    const edges = graph.edges.map((e) => (e.kind === 'foreignKey' ? [e.parent, e.child, e.primary, e.multi, e.aliased] : null))
    expect(new Set(edges)).toEqual(
      new Set([
        [name(LetterGrade), name(Grade), false, true, false],
        [name(Course), name(Section), true, true, false],
        [name(Department), name(Course), true, true, false],
        [name(Department), name(StudentMajor), false, true, false],
        [name(Enroll), name(Grade), true, false, false],
        [name(Section), name(Enroll), true, true, false],
        [name(Student), name(Enroll), true, true, false],
        [name(Student), name(StudentMajor), true, false, false],
        [name(Term), name(CurrentTerm), false, true, false],
        [name(Term), name(Section), true, true, false],
      ]),
    )
    expect(edges).toHaveLength(10)
    expect(JSON.parse(JSON.stringify(graph))).toStrictEqual(graph)
  })

  it('graph() of a referencing schema: the referenced table as an external node, a renamed key as an aliased edge, parts under masters', async () => {
    const graph = (await dj.Diagram.of(ext)).graph()
    expect(graph.nodes).toStrictEqual([
      { kind: 'table', name: name(uni.Student), schema: uni.schema.name, table: 'student', className: 'Student', tier: 'manual', master: null, distinguished: true, external: true },
      { kind: 'table', name: name(Mentoring), schema: ext.name, table: 'mentoring', className: 'Mentoring', tier: 'manual', master: null, distinguished: false, external: false },
      { kind: 'table', name: name(Thesis), schema: ext.name, table: 'thesis', className: 'Thesis', tier: 'manual', master: null, distinguished: false, external: false },
      { kind: 'table', name: name(Chapter), schema: ext.name, table: 'thesis__chapter', className: 'Thesis.Chapter', tier: 'part', master: name(Thesis), distinguished: true, external: false },
    ])
    const fk = { kind: 'foreignKey', primary: true, aliased: false }
    expect(graph.edges).toStrictEqual([
      { ...fk, parent: name(uni.Student), child: name(Mentoring), multi: true, aliased: true, attributeMap: { mentor_id: 'student_id' } },
      { ...fk, parent: name(uni.Student), child: name(Mentoring), multi: true, attributeMap: { student_id: 'student_id' } },
      { ...fk, parent: name(uni.Student), child: name(Thesis), multi: false, attributeMap: { student_id: 'student_id' } },
      { ...fk, parent: name(Thesis), child: name(Chapter), multi: true, attributeMap: { student_id: 'student_id' } },
    ])
    const collapsed = (await dj.Diagram.fromSequence([uni.schema, ext])).collapse().graph()
    expect(collapsed.nodes.map((n) => [n.kind, n.name, n.kind === 'collapsed' ? n.tables.length : 0])).toEqual([
      ['collapsed', uni.schema.name, 10],
      ['collapsed', ext.name, 3],
    ])
    expect(collapsed.edges).toStrictEqual([{ kind: 'bundle', parent: uni.schema.name, child: ext.name }])
    expect((await dj.Diagram.of(Thesis)).addParts().tables).toEqual([name(Thesis), name(Chapter)])
  })

  it('trace restricts every ancestor to the rows the seed reaches', async () => {
    const { Student, Department, Course, Term, Section, Enroll, LetterGrade, Grade } = uni
    const oneGrade = { student_id: 100, dept: 'CS', course: 1030, term_year: 2020, term: 'Spring', section: 'a' }
    const trace = await dj.Diagram.trace(Grade.restrict(oneGrade))
    expect(await trace.counts()).toEqual(Object.fromEntries([LetterGrade, Department, Course, Student, Term, Section, Enroll, Grade].map((t) => [name(t), 1])))
    // char(2): PostgreSQL pads the value with a space.
    expect(String((await trace.restricted(LetterGrade).fetch1())['grade']).trim()).toBe('A')

    const enrollments = await dj.Diagram.trace(Enroll.restrict({ student_id: 100 }))
    expect(await enrollments.counts()).toEqual({
      [name(Department)]: 4,
      [name(Course)]: 16,
      [name(Student)]: 1,
      [name(Term)]: 7,
      [name(Section)]: 17,
      [name(Enroll)]: 17,
    })
    expect(inst.logger.messages('INFO')).toContain(`${name(Course)} (16 tuples)`)
  })

  it('restrict carries restrictions down, ANDed where they meet, and can be applied again', async () => {
    const { Student, StudentMajor, Term, Section, CurrentTerm, Enroll, Grade } = uni
    const student = (await dj.Diagram.of(uni.schema)).restrict(Student.restrict({ student_id: 100 }))
    expect(await student.counts()).toEqual({ [name(Student)]: 1, [name(StudentMajor)]: 1, [name(Enroll)]: 17, [name(Grade)]: 15 })
    const fall = student.restrict(Term.restrict({ term: 'Fall' }))
    expect(await fall.counts()).toEqual({
      [name(Student)]: 1,
      [name(StudentMajor)]: 1,
      [name(Term)]: 6,
      [name(CurrentTerm)]: 1,
      [name(Section)]: 262,
      [name(Enroll)]: 5,
      [name(Grade)]: 5,
    })
    await expect((await dj.Diagram.cascade(Student.restrict({ student_id: 100 }))).prune()).rejects.toThrow('prune() cannot be used')
  })

  it('prune drops empty tables, or restricted tables left without rows', async () => {
    const both = await dj.Diagram.fromSequence([uni.schema, ext])
    expect((await both.prune()).tables).toEqual(allTables().map(name))
    const { Student, StudentMajor, Enroll, Grade } = uni
    const loner = await (await dj.Diagram.of(uni.schema)).restrict(Student.restrict({ student_id: 154 })).prune()
    expect(loner.tables).toEqual(allTables().filter((t) => ![StudentMajor, Enroll, Grade].includes(t)).map(name))
    expect(await loner.counts()).toEqual({ [name(Student)]: 1 })
  })

  it('loads a diagram and its graph with the same number of statements for 5 tables as for 60', async () => {
    const counted = testInstance(server, { poolSize: 1 })
    const small = await counted.schema(uniqueSchemaName('dgg5'))
    const large = await counted.schema(uniqueSchemaName('dgg60'))
    try {
      for (const [schema, n] of [
        [small, 5],
        [large, 60],
      ] as const) {
        let previous: Table | null = null
        for (let i = 0; i < n; i += 1) {
          // Every third table references the previous one under another name, so renamed keys are counted too.
          const reference = previous === null ? '' : i % 3 === 0 ? `\n---\n-> [nullable] T${i - 1}.proj(other${i}='t${i - 1}_id')` : `\n---\n-> [nullable] T${i - 1}`
          previous = await schema.manual(`T${i}`, `t${i}_id : int32${reference}`)
        }
      }
      // MariaDB's catalog version has a one-second grain: a version read in the second of a change is not trusted,
      // and the diagram would read that schema's catalog again where it reuses the other's.
      await new Promise((resolve) => setTimeout(resolve, 1_100))
      const statements = async (schema: Schema): Promise<{ count: number; nodes: number }> => {
        const fresh = testInstance(server, { poolSize: 1 })
        let count = 0
        const run = fresh.run.bind(fresh)
        fresh.run = (query: CompiledQuery): Promise<QueryResult> => {
          count += 1
          return run(query)
        }
        try {
          const target = await fresh.schema(schema.name, { create: false })
          count = 0
          const graph = (await dj.Diagram.of(target)).graph()
          return { count, nodes: graph.nodes.length }
        } finally {
          await fresh.close()
        }
      }
      const five = await statements(small)
      const sixty = await statements(large)
      expect([five.nodes, sixty.nodes]).toEqual([5, 60])
      expect(five.count).toBeGreaterThan(0)
      expect(sixty.count).toBe(five.count)
    } finally {
      await large.drop({ prompt: false })
      await small.drop({ prompt: false })
      await counted.close()
    }
  }, 300_000)
})
