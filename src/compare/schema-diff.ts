// `dj.diffSchemas(left, right)`: two schemas compared as DataJoint sees them (tiers, headings with their DataJoint
// types, foreign keys, indexes, lineage), not as their servers spell them, so a pipeline declared on MariaDB and on
// PostgreSQL compares equal. One catalog load per side, whatever the table count.

import { describeTable } from '../declare/describe'
import type { Attribute } from '../heading/attribute'
import type { TableInfo } from '../heading/table-info'
import type { CatalogCache } from '../instance/catalog'
import type { Schema } from '../schema/schema'

/** What differs, by aspect; `name` is the attribute, foreign key or index concerned. */
export type SchemaDifferenceAspect = 'tier' | 'comment' | 'primaryKey' | 'attribute' | 'attributeOrder' | 'foreignKey' | 'index' | 'lineage'

export interface SchemaDifference {
  readonly aspect: SchemaDifferenceAspect
  /** The attribute (with `property`), the foreign key's parent, or the index; absent for table-level aspects. */
  readonly name?: string
  /** For attributes: `type`, `nullable`, `default`, `comment`, or `presence` (on one side only). */
  readonly property?: 'type' | 'nullable' | 'default' | 'comment' | 'presence'
  /** The left side's value as text; null where the left side has none. */
  readonly left: string | null
  readonly right: string | null
}

export interface TableDiff {
  /** The class (`Session`, `Session.Trial` for a part), by which the two sides' tables are matched. */
  readonly className: string
  /** SQL table names (with their tier prefixes, which differ when the tiers do). */
  readonly table: { readonly left: string; readonly right: string }
  readonly differences: readonly SchemaDifference[]
  /** Both sides' `describe()` text, for a line diff. */
  readonly describe: { readonly left: string; readonly right: string }
}

export interface SchemaDiff {
  readonly left: { readonly schema: string; readonly backend: string }
  readonly right: { readonly schema: string; readonly backend: string }
  /** Classes (`Session.Trial` for a part) of the tables found on one side only. */
  readonly onlyLeft: readonly string[]
  readonly onlyRight: readonly string[]
  /** Every class found on both sides, in name order, those without differences included (empty `differences`). */
  readonly tables: readonly TableDiff[]
  /** No table on one side only and no differences. */
  readonly equal: boolean
}

interface Side {
  readonly schema: string
  readonly catalog: CatalogCache
  readonly tables: ReadonlyMap<string, TableInfo>
}

async function loadSide(schema: Schema): Promise<Side> {
  const { catalog } = schema.context
  await catalog.load([schema.name], { refresh: true })
  // Hidden tables (`~lineage`, jobs) are the platform's, not the pipeline's.
  const tables = catalog.tablesOf(schema.name).filter((info) => !info.table.startsWith('~'))
  const bySqlName = new Map(tables.map((info) => [info.table, info]))
  const classPath = (info: TableInfo): string => {
    // Tables outside DataJoint's naming keep their SQL name: it is all that identifies them.
    if (info.tier === null) return info.table
    const master = info.master === null ? undefined : bySqlName.get(info.master)
    return master === undefined ? info.className : `${master.className}.${info.className}`
  }
  return { schema: schema.name, catalog, tables: new Map(tables.map((info) => [classPath(info), info])) }
}

/** A table of another schema keeps its schema name; one of this schema is named alone, so two schemas compare. */
function relativeName(side: Side, schema: string, table: string): string {
  return schema === side.schema ? table : `${schema}.${table}`
}

function relativeLineage(side: Side, lineage: string | null): string | null {
  if (lineage === null) return null
  return lineage.startsWith(`${side.schema}.`) ? lineage.slice(side.schema.length + 1) : lineage
}

function visible(info: TableInfo): Attribute[] {
  return info.attributes.filter((attribute) => !attribute.hidden)
}

function foreignKeyTexts(side: Side, info: TableInfo): Map<string, string> {
  const texts = new Map<string, string>()
  for (const fk of info.foreignKeys) {
    const parent = relativeName(side, fk.parentSchema, fk.parentTable)
    const mapping = fk.attributes.map((name, i) => (fk.parentAttributes[i] === name ? name : `${name}=${fk.parentAttributes[i] ?? ''}`))
    const text = `${parent}(${mapping.join(', ')})`
    texts.set(text, text)
  }
  return texts
}

function indexTexts(info: TableInfo): Map<string, string> {
  const texts = new Map<string, string>()
  for (const index of info.indexes) {
    const text = `${index.unique ? 'unique index' : 'index'}(${index.attributes.join(', ')})`
    texts.set(text, text)
  }
  return texts
}

/** Entries present on one side only, as differences of `aspect`. */
function setDifferences(aspect: SchemaDifferenceAspect, left: Map<string, string>, right: Map<string, string>): SchemaDifference[] {
  const differences: SchemaDifference[] = []
  for (const [key, text] of left) if (!right.has(key)) differences.push({ aspect, name: key, left: text, right: null })
  for (const [key, text] of right) if (!left.has(key)) differences.push({ aspect, name: key, left: null, right: text })
  return differences
}

function attributeDifferences(left: Side, leftInfo: TableInfo, right: Side, rightInfo: TableInfo): SchemaDifference[] {
  const differences: SchemaDifference[] = []
  const leftAttributes = visible(leftInfo)
  const rightAttributes = visible(rightInfo)
  const rightByName = new Map(rightAttributes.map((a) => [a.name, a]))
  const leftByName = new Map(leftAttributes.map((a) => [a.name, a]))
  for (const a of leftAttributes) {
    const b = rightByName.get(a.name)
    if (b === undefined) {
      differences.push({ aspect: 'attribute', name: a.name, property: 'presence', left: a.type, right: null })
      continue
    }
    const compare = (property: 'type' | 'nullable' | 'default' | 'comment', x: string | null, y: string | null): void => {
      if (x !== y) differences.push({ aspect: 'attribute', name: a.name, property, left: x, right: y })
    }
    compare('type', a.type, b.type)
    compare('nullable', String(a.nullable), String(b.nullable))
    compare('default', a.default ?? null, b.default ?? null)
    compare('comment', a.comment, b.comment)
    const lineageLeft = relativeLineage(left, a.lineage)
    const lineageRight = relativeLineage(right, b.lineage)
    if (lineageLeft !== lineageRight) differences.push({ aspect: 'lineage', name: a.name, left: lineageLeft, right: lineageRight })
  }
  for (const b of rightAttributes) {
    if (!leftByName.has(b.name)) differences.push({ aspect: 'attribute', name: b.name, property: 'presence', left: null, right: b.type })
  }
  const shared = (attributes: Attribute[], other: Map<string, Attribute>) => attributes.filter((a) => other.has(a.name)).map((a) => a.name).join(', ')
  const leftOrder = shared(leftAttributes, rightByName)
  const rightOrder = shared(rightAttributes, leftByName)
  if (leftOrder !== rightOrder) differences.push({ aspect: 'attributeOrder', left: leftOrder, right: rightOrder })
  return differences
}

/** The differences of one table found on both sides, in a stable order: table, key, attributes, links, indexes. */
function tableDifferences(left: Side, leftInfo: TableInfo, right: Side, rightInfo: TableInfo): SchemaDifference[] {
  const differences: SchemaDifference[] = []
  if (leftInfo.tier !== rightInfo.tier) differences.push({ aspect: 'tier', left: leftInfo.tier, right: rightInfo.tier })
  if (leftInfo.comment !== rightInfo.comment) differences.push({ aspect: 'comment', left: leftInfo.comment, right: rightInfo.comment })
  const keyOf = (info: TableInfo) => visible(info).filter((a) => a.inKey).map((a) => a.name).join(', ')
  if (keyOf(leftInfo) !== keyOf(rightInfo)) differences.push({ aspect: 'primaryKey', left: keyOf(leftInfo), right: keyOf(rightInfo) })
  differences.push(...attributeDifferences(left, leftInfo, right, rightInfo))
  differences.push(...setDifferences('foreignKey', foreignKeyTexts(left, leftInfo), foreignKeyTexts(right, rightInfo)))
  differences.push(...setDifferences('index', indexTexts(leftInfo), indexTexts(rightInfo)))
  return differences
}

function describeOn(side: Side, info: TableInfo): string {
  const { catalog } = side
  return describeTable(info, {
    classNameOf: (schema, table) => {
      const parent = catalog.table(schema, table)
      if (parent === undefined) return `${schema}.${table}`
      const master = parent.master === null ? undefined : catalog.table(schema, parent.master)
      const name = master === undefined ? parent.className : `${master.className}.${parent.className}`
      return schema === info.schema ? name : `${schema}.${name}`
    },
  })
}

/**
 * Compares two schemas, of one Instance or two (same backend or not): tables on one side only, and for tables on
 * both their tier, comment, primary key, attributes (DataJoint type, nullability, default, comment), lineage,
 * foreign keys (parents and renamed attributes) and indexes, plus both `describe()` texts.
 * @example const diff = await dj.diffSchemas(await mariadb.schema('lab'), await postgres.schema('lab'))
 */
export async function diffSchemas(left: Schema, right: Schema): Promise<SchemaDiff> {
  const [leftSide, rightSide] = await Promise.all([loadSide(left), loadSide(right)])
  const names = (side: Side) => [...side.tables.keys()].sort()
  const onlyLeft = names(leftSide).filter((table) => !rightSide.tables.has(table))
  const onlyRight = names(rightSide).filter((table) => !leftSide.tables.has(table))
  const tables: TableDiff[] = []
  for (const className of names(leftSide)) {
    const leftInfo = leftSide.tables.get(className)
    const rightInfo = rightSide.tables.get(className)
    if (leftInfo === undefined || rightInfo === undefined) continue
    tables.push({
      className,
      table: { left: leftInfo.table, right: rightInfo.table },
      differences: tableDifferences(leftSide, leftInfo, rightSide, rightInfo),
      describe: { left: describeOn(leftSide, leftInfo), right: describeOn(rightSide, rightInfo) },
    })
  }
  return {
    left: { schema: left.name, backend: left.context.dialect.backend },
    right: { schema: right.name, backend: right.context.dialect.backend },
    onlyLeft,
    onlyRight,
    tables,
    equal: onlyLeft.length === 0 && onlyRight.length === 0 && tables.every((t) => t.differences.length === 0),
  }
}
