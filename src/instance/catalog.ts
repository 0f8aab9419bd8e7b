// The instance's cache of table metadata: loads whole schemas through the adapter's introspector (a fixed
// number of catalog queries per load, never one per table) and serves them to the resolver synchronously. Each load
// first asks the server for the schemas' catalog versions (one statement): a schema whose version is the one this
// cache, or its store (shared with other Instances on the same server as the same user), already holds is not read
// again.

import { EMPTY_CATALOG_ROWS, type CatalogRows, type Introspector } from '../adapters/catalog-rows'
import type { Backend } from '../backend'
import type { Catalog } from '../algebra/resolve'
import { buildTableInfos } from '../heading/from-catalog'
import { tableKey, type TableInfo } from '../heading/table-info'
import type { CatalogStore } from './catalog-store'

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

/** The rows of one schema's own tables (foreign keys by their child table), as a store keeps them. */
function rowsOfSchema(rows: CatalogRows, schema: string): CatalogRows {
  const own = <T extends { readonly schema: string }>(list: readonly T[]): T[] => list.filter((r) => r.schema === schema)
  return {
    tables: own(rows.tables),
    columns: own(rows.columns),
    primaryKeys: own(rows.primaryKeys),
    foreignKeys: own(rows.foreignKeys),
    indexes: own(rows.indexes),
    lineage: own(rows.lineage),
    schemasWithLineage: rows.schemasWithLineage.filter((s) => s === schema),
  }
}

export class CatalogCache implements Catalog {
  #rows: CatalogRows = EMPTY_CATALOG_ROWS
  #tables: Map<string, TableInfo> = new Map()
  readonly #loaded = new Set<string>()
  /** The version each loaded schema's rows were read at (null: the server could not vouch for one). */
  readonly #versions = new Map<string, string | null>()
  /** The load under way for each schema it reads. */
  readonly #loading = new Map<string, Promise<void>>()

  constructor(
    readonly introspector: Introspector,
    readonly backend: Backend,
    readonly store: CatalogStore,
    /** This cache's server and user in `store` (catalogServerKey). */
    readonly server: string,
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
    const wanted = options.refresh ? [...new Set(schemas)] : schemas.filter((s) => !this.#loaded.has(s))
    // Every fetch asks for its schemas; when they are all loaded there is nothing to rebuild.
    if (wanted.length === 0) return
    // A load of these schemas under way began moments ago (a tab's tree and its open table ask together): its answer
    // is at most moments older, and asking the server again would only compete with it.
    const underWay = wanted.map((schema) => this.#loading.get(schema))
    if (underWay.every((loading) => loading !== undefined)) {
      await Promise.all(underWay)
      return
    }
    const loading = this.#read(wanted)
    for (const schema of wanted) this.#loading.set(schema, loading)
    try {
      await loading
    } finally {
      for (const schema of wanted) if (this.#loading.get(schema) === loading) this.#loading.delete(schema)
    }
  }

  async #read(schemas: readonly string[]): Promise<void> {
    let pending = schemas
    let changed = false
    for (let round = 0; pending.length > 0 && round < 8; round += 1) {
      // Versions before rows: a change made between the two shows as a new version at the next load.
      const versions = await this.introspector.catalogVersions(pending)
      const stale: string[] = []
      const reused: CatalogRows[] = []
      for (const schema of pending) {
        const version = versions.get(schema) ?? null
        const stored = this.store.get(this.server, schema)
        if (version !== null && this.#loaded.has(schema) && this.#versions.get(schema) === version) continue
        if (version !== null && stored?.version === version) {
          reused.push(stored.rows)
          this.#rows = mergeRows(this.#rows, stored.rows, new Set([schema]))
          this.#versions.set(schema, version)
        } else {
          stale.push(schema)
        }
      }
      const read = stale.length === 0 ? EMPTY_CATALOG_ROWS : await this.introspector.loadCatalog(stale)
      if (stale.length > 0) {
        this.#rows = mergeRows(this.#rows, read, new Set(stale))
        for (const schema of stale) {
          const version = versions.get(schema) ?? null
          this.#versions.set(schema, version)
          if (version === null) this.store.delete(this.server, schema)
          else this.store.set(this.server, schema, { version, rows: rowsOfSchema(read, schema) })
        }
      }
      changed ||= stale.length > 0 || reused.length > 0
      for (const schema of pending) this.#loaded.add(schema)
      const parents = [read, ...reused].flatMap((rows) => rows.foreignKeys.map((fk) => fk.refSchema))
      pending = [...new Set(parents)].filter((s) => !this.#loaded.has(s))
    }
    if (changed) this.#tables = buildTableInfos(this.#rows)
  }

  /** Forgets a schema, e.g. after it was dropped. */
  forget(schema: string): void {
    this.#rows = mergeRows(this.#rows, EMPTY_CATALOG_ROWS, new Set([schema]))
    this.#loaded.delete(schema)
    this.#versions.delete(schema)
    this.store.delete(this.server, schema)
    this.#tables = buildTableInfos(this.#rows)
  }
}
