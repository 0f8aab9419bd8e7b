// The query builder's service on the university schema: each step checked without running (heading, namesake
// matches with their lineages, DataJoint's typed errors — name clashes and type errors at the step that causes
// them), saved queries and history per profile.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { QueryExpr } from '../../src/algebra/ast'
import * as build from '../../src/algebra/build'
import { parseCondition, parseScalar } from '../../src/algebra/parse-expression'
import { TEST_BACKENDS, startTestServer, testInstance, uniqueSchemaName, type TestServer } from '../../src/testing/backends'
import { declareUniversity, loadUniversity } from '../../src/testing/university'
import type { Tab } from '../ipc/contract'
import { createHarness, type Harness } from '../testing/service-harness'
import { HISTORY_LIMIT } from './query-builder'

describe.each(TEST_BACKENDS.filter((name) => name !== 'pglite'))('query builder service on %s', (backend) => {
  let server: TestServer
  let harness: Harness
  let tab: Tab
  const schema = uniqueSchemaName('qb_uni')
  const t = (name: string) => build.table(schema, name)

  beforeAll(async () => {
    server = await startTestServer(backend)
    const seeder = testInstance(server)
    await loadUniversity(await declareUniversity(seeder, schema))
    await seeder.close()
    harness = createHarness()
    const profile = await harness.value('connections.save', {
      profile: { name: backend, backend: server.backend, host: server.host, port: server.port, user: server.user, tls: 'disabled', readOnly: false, color: '#000000' },
      password: server.password,
    })
    tab = await harness.value('tabs.open', { profileId: profile.id })
  }, 120_000)

  afterAll(async () => {
    await harness?.dispose()
    const cleaner = testInstance(server)
    await (await cleaner.schema(schema, { create: true })).drop({ prompt: false })
    await cleaner.close()
    await server?.stop()
  })

  it('gives each step its heading and the namesakes a join matches on', async () => {
    const joined = build.join(t('course'), t('department'))
    const [course, join] = await harness.value('query.check', {
      tabId: tab.tabId,
      steps: [
        { expr: t('course'), operands: null },
        { expr: joined, operands: { left: t('course'), right: t('department') } },
      ],
    })
    expect(course).toMatchObject({ primaryKey: ['dept', 'course'], error: null, matches: [] })
    expect(join?.error).toBeNull()
    expect(join?.attributes.map((a) => a.name)).toEqual(['dept', 'course', 'course_name', 'credits', 'dept_name', 'dept_address', 'dept_phone'])
    expect(join?.matches).toEqual([{ name: 'dept', leftLineage: `${schema}.department.dept`, rightLineage: `${schema}.department.dept`, matches: true }])
  })

  it('shows a join refused for lineage, with the namesake that fails, and the join without the check passing', async () => {
    const renamed = build.proj(t('student'), { rename: { course: 'student_id' } })
    const [refused, unchecked] = await harness.value('query.check', {
      tabId: tab.tabId,
      steps: [
        { expr: build.join(renamed, t('course')), operands: { left: renamed, right: t('course') } },
        { expr: build.join(renamed, t('course'), { semanticCheck: false }), operands: null },
      ],
    })
    expect(refused?.error).toMatchObject({ code: 'INCOMPATIBLE_OPERANDS', details: { attribute: 'course' } })
    expect(refused?.matches).toEqual([{ name: 'course', leftLineage: `${schema}.student.student_id`, rightLineage: `${schema}.course.course`, matches: false }])
    expect(unchecked?.error).toBeNull()
    expect(unchecked?.primaryKey).toEqual(['dept', 'course'])
  })

  it('reports unknown attributes, bad aggregations and a dj.U aggregation at their own step', async () => {
    const unknown = build.restrict(t('student'), { kind: 'compare', op: '=', left: build.attr('no_such_attr'), right: { kind: 'lit', type: 'number', value: 1 } })
    const badAggr = build.aggr(t('student'), t('department'), { compute: { n: build.countAll() } })
    const perState = build.aggr(build.universal(['home_state']), t('student'), { compute: { n: build.countAll() }, excludeNonmatching: true })
    const [a, b, c] = await harness.value('query.check', {
      tabId: tab.tabId,
      steps: [unknown, badAggr, perState].map((expr) => ({ expr, operands: null })),
    })
    expect(a?.error).toMatchObject({ code: 'UNKNOWN_ATTRIBUTE', details: { attribute: 'no_such_attr' } })
    expect(b?.error?.message).toContain('Missing attributes')
    expect(c).toMatchObject({ primaryKey: ['home_state'], error: null })
    expect(c?.attributes.map((x) => x.name)).toEqual(['home_state', 'n'])
    const count = await harness.value('query.count', { tabId: tab.tabId, requestId: 'count-u', expr: perState, estimate: false })
    expect(count.count).toBe(51)
  })

  /** The builder's request for a query of steps: one tree per step, each the query as it stands after it. */
  const checkSteps = (...trees: QueryExpr[]) => harness.value('query.check', { tabId: tab.tabId, steps: trees.map((expr) => ({ expr, operands: null })) })
  /** Each step's problem (null when it has none): the first one is the step that causes it, later steps inherit it. */
  const problems = async (...trees: QueryExpr[]) => (await checkSteps(...trees)).map((c) => (c.error === null ? null : { code: c.error.code, message: c.error.message }))

  it('reports a name clash at the step that makes it, with DataJoint\'s message, and the steps before it clean', async () => {
    const restricted = build.restrict(t('student'), parseCondition("home_state = 'UT'"))
    const renamed = build.proj(restricted, { keepAll: true, rename: { first_name: 'last_name' } })
    const clash = { code: 'INVALID_QUERY', message: 'Attribute `first_name` already exists' }
    expect(await problems(t('student'), restricted, renamed, build.top(renamed, { limit: 5 }))).toEqual([null, null, clash, clash])

    // A computed attribute named like one the query keeps (proj, and aggr whose `...` keeps the secondaries).
    const doubled = build.proj(t('course'), { keepAll: true, compute: { credits: parseScalar('credits * 2') } })
    const counted = build.aggr(t('department'), t('course'), { keepAll: true, compute: { dept_name: build.countAll() } })
    expect(await problems(t('course'), doubled)).toEqual([null, { code: 'INVALID_QUERY', message: 'Attribute `credits` already exists' }])
    expect(await problems(t('department'), counted)).toEqual([null, { code: 'INVALID_QUERY', message: 'Attribute `dept_name` already exists' }])

    // Binary operators: a union whose operands share a secondary attribute; a join on a namesake that both sides
    // have without lineage (a secondary attribute renamed onto another), shown with the lineages it compares.
    const firstNames = build.proj(t('student'), { keep: ['first_name'] })
    expect(await problems(firstNames, build.union(firstNames, firstNames))).toEqual([
      null,
      { code: 'UNION_PK_MISMATCH', message: 'The operands of a union must not share any secondary attributes.' },
    ])
    const deptAsName = build.proj(t('department'), { rename: { first_name: 'dept_name' } })
    const [joined] = await harness.value('query.check', {
      tabId: tab.tabId,
      steps: [{ expr: build.join(t('student'), deptAsName), operands: { left: t('student'), right: deptAsName } }],
    })
    expect(joined?.error).toMatchObject({
      code: 'INCOMPATIBLE_OPERANDS',
      message: 'Cannot join on attribute `first_name`: different lineages (None vs None). Use .proj() to rename one of the attributes.',
      details: { attribute: 'first_name' },
    })
    expect(joined?.matches).toEqual([{ name: 'first_name', leftLineage: null, rightLineage: null, matches: false }])
  })

  it('reports a type error at the step that makes it: a number compared with text, a date with a number, sum() of text', async () => {
    const fourCredits = build.restrict(t('course'), parseCondition('credits >= 4'))
    const lots = build.restrict(fourCredits, parseCondition("credits > 'lots'"))
    const textCompared = { code: 'INVALID_QUERY', message: "Cannot compare `credits` with 'lots': it is a number and 'lots' is not one" }
    expect(await problems(t('course'), fourCredits, lots, build.proj(lots, { keep: ['course_name'] }))).toEqual([null, null, textCompared, textCompared])

    const born = build.restrict(t('student'), parseCondition('date_of_birth > 1995'))
    expect(await problems(t('student'), born)).toEqual([
      null,
      {
        code: 'INVALID_QUERY',
        message: "Cannot compare `date_of_birth` with a number: write dates and times as text ('2024-06-01', '12:30:00'); unquoted, 2024-06-01 is the arithmetic 2024 - 6 - 1",
      },
    ])

    const summed = build.aggr(t('department'), t('course'), { compute: { total: parseScalar('sum(course_name)') } })
    expect(await problems(t('department'), summed)).toEqual([
      null,
      { code: 'INVALID_QUERY', message: 'Function sum() takes a number or a condition as argument 1, got a string' },
    ])
    // The same step over a number is fine, and the typed values the builder sends (a decimal literal) too.
    const credits = build.aggr(t('department'), t('course'), { compute: { total: parseScalar('sum(credits)') } })
    const typed = build.restrict(t('course'), { kind: 'compare', op: '>', left: build.attr('credits'), right: { kind: 'lit', type: 'decimal', value: '3.5' } })
    expect(await problems(credits, typed)).toEqual([null, null])
  })

  it('saves, renames and deletes queries, and keeps the newest runs first up to the limit', async () => {
    const tree = build.restrict(t('enroll'), build.match({ dept: { kind: 'lit', type: 'string', value: 'MATH' } }))
    const saved = await harness.value('savedQueries.save', { tabId: tab.tabId, name: 'Math enrolments', tree, draft: '{}' })
    const renamed = await harness.value('savedQueries.save', { tabId: tab.tabId, id: saved.id, name: 'MATH enrolments', tree, draft: '{"v":1}' })
    expect(renamed).toMatchObject({ id: saved.id, name: 'MATH enrolments', createdAt: saved.createdAt, draft: '{"v":1}' })
    expect(await harness.value('savedQueries.list', { tabId: tab.tabId })).toEqual([renamed])
    // A saved query as an operand: students with a MATH enrolment.
    const semijoin = build.restrict(t('student'), build.semijoin(renamed.tree))
    expect((await harness.value('query.count', { tabId: tab.tabId, requestId: 'count-s', expr: semijoin, estimate: false })).count).toBe(202)
    await harness.value('savedQueries.delete', { tabId: tab.tabId, id: saved.id })
    expect(await harness.value('savedQueries.list', { tabId: tab.tabId })).toEqual([])

    await Promise.all(
      Array.from({ length: HISTORY_LIMIT + 5 }, (_, i) => harness.value('queryHistory.add', { tabId: tab.tabId, tree, draft: '{}', title: `run ${i}` })),
    )
    const history = await harness.value('queryHistory.list', { tabId: tab.tabId })
    expect(history).toHaveLength(HISTORY_LIMIT)
    expect(history[0]?.title).toBe(`run ${HISTORY_LIMIT + 4}`)
  })
})
