// DDL text both dialects share: DataJoint's CREATE TABLE layout and column clauses; the dialects fill in the rest.

import type { ColumnDdl, CreateTableDdl } from '../declare/ddl'

/** `name type clause`, where a missing clause means `NOT NULL` unless the column is nullable. */
export function columnClauses(column: ColumnDdl, quote: (identifier: string) => string): string[] {
  const parts = [quote(column.name), column.sqlType]
  if (column.clause !== null && column.clause !== '') parts.push(column.clause)
  else if (!column.nullable) parts.push('NOT NULL')
  return parts
}

export interface CreateTableLayout {
  readonly quote: (identifier: string) => string
  readonly columnDefinition: (column: ColumnDdl) => string
  readonly inlineIndexes: boolean
  /** Text after the closing parenthesis (DataJoint always writes the space before it). */
  readonly tableOptions: (comment: string) => string
}

/** DataJoint's `CREATE TABLE IF NOT EXISTS` text: one item per line, keys and foreign keys after the columns. */
export function createTableText(node: CreateTableDdl, layout: CreateTableLayout): string {
  const q = layout.quote
  const foreignKeys = node.foreignKeys.map(
    (fk) =>
      `FOREIGN KEY (${fk.columns.map(q).join(', ')}) REFERENCES ${q(fk.parent.schema)}.${q(fk.parent.table)} ` +
      `(${fk.parentColumns.map(q).join(', ')}) ON UPDATE CASCADE ON DELETE RESTRICT`,
  )
  const body = [
    ...node.columns.map(layout.columnDefinition),
    `PRIMARY KEY (${node.primaryKey.map(q).join(', ')})`,
    ...foreignKeys,
    ...(layout.inlineIndexes ? node.indexes : []),
  ]
  return `CREATE TABLE IF NOT EXISTS ${q(node.table.schema)}.${q(node.table.table)} (\n${body.join(',\n')}\n) ${layout.tableOptions(node.comment)}`
}
