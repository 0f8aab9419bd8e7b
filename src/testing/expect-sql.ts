// Test-only: compile expression trees against the catalogs DataJoint Python wrote (no database), for golden-SQL tests.

import { dialectFor } from '../adapters/dialects'
import type { CompiledQuery } from '../adapters/driver'
import type { Backend } from '../backend'
import type { QueryExpr } from '../algebra/ast'
import { resolve, type Catalog, type Resolved } from '../algebra/resolve'
import { PYTHON_CATALOG_ROWS } from './python-catalogs'
import { buildTableInfos } from '../heading/from-catalog'
import { tableKey } from '../heading/table-info'
import { prepareCount, prepareSelect, type PlanningContext } from '../pipeline/pipeline'

const catalogs = new Map<Backend, Catalog>()

/** The Python-written catalogs (tutorial_university, tutorial_instances, oracle_types...) as a resolver catalog. */
export function pythonCatalog(backend: Backend): Catalog {
  let catalog = catalogs.get(backend)
  if (catalog === undefined) {
    const tables = buildTableInfos(PYTHON_CATALOG_ROWS[backend])
    catalog = { table: (schema, table) => tables.get(tableKey(schema, table)) }
    catalogs.set(backend, catalog)
  }
  return catalog
}

export function resolveFor(backend: Backend, expr: QueryExpr): Resolved {
  return resolve(expr, { catalog: pythonCatalog(backend) })
}

/** What the statement pipeline needs to prepare statements against the Python-written catalog of a backend. */
export function planningFor(backend: Backend): PlanningContext {
  return { dialect: dialectFor(backend), resolveContext: { catalog: pythonCatalog(backend) } }
}

export function compileFor(backend: Backend, expr: QueryExpr): CompiledQuery {
  return prepareSelect(planningFor(backend), expr).statement
}

export function compileCountFor(backend: Backend, expr: QueryExpr): CompiledQuery {
  return prepareCount(planningFor(backend), expr)
}

/** A statement's values as golden text: JSON, with a bigint (MySQL's typed integer literal) written as `40000n`. */
export function paramsText(params: CompiledQuery['params']): string {
  return `[${params.map((value) => (typeof value === 'bigint' ? `${value}n` : JSON.stringify(value))).join(',')}]`
}
