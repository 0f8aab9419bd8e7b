// The builder's model: every tree it produces passes the IPC contract's schema and either resolves against the
// university catalog DataJoint Python wrote or fails with DataJoint's typed error; typed values, folding of
// restrictions, reordering, the lineage fix, and the depth bound.

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { QueryExprSchema } from '../../../src/algebra/ast.schema'
import { resolve, type Resolved } from '../../../src/algebra/resolve'
import type { QueryExpr } from '../../../src/algebra/ast'
import { isDataJointError } from '../../../src/errors/datajoint-error'
import type { Attribute, AttributeCategory } from '../../../src/heading/attribute'
import type { TableInfo } from '../../../src/heading/table-info'
import { readDraft, writeDraft } from './draft'
import {
  groupCondition,
  moveStep,
  newStep,
  queryTree,
  renameInOperand,
  stepTrees,
  toLiteral,
  type BuilderQuery,
  type ConditionItem,
  type Operand,
  type Step,
  type StepBody,
} from './model'

const SCHEMA = 'tutorial_university'

/**
 * The university schema's headings as DataJoint declares them (key attributes first, each with the table that
 * introduced it as lineage): enough to resolve trees without a server. The renderer's tests cannot read the
 * engine's fixtures (src/testing is not theirs to import).
 */
const UNIVERSITY: Readonly<Record<string, readonly string[]>> = {
  student: ['*student_id:integer', 'first_name:string', 'last_name:string', 'sex:enum', 'date_of_birth:date', 'home_state:string'],
  department: ['*dept:string', 'dept_name:string'],
  student_major: ['*student_id:integer@student', 'dept:string@department', 'declare_date:date'],
  course: ['*dept:string@department', '*course:integer', 'course_name:string', 'credits:decimal'],
  term: ['*term_year:integer', '*term:enum'],
  section: ['*dept:string@department', '*course:integer@course', '*term_year:integer@term', '*term:enum@term', '*section:string', 'auditorium:string'],
  enroll: ['*student_id:integer@student', '*dept:string@department', '*course:integer@course', '*term_year:integer@term', '*term:enum@term', '*section:string@section'],
  letter_grade: ['*grade:string', 'points:decimal'],
  grade: ['*student_id:integer@student', '*dept:string@department', '*course:integer@course', '*term_year:integer@term', '*term:enum@term', '*section:string@section', 'grade:string@letter_grade'],
}

function tableInfo(table: string, specs: readonly string[]): TableInfo {
  const attributes = specs.map((spec): Attribute => {
    const match = /^(\*?)(\w+):(\w+)(?:@(\w+))?$/.exec(spec)
    if (match === null) throw new Error(spec)
    const [, key = '', name = '', category = 'string', origin] = match
    const inKey = key === '*'
    return {
      name,
      type: category,
      sqlType: category,
      coreType: null,
      codec: null,
      category: category as AttributeCategory,
      enumValues: category === 'enum' ? ['a', 'b'] : null,
      inKey,
      nullable: false,
      default: undefined,
      comment: '',
      autoIncrement: false,
      lineage: origin !== undefined ? `${SCHEMA}.${origin}.${name}` : inKey ? `${SCHEMA}.${table}.${name}` : null,
      hidden: false,
    }
  })
  return {
    schema: SCHEMA,
    table,
    className: table,
    tier: 'manual',
    master: null,
    comment: '',
    attributes,
    primaryKey: attributes.filter((a) => a.inKey).map((a) => a.name),
    foreignKeys: [],
    indexes: [],
    lineageAvailable: true,
  }
}

const catalog = new Map(Object.entries(UNIVERSITY).map(([name, specs]) => [name, tableInfo(name, specs)]))
function resolveTree(expr: QueryExpr): Resolved {
  return resolve(expr, { catalog: { table: (schema, table) => (schema === SCHEMA ? catalog.get(table) : undefined) } })
}
const TABLES = ['student', 'department', 'student_major', 'course', 'term', 'section', 'enroll', 'letter_grade', 'grade'] as const
const ATTRIBUTES = ['student_id', 'dept', 'course', 'home_state', 'sex', 'credits', 'first_name', 'term_year', 'grade', 'points', 'no_such'] as const

const tableOperand = fc.constantFrom(...TABLES).map((table): Operand => ({ kind: 'table', schema: SCHEMA, table }))
const attribute = fc.constantFrom(...ATTRIBUTES)
const attributes = fc.uniqueArray(attribute, { maxLength: 3 })

const conditionItem: fc.Arbitrary<ConditionItem> = fc.oneof(
  fc.record({
    kind: fc.constant('row' as const),
    attribute,
    op: fc.constantFrom('=' as const, '<>' as const, '>' as const, 'like' as const, 'in' as const, 'between' as const, 'is null' as const),
    value: fc.constantFrom('UT', '101', '3.5', 'M', '2020-01-01', '', 'x%'),
    high: fc.constantFrom('200', '4.0'),
    valueType: fc.constantFrom('string' as const, 'number' as const, 'decimal' as const, 'date' as const),
  }),
  fc.record({ kind: fc.constant('text' as const), text: fc.constantFrom("home_state = 'UT'", 'credits > 3.5', 'student_id between 100 and 120', 'nope(', "dept='CS' or dept='MATH'") }),
)
const group = fc.record({
  kind: fc.constant('group' as const),
  combine: fc.constantFrom('and' as const, 'or' as const),
  negated: fc.boolean(),
  items: fc.array(conditionItem, { maxLength: 3 }),
})
const computed = fc.array(
  fc.record({ name: fc.constantFrom('n', 'total', 'avg_x', 'Bad'), text: fc.constantFrom('count(*)', 'sum(credits)', 'avg(points)', 'max(date_of_birth)', 'credits * 2', '1 +') }),
  { maxLength: 2 },
)

function body(operand: fc.Arbitrary<Operand>): fc.Arbitrary<StepBody> {
  return fc.oneof(
    fc.record({ kind: fc.constant('restrict' as const), condition: group }),
    fc.record({ kind: fc.constant('semijoin' as const), operand, negated: fc.boolean(), semanticCheck: fc.boolean() }),
    fc.record({ kind: fc.constant('join' as const), operand, left: fc.boolean(), semanticCheck: fc.boolean() }),
    fc.record({
      kind: fc.constant('proj' as const),
      keepAll: fc.boolean(),
      keep: attributes,
      drop: attributes,
      rename: fc.array(fc.record({ to: fc.constantFrom('renamed', 'other'), from: attribute }), { maxLength: 1 }),
      computed,
    }),
    fc.record({ kind: fc.constant('aggr' as const), operand, computed, keepNonMatching: fc.boolean(), keepAll: fc.boolean() }),
    fc.record({ kind: fc.constant('union' as const), operand }),
    fc.record({ kind: fc.constant('distinct' as const), attributes }),
    fc.record({ kind: fc.constant('groupBy' as const), attributes, computed }),
    fc.record({
      kind: fc.constant('top' as const),
      orderBy: fc.constantFrom('KEY', 'credits DESC, KEY', '', 'no_such DESC'),
      limit: fc.oneof(fc.constant(null), fc.nat(20)),
      offset: fc.nat(5),
    }),
  )
}

const step = (operand: fc.Arbitrary<Operand>): fc.Arbitrary<Step> =>
  fc.record({ id: fc.uuid(), enabled: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }), body: body(operand) })

const nested: fc.Arbitrary<Operand> = fc
  .record({ start: tableOperand, steps: fc.array(step(tableOperand), { maxLength: 2 }) })
  .map((query): Operand => ({ kind: 'query', query }))
const anyOperand = fc.oneof({ weight: 3, arbitrary: tableOperand }, { weight: 1, arbitrary: nested })
const builderQuery: fc.Arbitrary<BuilderQuery> = fc.record({ start: tableOperand, steps: fc.array(step(anyOperand), { maxLength: 5 }) })

describe('the builder model', () => {
  it('produces trees that pass the contract and resolve or fail with a typed error', () => {
    let resolved = 0
    fc.assert(
      fc.property(builderQuery, (query) => {
        // A saved query's draft reads back as the same steps.
        expect(readDraft(writeDraft(query), { kind: 'table', schema: SCHEMA, table: 'student' }, 'q')).toEqual(query)
        for (const tree of stepTrees(query)) {
          if (tree.expr === null) {
            expect(tree.error).not.toBeNull()
            continue
          }
          expect(QueryExprSchema.parse(JSON.parse(JSON.stringify(tree.expr)))).toEqual(tree.expr)
          try {
            resolveTree(tree.expr)
            resolved += 1
          } catch (error) {
            expect(isDataJointError(error), String(error)).toBe(true)
          }
        }
      }),
      { numRuns: 400 },
    )
    // The generator reaches valid queries too, not only refusals.
    expect(resolved).toBeGreaterThan(100)
  })

  it('types values by attribute and refuses values that do not fit', () => {
    expect(toLiteral('101', 'number', 'student_id')).toEqual({ kind: 'lit', type: 'number', value: 101 })
    expect(toLiteral('9007199254740993', 'number', 'id')).toEqual({ kind: 'lit', type: 'bigint', value: '9007199254740993' })
    expect(toLiteral('3.5', 'decimal', 'credits')).toEqual({ kind: 'lit', type: 'decimal', value: '3.5' })
    expect(toLiteral('1995-01-01', 'date', 'date_of_birth')).toEqual({ kind: 'lit', type: 'date', value: '1995-01-01' })
    expect(() => toLiteral('1995', 'date', 'date_of_birth')).toThrow('`date_of_birth` takes a date (YYYY-MM-DD)')
    expect(() => toLiteral('abc', 'uuid', 'id')).toThrow('takes a uuid')
    expect(toLiteral('ABCDEF01-2345-6789-abcd-ef0123456789', 'uuid', 'id')).toMatchObject({ value: 'abcdef01-2345-6789-abcd-ef0123456789' })
  })

  it('groups conditions with AND, OR and NOT, and keeps the parse position of free text', () => {
    const condition = groupCondition({
      kind: 'group',
      combine: 'or',
      negated: true,
      items: [
        { kind: 'row', attribute: 'sex', op: '=', value: 'F', high: '', valueType: 'string' },
        { kind: 'row', attribute: 'home_state', op: 'is null', value: '', high: '', valueType: 'string' },
      ],
    })
    expect(condition).toEqual({
      kind: 'not',
      condition: {
        kind: 'or',
        conditions: [
          { kind: 'compare', op: '=', left: { kind: 'attr', name: 'sex' }, right: { kind: 'lit', type: 'string', value: 'F' } },
          { kind: 'isNull', operand: { kind: 'attr', name: 'home_state' }, negated: false },
        ],
      },
    })
    const query: BuilderQuery = {
      start: { kind: 'table', schema: SCHEMA, table: 'student' },
      steps: [{ id: 'a', enabled: true, body: { kind: 'restrict', condition: { kind: 'group', combine: 'and', negated: false, items: [{ kind: 'text', text: "sex = 'F' and )" }] } } }],
    }
    expect(stepTrees(query)[0]?.error).toMatchObject({ position: 14, field: 'condition' })
  })

  it('folds successive restrictions into one, so two hundred filters stay within the contract', () => {
    const restriction = (i: number): Step => ({
      id: `r${i}`,
      enabled: true,
      body: { kind: 'restrict', condition: { kind: 'group', combine: 'and', negated: false, items: [{ kind: 'text', text: `student_id <> ${i}` }] } },
    })
    const query: BuilderQuery = { start: { kind: 'table', schema: SCHEMA, table: 'student' }, steps: Array.from({ length: 200 }, (_, i) => restriction(i)) }
    const { expr, error } = queryTree(query)
    expect(error).toBeNull()
    expect(expr).toMatchObject({ kind: 'restrict', input: { kind: 'table' } })
    expect(resolveTree(expr!).heading.primaryKey).toEqual(['student_id'])
  })

  it('refuses a query deeper than the contract at the step that makes it so', () => {
    const joinStep = (i: number): Step => ({ id: `j${i}`, enabled: true, body: { kind: 'join', operand: { kind: 'table', schema: SCHEMA, table: 'enroll' }, left: false, semanticCheck: true } })
    const query: BuilderQuery = { start: { kind: 'table', schema: SCHEMA, table: 'student' }, steps: Array.from({ length: 70 }, (_, i) => joinStep(i)) }
    const trees = stepTrees(query)
    const first = trees.findIndex((t) => t.error !== null)
    expect(first).toBe(63)
    expect(trees[first]?.error?.message).toMatch(/nested too deeply .*at most 64 levels/)
    expect(trees.slice(first + 1).every((t) => t.expr === null)).toBe(true)
  })

  it('moves only steps that commute, and applies the lineage fix as a rename in the operand', () => {
    const filter = newStep('restrict', null)
    const antijoin = newStep('semijoin', { kind: 'table', schema: SCHEMA, table: 'student_major' })
    const limit = newStep('top', null)
    const query: BuilderQuery = { start: { kind: 'table', schema: SCHEMA, table: 'student' }, steps: [filter, antijoin, limit] }
    expect(moveStep(query, antijoin.id, -1).steps.map((s) => s.id)).toEqual([antijoin.id, filter.id, limit.id])
    expect(moveStep(query, limit.id, -1)).toBe(query)

    // DataJoint's `Student.proj(course='student_id') * Course` is refused for lineage; renaming the namesake in the
    // operand, as the error suggests, lets it through.
    const joinStep = (operand: Operand): BuilderQuery => ({
      start: { kind: 'table', schema: SCHEMA, table: 'student' },
      steps: [
        { id: 'p', enabled: true, body: { kind: 'proj', keepAll: false, keep: [], drop: [], rename: [{ to: 'course', from: 'student_id' }], computed: [] } },
        { id: 'j', enabled: true, body: { kind: 'join', operand, left: false, semanticCheck: true } },
      ],
    })
    const course: Operand = { kind: 'table', schema: SCHEMA, table: 'course' }
    expect(() => resolveTree(queryTree(joinStep(course)).expr!)).toThrow(/different lineages/)
    const fixed = resolveTree(queryTree(joinStep(renameInOperand(course, 'course', 'course_number'))).expr!)
    expect(fixed.heading.names).toContain('course_number')
  })
})
