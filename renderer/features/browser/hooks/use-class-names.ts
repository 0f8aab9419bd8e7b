import { useQueries } from '@tanstack/react-query'
import { useCallback, useMemo } from 'react'
import { tablesQuery } from '../queries'
import type { TableSummary } from '../tree-model'

/**
 * DataJoint class names (`Master.Part` for parts) of the tables of some schemas, by `schema.table`; the schemas'
 * table lists are usually cached by the tree already.
 */
export function useClassNames(tabId: string, schemas: readonly string[]): ReadonlyMap<string, string> {
  const unique = useMemo(() => [...new Set(schemas)], [schemas])
  const combine = useCallback(
    (results: readonly { readonly data: TableSummary[] | undefined }[]) => {
      const names = new Map<string, string>()
      unique.forEach((schema, i) => {
        const tables = results[i]?.data ?? []
        const byTable = new Map(tables.map((t) => [t.table, t]))
        for (const t of tables) {
          const master = t.master === null ? undefined : byTable.get(t.master)
          names.set(`${schema}.${t.table}`, master === undefined ? t.className : `${master.className}.${t.className}`)
        }
      })
      return names
    },
    [unique],
  )
  return useQueries({ queries: unique.map((schema) => tablesQuery(tabId, schema)), combine })
}
