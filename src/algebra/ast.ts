// The query algebra as plain, JSON-safe data: a closed union named after DataJoint's operators.
// Built by the fluent API and by the app's query builder; validated by ast.schema.ts where it crosses a boundary.

/** A tagged constant, so that dates, decimals, uuids and big integers survive JSON. */
export type Literal =
  | { readonly kind: 'lit'; readonly type: 'null' }
  | { readonly kind: 'lit'; readonly type: 'string'; readonly value: string }
  | { readonly kind: 'lit'; readonly type: 'number'; readonly value: number }
  | { readonly kind: 'lit'; readonly type: 'bigint'; readonly value: string }
  | { readonly kind: 'lit'; readonly type: 'decimal'; readonly value: string }
  | { readonly kind: 'lit'; readonly type: 'bool'; readonly value: boolean }
  | { readonly kind: 'lit'; readonly type: 'date'; readonly value: string }
  | { readonly kind: 'lit'; readonly type: 'datetime'; readonly value: string }
  | { readonly kind: 'lit'; readonly type: 'time'; readonly value: string }
  | { readonly kind: 'lit'; readonly type: 'uuid'; readonly value: string }
  | { readonly kind: 'lit'; readonly type: 'bytes'; readonly value: string }
  | { readonly kind: 'lit'; readonly type: 'json'; readonly value: string }

export type LiteralType = Literal['type']

/** The SQL functions a user may call in conditions and computed attributes (portable across backends). */
export const FUNCTION_NAMES = [
  // aggregates
  'count',
  'sum',
  'avg',
  'min',
  'max',
  'std',
  'variance',
  'group_concat',
  'bit_and',
  'bit_or',
  // numeric
  'abs',
  'round',
  'floor',
  'ceil',
  'sqrt',
  'power',
  'exp',
  'ln',
  'log10',
  'mod',
  'greatest',
  'least',
  'sign',
  // string
  'concat',
  'lower',
  'upper',
  'length',
  'char_length',
  'substring',
  'trim',
  'replace',
  'left',
  'right',
  // dates
  'year',
  'month',
  'day',
  'hour',
  'minute',
  'second',
  'date',
  'now',
  'curdate',
  'datediff',
  'timestampdiff',
  // null handling
  'coalesce',
  'ifnull',
  'nullif',
  'if',
] as const

export type FunctionName = (typeof FUNCTION_NAMES)[number]

export const ARITHMETIC_OPERATORS = ['+', '-', '*', '/', '%'] as const
export type ArithmeticOperator = (typeof ARITHMETIC_OPERATORS)[number]

export const COMPARISON_OPERATORS = ['=', '<>', '<', '<=', '>', '>='] as const
export type ComparisonOperator = (typeof COMPARISON_OPERATORS)[number]

/** A value-producing expression: what `proj`/`aggr` compute and what conditions compare. */
export type ScalarExpr =
  | { readonly kind: 'attr'; readonly name: string }
  | Literal
  | {
      readonly kind: 'fn'
      readonly name: FunctionName
      readonly args: readonly ScalarExpr[]
      /** `count(DISTINCT x)`. */
      readonly distinct: boolean
      /** `count(*)`: no arguments, counts rows. */
      readonly star: boolean
      /** `group_concat(x SEPARATOR ';')`; null means the default `,`. */
      readonly separator: string | null
    }
  | { readonly kind: 'op'; readonly op: ArithmeticOperator; readonly left: ScalarExpr; readonly right: ScalarExpr }
  | { readonly kind: 'neg'; readonly operand: ScalarExpr }
  /** A condition used as a value, e.g. `sum(score > 3)` or a computed `is_female = sex = 'F'`. */
  | { readonly kind: 'truth'; readonly condition: Condition }
  | {
      readonly kind: 'case'
      readonly branches: readonly { readonly when: Condition; readonly result: ScalarExpr }[]
      readonly otherwise: ScalarExpr | null
    }
  /** `attr.path.to.field[:type]` into a json attribute. */
  | { readonly kind: 'jsonPath'; readonly attr: string; readonly path: readonly (string | number)[]; readonly as: string | null }

/** A restriction, in DataJoint's forms. */
export type Condition =
  | { readonly kind: 'const'; readonly value: boolean }
  | { readonly kind: 'and'; readonly conditions: readonly Condition[] }
  | { readonly kind: 'or'; readonly conditions: readonly Condition[] }
  | { readonly kind: 'not'; readonly condition: Condition }
  /** The dict form: AND of equalities; keys that are not attributes of the operand are ignored, as in DataJoint. */
  | { readonly kind: 'match'; readonly values: Readonly<Record<string, Literal>> }
  | { readonly kind: 'compare'; readonly op: ComparisonOperator; readonly left: ScalarExpr; readonly right: ScalarExpr }
  | { readonly kind: 'isNull'; readonly operand: ScalarExpr; readonly negated: boolean }
  | { readonly kind: 'in'; readonly operand: ScalarExpr; readonly values: readonly ScalarExpr[]; readonly negated: boolean }
  | {
      readonly kind: 'between'
      readonly operand: ScalarExpr
      readonly low: ScalarExpr
      readonly high: ScalarExpr
      readonly negated: boolean
    }
  | {
      readonly kind: 'like'
      readonly operand: ScalarExpr
      readonly pattern: ScalarExpr
      readonly negated: boolean
      /**
       * Compares the bytes, not by the column's collation: the same on every backend, and on MariaDB a table read
       * twice as fast. For patterns without letters (numbers, dates), which match alike either way.
       */
      readonly bytewise?: boolean | undefined
    }
  /** A scalar used as a condition (`WHERE flag`); true when non-zero and not null. */
  | { readonly kind: 'truthy'; readonly operand: ScalarExpr }
  /** Restriction by another query: rows with a match on all namesake attributes. */
  | { readonly kind: 'semijoin'; readonly query: QueryExpr }

export interface OrderItem {
  /** `'key'` expands to the primary key (DataJoint's `KEY`). */
  readonly by: 'key' | ScalarExpr
  readonly descending: boolean
}

export type QueryExpr =
  | { readonly kind: 'table'; readonly schema: string; readonly table: string }
  | { readonly kind: 'restrict'; readonly input: QueryExpr; readonly condition: Condition; readonly semanticCheck: boolean }
  | {
      readonly kind: 'join'
      readonly left: QueryExpr
      readonly right: QueryExpr
      /** Left outer join (`left=True`); requires the left operand to determine the right. */
      readonly outer: boolean
      readonly semanticCheck: boolean
    }
  | {
      readonly kind: 'proj'
      readonly input: QueryExpr
      /** `...`: keep every secondary attribute not excluded. */
      readonly keepAll: boolean
      readonly keep: readonly string[]
      readonly exclude: readonly string[]
      /** new name → existing name. */
      readonly rename: Readonly<Record<string, string>>
      readonly compute: Readonly<Record<string, ScalarExpr>>
    }
  | {
      readonly kind: 'aggr'
      /** The grouping operand (its primary key is the result's), possibly `universal`. */
      readonly input: QueryExpr
      /** The aggregated operand. */
      readonly group: QueryExpr
      readonly keepAll: boolean
      readonly keep: readonly string[]
      readonly compute: Readonly<Record<string, ScalarExpr>>
      readonly excludeNonmatching: boolean
    }
  | { readonly kind: 'union'; readonly left: QueryExpr; readonly right: QueryExpr }
  | {
      readonly kind: 'top'
      readonly input: QueryExpr
      readonly limit: number | null
      readonly orderBy: readonly OrderItem[]
      readonly offset: number
    }
  /** `dj.U(...)`: the universal set over the named attributes; only meaningful as a restrict or aggr operand. */
  | { readonly kind: 'universal'; readonly attributes: readonly string[] }

export type QueryKind = QueryExpr['kind']
