// The SQL intermediate representation: select-shaped nodes the planner builds, and the data-free statements
// (schemas, drops, savepoints) the engine issues; the dialect compilers print both.
// No SQL text lives here, and nothing here knows which backend it will run on.

import type { ArithmeticOperator, ComparisonOperator, FunctionName } from '../algebra/ast'
import type { SqlValue } from '../adapters/driver'

/** The type a numeric literal has in SQL text: `40000` an integer, `9007199254740993` a 64-bit integer, `2.5` a decimal. */
export type ExactType = 'integer' | 'bigint' | 'decimal'

export type SqlExpr =
  | { readonly kind: 'column'; readonly table: string | null; readonly name: string }
  /**
   * A bound value. `exact` marks a numeric literal, which must keep its own type (integer, 64-bit, decimal)
   * instead of taking a type the server guesses from the other operand.
   */
  | { readonly kind: 'param'; readonly value: SqlValue; readonly exact?: ExactType }
  /** Constants that are not data: NULL, TRUE, FALSE, numeric LIMIT-like values. */
  | { readonly kind: 'keyword'; readonly value: 'NULL' | 'TRUE' | 'FALSE' | 'DEFAULT' }
  | {
      readonly kind: 'call'
      readonly name: FunctionName
      readonly args: readonly SqlExpr[]
      readonly distinct: boolean
      readonly star: boolean
      readonly separator: string | null
    }
  | { readonly kind: 'arith'; readonly op: ArithmeticOperator; readonly left: SqlExpr; readonly right: SqlExpr }
  | { readonly kind: 'negate'; readonly operand: SqlExpr }
  | { readonly kind: 'compare'; readonly op: ComparisonOperator; readonly left: SqlExpr; readonly right: SqlExpr }
  | { readonly kind: 'logical'; readonly op: 'AND' | 'OR'; readonly operands: readonly SqlExpr[] }
  | { readonly kind: 'not'; readonly operand: SqlExpr }
  | { readonly kind: 'isNull'; readonly operand: SqlExpr; readonly negated: boolean }
  | { readonly kind: 'inList'; readonly operand: SqlExpr; readonly values: readonly SqlExpr[]; readonly negated: boolean }
  /**
   * `(a, b) IN ((?, ?), …)`: rows of values for several columns, each column a plain column of a base table
   * (`typedBy`), so that a dialect can type the values by the column when its parameters arrive untyped.
   */
  | {
      readonly kind: 'inRows'
      readonly operands: readonly SqlExpr[]
      readonly typedBy: readonly ColumnOf[]
      readonly rows: readonly (readonly SqlExpr[])[]
    }
  /** `(a, b) IN (SELECT ...)`. */
  | { readonly kind: 'inQuery'; readonly operands: readonly SqlExpr[]; readonly query: QueryNode; readonly negated: boolean }
  | { readonly kind: 'exists'; readonly query: QueryNode; readonly negated: boolean }
  | { readonly kind: 'between'; readonly operand: SqlExpr; readonly low: SqlExpr; readonly high: SqlExpr; readonly negated: boolean }
  | { readonly kind: 'like'; readonly operand: SqlExpr; readonly pattern: SqlExpr; readonly negated: boolean; readonly bytewise: boolean }
  /** A boolean-valued expression used where a value is expected (`sum(x > 3)`). */
  | { readonly kind: 'truth'; readonly operand: SqlExpr }
  /** A value used where a condition is expected (`WHERE flag`). */
  | { readonly kind: 'truthy'; readonly operand: SqlExpr }
  | {
      readonly kind: 'case'
      readonly branches: readonly { readonly when: SqlExpr; readonly result: SqlExpr }[]
      readonly otherwise: SqlExpr | null
    }
  | { readonly kind: 'jsonPath'; readonly operand: SqlExpr; readonly path: readonly (string | number)[]; readonly as: string | null }

export type FromItem =
  | { readonly kind: 'tableRef'; readonly schema: string; readonly table: string; readonly alias: string }
  | { readonly kind: 'derived'; readonly query: QueryNode; readonly alias: string }

export interface JoinItem {
  readonly type: 'inner' | 'left' | 'cross'
  readonly item: FromItem
  readonly on: SqlExpr | null
}

export interface OrderByItem {
  readonly expr: SqlExpr
  readonly descending: boolean
}

export interface SelectNode {
  readonly kind: 'select'
  readonly distinct: boolean
  readonly columns: readonly { readonly expr: SqlExpr; readonly alias: string }[]
  readonly from: FromItem | null
  readonly joins: readonly JoinItem[]
  readonly where: SqlExpr | null
  readonly groupBy: readonly SqlExpr[]
  readonly having: SqlExpr | null
  readonly orderBy: readonly OrderByItem[]
  readonly limit: number | null
  readonly offset: number | null
}

export interface UnionNode {
  readonly kind: 'union'
  readonly left: QueryNode
  readonly right: QueryNode
}

/**
 * `SELECT … UNION ALL SELECT … UNION ALL …`: plain SELECTs (no ORDER BY or LIMIT), printed without parentheses so
 * that many of them do not nest (MariaDB refuses deeply nested selects).
 */
export interface UnionAllNode {
  readonly kind: 'unionAll'
  readonly queries: readonly SelectNode[]
}

export type QueryNode = SelectNode | UnionNode | UnionAllNode

export interface TableName {
  readonly schema: string
  readonly table: string
}

/** A column of a base table. */
export interface ColumnOf {
  readonly table: TableName
  readonly column: string
}

export type InsertValue = SqlValue | { readonly default: true }

export interface InsertNode {
  readonly kind: 'insert'
  readonly table: TableName
  readonly columns: readonly string[]
  readonly rows: readonly (readonly InsertValue[])[]
  /** `error`: duplicates fail; `skip`: rows colliding on the primary key are ignored; `replace`: they overwrite. */
  readonly onDuplicate: 'error' | 'skip' | 'replace'
  readonly primaryKey: readonly string[]
}

export interface InsertSelectNode {
  readonly kind: 'insertSelect'
  readonly table: TableName
  readonly columns: readonly string[]
  readonly query: QueryNode
  readonly onDuplicate: 'error' | 'skip' | 'replace'
  readonly primaryKey: readonly string[]
}

export interface UpdateNode {
  readonly kind: 'update'
  readonly table: TableName
  readonly set: readonly { readonly column: string; readonly value: InsertValue }[]
  readonly where: SqlExpr
}

export interface DeleteNode {
  readonly kind: 'delete'
  readonly table: TableName
  readonly where: SqlExpr | null
}

/** A user-defined type (PostgreSQL enum types live in a schema, like tables). */
export interface TypeName {
  readonly schema: string
  readonly name: string
}

/** Creates a schema (MySQL: a database). */
export interface CreateSchemaNode {
  readonly kind: 'createSchema'
  readonly schema: string
}

/** Drops a schema with everything in it; a missing schema is not an error. */
export interface DropSchemaNode {
  readonly kind: 'dropSchema'
  readonly schema: string
}

/** Drops one table, without cascading to the tables that reference it. */
export interface DropTableNode {
  readonly kind: 'dropTable'
  readonly table: TableName
}

/** Drops an enum type (PostgreSQL only; MySQL enums belong to their column); a missing type is not an error. */
export interface DropEnumTypeNode {
  readonly kind: 'dropEnumType'
  readonly type: TypeName
}

/**
 * A savepoint inside the current transaction: set it, release it, or roll back to it. The name is generated by
 * the engine (never user text) and printed as an identifier.
 */
export interface SavepointNode {
  readonly kind: 'savepoint'
  readonly action: 'set' | 'release' | 'rollbackTo'
  readonly name: string
}

export type StatementNode =
  | QueryNode
  | InsertNode
  | InsertSelectNode
  | UpdateNode
  | DeleteNode
  | CreateSchemaNode
  | DropSchemaNode
  | DropTableNode
  | DropEnumTypeNode
  | SavepointNode
