// Test-only: compile expression trees against the catalogs DataJoint Python wrote (no database), for golden-SQL tests.

import type { Backend, CompiledQuery } from '../adapters/driver'
import type { QueryExpr } from '../algebra/ast'
import { resolve, type Catalog, type Resolved } from '../algebra/resolve'
import { PYTHON_CATALOG_ROWS } from './python-catalogs'
import { buildTableInfos } from '../heading/from-catalog'
import { tableKey } from '../heading/table-info'
import { MysqlCompiler } from '../sql/mysql-compiler'
import { plan, planCount, type PlannerCapabilities } from '../sql/plan'
import { PostgresCompiler } from '../sql/postgres-compiler'

export const CAPABILITIES: Readonly<Record<Backend, PlannerCapabilities>> = {
  mysql: { uuidAsBinary: true, boolAsInteger: true, limitInInSubquery: false },
  postgresql: { uuidAsBinary: false, boolAsInteger: false, limitInInSubquery: true },
}

const catalogs = new Map<Backend, Catalog>()

/** The Python-written catalogs (tutorial_university, tutorial_instances, oracle_types...) as a resolver catalog. */
export function pythonCatalog(backend: Backend): Catalog {
  let catalog = catalogs.get(backend)
  if (catalog === undefined) {
    const tables = buildTableInfos(PYTHON_CATALOG_ROWS[backend], backend)
    catalog = { table: (schema, table) => tables.get(tableKey(schema, table)) }
    catalogs.set(backend, catalog)
  }
  return catalog
}

export function resolveFor(backend: Backend, expr: QueryExpr): Resolved {
  return resolve(expr, { catalog: pythonCatalog(backend) })
}

export function compileFor(backend: Backend, expr: QueryExpr): CompiledQuery {
  const compiler = backend === 'mysql' ? new MysqlCompiler() : new PostgresCompiler()
  return compiler.compile(plan(resolveFor(backend, expr), CAPABILITIES[backend]).query)
}

export function compileCountFor(backend: Backend, expr: QueryExpr): CompiledQuery {
  const compiler = backend === 'mysql' ? new MysqlCompiler() : new PostgresCompiler()
  return compiler.compile(planCount(resolveFor(backend, expr), CAPABILITIES[backend]))
}
