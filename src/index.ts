// The engine's public API, imported as `dj`: DataJoint 2.2 in TypeScript.

import { UniversalSet } from './table/expression'
import { AndList, Not, Top, type RestrictionInput } from './table/restriction'

export { Instance, ENGINE_VERSION, type InstanceOptions } from './instance/instance'
export { CatalogStore } from './instance/catalog-store'
export { Config } from './instance/config'
export { loadConfig, isThreadSafe, CONFIG_FILENAME, type Env } from './instance/config-sources'
export { createConsoleLogger, createMemoryLogger, type Logger, type MemoryLogger } from './instance/logger'
export { Schema, type DeclareOptions, type LookupOptions, type PlanOptions, type TablePlan } from './schema/schema'
export type { DdlStatement } from './declare/to-ddl'
export { Table, type DependencyOptions, type ForeignKeyLink } from './table/table'
export { restrictedTableOf, type DeleteOptions, type PartIntegrity } from './table/delete'
export type { DropOptions } from './table/drop'
export {
  Diagram,
  type CascadeOptions,
  type DiagramBundleEdge,
  type DiagramCollapsedNode,
  type DiagramDirection,
  type DiagramEdge,
  type DiagramForeignKeyEdge,
  type DiagramGraph,
  type DiagramNode,
  type DiagramOptions,
  type DiagramTableNode,
} from './schema/diagram'
export { DependencyGraph, type DependencyEdge, type DependencyGraphOptions, type DependencyNode, type EdgeFilter } from './schema/dependencies'
export { QueryExpression, UniversalSet, type AggrOptions, type JoinOptions, type RestrictOptions } from './table/expression'
export { AndList, Not, Top, type RestrictionInput } from './table/restriction'
export type { FetchOptions } from './table/fetch'
export type { InsertOptions, Row } from './table/insert'
export { DataJointError, ThreadSafetyError, isDataJointError } from './errors/datajoint-error'
export { ERROR_CODES, type ErrorCode, type ErrorDetails } from './errors/codes'
export { toWire, fromWire, type WireError } from './errors/wire'
export type { QueryExpr, Condition, ScalarExpr, Literal, OrderItem } from './algebra/ast'
export { Heading } from './heading/heading'
export type { Attribute, AttributeCategory } from './heading/attribute'
export { checkEntryValue, coreIntegerRange, type EntryAttribute, type EntryValue, type IntegerRangeOf } from './heading/entry-value'
export type { TableInfo, Tier } from './heading/table-info'
export {
  StatementPipeline,
  pageOf,
  schemasOf,
  type CountOptions,
  type Explanation,
  type KeyPageRequest,
  type KeyPagesOptions,
  type PageRequest,
  type PreparedQuery,
  type RawResult,
  type RowCount,
  type StreamOptions,
} from './pipeline/pipeline'
export { afterKey, attributeLiteral, keyOrder, keyOrderBy, type KeyOrderItem } from './pipeline/key-pages'
export type { Decoder } from './adapters/decoders'
export { dialectFor } from './adapters/dialects'
export type { Dialect } from './adapters/dialect'
export { BACKENDS, type Backend } from './backend'
export { NPY_DATA_URL_PREFIX, npyFile, parseNpy, type NpyDtype } from './codecs/npy'
export { decodeBlob, encodeBlob, summarizeBlob, summarizeStoredBlob, type BlobNdarray, type BlobValue, type DecodeBlobOptions } from './codecs/blob'
export { INTEGER_RANGES } from './codecs/blob-value'
export { startPgliteServer, type PgliteServer, type PgliteServerOptions } from './adapters/postgres/pglite-server'
export { workerModulePath } from './adapters/worker-module'
export { config, conn, schema, freeTable, listSchemas } from './global'
export { changesToPython, toPython, type ToPythonOptions } from './codegen/python-print'
export { changesToTypeScript, toTypeScript, type ToTypeScriptOptions } from './codegen/typescript-print'
export type { ChangeCode } from './codegen/names'
export { fromPython, pythonSchemas, pythonTree, type PythonContext } from './codegen/from-python'

/**
 * `dj.U(...)`: the universal set over attributes.
 * @example dj.U('home_state').aggr(Student, { n: 'count(*)' })
 */
export function U(...attributes: string[]): UniversalSet {
  return new UniversalSet(attributes)
}

/** `dj.AndList([...])`: all conditions must hold. */
function andList(conditions: readonly RestrictionInput[]): AndList {
  return new AndList(conditions)
}
export { andList as and }

/** `dj.Not(c)`: the condition must not hold. */
function notCondition(condition: RestrictionInput): Not {
  return new Not(condition)
}
export { notCondition as not }

/** `dj.Top(limit, order_by, offset)`: the first rows in an order. @example q.restrict(dj.top({ limit: 5, orderBy: 'KEY DESC' })) */
export function top(options: { limit?: number | null; orderBy?: string | readonly string[] | null; offset?: number } = {}): Top {
  return new Top(options)
}
export { diffSchemas, type SchemaDiff, type SchemaDifference, type SchemaDifferenceAspect, type TableDiff } from './compare/schema-diff'
export { diffRows, rowDiffPage, type AttributeChange, type ChangedRow, type DiffRowsOptions, type RowDiff, type RowDiffKind, type RowDiffProgress, type RowKey } from './compare/row-diff'
export { copyRows, type CopyReport, type CopyRowsOptions, type CopyTableReport } from './compare/copy-rows'
