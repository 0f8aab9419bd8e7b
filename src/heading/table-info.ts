// What the catalog knows about one table: its heading plus the table-level facts (tier, keys, indexes).

import type { Attribute } from './attribute'

export type Tier = 'manual' | 'lookup' | 'imported' | 'computed' | 'part'

export interface ForeignKeyInfo {
  readonly name: string
  /** Child columns in constraint order. */
  readonly attributes: readonly string[]
  readonly parentSchema: string
  readonly parentTable: string
  /** Parent columns, position-matched to `attributes`. */
  readonly parentAttributes: readonly string[]
}

export interface IndexInfo {
  readonly name: string
  readonly unique: boolean
  readonly attributes: readonly string[]
}

export interface TableInfo {
  readonly schema: string
  /** SQL table name with its tier prefix (`#species`, `__session_stats`, `session__trial`). */
  readonly table: string
  /** DataJoint class name (`Species`, `SessionStats`, `Trial` for a part). */
  readonly className: string
  /** null for tables outside DataJoint's naming (including hidden `~` tables). */
  readonly tier: Tier | null
  /** SQL name of the master table when this is a part table. */
  readonly master: string | null
  readonly comment: string
  /** All attributes in column order, hidden ones included (see `Attribute.hidden`). */
  readonly attributes: readonly Attribute[]
  /** Primary-key attribute names in key order (hidden `_singleton` included). */
  readonly primaryKey: readonly string[]
  readonly foreignKeys: readonly ForeignKeyInfo[]
  /** Secondary indexes a definition declares (`index(...)`, `unique index(...)`, FK `unique`). */
  readonly indexes: readonly IndexInfo[]
  /** Whether the schema has a `~lineage` table (semantic checks need it). */
  readonly lineageAvailable: boolean
}

/** `schema.table` key used in maps of tables. */
export function tableKey(schema: string, table: string): string {
  return `${schema}.${table}`
}
