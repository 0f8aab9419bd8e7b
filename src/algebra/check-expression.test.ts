// Resolution refuses invalid function calls and misplaced aggregates in trees built directly (as the visual
// query builder sends them), with the parser's error for the same text; valid calls of every function resolve.

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { type DataJointError, isDataJointError } from '../errors/datajoint-error'
import { resolveFor } from '../testing/expect-sql'
import {
  HEIGHT_IS_POSITIVE,
  HEIGHT_POSITIVE,
  asCondition,
  asScalar,
  attr,
  call,
  num,
  place,
  slotOf,
  str,
  validCall,
  wrongArityCall,
  type Slot,
} from '../testing/function-calls'
import { FUNCTION_NAMES, type Condition, type FunctionName, type QueryExpr, type ScalarExpr } from './ast'
import * as b from './build'
import { FUNCTION_SIGNATURES, TIMESTAMPDIFF_UNITS, argumentKind, type ArgumentKind } from './functions'
import { formatCondition, formatScalar, parseCondition, parseScalar } from './parse-expression'

const BACKENDS = ['mysql', 'postgresql'] as const
const SUBJECT = b.table('oracle_types', 'subject')

/** The same position filled by parsing the printed text of `e`, as a user typing it would. */
function placeParsed(slot: Slot, e: ScalarExpr | Condition): QueryExpr {
  if (slot === 'restrict' || slot === 'having') return place(SUBJECT, slot, parseCondition(formatCondition(asCondition(e))))
  return place(SUBJECT, slot, parseScalar(formatScalar(asScalar(e))))
}

function errorOf(run: () => unknown): DataJointError {
  try {
    run()
  } catch (error) {
    if (isDataJointError(error)) return error
    throw error
  }
  throw new Error('expected a DataJointError, nothing was thrown')
}

describe.each(BACKENDS)('resolution on the %s catalog', (backend) => {
  const resolve = (expr: QueryExpr) => resolveFor(backend, expr)

  describe('wrong arity, for every function', () => {
    it.each(FUNCTION_NAMES)('%s', (name) => {
      const tree = wrongArityCall(name)
      const error = errorOf(() => resolve(place(SUBJECT, slotOf(name), tree)))
      expect(error.code).toBe('INVALID_QUERY')
      expect(error.message).toMatch(new RegExp(`^Function ${name}\\(\\) takes (at least )?\\d+( to \\d+)? arguments?, got ${tree.args.length}$`))
      // The parser refuses the same text with the same code and message.
      const parsed = errorOf(() => parseScalar(formatScalar(tree)))
      expect([parsed.code, parsed.message]).toEqual([error.code, error.message])
    })
  })

  it.each(FUNCTION_NAMES)('%s resolves with valid arguments', (name) => {
    expect(() => resolve(place(SUBJECT, slotOf(name), validCall(name)))).not.toThrow()
  })

  const star = (name: FunctionName, args: ScalarExpr[] = [], distinct = false) => call(name, args, { star: true, distinct })
  const countAll = b.countAll()
  const dob = attr('dob')
  const dateFn = (name: FunctionName, unit: string) => call(name, [str(unit), dob, dob])

  // [case, position, expression, message, whether text can say it (the parser refuses the others as syntax)]
  const INVALID: [string, Slot, ScalarExpr | Condition, RegExp, boolean][] = [
    ['* on a function without it', 'aggr', star('sum'), /^Function sum\(\) does not take \*$/, false],
    ['* with arguments', 'aggr', star('count', [attr('height')]), /^Function count\(\*\) takes no arguments besides \*, got 1$/, false],
    ['DISTINCT with *', 'aggr', star('count', [], true), /^Function count\(\*\) does not take DISTINCT$/, false],
    ['DISTINCT on a scalar function', 'proj', call('abs', [attr('height')], { distinct: true }), /^Function abs\(\) does not take DISTINCT$/, false],
    ['DISTINCT on an aggregate without it', 'aggr', call('std', [attr('height')], { distinct: true }), /^Function std\(\) does not take DISTINCT$/, false],
    ['SEPARATOR outside group_concat', 'aggr', call('count', [attr('species')], { separator: ';' }), /^Function count\(\) does not take SEPARATOR$/, false],
    ['unknown time unit', 'proj', dateFn('timestampdiff', 'FORTNIGHT'), /^Function timestampdiff\(\) takes a unit \(SECOND, .*\) as argument 1$/, false],
    ['a time unit PostgreSQL cannot compute', 'proj', dateFn('timestampdiff', 'MICROSECOND'), /^Function timestampdiff\(\) takes a unit/, false],
    ['an attribute as time unit', 'proj', call('timestampdiff', [attr('species'), dob, dob]), /^Function timestampdiff\(\) takes a unit/, false],
    ['unsupported json cast', 'proj', { kind: 'jsonPath', attr: 'meta', path: ['n'], as: 'text' }, /^Unsupported JSON path type 'text' \(supported: unsigned, .*\)$/, true],
    ['string function on a float', 'proj', call('lower', [attr('height')]), /^Function lower\(\) takes a string as argument 1, got a floating-point number$/, true],
    ['string function on an enum', 'proj', call('upper', [attr('sex')]), /^Function upper\(\) takes a string as argument 1, got an enum$/, true],
    ['string function on a decimal', 'restrict', call('length', [attr('price')]), /^Function length\(\) takes a string as argument 1, got a decimal$/, true],
    ['string function on a function result', 'proj', call('lower', [call('year', [dob])]), /^Function lower\(\) takes a string as argument 1, got an integer$/, true],
    ['number argument given a string', 'proj', call('substring', [attr('species'), attr('species')]), /^Function substring\(\) takes a number as argument 2, got a string$/, true],
    ['numeric function on a string', 'orderBy', call('abs', [attr('species')]), /^Function abs\(\) takes a number as argument 1, got a string$/, true],
    ['numeric function on a date', 'proj', call('sqrt', [dob]), /^Function sqrt\(\) takes a number as argument 1, got a date or time$/, true],
    ['date part of a string', 'proj', call('year', [attr('species')]), /^Function year\(\) takes a date or time as argument 1, got a string$/, true],
    ['date of a number', 'proj', call('date', [attr('height')]), /^Function date\(\) takes a date, a time or a string as argument 1, got a floating-point number$/, true],
    ['sum of a boolean attribute', 'aggr', call('sum', [attr('alive')]), /^Function sum\(\) takes a number or a condition as argument 1, got a boolean$/, true],
    ['bit_and of a float', 'aggr', call('bit_and', [attr('height')]), /^Function bit_and\(\) takes an integer as argument 1, got a floating-point number$/, true],
    ['mod of a float', 'proj', call('mod', [attr('height'), num(2)]), /^Function mod\(\) takes an integer or a decimal as argument 1, got a floating-point number$/, true],
    ['if on a number', 'proj', call('if', [attr('height'), num(1), num(2)]), /^Function if\(\) takes a condition as argument 1, got a floating-point number$/, true],
    ['aggregate in a restriction', 'restrict', countAll, /^Aggregate function count\(\) is only allowed in the computed attributes of an aggregation or in a restriction of one$/, true],
    ['aggregate in a projection', 'proj', call('avg', [attr('height')]), /^Aggregate function avg\(\) is only allowed/, true],
    ['aggregate in an ordering', 'orderBy', call('max', [attr('height')]), /^Aggregate function max\(\) is only allowed/, true],
    ['aggregate in an IN list', 'restrict', { kind: 'in', operand: attr('height'), values: [call('max', [attr('height')])], negated: false }, /^Aggregate function max\(\) is only allowed/, true],
    ['aggregate in a CASE branch', 'proj', { kind: 'case', branches: [{ when: HEIGHT_IS_POSITIVE, result: countAll }], otherwise: null }, /^Aggregate function count\(\) is only allowed/, true],
    ['nested aggregates', 'aggr', call('sum', [countAll]), /^Aggregate function count\(\) cannot be nested inside aggregate function sum\(\)$/, true],
    ['non-grouping attribute outside an aggregate', 'aggr', { kind: 'op', op: '*', left: attr('height'), right: countAll }, /^Attribute `height` must be inside an aggregate function: it is not a grouping attribute of the aggregation$/, true],
    ['aggregate of a computed attribute in a restriction of an aggregation', 'having', call('sum', [attr('n')]), /^Aggregate function sum\(\) cannot take `n`: it is computed by the aggregation$/, true],
  ]

  describe('invalid trees are refused before SQL, with INVALID_QUERY', () => {
    it.each(INVALID)('%s', (_case, slot, e, message, expressible) => {
      const error = errorOf(() => resolve(place(SUBJECT, slot, e)))
      expect(error.code).toBe('INVALID_QUERY')
      expect(error.message).toMatch(message)
      if (expressible) {
        const fromText = errorOf(() => resolve(placeParsed(slot, e)))
        expect([fromText.code, fromText.message]).toEqual([error.code, error.message])
      }
    })
  })

  const VALID: [string, Slot, ScalarExpr | Condition][] = [
    ['an aggregate in a restriction of an aggregation', 'having', countAll],
    ['a grouping attribute outside aggregates', 'aggr', call('concat', [attr('species'), countAll])],
    ['a computed attribute in a restriction of an aggregation', 'having', attr('n')],
    ['sum of a condition', 'aggr', call('sum', [HEIGHT_POSITIVE])],
    ['a date from a string literal', 'proj', call('date', [str('2020-01-01')])],
    ['a date part of a date literal', 'proj', call('year', [{ kind: 'lit', type: 'date', value: '2020-01-01' }])],
    ['a date part of a function result', 'proj', call('month', [call('now', [])])],
    ['a json path read as an integer', 'restrict', { kind: 'jsonPath', attr: 'meta', path: ['n'], as: 'INT' }],
    ['if on a boolean attribute', 'proj', call('if', [attr('alive'), num(1), num(2)])],
    ['mod of a decimal', 'proj', call('mod', [attr('price'), num(2)])],
    ['bit_or of an integer', 'aggr', call('bit_or', [attr('small')])],
    ['string functions on what string functions return', 'proj', call('lower', [call('concat', [attr('sex'), attr('height')])])],
    ['an untyped string anywhere', 'proj', call('abs', [str('3')])],
    ['distinct and a separator where allowed', 'aggr', call('group_concat', [attr('sex')], { distinct: true, separator: '; ' })],
  ]

  it.each(VALID)('%s resolves', (_case, slot, e) => {
    expect(() => resolve(place(SUBJECT, slot, e))).not.toThrow()
    expect(() => resolve(placeParsed(slot, e))).not.toThrow()
  })

  it('random valid calls of every function resolve, nested and in every position that allows them', () => {
    fc.assert(
      fc.property(validCallArbitrary, fc.constantFrom<Slot>('proj', 'restrict', 'orderBy'), (tree, slot) => {
        const position = FUNCTION_SIGNATURES[tree.name].aggregate ? 'aggr' : slot
        // `IS NOT NULL` takes a value of any kind; `> 0` (what `place` compares with) refuses dates and times.
        resolve(place(SUBJECT, position, position === 'restrict' ? { kind: 'isNull', operand: tree, negated: true } : tree))
      }),
      { numRuns: 300, seed: 20261204 },
    )
  })
})

/** An argument of the kind: an attribute, a literal, or a valid scalar call that returns that kind. */
function argumentArbitrary(kind: ArgumentKind, depth: number): fc.Arbitrary<ScalarExpr> {
  const leaves: Record<ArgumentKind, ScalarExpr[]> = {
    any: [attr('species'), attr('sex'), attr('created'), attr('alive'), num(3), str('x')],
    number: [attr('height'), attr('price'), attr('small'), num(2), { kind: 'lit', type: 'decimal', value: '2.5' }],
    integer: [attr('small'), { kind: 'lit', type: 'bigint', value: '9007199254740993' }, num(7)],
    exactNumber: [attr('price'), attr('small'), num(5)],
    numberOrCondition: [attr('height'), HEIGHT_POSITIVE],
    string: [attr('species'), attr('code'), str('abc')],
    temporal: [attr('dob'), attr('created'), { kind: 'lit', type: 'datetime', value: '2020-01-02 03:04:05' }],
    temporalOrString: [attr('dob'), attr('species'), str('2020-01-01')],
    condition: [HEIGHT_POSITIVE, attr('alive')],
    timeUnit: TIMESTAMPDIFF_UNITS.map(str),
  }
  const leaf = fc.constantFrom(...leaves[kind])
  if (depth === 0 || kind === 'timeUnit') return leaf
  const producers = SCALAR_FUNCTIONS.filter((name) => producesFor(name, kind))
  if (producers.length === 0) return leaf
  return fc.oneof(leaf, fc.constantFrom(...producers).chain((name) => callArbitrary(name, depth - 1)))
}

const SCALAR_FUNCTIONS = FUNCTION_NAMES.filter((name) => !FUNCTION_SIGNATURES[name].aggregate)

/** Whether a call of `name` returns a value an argument of `kind` takes, whatever its own arguments. */
function producesFor(name: FunctionName, kind: ArgumentKind): boolean {
  const result = FUNCTION_SIGNATURES[name].result
  switch (kind) {
    case 'any':
      return true
    case 'number':
    case 'numberOrCondition':
      return result === 'number' || result === 'integer'
    case 'integer':
    case 'exactNumber':
      return result === 'integer'
    case 'string':
      return result === 'string'
    case 'temporal':
      return result === 'temporal'
    case 'temporalOrString':
      return result === 'temporal' || result === 'string'
    case 'condition':
    case 'timeUnit':
      return false
  }
}

function callArbitrary(name: FunctionName, depth: number): fc.Arbitrary<ScalarExpr> {
  const signature = FUNCTION_SIGNATURES[name]
  const [min, max] = signature.arity
  const args = fc
    .integer({ min, max: Math.min(max, min + 2) })
    .chain((count) => fc.tuple(...Array.from({ length: count }, (_, i) => argumentArbitrary(argumentKind(name, i), depth))))
  const options = fc.record({
    distinct: signature.distinct ? fc.boolean() : fc.constant(false),
    separator: signature.separator ? fc.option(fc.constantFrom(',', '; ', '|')) : fc.constant(null),
  })
  const plain = fc.tuple(args, options).map(([xs, o]) => call(name, xs, o))
  return signature.star ? fc.oneof(plain, fc.constant(call(name, [], { star: true }))) : plain
}

const validCallArbitrary = fc.constantFrom(...FUNCTION_NAMES).chain((name) => callArbitrary(name, 2)) as fc.Arbitrary<Extract<ScalarExpr, { kind: 'fn' }>>

describe.each(BACKENDS)('dates compared with numbers on the %s catalog', (backend) => {
  const restrict = (text: string) => resolveFor(backend, b.restrict(SUBJECT, parseCondition(text)))

  // MySQL would compare the date as the number 20240601 (so `dob > 2024-06-01`, i.e. `dob > 2017`, keeps every
  // row) and PostgreSQL rejects the comparison: refused on both before any SQL exists.
  it.each(['dob > 2024-06-01', 'dob = 20240601', 'created between 1 and 2', 'dob in (2017, 2018)', '2017 < dob'])('%s is refused', (text) => {
    const error = errorOf(() => restrict(text))
    expect(error.code).toBe('INVALID_QUERY')
    expect(error.message).toMatch(/^Cannot compare `(dob|created)` with a number: write dates and times as text/)
  })

  it.each(["dob > '2024-06-01'", "dob > DATE '2024-06-01'", 'year(dob) > 2017', 'datediff(created, dob) > 3', 'dob > created', "created between '2024-01-01' and '2024-02-01'"])(
    '%s resolves',
    (text) => {
      expect(() => restrict(text)).not.toThrow()
    },
  )
})

describe.each(BACKENDS)('numbers compared with text on the %s catalog', (backend) => {
  const restrict = (text: string) => resolveFor(backend, b.restrict(SUBJECT, parseCondition(text)))

  // MySQL would read 'abc' as the number 0 (with a warning) and PostgreSQL rejects it: refused on both.
  it.each([
    ["height > 'tall'", '`height`', 'tall'],
    ["'x' = small", '`small`', 'x'],
    ["price between '1' and 'ten'", '`price`', 'ten'],
    ["small in (1, 'two')", '`small`', 'two'],
    ["height * 2 <> ''", 'a number', ''],
  ])('%s is refused', (text, name, value) => {
    const error = errorOf(() => restrict(text))
    expect(error.code).toBe('INVALID_QUERY')
    expect(error.message).toBe(`Cannot compare ${name} with '${value}': it is a number and '${value}' is not one`)
  })

  it.each(["height > '1.5'", "small = ' 3 '", "price > '-2e3'", "height <> 'NaN'", "species in ('cat', 3)", "species = 'tall'", 'height > 1.5', "sex = 'F'"])(
    '%s resolves',
    (text) => {
      expect(() => restrict(text)).not.toThrow()
    },
  )
})
