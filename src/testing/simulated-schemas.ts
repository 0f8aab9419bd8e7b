// Test support: TableInfos of schemas declared from definitions against the in-memory DDL simulator, so the
// graph and cascade code can be unit-tested on real catalog shapes without a server. Not exported from src/index.ts.

import type { Catalog } from '../algebra/resolve'
import type { Backend } from '../declare/core-types'
import { MYSQL_DDL_DIALECT, POSTGRES_DDL_DIALECT } from '../declare/ddl-dialect'
import { parseDefinition } from '../declare/parse'
import { applyPlan, emptyCatalog } from './ddl-simulator'
import { PROBE_DEFINITIONS } from './python-definitions'
import { tableNameOf } from '../declare/tier'
import { planDeclaration } from '../declare/to-ddl'
import { buildTableInfos } from '../heading/from-catalog'
import { tableKey, type TableInfo, type Tier } from '../heading/table-info'

export interface SimulatedTable {
  readonly schema: string
  readonly className: string
  readonly tier: Tier
  readonly definition: string
  /** Class name of the master (same schema), for parts. */
  readonly master?: string
}

/** The probe schema (PROBE_DEFINITIONS) under a given schema name. */
export function probeTables(schema: string): SimulatedTable[] {
  return PROBE_DEFINITIONS.map((d) => ({ schema, ...d }))
}

function sqlName(t: SimulatedTable, tables: readonly SimulatedTable[]): string {
  if (t.master === undefined) return tableNameOf(t.className, t.tier)
  const master = tables.find((x) => x.schema === t.schema && x.className === t.master && x.master === undefined)
  if (master === undefined) throw new Error(`simulateSchemas: unknown master ${t.master}`)
  return tableNameOf(t.className, 'part', sqlName(master, tables))
}

/**
 * Declares the tables in order; `-> Name` refers to a class of the same schema, `-> schema.Name` to another
 * schema's, `-> master` to the part's master.
 */
export function simulateSchemas(tables: readonly SimulatedTable[], backend: Backend = 'mysql'): Map<string, TableInfo> {
  const catalog = emptyCatalog()
  const dialect = backend === 'mysql' ? MYSQL_DDL_DIALECT : POSTGRES_DDL_DIALECT
  for (const t of tables) {
    const parsed = parseDefinition(t.definition)
    const infos = buildTableInfos(catalog, backend)
    const parents = parsed.foreignKeys.map((fk) => {
      const path = fk.reference.path
      const [schema, className] =
        path[0] === 'master' ? [t.schema, t.master] : path.length === 2 && tables.some((x) => x.schema === path[0]) ? [path[0], path[1]] : [t.schema, path.join('.')]
      const target = tables.find((x) => x.schema === schema && (x.className === className || `${x.master}.${x.className}` === className))
      if (target === undefined) throw new Error(`simulateSchemas: unknown reference ${path.join('.')}`)
      const info = infos.get(tableKey(target.schema, sqlName(target, tables)))
      if (info === undefined) throw new Error(`simulateSchemas: ${path.join('.')} is declared later`)
      return { schema: target.schema, table: info.table, primaryKey: info.attributes.filter((a) => a.inKey && !a.hidden) }
    })
    applyPlan(
      catalog,
      backend,
      planDeclaration({
        definition: parsed,
        schema: t.schema,
        table: sqlName(t, tables),
        tier: t.tier,
        dialect,
        parents,
        options: { addJobMetadata: false, allowNewPkFieldsInComputed: false },
      }),
    )
  }
  return buildTableInfos(catalog, backend)
}

/** A resolver catalog over simulated TableInfos. */
export function catalogOf(infos: ReadonlyMap<string, TableInfo>): Catalog {
  return { table: (schema, table) => infos.get(tableKey(schema, table)) }
}
