// Following the data from a table's rows to the rows that reference them: for each foreign key of a child or part
// table (in any schema), the child restricted to the rows referencing the given ones, and how many there are.
// Counted on the server, one statement per foreign key that binds every given key at once.

import { restrictedTableOf, Table, type Instance, type QueryExpr } from '../../src/index'
import type { Output } from '../ipc/contract'
import type { Handlers } from './handlers'
import type { TabRegistry } from './tabs'

type Reference = Output<'table.references'>['references'][number]

/**
 * DataJoint's children of the table `expr` restricts, each restricted to the rows that reference `expr`'s rows:
 * `Child & (Parent & restriction).proj(new_name='old')`, the renaming only for renamed foreign keys. Ordered as
 * `children()` orders them (by schema, table and constraint).
 */
export async function referencesOf(instance: Instance, expr: QueryExpr): Promise<Reference[]> {
  const { schema, table } = restrictedTableOf(expr)
  const parent = new Table(instance, schema, table, expr)
  const links = await parent.children({ foreignKeyInfo: true })
  const parentKey = parent.proj()
  const references: Reference[] = []
  for (const link of links) {
    const renamed: Record<string, string> = {}
    for (const [childColumn, parentColumn] of Object.entries(link.attrMap)) if (childColumn !== parentColumn) renamed[childColumn] = parentColumn
    const matching = Object.keys(renamed).length === 0 ? parentKey : parentKey.proj(renamed)
    const child = new Table(instance, link.schemaName, link.tableName).restrict(matching)
    const info = await instance.tableInfo(link.schemaName, link.tableName)
    const master = info.master === null ? null : await instance.tableInfo(link.schemaName, info.master)
    const { count } = await instance.pipeline.count(child.expr)
    references.push({
      schema: link.schemaName,
      table: link.tableName,
      className: master === null ? info.className : `${master.className}.${info.className}`,
      tier: info.tier,
      attributeMap: { ...link.attrMap },
      aliased: link.aliased,
      count,
      expr: child.expr,
    })
  }
  return references
}

export function followHandlers(tabs: TabRegistry) {
  return {
    'table.references': ({ tabId, expr }) => tabs.use(tabId, async (instance) => ({ references: await referencesOf(instance, expr) })),
  } satisfies Partial<Handlers>
}
