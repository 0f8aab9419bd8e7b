// TableInfo -> definition text, reproducing DataJoint's `Table.describe()` (`table.py`). Pure: class names of
// parents come from the caller.

import type { Attribute } from '../heading/attribute'
import { tableKey, type TableInfo } from '../heading/table-info'

export interface DescribeContext {
  /** All known tables by `tableKey`; used to name parents when `classNameOf` is not given. */
  readonly tables?: ReadonlyMap<string, TableInfo>
  /** How a parent is referenced from this table's definition (`Subject`, `Session.Trial`, `other.Table`). */
  readonly classNameOf?: (schema: string, table: string) => string
}

/**
 * The definition DataJoint's `describe()` prints for a table: `# comment`, key attributes, `---`, secondary
 * attributes, with foreign-key attributes folded into `-> [nullable, unique] Parent[.proj(new="old")]` lines at
 * the position of the key's last attribute, then the remaining indexes. Unlike Python (which reads no indexes on
 * PostgreSQL and prints PostgreSQL defaults as raw expressions), indexes and defaults are shown on both backends.
 */
export function describeTable(info: TableInfo, context: DescribeContext = {}): string {
  const classNameOf = context.classNameOf ?? ((schema: string, table: string) => defaultClassName(schema, table, info, context))
  const attributes = info.attributes.filter((attribute) => !attribute.hidden)
  const byName = new Map(attributes.map((attribute) => [attribute.name, attribute]))
  const remainingIndexes = [...info.indexes]
  let definition = info.comment === '' ? '' : `# ${info.comment}\n`
  let inKey = true
  const seen = new Set<string>()
  for (const attribute of attributes) {
    if (inKey && !attribute.inKey) {
      definition += '---\n'
      inKey = false
    }
    seen.add(attribute.name)
    let include = true
    for (const fk of info.foreignKeys) {
      if (!fk.attributes.includes(attribute.name)) continue
      include = false
      if (!fk.attributes.every((name) => seen.has(name))) continue
      const options: string[] = []
      if (fk.attributes.some((name) => byName.get(name)?.nullable === true)) options.push('nullable')
      const indexAt = remainingIndexes.findIndex((index) => sameList(index.attributes, fk.attributes))
      if (indexAt >= 0) {
        const [index] = remainingIndexes.splice(indexAt, 1)
        if (index?.unique === true) options.push('unique')
      }
      const optionText = options.length > 0 ? ` [${options.join(', ')}]` : ''
      const parent = classNameOf(fk.parentSchema, fk.parentTable)
      const renamed = fk.attributes
        .map((name, i) => [name, fk.parentAttributes[i] ?? name] as const)
        .filter(([name, parentName]) => name !== parentName)
      const projection =
        renamed.length === 0 ? '' : `.proj(${renamed.map(([name, parentName]) => `${name}="${parentName}"`).join(',')})`
      definition += `->${optionText} ${parent}${projection}\n`
    }
    if (include) definition += attributeLine(attribute)
  }
  for (const index of remainingIndexes) {
    definition += `${index.unique ? 'UNIQUE ' : ''}INDEX (${index.attributes.join(', ')})\n`
  }
  return definition
}

/** Python's `"%-20s : %-28s %s\n"` (note the trailing spaces when there is no comment). */
function attributeLine(attribute: Attribute): string {
  const name = attribute.default === undefined ? attribute.name : `${attribute.name}=${attribute.default}`
  const type = `${attribute.type}${attribute.autoIncrement ? ' auto_increment' : ''}`
  const comment = attribute.comment === '' ? '' : `# ${attribute.comment}`
  return `${name.padEnd(20)} : ${type.padEnd(28)} ${comment}\n`
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, i) => b[i] === value)
}

/** `Class`, `Master.Part`, prefixed with the schema when the parent lives elsewhere; the quoted name if unknown. */
function defaultClassName(schema: string, table: string, info: TableInfo, context: DescribeContext): string {
  const parent = context.tables?.get(tableKey(schema, table))
  if (parent === undefined) return `\`${schema}\`.\`${table}\``
  const master = parent.master === null ? undefined : context.tables?.get(tableKey(schema, parent.master))
  const name = master === undefined ? parent.className : `${master.className}.${parent.className}`
  return schema === info.schema ? name : `${schema}.${name}`
}
