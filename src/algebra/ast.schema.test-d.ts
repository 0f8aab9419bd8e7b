// Pins the zod schemas to the hand-written unions of ast.ts; `tsc -p src` fails if they drift apart.

import { expectTypeOf } from 'vitest'
import type * as z from 'zod'
import type { Condition, Literal, OrderItem, QueryExpr, ScalarExpr } from './ast'
import type { ConditionSchema, LiteralSchema, OrderItemSchema, QueryExprSchema, ScalarExprSchema } from './ast.schema'

expectTypeOf<z.infer<typeof LiteralSchema>>().toEqualTypeOf<Literal>()
expectTypeOf<z.infer<typeof ScalarExprSchema>>().toEqualTypeOf<ScalarExpr>()
expectTypeOf<z.infer<typeof ConditionSchema>>().toEqualTypeOf<Condition>()
expectTypeOf<z.infer<typeof OrderItemSchema>>().toEqualTypeOf<OrderItem>()
expectTypeOf<z.infer<typeof QueryExprSchema>>().toEqualTypeOf<QueryExpr>()

// The schemas accept anything as input (the bounds check runs first) and are usable as plain zod types.
expectTypeOf<z.input<typeof QueryExprSchema>>().toEqualTypeOf<unknown>()
expectTypeOf(null as unknown as typeof QueryExprSchema).toExtend<z.ZodType<QueryExpr>>()
