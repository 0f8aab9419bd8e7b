// A base table, possibly restricted: an expression over one table plus the operations that change it (insert,
// update1, delete, drop) and its place in the dependency graph.

import type { QueryExpr } from '../algebra/ast'
import * as build from '../algebra/build'
import { DataJointError } from '../errors/datajoint-error'
import { tableKey, type TableInfo, type Tier } from '../heading/table-info'
import type { EngineContext } from '../instance/context'
import { quotedTableName } from '../adapters/dialect'
import { describeTable } from '../declare/describe'
import { loadDependencies, type DependencyEdge, type DependencyNode, type EdgeFilter } from '../schema/dependencies'
import { cascadeDelete, deleteQuick, type DeleteOptions } from './delete'
import { dropQuick, dropTables, planDrop, type DropOptions } from './drop'
import { QueryExpression, type RestrictOptions } from './expression'
import { insertRows, type InsertOptions, type Row } from './insert'
import type { RestrictionInput, Top } from './restriction'
import { update1 } from './update'

/** One foreign key between two tables, as `parents`/`children` report it with `foreignKeyInfo: true`. */
export interface ForeignKeyLink {
  /** The other table's full name (`` `schema`.`table` `` / `"schema"."table"`). */
  readonly table: string
  /** The other table's schema, unquoted. */
  readonly schemaName: string
  /** The other table's SQL name, unquoted. */
  readonly tableName: string
  /** Every foreign-key column is in the child's primary key. */
  readonly primary: boolean
  /** Child column → parent column. */
  readonly attrMap: Readonly<Record<string, string>>
  /** Some column is renamed. */
  readonly aliased: boolean
  /** The foreign-key columns are not exactly the child's primary key. */
  readonly multi: boolean
}

export interface DependencyOptions extends EdgeFilter {
  /** Report each foreign key's columns and kind instead of table names. */
  readonly foreignKeyInfo?: boolean
}

/**
 * A DataJoint table (what Python spells `Lab`, `Lab()` or `dj.FreeTable`). Restricting a table gives a restricted
 * table (`Lab & 'lab_id=1'` in Python), which can be deleted from; projections and joins give plain expressions.
 */
export class Table extends QueryExpression {
  /** Part tables of this master, by class name (shared by the table and its restrictions). */
  readonly parts: Record<string, Table>

  constructor(
    context: EngineContext,
    readonly schemaName: string,
    readonly tableName: string,
    expr: QueryExpr = build.table(schemaName, tableName),
    parts: Record<string, Table> = {},
  ) {
    super(context, expr)
    this.parts = parts
  }

  /** Whether a restriction is applied (DataJoint's `bool(table.restriction)`). */
  get isRestricted(): boolean {
    return this.expr.kind !== 'table'
  }

  /**
   * Rows matching a condition, as a restricted table (see `QueryExpression.restrict`).
   * @example await Lab.restrict({ lab_id: 1 }).delete({ prompt: false })
   */
  override restrict(condition: RestrictionInput | Top, options: RestrictOptions = {}): Table {
    return this.#restricted(super.restrict(condition, options).expr)
  }

  /** Rows not matching a condition, as a restricted table. */
  override exclude(condition: RestrictionInput, options: RestrictOptions = {}): Table {
    return this.#restricted(super.exclude(condition, options).expr)
  }

  #restricted(expr: QueryExpr): Table {
    return new Table(this.context, this.schemaName, this.tableName, expr, this.parts)
  }

  /** The catalog entry; tables are only constructed after their schema is loaded. */
  get info(): TableInfo {
    const info = this.context.catalog.table(this.schemaName, this.tableName)
    if (info === undefined) {
      throw new DataJointError('MISSING_TABLE', `The table ${this.fullTableName} is not defined.`, { table: this.fullTableName })
    }
    return info
  }

  get className(): string {
    return this.info.className
  }

  get tier(): Tier | null {
    return this.info.tier
  }

  /** The quoted full name, as DataJoint prints it (`` `schema`.`table` `` / `"schema"."table"`). */
  get fullTableName(): string {
    return quotedTableName(this.context.dialect, this.schemaName, this.tableName)
  }

  /**
   * Inserts rows (objects keyed by attribute), or the rows of a query. One transaction per call: a bad row
   * inserts nothing and the error names the row and attribute.
   */
  insert(rows: Iterable<Row> | QueryExpression, options: InsertOptions = {}): Promise<number> {
    return insertRows(this.context, this.info, rows, options)
  }

  /** Inserts one row. */
  insert1(row: Row, options: InsertOptions = {}): Promise<number> {
    return insertRows(this.context, this.info, [row], options)
  }

  /**
   * Deletes the rows of this (restricted) table and, recursively, every row that depends on them in any schema
   * (DataJoint's cascade, leaves first, in one transaction; inside `inst.transaction` it joins it). Returns the
   * number of rows deleted from this table; 0 when there were none (nothing is changed then).
   *
   * Refused while prompting (`prompt` defaults to `config.safemode`): pass `prompt: false`. With
   * `partIntegrity: 'enforce'` (default) deleting from a part table directly, or any delete that would remove
   * part rows and leave their master rows, is refused (rolled back); `'cascade'` deletes those masters too.
   * @example await Session.restrict({ subject_id: 1 }).delete({ prompt: false })
   */
  delete(options: DeleteOptions = {}): Promise<number> {
    return cascadeDelete(this.context, this.expr, options)
  }

  /** One DELETE of the restricted rows, without cascade or prompt (`delete_quick`); returns the rows deleted. */
  deleteQuick(): Promise<number> {
    return deleteQuick(this.context, this.expr)
  }

  /**
   * Drops this table and every table that depends on it, leaves first, with their `~lineage` rows (and unused
   * PostgreSQL enum types). Refused for restricted tables, inside a transaction, and while prompting; parts
   * follow `partIntegrity`, as in DataJoint Python.
   * @example await Session.drop({ prompt: false })
   */
  drop(options: DropOptions = {}): Promise<void> {
    return dropTables(this.context, { schema: this.schemaName, table: this.tableName, restricted: this.isRestricted }, options)
  }

  /**
   * What `drop()` would drop, dropping nothing: this table and every table depending on it, leaves first, with the
   * drop's refusals (a part table without its master, a restricted table).
   */
  dropPreview(options: Pick<DropOptions, 'partIntegrity'> = {}): Promise<DependencyNode[]> {
    return planDrop(this.context, { schema: this.schemaName, table: this.tableName, restricted: this.isRestricted }, options)
  }

  /** Drops only this table (`drop_quick`): fails if another table references it. */
  dropQuick(): Promise<void> {
    return dropQuick(this.context, this.schemaName, this.tableName)
  }

  /**
   * Changes attributes of one existing row, given with its whole primary key; a null value resets the column
   * to its default. Refused on a restricted table and unless exactly one row has the key.
   * @example await Lab.update1({ lab_id: 2, institution: 'Caltech' })
   */
  update1(row: Row): Promise<void> {
    return update1(this.context, this.info, this.isRestricted, row)
  }

  /** Tables this table's foreign keys reference, one entry per foreign key (full table names). */
  parents(options?: DependencyOptions & { foreignKeyInfo?: false }): Promise<string[]>
  parents(options: DependencyOptions & { foreignKeyInfo: true }): Promise<ForeignKeyLink[]>
  async parents(options: DependencyOptions = {}): Promise<string[] | ForeignKeyLink[]> {
    const graph = await loadDependencies(this.context, [this.schemaName])
    return this.#links(graph.parents(this.#key, options), (e) => e.parent, options)
  }

  /** Tables whose foreign keys reference this table, one entry per foreign key, in any loaded schema. */
  children(options?: DependencyOptions & { foreignKeyInfo?: false }): Promise<string[]>
  children(options: DependencyOptions & { foreignKeyInfo: true }): Promise<ForeignKeyLink[]>
  async children(options: DependencyOptions = {}): Promise<string[] | ForeignKeyLink[]> {
    const graph = await loadDependencies(this.context, [this.schemaName], { downstream: true })
    return this.#links(graph.children(this.#key, options), (e) => e.child, options)
  }

  /** This table and every table that depends on it (in any schema), in topological order. */
  async descendants(): Promise<string[]> {
    const graph = await loadDependencies(this.context, [this.schemaName], { downstream: true })
    return graph.descendants(this.#key).map((k) => this.#nameOf(k))
  }

  /** This table and every table it depends on, in reverse topological order (as DataJoint lists them). */
  async ancestors(): Promise<string[]> {
    const graph = await loadDependencies(this.context, [this.schemaName])
    return graph.ancestors(this.#key).map((k) => this.#nameOf(k))
  }

  get #key(): string {
    return tableKey(this.schemaName, this.tableName)
  }

  #nameOf(key: string): string {
    const { schema, table } = this.#splitKey(key)
    return quotedTableName(this.context.dialect, schema, table)
  }

  /** A node key's schema and table (schema names hold no dot). */
  #splitKey(key: string): { schema: string; table: string } {
    const [schema, ...rest] = key.split('.')
    return { schema: schema ?? '', table: rest.join('.') }
  }

  #links(edges: readonly DependencyEdge[], other: (e: DependencyEdge) => string, options: DependencyOptions): string[] | ForeignKeyLink[] {
    if (!options.foreignKeyInfo) return edges.map((e) => this.#nameOf(other(e)))
    return edges.map((e) => {
      const node = this.#splitKey(other(e))
      return { table: this.#nameOf(other(e)), schemaName: node.schema, tableName: node.table, primary: e.primary, attrMap: e.attrMap, aliased: e.aliased, multi: e.multi }
    })
  }

  /** The definition that declares this table, reconstructed from the catalog. */
  async describe(): Promise<string> {
    const catalog = this.context.catalog
    const tables = new Map(catalog.allTables().map((t) => [`${t.schema}.${t.table}`, t]))
    return describeTable(this.info, {
      tables,
      classNameOf: (schema, table) => {
        const parent = catalog.table(schema, table)
        if (parent === undefined) return `${schema}.${table}`
        const master = parent.master === null ? undefined : catalog.table(schema, parent.master)
        const name = master === undefined ? parent.className : `${master.className}.${parent.className}`
        return schema === this.schemaName ? name : `${schema}.${name}`
      },
    })
  }
}
