// A base table: an expression over one table plus the operations that change it (insert, delete, drop).

import * as build from '../algebra/build'
import { DataJointError } from '../errors/datajoint-error'
import type { TableInfo, Tier } from '../heading/table-info'
import type { EngineContext } from '../instance/context'
import { describeTable } from '../declare/describe'
import { QueryExpression } from './expression'
import { insertRows, type InsertOptions, type Row } from './insert'

/** A DataJoint table (what Python spells `Lab`, `Lab()` or `dj.FreeTable`). */
export class Table extends QueryExpression {
  /** Part tables of this master, by class name. */
  readonly parts: Record<string, Table> = {}

  constructor(
    context: EngineContext,
    readonly schemaName: string,
    readonly tableName: string,
  ) {
    super(context, build.table(schemaName, tableName))
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
    const compiler = this.context.dialect.createCompiler()
    return `${compiler.quote(this.schemaName)}.${compiler.quote(this.tableName)}`
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
