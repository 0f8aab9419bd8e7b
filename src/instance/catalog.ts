// The instance's cache of table metadata: loads whole schemas through the adapter's introspector (a fixed
// number of catalog queries per load, never one per table) and serves them to the resolver synchronously.

import { EMPTY_CATALOG_ROWS, type CatalogRows, type Introspector } from '../adapters/catalog-rows'
import type { Backend } from '../backend'
import type { Catalog } from '../algebra/resolve'
import { buildTableInfos } from '../heading/from-catalog'
import { tableKey, type TableInfo } from '../heading/table-info'

function mergeRows(a: CatalogRows, b: CatalogRows, replaced: ReadonlySet<string>): CatalogRows {
  const keep = <T extends { readonly schema: string }>(rows: readonly T[]): T[] => rows.filter((r) => !replaced.has(r.schema))
  return {
    tables: [...keep(a.tables), ...b.tables],
    columns: [...keep(a.columns), ...b.columns],
    primaryKeys: [...keep(a.primaryKeys), ...b.primaryKeys],
    foreignKeys: dedupeForeignKeys([...keep(a.foreignKeys), ...b.foreignKeys]),
    indexes: [...keep(a.indexes), ...b.indexes],
    lineage: [...keep(a.lineage), ...b.lineage],
    schemasWithLineage: [...a.schemasWithLineage.filter((s) => !replaced.has(s)), ...b.schemasWithLineage],
  }
}

function dedupeForeignKeys(rows: CatalogRows['foreignKeys']): CatalogRows['foreignKeys'] {
  const seen = new Map<string, CatalogRows['foreignKeys'][number]>()
  for (const row of rows) seen.set(`${row.schema}.${row.table}.${row.name}`, row)
  return [...seen.values()]
}

export class CatalogCache implements Catalog {
  #rows: CatalogRows = EMPTY_CATALOG_ROWS
  #tables: Map<string, TableInfo> = new Map()
  readonly #loaded = new Set<string>()

  constructor(
    readonly introspector: Introspector,
    readonly backend: Backend,
  ) {}

  table(schema: string, table: string): TableInfo | undefined {
    return this.#tables.get(tableKey(schema, table))
  }

  isLoaded(schema: string): boolean {
    return this.#loaded.has(schema)
  }

  /** Tables of one loaded schema, hidden ones included. */
  tablesOf(schema: string): TableInfo[] {
    return [...this.#tables.values()].filter((t) => t.schema === schema)
  }

  allTables(): TableInfo[] {
    return [...this.#tables.values()]
  }

  /**
   * (Re)loads schemas, then the schemas their foreign keys point into, so inherited attribute types and
   * lineage resolve across schemas.
   */
  async load(schemas: readonly string[], options: { refresh?: boolean } = {}): Promise<void> {
    let pending = options.refresh ? [...new Set(schemas)] : schemas.filter((s) => !this.#loaded.has(s))
    // Every fetch asks for its schemas; when they are all loaded there is nothing to rebuild.
    if (pending.length === 0) return
    for (let round = 0; pending.length > 0 && round < 8; round += 1) {
      const rows = await this.introspector.loadCatalog(pending)
      this.#rows = mergeRows(this.#rows, rows, new Set(pending))
      for (const schema of pending) this.#loaded.add(schema)
      pending = [...new Set(rows.foreignKeys.map((fk) => fk.refSchema))].filter((s) => !this.#loaded.has(s))
    }
    this.#tables = buildTableInfos(this.#rows)
  }

  /** Forgets a schema, e.g. after it was dropped. */
  forget(schema: string): void {
    this.#rows = mergeRows(this.#rows, EMPTY_CATALOG_ROWS, new Set([schema]))
    this.#loaded.delete(schema)
    this.#tables = buildTableInfos(this.#rows)
  }
}
