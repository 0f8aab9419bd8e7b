// The builder's model: every tree it produces passes the IPC contract's schema and either resolves against the
// university catalog DataJoint Python wrote or fails with DataJoint's typed error; typed values, folding of
// restrictions, reordering, the lineage fix, and the depth bound.

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { QueryExprSchema } from '../../../src/algebra/ast.schema'
import { resolve, type Resolved } from '../../../src/algebra/resolve'
import type { LiteralType, QueryExpr } from '../../../src/algebra/ast'
import { isDataJointError } from '../../../src/errors/datajoint-error'
import type { Attribute, AttributeCategory } from '../../../src/heading/attribute'
import type { TableInfo } from '../../../src/heading/table-info'
import { readDraft, writeDraft } from './draft'
import {
  groupCondition,
  literalTypeFor,
  moveStep,
  newStep,
  queryTree,
  renameInOperand,
  ROW_OPERATORS,
  StepError,
  stepTrees,
  toLiteral,
  type BuilderQuery,
  type ConditionGroup,
  type ConditionItem,
  type ConditionRow,
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

/**
 * Not in the university schema: a table with the value types the university lacks (datetime, time, uuid, bool),
 * so that conditions typed as those values meet attributes of their type.
 */
const SESSION = ['*session_id:integer', '*student_id:integer@student', 'started:datetime', 'duration:time', 'token:uuid', 'valid:bool', 'notes:json']

const catalog = new Map([...Object.entries(UNIVERSITY), ['session', SESSION] as const].map(([name, specs]) => [name, tableInfo(name, specs)]))
function resolveTree(expr: QueryExpr): Resolved {
  return resolve(expr, { catalog: { table: (schema, table) => (schema === SCHEMA ? catalog.get(table) : undefined) } })
}
const TABLES = ['student', 'department', 'student_major', 'course', 'term', 'section', 'enroll', 'letter_grade', 'grade', 'session'] as const
const ATTRIBUTES = ['student_id', 'dept', 'course', 'home_state', 'sex', 'credits', 'first_name', 'date_of_birth', 'term_year', 'grade', 'points', 'started', 'duration', 'token', 'valid', 'no_such'] as const

/** Every attribute category: a row's value type is the one the builder reads its category's values as. */
const CATEGORIES = ['integer', 'float', 'decimal', 'bool', 'string', 'enum', 'date', 'datetime', 'time', 'uuid', 'json', 'bytes', 'codec', 'other'] as const satisfies readonly AttributeCategory[]
// A category added to the engine and not listed here fails type-checking.
const everyCategory: [Exclude<AttributeCategory, (typeof CATEGORIES)[number]>] extends [never] ? true : never = true
const VALUE_TYPES = [...new Set(CATEGORIES.map(literalTypeFor))]
/** Values as typed, fitting one type or another (or none): numbers, dates, times, uuids, booleans, lists, patterns. */
const VALUES = ['UT', '101', '3.5', '-2', '9007199254740993', 'M', '', 'x%', '2020-01-01', '2020-01-01 10:00', '2020-01-01T10:00:00.5', '12:30:00', '-838:59:59', 'true', '0', 'ABCDEF01-2345-6789-abcd-ef0123456789', '101, 102', 'F, M']

const attribute = fc.constantFrom(...ATTRIBUTES)
const attributes = fc.uniqueArray(attribute, { maxLength: 3 })
const emptyOperand: Operand = { kind: 'table', schema: SCHEMA, table: '' }
const tableOperand = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom(...TABLES).map((table): Operand => ({ kind: 'table', schema: SCHEMA, table })) },
  // A new step's operand, not chosen yet.
  { weight: 1, arbitrary: fc.constant(emptyOperand) },
)

/** Attributes with values of their type, and tables that have them, as the builder types a row by its attribute. */
const FITTING: readonly (readonly [string, LiteralType, readonly string[], readonly string[]])[] = [
  ['student_id', 'number', ['101', '120', '101, 102', '+7'], ['student', 'session']],
  ['credits', 'decimal', ['3.5', '-2', '+.5', '4.'], ['course']],
  ['home_state', 'string', ['UT', 'x%'], ['student']],
  ['date_of_birth', 'date', ['1995-01-01', '2000-12-31'], ['student']],
  ['started', 'datetime', ['2020-01-01 10:00', '2020-01-01T9:05:00.5'], ['session']],
  ['duration', 'time', ['12:30:00', '-838:59:59', '9:30'], ['session']],
  ['token', 'uuid', ['ABCDEF01-2345-6789-abcd-ef0123456789', 'abcdef0123456789abcdef0123456789'], ['session']],
  ['valid', 'bool', ['true', '0'], ['session']],
]
/** A row on one of the attributes, with values of its type. */
const fittingRow = (fitting: readonly (typeof FITTING)[number][]): fc.Arbitrary<ConditionRow> =>
  fc
    .tuple(fc.constantFrom(...fitting), fc.constantFrom(...ROW_OPERATORS), fc.nat(), fc.nat())
    .map(([[name, valueType, values], op, i, j]): ConditionRow => ({ kind: 'row', attribute: name, op, value: values[i % values.length] ?? '', high: values[j % values.length] ?? '', valueType }))
const row = fc.oneof(
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('row' as const),
      attribute: fc.oneof({ weight: 12, arbitrary: attribute }, { weight: 1, arbitrary: fc.constant('') }),
      op: fc.constantFrom(...ROW_OPERATORS),
      value: fc.constantFrom(...VALUES),
      high: fc.constantFrom(...VALUES),
      valueType: fc.constantFrom(...VALUE_TYPES),
    }),
  },
  { weight: 4, arbitrary: fittingRow(FITTING) },
)
const text = fc.record({
  kind: fc.constant('text' as const),
  text: fc.constantFrom("home_state = 'UT'", 'credits > 3.5', 'student_id between 100 and 120', 'nope(', "dept='CS' or dept='MATH'", "started > '2020-01-01'", 'valid', ''),
})
const { group } = fc.letrec<{ item: ConditionItem; group: ConditionGroup }>((tie) => ({
  item: fc.oneof({ depthSize: 'small', withCrossShrink: true }, row, text, tie('group')),
  group: fc.record({ kind: fc.constant('group' as const), combine: fc.constantFrom('and' as const, 'or' as const), negated: fc.boolean(), items: fc.array(tie('item'), { maxLength: 3 }) }),
}))
const computed = fc.array(
  fc.record({ name: fc.constantFrom('n', 'total', 'avg_x', 'Bad'), text: fc.constantFrom('count(*)', 'sum(credits)', 'avg(points)', 'max(date_of_birth)', 'credits * 2', '1 +') }),
  { maxLength: 2 },
)

function body(operand: fc.Arbitrary<Operand>): fc.Arbitrary<StepBody> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('restrict' as const), condition: group }) },
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
      // The number inputs hold what was typed: negative or fractional numbers are refused at the step.
      limit: fc.oneof({ weight: 1, arbitrary: fc.constant(null) }, { weight: 4, arbitrary: fc.nat(20) }, { weight: 1, arbitrary: fc.constantFrom(-1, 2.5) }),
      offset: fc.oneof({ weight: 5, arbitrary: fc.nat(5) }, { weight: 1, arbitrary: fc.constantFrom(-2, 0.5) }),
    }),
  )
}

const step = (operand: fc.Arbitrary<Operand>): fc.Arbitrary<Step> =>
  fc.record({ id: fc.uuid(), enabled: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }), body: body(operand) })

/**
 * An operand `levels` deep: a table; a query built the same way (its operands one level less deep); or a saved
 * query, whose tree is what the builder made of such a query (its start when that query has a problem, as only
 * queries with a tree can be saved).
 */
function operand(levels: number, maxSteps: number): fc.Arbitrary<Operand> {
  if (levels === 0) return tableOperand
  const query = fc.record({ start: tableOperand, steps: fc.array(step(operand(levels - 1, 1)), { maxLength: maxSteps }) })
  return fc.oneof(
    { weight: 6, arbitrary: tableOperand },
    { weight: 2, arbitrary: query.map((q): Operand => ({ kind: 'query', query: q })) },
    {
      weight: 1,
      arbitrary: query.map((q): Operand => {
        const { expr } = queryTree(q)
        return expr === null ? q.start : { kind: 'saved', id: 'saved-1', name: 'Saved query', tree: expr }
      }),
    },
  )
}
/** Filters on the attributes of the start table (the commonest query), by rows grouped with AND / OR / NOT. */
const filtered: fc.Arbitrary<BuilderQuery> = fc.constantFrom('student', 'course', 'session').chain((start) => {
  const own = FITTING.filter(([, , , tables]) => tables.includes(start))
  const rows = fc.array(fc.oneof({ weight: 3, arbitrary: fittingRow(own) }, { weight: 1, arbitrary: text }), { minLength: 1, maxLength: 2 })
  const condition = fc.record({ kind: fc.constant('group' as const), combine: fc.constantFrom('and' as const, 'or' as const), negated: fc.boolean(), items: rows })
  const restriction = fc.record({ id: fc.uuid(), enabled: fc.constant(true), body: fc.record({ kind: fc.constant('restrict' as const), condition }) })
  return fc.record({ start: fc.constant<Operand>({ kind: 'table', schema: SCHEMA, table: start }), steps: fc.array(restriction, { minLength: 1, maxLength: 3 }) })
})
const builderQuery: fc.Arbitrary<BuilderQuery> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ start: operand(1, 2), steps: fc.array(step(operand(2, 2)), { maxLength: 5 }) }) },
  { weight: 1, arbitrary: filtered },
)

/** The operators and value types of a step's condition rows. */
function rowsOf(item: ConditionItem): ConditionRow[] {
  return item.kind === 'row' ? [item] : item.kind === 'group' ? item.items.flatMap(rowsOf) : []
}

describe('the builder model', () => {
  it('produces trees that pass the contract and resolve or fail with a typed error', () => {
    let resolved = 0
    // Each operator and value type of a condition row, seen in a step whose tree resolves.
    const operators = new Set<string>()
    const valueTypes = new Set<string>()
    fc.assert(
      fc.property(builderQuery, (query) => {
        // A saved query's draft reads back as the same steps.
        expect(readDraft(writeDraft(query), { kind: 'table', schema: SCHEMA, table: 'student' }, 'q')).toEqual(query)
        stepTrees(query).forEach((tree, index) => {
          if (tree.expr === null) {
            expect(tree.error).toBeInstanceOf(StepError)
            return
          }
          expect(QueryExprSchema.parse(JSON.parse(JSON.stringify(tree.expr)))).toEqual(tree.expr)
          try {
            resolveTree(tree.expr)
            resolved += 1
          } catch (error) {
            expect(isDataJointError(error), String(error)).toBe(true)
            return
          }
          const body = query.steps[index]?.body
          if (body?.kind !== 'restrict' || !query.steps[index]?.enabled) return
          for (const r of rowsOf(body.condition)) {
            operators.add(r.op)
            valueTypes.add(r.valueType)
          }
        })
      }),
      { numRuns: 400 },
    )
    // The generator reaches valid queries too, not only refusals, with every operator and value type in them.
    expect(resolved).toBeGreaterThan(100)
    expect([...operators].sort()).toEqual([...ROW_OPERATORS].sort())
    expect([...valueTypes].sort()).toEqual([...VALUE_TYPES].sort())
    expect(everyCategory).toBe(true)
  })

  it('types values by attribute and refuses values that do not fit', () => {
    expect(toLiteral('101', 'number', 'student_id')).toEqual({ kind: 'lit', type: 'number', value: 101 })
    expect(toLiteral('9007199254740993', 'number', 'id')).toEqual({ kind: 'lit', type: 'bigint', value: '9007199254740993' })
    expect(toLiteral('3.5', 'decimal', 'credits')).toEqual({ kind: 'lit', type: 'decimal', value: '3.5' })
    expect(toLiteral('1995-01-01', 'date', 'date_of_birth')).toEqual({ kind: 'lit', type: 'date', value: '1995-01-01' })
    expect(() => toLiteral('1995', 'date', 'date_of_birth')).toThrow('`date_of_birth` takes a date (YYYY-MM-DD)')
    expect(() => toLiteral('abc', 'uuid', 'id')).toThrow('takes a uuid')
    expect(toLiteral('ABCDEF01-2345-6789-abcd-ef0123456789', 'uuid', 'id')).toMatchObject({ value: 'abcdef01-2345-6789-abcd-ef0123456789' })
    // Written the way people type them, sent in the contract's form (which query.check validates).
    expect(toLiteral('abcdef0123456789ABCDEF0123456789', 'uuid', 'id')).toMatchObject({ value: 'abcdef01-2345-6789-abcd-ef0123456789' })
    expect(toLiteral('+.5', 'decimal', 'credits')).toEqual({ kind: 'lit', type: 'decimal', value: '0.5' })
    expect(toLiteral('4.', 'decimal', 'credits')).toEqual({ kind: 'lit', type: 'decimal', value: '4' })
    expect(toLiteral('2020-01-01T9:05', 'datetime', 'started')).toEqual({ kind: 'lit', type: 'datetime', value: '2020-01-01 09:05:00' })
    expect(toLiteral('9:30', 'time', 'duration')).toEqual({ kind: 'lit', type: 'time', value: '09:30:00' })
    expect(toLiteral('-838:59:59.5', 'time', 'duration')).toEqual({ kind: 'lit', type: 'time', value: '-838:59:59.5' })
    expect(toLiteral('TRUE', 'bool', 'valid')).toEqual({ kind: 'lit', type: 'bool', value: true })
    expect(() => toLiteral('2023-02-29', 'date', 'date_of_birth')).toThrow('takes a date (YYYY-MM-DD)')
    expect(() => toLiteral('2020-01-01 24:00', 'datetime', 'started')).toThrow('takes a date and time')
    expect(() => toLiteral('839:00:00', 'time', 'duration')).toThrow('takes a time')
    expect(() => toLiteral('.', 'decimal', 'credits')).toThrow('takes a decimal number')
    expect(() => toLiteral('yes', 'bool', 'valid')).toThrow('takes true or false')
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
