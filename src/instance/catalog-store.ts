// Catalogs read from servers, shared by the Instances given the same store (the app's tabs): each schema's catalog
// rows with the version the server reported just before they were read, per server and user — what a catalog
// shows depends on the user's privileges, so two users never share one. An Instance takes a schema's rows from here
// only when the server reports that same version again (one cheap statement instead of a catalog load); a table
// created, altered or dropped by anyone since changes the version, and the schema is read again. The store drops no
// server by itself: its holder says which are still used (`keepOnly`); the app's tab registry keeps those of open tabs
// and of the few servers left most recently.

import type { CatalogRows } from '../adapters/catalog-rows'

export interface StoredSchema {
  /** What the server reported just before `rows` were read (see Introspector.catalogVersions). */
  readonly version: string
  /** The schema's own rows: its tables, their columns, keys, indexes and lineage, and foreign keys of its tables. */
  readonly rows: CatalogRows
}

export class CatalogStore {
  readonly #servers = new Map<string, Map<string, StoredSchema>>()

  get(server: string, schema: string): StoredSchema | undefined {
    return this.#servers.get(server)?.get(schema)
  }

  set(server: string, schema: string, stored: StoredSchema): void {
    let schemas = this.#servers.get(server)
    if (schemas === undefined) {
      schemas = new Map()
      this.#servers.set(server, schemas)
    }
    schemas.set(schema, stored)
  }

  delete(server: string, schema: string): void {
    this.#servers.get(server)?.delete(schema)
  }

  /** Drops the catalogs of every server and user but these (catalogServerKey): the holder's rule for what is still used. */
  keepOnly(servers: ReadonlySet<string>): void {
    for (const server of this.#servers.keys()) if (!servers.has(server)) this.#servers.delete(server)
  }
}

/** The key of one server and user in a store: what tells two catalogs apart. */
export function catalogServerKey(parts: {
  readonly backend: string
  readonly server: string
  readonly user: string
  /** PostgreSQL's database: its schemas are the database's. */
  readonly database: string | null
}): string {
  return JSON.stringify([parts.backend, parts.server, parts.user, parts.database])
}
