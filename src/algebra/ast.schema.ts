// Zod schemas for the algebra tree of ast.ts: structure and bounds of trees that cross IPC or come from disk.
// Shape only: whether attributes exist and operand types fit is resolve.ts's job.

import * as z from 'zod'
import { ARITHMETIC_OPERATORS, COMPARISON_OPERATORS, FUNCTION_NAMES } from './ast'
import type { Condition, QueryExpr, ScalarExpr } from './ast'

/**
 * Bounds applied to untrusted trees. `maxDepth` counts nodes (objects with a `kind`) on the longest path
 * from the root, across query, condition and scalar nodes alike; `maxNodes` counts every object and array.
 */
export const AST_LIMITS = {
  maxDepth: 64,
  maxNodes: 100_000,
  maxListLength: 10_000,
  maxAttributes: 4096,
  maxIdentifierLength: 64,
  maxStringLength: 65_535,
  /** base64 of 1 MiB. */
  maxBytesLength: 1_398_104,
  maxDecimalLength: 100,
  maxJsonPathLength: 64,
} as const

/** DataJoint attribute names (hidden `_x` ones included), as definitions and SQL identifiers allow. */
export const ATTRIBUTE_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/
/** Table names: tier prefixes `#`, `_`, `__`, and the system `~`/`~~` prefixes; never dots or quotes. */
export const TABLE_NAME_PATTERN = /^(?:#|~~?)?[A-Za-z0-9_]+$/
/** Schema (MySQL database / PostgreSQL schema) names: no dots, quotes or whitespace. */
export const SCHEMA_NAME_PATTERN = /^[A-Za-z0-9_$-]+$/

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/
const DATETIME_PATTERN = /^(\d{4})-(\d{2})-(\d{2})[ T]([01]\d|2[0-3]):([0-5]\d):([0-5]\d)(?:\.\d{1,6})?$/
// MySQL TIME spans -838:59:59..838:59:59 (a duration, not only a time of day).
const TIME_PATTERN = /^-?(\d{2,3}):([0-5]\d):([0-5]\d)(?:\.\d{1,6})?$/
const UUID_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/
const DECIMAL_PATTERN = /^-?\d+(?:\.\d+)?$/
const BIGINT_PATTERN = /^-?\d{1,20}$/
const BASE64_PATTERN = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/
const JSON_KEY_PATTERN = /^\w+$/
const JSON_CAST_PATTERN = /^[A-Za-z_]\w*(?:\(\s*\d+(?:\s*,\s*\d+)?\s*\))?$/
const INT64_MIN = -(2n ** 63n)
const UINT64_MAX = 2n ** 64n - 1n

function isCalendarDate(year: number, month: number, day: number): boolean {
  if (year < 1 || month < 1 || month > 12 || day < 1) return false
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0
  return day <= days
}

function isDateText(text: string, pattern: RegExp): boolean {
  const m = pattern.exec(text)
  return m !== null && isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]))
}

/** True when `text` is a valid `YYYY-MM-DD` calendar date. */
export function isDateLiteral(text: string): boolean {
  return isDateText(text, DATE_PATTERN)
}

/** True when `text` is `YYYY-MM-DD HH:MM:SS[.ffffff]` (a `T` separator is accepted too). */
export function isDatetimeLiteral(text: string): boolean {
  return isDateText(text, DATETIME_PATTERN)
}

/** True when `text` is `[-]HH:MM:SS[.ffffff]` within MySQL's TIME range. */
export function isTimeLiteral(text: string): boolean {
  const m = TIME_PATTERN.exec(text)
  return m !== null && Number(m[1]) <= 838
}

function isBigintText(text: string): boolean {
  if (!BIGINT_PATTERN.test(text)) return false
  const value = BigInt(text)
  return value >= INT64_MIN && value <= UINT64_MAX
}

function isJsonText(text: string): boolean {
  try {
    JSON.parse(text)
    return true
  } catch {
    return false
  }
}

const AttributeNameSchema = z
  .string()
  .max(AST_LIMITS.maxIdentifierLength)
  .regex(ATTRIBUTE_NAME_PATTERN, 'Invalid attribute name')
  // Record keys are attribute names; `__proto__` would be swallowed by object assignment.
  .refine((name) => name !== '__proto__', 'Invalid attribute name')

const AttributeListSchema = z.array(AttributeNameSchema).max(AST_LIMITS.maxAttributes).readonly()

/**
 * A dict restriction's key: an attribute name, or a json path into one (`meta.c.d[0]`, `meta.n:int`) as
 * DataJoint's condition.py reads dict keys; resolution parses the path.
 */
const MatchKeySchema = z
  .string()
  .max(AST_LIMITS.maxIdentifierLength * (AST_LIMITS.maxJsonPathLength + 2))
  .regex(/^[A-Za-z_][A-Za-z0-9_]*(?:\.[\w.[\]]+(?::[A-Za-z_]\w*(?:\(\s*\d+(?:\s*,\s*\d+)?\s*\))?)?)?$/, 'Invalid attribute name or json path')
  .refine((name) => name !== '__proto__', 'Invalid attribute name')

function attributeRecord<T extends z.ZodType>(value: T, key: z.ZodType<string> = AttributeNameSchema) {
  return z
    .record(key, value)
    .refine((record) => Object.keys(record).length <= AST_LIMITS.maxAttributes, 'Too many attributes')
    .readonly()
}

function literal<TType extends string, TValue extends z.ZodType>(type: TType, value: TValue) {
  return z.strictObject({ kind: z.literal('lit'), type: z.literal(type), value }).readonly()
}

const text = (max: number) => z.string().max(max)

/** A tagged constant; values are checked per type (calendar dates, uuid, digits, base64, JSON, finite). */
export const LiteralSchema = z.discriminatedUnion('type', [
  z.strictObject({ kind: z.literal('lit'), type: z.literal('null') }).readonly(),
  literal('string', text(AST_LIMITS.maxStringLength)),
  literal('number', z.number()),
  literal('bigint', z.string().refine(isBigintText, 'Expected a 64-bit integer as decimal digits')),
  literal(
    'decimal',
    text(AST_LIMITS.maxDecimalLength).regex(DECIMAL_PATTERN, 'Expected a decimal number as digits'),
  ),
  literal('bool', z.boolean()),
  literal('date', text(10).refine(isDateLiteral, 'Expected a date YYYY-MM-DD')),
  literal('datetime', text(26).refine(isDatetimeLiteral, 'Expected a datetime YYYY-MM-DD HH:MM:SS[.ffffff]')),
  literal('time', text(17).refine(isTimeLiteral, 'Expected a time [-]HH:MM:SS[.ffffff]')),
  literal('uuid', text(36).regex(UUID_PATTERN, 'Expected a UUID')),
  literal('bytes', text(AST_LIMITS.maxBytesLength).regex(BASE64_PATTERN, 'Expected base64')),
  literal('json', text(AST_LIMITS.maxStringLength).refine(isJsonText, 'Expected JSON text')),
])

const FunctionNameSchema = z.enum(FUNCTION_NAMES)

// Recursion goes through lazy getters and these helpers, whose declared types are the hand-written ones (that
// breaks the inference cycle); ast.schema.test-d.ts checks that what zod infers for each union equals ast.ts.
function scalar(): z.ZodType<ScalarExpr> {
  return ScalarExprNode
}
function condition(): z.ZodType<Condition> {
  return ConditionNode
}
function query(): z.ZodType<QueryExpr> {
  return QueryExprNode
}

const ScalarExprNode = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('attr'), name: AttributeNameSchema }).readonly(),
  LiteralSchema,
  z
    .strictObject({
      kind: z.literal('fn'),
      name: FunctionNameSchema,
      get args() {
        return z.array(scalar()).max(AST_LIMITS.maxListLength).readonly()
      },
      distinct: z.boolean(),
      star: z.boolean(),
      separator: z.string().max(AST_LIMITS.maxStringLength).nullable(),
    })
    .readonly(),
  z
    .strictObject({
      kind: z.literal('op'),
      op: z.enum(ARITHMETIC_OPERATORS),
      get left() {
        return scalar()
      },
      get right() {
        return scalar()
      },
    })
    .readonly(),
  z
    .strictObject({
      kind: z.literal('neg'),
      get operand() {
        return scalar()
      },
    })
    .readonly(),
  z
    .strictObject({
      kind: z.literal('truth'),
      get condition() {
        return condition()
      },
    })
    .readonly(),
  z
    .strictObject({
      kind: z.literal('case'),
      get branches() {
        return z
          .array(z.strictObject({ when: condition(), result: scalar() }).readonly())
          .min(1)
          .max(AST_LIMITS.maxListLength)
          .readonly()
      },
      get otherwise() {
        return scalar().nullable()
      },
    })
    .readonly(),
  z
    .strictObject({
      kind: z.literal('jsonPath'),
      attr: AttributeNameSchema,
      path: z
        .array(
          z.union([
            z.string().max(AST_LIMITS.maxIdentifierLength).regex(JSON_KEY_PATTERN, 'Invalid JSON key'),
            z.number().int().min(0).max(2 ** 31 - 1),
          ]),
        )
        .min(1)
        .max(AST_LIMITS.maxJsonPathLength)
        .readonly(),
      as: z
        .string()
        .max(AST_LIMITS.maxIdentifierLength)
        .regex(JSON_CAST_PATTERN, 'Invalid JSON cast type')
        .nullable(),
    })
    .readonly(),
])


const ConditionNode = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('const'), value: z.boolean() }).readonly(),
  z
    .strictObject({
      kind: z.literal('and'),
      get conditions() {
        return z.array(condition()).max(AST_LIMITS.maxListLength).readonly()
      },
    })
    .readonly(),
  z
    .strictObject({
      kind: z.literal('or'),
      get conditions() {
        return z.array(condition()).max(AST_LIMITS.maxListLength).readonly()
      },
    })
    .readonly(),
  z
    .strictObject({
      kind: z.literal('not'),
      get condition() {
        return condition()
      },
    })
    .readonly(),
  z.strictObject({ kind: z.literal('match'), values: attributeRecord(LiteralSchema, MatchKeySchema) }).readonly(),
  z
    .strictObject({
      kind: z.literal('compare'),
      op: z.enum(COMPARISON_OPERATORS),
      get left() {
        return scalar()
      },
      get right() {
        return scalar()
      },
    })
    .readonly(),
  z
    .strictObject({
      kind: z.literal('isNull'),
      get operand() {
        return scalar()
      },
      negated: z.boolean(),
    })
    .readonly(),
  z
    .strictObject({
      kind: z.literal('in'),
      get operand() {
        return scalar()
      },
      get values() {
        return z.array(scalar()).min(1).max(AST_LIMITS.maxListLength).readonly()
      },
      negated: z.boolean(),
    })
    .readonly(),
  z
    .strictObject({
      kind: z.literal('between'),
      get operand() {
        return scalar()
      },
      get low() {
        return scalar()
      },
      get high() {
        return scalar()
      },
      negated: z.boolean(),
    })
    .readonly(),
  z
    .strictObject({
      kind: z.literal('like'),
      get operand() {
        return scalar()
      },
      get pattern() {
        return scalar()
      },
      negated: z.boolean(),
      bytewise: z.boolean().optional(),
    })
    .readonly(),
  z
    .strictObject({
      kind: z.literal('truthy'),
      get operand() {
        return scalar()
      },
    })
    .readonly(),
  z
    .strictObject({
      kind: z.literal('semijoin'),
      get query() {
        return query()
      },
    })
    .readonly(),
])

const OrderItemNode = z
  .strictObject({
    by: z.union([z.literal('key'), scalar()]),
    descending: z.boolean(),
  })
  .readonly()

const name = (pattern: RegExp, message: string) =>
  z.string().min(1).max(AST_LIMITS.maxIdentifierLength).regex(pattern, message)

const RowCountSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER)

const QueryExprNode = z.discriminatedUnion('kind', [
  z
    .strictObject({
      kind: z.literal('table'),
      schema: name(SCHEMA_NAME_PATTERN, 'Invalid schema name'),
      table: name(TABLE_NAME_PATTERN, 'Invalid table name'),
    })
    .readonly(),
  z
    .strictObject({
      kind: z.literal('restrict'),
      get input() {
        return query()
      },
      get condition() {
        return condition()
      },
      semanticCheck: z.boolean(),
    })
    .readonly(),
  z
    .strictObject({
      kind: z.literal('join'),
      get left() {
        return query()
      },
      get right() {
        return query()
      },
      outer: z.boolean(),
      semanticCheck: z.boolean(),
    })
    .readonly(),
  z
    .strictObject({
      kind: z.literal('proj'),
      get input() {
        return query()
      },
      keepAll: z.boolean(),
      keep: AttributeListSchema,
      exclude: AttributeListSchema,
      rename: attributeRecord(AttributeNameSchema),
      get compute() {
        return attributeRecord(scalar())
      },
    })
    .readonly(),
  z
    .strictObject({
      kind: z.literal('aggr'),
      get input() {
        return query()
      },
      get group() {
        return query()
      },
      keepAll: z.boolean(),
      keep: AttributeListSchema,
      get compute() {
        return attributeRecord(scalar())
      },
      excludeNonmatching: z.boolean(),
    })
    .readonly(),
  z
    .strictObject({
      kind: z.literal('union'),
      get left() {
        return query()
      },
      get right() {
        return query()
      },
    })
    .readonly(),
  z
    .strictObject({
      kind: z.literal('top'),
      get input() {
        return query()
      },
      limit: RowCountSchema.nullable(),
      orderBy: z.array(OrderItemNode).max(AST_LIMITS.maxAttributes).readonly(),
      offset: RowCountSchema,
    })
    .readonly(),
  z.strictObject({ kind: z.literal('universal'), attributes: AttributeListSchema }).readonly(),
])

/** Why an untrusted value was refused before schema parsing, and where (a zod-style path). */
export interface BoundsViolation {
  readonly message: string
  readonly path: readonly (string | number)[]
}

interface Frame {
  readonly value: unknown
  readonly depth: number
  readonly parent: Frame | null
  readonly key: string | number
}

function pathOf(frame: Frame): (string | number)[] {
  const path: (string | number)[] = []
  for (let f: Frame | null = frame; f?.parent != null; f = f.parent) path.push(f.key)
  return path.reverse()
}

/**
 * Checks depth and size of an untrusted value without recursion, so that a hostile tree (deep, huge or
 * cyclic) is refused before the recursive schemas walk it.
 */
export function findBoundsViolation(value: unknown): BoundsViolation | null {
  const stack: Frame[] = [{ value, depth: 0, parent: null, key: '' }]
  let visited = 0
  for (let frame = stack.pop(); frame !== undefined; frame = stack.pop()) {
    if (typeof frame.value !== 'object' || frame.value === null) continue
    visited += 1
    if (visited > AST_LIMITS.maxNodes) {
      return { message: `Expression tree is too large (more than ${AST_LIMITS.maxNodes} objects)`, path: [] }
    }
    const node = frame.value as Record<string, unknown>
    const depth = typeof node['kind'] === 'string' ? frame.depth + 1 : frame.depth
    if (depth > AST_LIMITS.maxDepth) {
      const message = `Expression tree is nested too deeply (more than ${AST_LIMITS.maxDepth} levels)`
      return { message, path: pathOf(frame) }
    }
    if (Array.isArray(node)) {
      // Oversized arrays are the list bounds' business; only walk what those bounds would let through.
      const length = Math.min(node.length, AST_LIMITS.maxListLength + 1)
      for (let i = length - 1; i >= 0; i -= 1) stack.push({ value: node[i], depth, parent: frame, key: i })
    } else {
      const keys = Object.keys(node)
      for (let i = keys.length - 1; i >= 0; i -= 1) {
        const key = keys[i] ?? ''
        stack.push({ value: node[key], depth, parent: frame, key })
      }
    }
  }
  return null
}

function bounded<T>(node: z.ZodType<T>) {
  return z
    .unknown()
    .superRefine((value, ctx) => {
      const violation = findBoundsViolation(value)
      if (violation !== null) {
        ctx.addIssue({ code: 'custom', message: violation.message, path: [...violation.path] })
      }
    })
    .pipe(node)
}

/** A scalar expression, with depth and size bounds checked first. */
export const ScalarExprSchema = bounded(ScalarExprNode)
/** A condition, with depth and size bounds checked first. */
export const ConditionSchema = bounded(ConditionNode)
/** An order_by item (`'key'` or a scalar, with a direction). */
export const OrderItemSchema = bounded(OrderItemNode)
/** A query expression: what every IPC input and saved query carrying a tree is parsed with. */
export const QueryExprSchema = bounded(QueryExprNode)

