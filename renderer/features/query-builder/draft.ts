// A builder query as the JSON text saved queries and history keep beside their tree, and read back with a schema:
// a draft that does not fit (written by another version, or edited by hand) opens as its saved tree instead.

import { z } from 'zod'
import type { LiteralType, QueryExpr } from '../../../src/algebra/ast'
import { QueryExprSchema } from '../../../src/algebra/ast.schema'
import { ROW_OPERATORS, type BuilderQuery, type ConditionItem, type Operand } from './model'

const LITERAL_TYPES = ['null', 'string', 'number', 'bigint', 'decimal', 'bool', 'date', 'datetime', 'time', 'uuid', 'bytes', 'json'] as const satisfies readonly LiteralType[]
const Text = z.string().max(65_536)
const Names = z.array(Text).max(4096)
const ComputedList = z.array(z.strictObject({ name: Text, text: Text })).max(4096)

const ConditionItemSchema: z.ZodType<ConditionItem> = z.lazy(() =>
  z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('row'), attribute: Text, op: z.enum(ROW_OPERATORS), value: Text, high: Text, valueType: z.enum(LITERAL_TYPES) }),
    z.strictObject({ kind: z.literal('text'), text: Text }),
    GroupSchema,
  ]),
)
const GroupSchema = z.strictObject({
  kind: z.literal('group'),
  combine: z.enum(['and', 'or']),
  negated: z.boolean(),
  get items() {
    return z.array(ConditionItemSchema).max(4096)
  },
})

const OperandSchema: z.ZodType<Operand> = z.lazy(() =>
  z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('table'), schema: Text, table: Text }),
    z.strictObject({ kind: z.literal('saved'), id: Text, name: Text, tree: QueryExprSchema as z.ZodType<QueryExpr> }),
    z.strictObject({ kind: z.literal('query'), query: BuilderQuerySchema }),
  ]),
)

const StepBodySchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('restrict'), condition: GroupSchema }),
  z.strictObject({ kind: z.literal('semijoin'), operand: OperandSchema, negated: z.boolean(), semanticCheck: z.boolean() }),
  z.strictObject({ kind: z.literal('join'), operand: OperandSchema, left: z.boolean(), semanticCheck: z.boolean() }),
  z.strictObject({
    kind: z.literal('proj'),
    keepAll: z.boolean(),
    keep: Names,
    drop: Names,
    rename: z.array(z.strictObject({ to: Text, from: Text })).max(4096),
    computed: ComputedList,
  }),
  z.strictObject({ kind: z.literal('aggr'), operand: OperandSchema, computed: ComputedList, keepNonMatching: z.boolean(), keepAll: z.boolean() }),
  z.strictObject({ kind: z.literal('union'), operand: OperandSchema }),
  z.strictObject({ kind: z.literal('distinct'), attributes: Names }),
  z.strictObject({ kind: z.literal('groupBy'), attributes: Names, computed: ComputedList }),
  // As typed: a limit or offset that is not a whole number ≥ 0 is the step's problem (model.ts), and a query can be
  // saved with such a step disabled.
  z.strictObject({ kind: z.literal('top'), orderBy: Text, limit: z.number().nullable(), offset: z.number() }),
])

const BuilderQuerySchema: z.ZodType<BuilderQuery> = z.strictObject({
  start: OperandSchema,
  steps: z.array(z.strictObject({ id: Text, enabled: z.boolean(), body: StepBodySchema })).max(10_000),
})

export function writeDraft(query: BuilderQuery): string {
  return JSON.stringify(query)
}

/** The builder query of a draft; one that does not read opens as its tree (a saved operand with no steps). */
export function readDraft(text: string, tree: QueryExpr, name: string): BuilderQuery {
  try {
    const parsed = BuilderQuerySchema.safeParse(JSON.parse(text))
    if (parsed.success) return parsed.data
  } catch {
    // Not JSON: fall through to the tree.
  }
  return { start: { kind: 'saved', id: 'draft', name, tree }, steps: [] }
}
