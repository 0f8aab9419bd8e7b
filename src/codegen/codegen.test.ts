// Code both ways without a database: the printed Python and TypeScript, the Python subset fromPython reads (the
// golden corpus as written in DataJoint Python), its typed errors, and fromPython(toPython(q)) ≡ q for random trees.

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Condition, Literal, OrderItem, QueryExpr } from '../algebra/ast'
import * as b from '../algebra/build'
import { parseCondition, parseOrderBy, parseScalar } from '../algebra/parse-expression'
import { DataJointError } from '../errors/datajoint-error'
import { arbitraryQuery } from '../testing/arbitrary-query'
import { golden } from '../testing/university-golden'
import { pythonSchemas, pythonTree } from './from-python'
import type { ChangeCode } from './names'
import { changesToPython, toPython } from './python-print'
import { changesToTypeScript, toTypeScript } from './typescript-print'

const SCHEMA = 'golden_university'
const TABLES = ['student', 'department', 'student_major', 'course', 'term', 'section', 'current_term', 'enroll', '#letter_grade', 'grade']
const className = (table: string): string => table.replace(/^#/, '').replace(/(?:^|_)([a-z])/g, (_, c: string) => c.toUpperCase())
/** The university module as bare trees, by class name. */
const UNIVERSITY: Record<string, QueryExpr> = {
  ...Object.fromEntries(TABLES.map((t) => [className(t), b.table(SCHEMA, t)])),
  Session: b.table(SCHEMA, 'session'),
  'Session.Trial': b.table(SCHEMA, 'session__trial'),
}
const T = (name: string): QueryExpr => UNIVERSITY[name] as QueryExpr

/**
 * Random trees over every node kind and option the printers know, with the awkward parts made likely: Python
 * keywords as attribute names, quotes and backslashes in strings, every literal type in dicts, string conditions
 * and computations as the engine's parser produces them. Trees need not resolve: the round trip is textual.
 */
function anyTree(): fc.Arbitrary<QueryExpr> {
  const name = fc.constantFrom('a', 'sex', 'class', 'from', 'exclude_nonmatching', 'key', 'n_2', '_hidden')
  const text = fc.oneof(fc.constantFrom("it's", 'say "hi"', 'back\\slash', 'tab\tnew\nline', 'ünï', '%_'), fc.string({ maxLength: 6 }))
  const literal: fc.Arbitrary<Literal> = fc.oneof(
    fc.constant<Literal>({ kind: 'lit', type: 'null' }),
    text.map((value): Literal => ({ kind: 'lit', type: 'string', value })),
    fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(2 ** 60, 1e21)).map((value): Literal => ({ kind: 'lit', type: 'number', value })),
    fc.bigInt({ min: 2n ** 53n, max: 2n ** 63n - 1n }).map((value): Literal => ({ kind: 'lit', type: 'bigint', value: String(-value) })),
    fc.boolean().map((value): Literal => ({ kind: 'lit', type: 'bool', value })),
    fc.constantFrom('3.5', '-0.25', '10').map((value): Literal => ({ kind: 'lit', type: 'decimal', value })),
    fc.constant<Literal>({ kind: 'lit', type: 'date', value: '2024-02-29' }),
    fc.constant<Literal>({ kind: 'lit', type: 'datetime', value: '2024-05-01 12:00:00.123' }),
    fc.constant<Literal>({ kind: 'lit', type: 'time', value: '08:30:00' }),
    fc.uuid().map((value): Literal => ({ kind: 'lit', type: 'uuid', value })),
    fc.uint8Array({ maxLength: 5 }).map((bytes): Literal => ({ kind: 'lit', type: 'bytes', value: btoa(String.fromCharCode(...bytes)) })),
    fc.oneof(fc.dictionary(fc.string({ maxLength: 3 }), fc.jsonValue({ maxDepth: 2 })), fc.array(fc.jsonValue({ maxDepth: 1 }))).map((value): Literal => ({ kind: 'lit', type: 'json', value: JSON.stringify(value) })),
  )
  const textual = fc
    .constantFrom("sex = 'F'", 'credits > 3.5 AND NOT a IS NULL', "a IN (1, 2) OR b LIKE 'x%'", 'n BETWEEN -1 AND 2e3', 'flag', "`class` <> 'it''s'", 'upper(b) = "X\\Y"')
    .map(parseCondition)
  const scalar = fc.constantFrom('credits * 2', 'count(*)', 'a', 'round(avg(points), 2)', "concat(a, '-', b)", 'x = 1', 'NULL').map(parseScalar)
  const order: fc.Arbitrary<OrderItem[]> = fc.oneof(
    fc.constant<OrderItem[]>([]),
    fc.array(fc.constantFrom('KEY', 'KEY DESC', 'a DESC', 'length(b)', '`key`').map(parseOrderBy), { minLength: 1, maxLength: 3 }),
  )
  const tables = fc.constantFrom(...Object.values(UNIVERSITY), b.table('other-schema', 'lab'), b.table(SCHEMA, 'Odd'))
  const tree = fc.letrec<{ query: QueryExpr; condition: Condition }>((tie) => ({
    condition: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      textual,
      fc.dictionary(name, literal, { minKeys: 1, maxKeys: 3 }).map(b.match),
      fc.boolean().map((value) => (value ? b.TRUE : b.FALSE)),
      tie('query').map((query) => b.semijoin(query as QueryExpr)),
      fc.array(tie('condition'), { maxLength: 3 }).map((items) => b.and(items as Condition[])),
      fc.array(tie('condition'), { maxLength: 3 }).map((items) => b.or(items as Condition[])),
      tie('condition').map((item) => b.not(item as Condition)),
    ),
    query: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      tables,
      fc.tuple(tie('query'), tie('condition'), fc.boolean()).map(([q, c, semanticCheck]) => b.restrict(q as QueryExpr, c as Condition, { semanticCheck })),
      fc.tuple(tie('query'), tie('query'), fc.boolean(), fc.boolean()).map(([l, r, left, semanticCheck]) => b.join(l as QueryExpr, r as QueryExpr, { left, semanticCheck })),
      fc
        .tuple(tie('query'), fc.boolean(), fc.uniqueArray(name, { maxLength: 2 }), fc.uniqueArray(name, { maxLength: 2 }), fc.dictionary(name, fc.constantFrom('a', 'b_c')), fc.dictionary(name, scalar))
        .map(([q, keepAll, keep, exclude, rename, compute]) =>
          // A name is renamed or computed, not both (Python's keyword arguments cannot repeat it).
          b.proj(q as QueryExpr, { keepAll, keep, exclude, rename, compute: Object.fromEntries(Object.entries(compute).filter(([k]) => !(k in rename))) }),
        ),
      fc
        .tuple(tie('query'), tie('query'), fc.boolean(), fc.uniqueArray(name, { maxLength: 2 }), fc.dictionary(name.filter((n) => n !== 'exclude_nonmatching'), scalar), fc.boolean())
        .map(([q, g, keepAll, keep, compute, excludeNonmatching]) => b.aggr(q as QueryExpr, g as QueryExpr, { keepAll, keep, compute, excludeNonmatching })),
      fc.tuple(fc.uniqueArray(name, { maxLength: 2 }), tie('query')).map(([attributes, g]) => b.aggr(b.universal(attributes), g as QueryExpr, { compute: { n: b.countAll() } })),
      fc.tuple(fc.uniqueArray(name, { maxLength: 2 }), tie('query')).map(([attributes, q]) => b.restrict(b.universal(attributes), b.semijoin(q as QueryExpr))),
      fc.tuple(tie('query'), tie('query')).map(([l, r]) => b.union(l as QueryExpr, r as QueryExpr)),
      fc
        .tuple(tie('query'), fc.option(fc.nat(100), { nil: null }), order, fc.nat(5))
        .map(([q, limit, orderBy, offset]) => b.top(q as QueryExpr, { limit, orderBy, offset })),
    ),
  }))
  return tree.query
}

type AsyncFunctionConstructor = new (...parameters: string[]) => (...args: unknown[]) => Promise<unknown>
const AsyncFunction = (async () => {}).constructor as AsyncFunctionConstructor

function pythonError(code: string): DataJointError {
  try {
    pythonTree(code, UNIVERSITY)
  } catch (error) {
    if (error instanceof DataJointError) return error
    throw error
  }
  throw new Error(`no error for ${code}`)
}

describe('toPython', () => {
  it('defines a virtual module per schema and ends in query = <expression>', () => {
    const tree = b.restrict(T('Student'), b.match({ home_state: { kind: 'lit', type: 'string', value: 'UT' } }))
    expect(toPython(tree, { modules: { [SCHEMA]: 'uni' } })).toBe(
      "import datajoint as dj\n\nuni = dj.VirtualModule('uni', 'golden_university')\n\nquery = uni.Student & {'home_state': 'UT'}\n",
    )
  })

  it("uses Python's operators with the parentheses their precedence needs", () => {
    const py = (tree: QueryExpr): string => toPython(tree, { modules: { [SCHEMA]: 'u' } }).split('query = ')[1]?.trim() ?? ''
    expect(py(b.exclude(b.join(T('Enroll'), T('CurrentTerm')), b.semijoin(T('Grade'))))).toBe('u.Enroll * u.CurrentTerm - u.Grade')
    expect(py(b.restrict(T('Student'), b.semijoin(b.restrict(T('Enroll'), parseCondition("dept = 'MATH'")))))).toBe(
      'u.Student & (u.Enroll & "dept = \'MATH\'")',
    )
    expect(py(b.proj(b.union(T('Term'), T('Term')), { keep: ['x'] }))).toBe("(u.Term + u.Term).proj('x')")
    expect(py(b.join(T('Student'), b.join(T('Enroll'), T('Course'))))).toBe('u.Student * (u.Enroll * u.Course)')
    expect(py(b.top(b.proj(T('Student'), { keep: ['last_name'] }), { limit: 5, orderBy: [{ by: 'key', descending: false }] }))).toBe(
      "u.Student.proj('last_name') & dj.Top(5)",
    )
    expect(py(b.join(T('Student'), T('StudentMajor'), { left: true, semanticCheck: false }))).toBe(
      'u.Student.join(u.StudentMajor, left=True, semantic_check=False)',
    )
    expect(py(b.aggr(b.universal(['home_state']), T('Student'), { compute: { n: b.countAll() } }))).toBe(
      "dj.U('home_state').aggr(u.Student, n='count(*)')",
    )
  })

  it('writes proj renames, computations, keywords and dict values of every literal type', () => {
    const tree = b.restrict(
      b.proj(T('Course'), { keepAll: true, exclude: ['credits'], rename: { name: 'course_name' }, compute: { class: parseScalar('credits * 2'), copy: parseScalar('course') } }),
      b.match({
        d: { kind: 'lit', type: 'decimal', value: '3.5' },
        t: { kind: 'lit', type: 'date', value: '2024-05-01' },
        u: { kind: 'lit', type: 'uuid', value: '0b1e3c86-9f1a-4c57-b8a6-2d6f0c1e7a11' },
        x: { kind: 'lit', type: 'bytes', value: 'AAH/' },
        j: { kind: 'lit', type: 'json', value: '{"a":[1,null]}' },
        n: { kind: 'lit', type: 'null' },
      }),
    )
    const code = toPython(tree, { modules: { [SCHEMA]: 'u' } })
    expect(code).toContain('import datetime\nimport uuid\nfrom decimal import Decimal\n')
    expect(code).toContain(
      "u.Course.proj(..., '-credits', name='course_name', copy='(course)', **{'class': 'credits * 2'}) & {'d': Decimal('3.5'), 't': datetime.date.fromisoformat('2024-05-01'), 'u': uuid.UUID('0b1e3c86-9f1a-4c57-b8a6-2d6f0c1e7a11'), 'x': bytes.fromhex('0001ff'), 'j': {'a': [1, None]}, 'n': None}",
    )
    expect(pythonTree(code, { [SCHEMA]: UNIVERSITY })).toEqual(tree)
  })

  it('names tables outside DataJoint naming as free tables (quoted for the backend), and parts under their masters', () => {
    const tree = b.join(b.table('s', 'Weird'), b.table('s', 'session__trial'))
    expect(toPython(tree)).toBe("import datajoint as dj\n\ns = dj.VirtualModule('s', 's')\n\nquery = dj.FreeTable('s.Weird') * s.Session.Trial\n")
    expect(toPython(tree, { backend: 'postgresql' })).toContain(`dj.FreeTable('"s"."Weird"') * s.Session.Trial`)
    expect(toPython(tree, { backend: 'mysql' })).toContain("dj.FreeTable('`s`.`Weird`') * s.Session.Trial")
    expect(pythonTree(toPython(tree, { backend: 'postgresql' }), { s: { Session: T('Session'), 'Session.Trial': b.table('s', 'session__trial') } })).toEqual(tree)
  })
})

describe('toTypeScript', () => {
  it("writes the engine's fluent API over the schema's tables", () => {
    const tree = b.top(
      b.exclude(b.restrict(T('Student'), b.or([parseCondition('student_id < 105'), b.match({ sex: { kind: 'lit', type: 'string', value: 'F' } })])), b.semijoin(T('StudentMajor'))),
      { limit: 3, orderBy: [{ by: { kind: 'attr', name: 'last_name' }, descending: true }], offset: 1 },
    )
    expect(toTypeScript(tree, { instance: 'inst', modules: { [SCHEMA]: 'uni' } })).toBe(
      "const uni = await (await inst.schema('golden_university', { create: false })).tables()\n" +
        "const query = uni.Student.restrict(['student_id < 105', { sex: 'F' }]).exclude(uni.StudentMajor).restrict(dj.top({ limit: 3, orderBy: ['last_name DESC'], offset: 1 }))\n",
    )
    expect(toTypeScript(T('Student'), { instance: SCHEMA })).toContain(`const ${SCHEMA}2 = await (await ${SCHEMA}.schema(`)
    expect(toTypeScript(b.restrict(b.universal(['sex']), b.semijoin(b.table('s', 'session__trial'))))).toBe(
      "const s = await (await dj.schema('s', { create: false })).tables()\nconst query = dj.U('sex').restrict(s.Session.parts.Trial)\n",
    )
  })
})

describe('fromPython', () => {
  it('reads every golden query as DataJoint Python writes it', () => {
    for (const query of golden.queries) {
      expect(() => pythonTree(query.python, UNIVERSITY), query.id).not.toThrow()
    }
  })

  it('reads snippets of assignments, imports, line continuations and comments', () => {
    const code = [
      'import datajoint as dj',
      "uni = dj.VirtualModule('uni', 'golden_university')  # the tutorial schema",
      "q1 = (uni.Student & 'home_state = \"UT\"'",
      "      & dj.Not({'sex': 'F'}))",
      'query = q1.proj(\\',
      "    'last_name') - [uni.StudentMajor, dj.AndList([{'student_id': 1}, 'student_id > 0'])]",
    ].join('\n')
    const expected = b.exclude(
      b.proj(b.restrict(b.restrict(T('Student'), parseCondition("home_state = 'UT'")), b.not(b.match({ sex: { kind: 'lit', type: 'string', value: 'F' } }))), {
        keep: ['last_name'],
      }),
      b.or([b.semijoin(T('StudentMajor')), b.and([b.match({ student_id: { kind: 'lit', type: 'number', value: 1 } }), parseCondition('student_id > 0')])]),
    )
    expect(pythonTree(code, { golden_university: UNIVERSITY })).toEqual(expected)
    const imported = "from datajoint import U, Top\nuni = dj.virtual_schema('golden_university')\nU('sex') & uni.Student & Top(2)"
    expect(pythonTree(imported, { golden_university: UNIVERSITY })).toEqual(
      b.top(b.restrict(b.universal(['sex']), b.semijoin(T('Student'))), { limit: 2, orderBy: [{ by: 'key', descending: false }] }),
    )
    expect(pythonSchemas(imported)).toEqual(['golden_university'])
  })

  it('reads .extend(q) as the left join DataJoint defines it to be, keeping the semantic check unless turned off', () => {
    const left = (semanticCheck: boolean): QueryExpr => b.join(T('Student'), T('StudentMajor'), { left: true, semanticCheck })
    expect(pythonTree('Student.extend(StudentMajor)', UNIVERSITY)).toEqual(left(true))
    expect(pythonTree('Student.extend(other=StudentMajor, semantic_check=False)', UNIVERSITY)).toEqual(left(false))
    expect(pythonTree('Student.extend(StudentMajor, semantic_check=True)', UNIVERSITY)).toEqual(left(true))
    expect(pythonTree('Student.extend(StudentMajor)', UNIVERSITY)).toEqual(pythonTree('Student.join(StudentMajor, left=True)', UNIVERSITY))
    // Its operands are queries like any other: restricted, projected, chained.
    expect(pythonTree("(Student & {'sex': 'F'}).proj('last_name').extend(StudentMajor.proj(major='dept')) & dj.Top(3)", UNIVERSITY)).toEqual(
      b.top(
        b.join(b.proj(b.restrict(T('Student'), b.match({ sex: { kind: 'lit', type: 'string', value: 'F' } })), { keep: ['last_name'] }), b.proj(T('StudentMajor'), { rename: { major: 'dept' } }), {
          left: true,
        }),
        { limit: 3, orderBy: [{ by: 'key', descending: false }] },
      ),
    )
    // toPython writes the same tree as the join it is, which reads back unchanged.
    expect(pythonTree(toPython(left(false)), { [SCHEMA]: UNIVERSITY })).toEqual(left(false))
  })

  it('refuses what .extend() does not take, at the argument', () => {
    const cases: [string, number, number, string, RegExp][] = [
      ['Student.extend(StudentMajor, left=False)', 1, 35, 'keyword argument', /Unexpected keyword argument `left`/],
      ['Student.extend()', 1, 1, '.extend()', /takes a query/],
      ["Student.extend('sex = \"F\"')", 1, 16, '.extend()', /Expected a query/],
      ["Student.extend(dj.U('sex'))", 1, 16, '.extend()', /dj.U\(\.\.\.\) is not a query operand here/],
      ['Student.extend(StudentMajor, semantic_check=1)', 1, 45, '.extend()', /expects True or False/],
      ['Student.extend(StudentMajor, StudentMajor, StudentMajor)', 1, 1, '.extend()', /takes at most 2 arguments/],
      ['Student.extend(StudentMajor, other=StudentMajor)', 1, 36, '.extend()', /got `other` twice/],
    ]
    for (const [code, line, column, construct, message] of cases) {
      const error = pythonError(code)
      expect(error.code, code).toBe('PYTHON_SYNTAX')
      expect(error.message, code).toMatch(message)
      expect(error.details, code).toMatchObject({ line, column, construct })
    }
  })

  it('lists the schemas of the virtual modules a snippet defines', () => {
    const code = "a = dj.VirtualModule('a', 'lab')\nb = dj.VirtualModule('b', schema_name='other-lab')\nquery = a.X * b.Y * dj.VirtualModule('c', 'lab').Z"
    expect(pythonSchemas(code)).toEqual(['lab', 'other-lab'])
    expect(pythonSchemas(toPython(b.join(T('Student'), b.table('x', 'y'))))).toEqual([SCHEMA, 'x'])
  })

  it('refuses code outside the subset with the line, column and construct', () => {
    const cases: [string, number, number, string][] = [
      ['Student | Course', 1, 9, 'operator |'],
      ['x = 1\nfor s in Student: pass', 2, 1, 'for'],
      ['Student & f"sex = {s}"', 1, 11, 'f-string'],
      ['Student[0]', 1, 8, 'subscript'],
      ['Nope & Student', 1, 1, 'name'],
      ["Student & 'sex = = 1'", 1, 18, 'restriction string'],
      ["Student.proj(x='credits +')", 1, 26, 'computed attribute'],
      ['Student.fetch()', 1, 8, '.fetch'],
      ["m = dj.VirtualModule('m', 'elsewhere')", 1, 5, 'dj.VirtualModule'],
      ['Student & None', 1, 11, 'restriction'],
      ['  Student', 1, 1, 'indentation'],
      ['Student * dj.U("sex")', 1, 11, 'operator *'],
      ['import numpy as np\nStudent', 1, 1, 'import'],
      ['Student & lambda: 1', 1, 11, 'lambda'],
      ['x = 1', 1, 1, 'no query'],
    ]
    for (const [code, line, column, construct] of cases) {
      const error = pythonError(code)
      expect(error.code, code).toBe('PYTHON_SYNTAX')
      expect(error.details, code).toMatchObject({ line, column, construct })
    }
  })

  it('refuses any other text with a typed error, never a crash', () => {
    const context = { [SCHEMA]: UNIVERSITY, ...UNIVERSITY }
    const typedOrTree = (code: string): void => {
      try {
        pythonTree(code, context)
      } catch (error) {
        expect(error, code).toBeInstanceOf(DataJointError)
      }
    }
    for (const code of ['('.repeat(5000) + 'Student' + ')'.repeat(5000), 'Student & '.repeat(5000) + 'Student', '-'.repeat(5000) + '1']) {
      expect(() => pythonTree(code, context)).toThrow(expect.objectContaining({ code: 'PYTHON_SYNTAX', details: expect.objectContaining({ construct: 'nesting' }) }))
      expect(() => pythonSchemas(code)).toThrow(DataJointError)
    }
    for (const code of ['0x_', '1__0', '1e', '0b2', '00', "b'\\u1'", "r'\\'", "'''", 'dj.Top(1.5)', "dj.U(1)", '{1: 2}']) typedOrTree(code)
    fc.assert(fc.property(fc.string({ maxLength: 40 }), typedOrTree), { numRuns: 300 })
    // Damaged toPython output: one character removed, or replaced by one of Python's punctuation characters.
    const damaged = fc
      .tuple(arbitraryQuery(SCHEMA, 3).map((tree) => toPython(tree)), fc.nat(), fc.constantFrom('', '(', ')', '[', ']', "'", '"', '\\', '\n', ' ', ',', '.', '=', '&', '#', '*', '**'))
      .map(([code, at, ch]) => {
        const i = at % code.length
        return code.slice(0, i) + ch + code.slice(i + 1)
      })
    fc.assert(fc.property(damaged, typedOrTree), { numRuns: 300 })
  })

  it('reads toPython output back to the same tree (random trees)', () => {
    fc.assert(
      fc.property(arbitraryQuery(SCHEMA, 4), (tree) => {
        expect(pythonTree(toPython(tree), { [SCHEMA]: UNIVERSITY })).toEqual(tree)
      }),
      { numRuns: 200 },
    )
  })

  it('reads toPython output back to the same tree (every node kind, option and literal type)', () => {
    fc.assert(
      fc.property(anyTree(), (tree) => {
        const context = { [SCHEMA]: UNIVERSITY, 'other-schema': { Lab: b.table('other-schema', 'lab') } }
        expect(pythonTree(toPython(tree), context)).toEqual(tree)
        // The TypeScript is valid JavaScript (compiled, not run: running needs a database, see codegen.db.test.ts).
        expect(() => new AsyncFunction('dj', toTypeScript(tree))).not.toThrow()
      }),
      { numRuns: 250 },
    )
    // Trees are large and the machine may be shared: a generous bound, not a measurement.
  }, 60_000)
})

describe('changesToPython / changesToTypeScript', () => {
  const lit = (value: number | string): Literal => (typeof value === 'number' ? { kind: 'lit', type: 'number', value } : { kind: 'lit', type: 'string', value })
  const changes: ChangeCode[] = [
    { kind: 'update', schema: SCHEMA, table: 'student', values: { student_id: lit(1), home_city: lit("O'Fallon") } },
    { kind: 'update', schema: SCHEMA, table: 'session__trial', values: { session: lit(2), trial: lit(3), outcome: { kind: 'lit', type: 'date', value: '2026-12-05' } } },
    { kind: 'delete', expr: b.restrict(T('Student'), b.or([b.match({ student_id: lit(4) }), b.match({ student_id: lit(5) })])), partIntegrity: 'enforce' },
    { kind: 'delete', expr: b.restrict(T('Session.Trial'), b.match({ session: lit(2) })), partIntegrity: 'cascade' },
  ]

  it('prints update1 and delete(prompt=False) inside one transaction, in the order given', () => {
    expect(changesToPython(changes, { modules: { [SCHEMA]: 'uni' } })).toBe(
      [
        'import datajoint as dj',
        'import datetime',
        '',
        "uni = dj.VirtualModule('uni', 'golden_university')",
        '',
        'with dj.conn().transaction:',
        `    uni.Student.update1({'student_id': 1, 'home_city': "O'Fallon"})`,
        "    uni.Session.Trial.update1({'session': 2, 'trial': 3, 'outcome': datetime.date.fromisoformat('2026-12-05')})",
        "    (uni.Student & [{'student_id': 4}, {'student_id': 5}]).delete(prompt=False)",
        "    (uni.Session.Trial & {'session': 2}).delete(prompt=False, part_integrity='cascade')",
        '',
      ].join('\n'),
    )
  })

  it("prints the same changes in this engine's API, inside inst.transaction", () => {
    expect(changesToTypeScript(changes, { modules: { [SCHEMA]: 'uni' } })).toBe(
      [
        "const uni = await (await dj.schema('golden_university', { create: false })).tables()",
        'await (await dj.conn()).transaction(async () => {',
        `  await uni.Student.update1({ student_id: 1, home_city: "O'Fallon" })`,
        "  await uni.Session.parts.Trial.update1({ session: 2, trial: 3, outcome: '2026-12-05' })",
        '  await uni.Student.restrict([{ student_id: 4 }, { student_id: 5 }]).delete({ prompt: false })',
        "  await uni.Session.parts.Trial.restrict({ session: 2 }).delete({ prompt: false, partIntegrity: 'cascade' })",
        '})',
        '',
      ].join('\n'),
    )
    expect(changesToTypeScript(changes.slice(0, 1), { instance: 'inst' })).toContain('await inst.transaction(async () => {')
    const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => unknown
    expect(() => new AsyncFunction('dj', changesToTypeScript(changes))).not.toThrow()
  })

  it('refuses an empty list', () => {
    expect(() => changesToPython([])).toThrow(DataJointError)
    expect(() => changesToTypeScript([])).toThrow(DataJointError)
  })
})
