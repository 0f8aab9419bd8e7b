import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect } from 'react'
import { on } from '../../../lib/ipc'
import { queryKeys } from '../../../lib/query-keys'
import { tabsQuery, upsertTab, type Tab } from '../queries'

/** The open connection tabs, kept current by the main process's `tab.state` events. */
export function useTabs() {
  const client = useQueryClient()
  useEffect(
    () =>
      on('tab.state', (tab) => {
        const previous = client.getQueryData<Tab[]>(queryKeys.tabs())?.find((t) => t.tabId === tab.tabId)
        client.setQueryData(queryKeys.tabs(), (tabs: Tab[] | undefined) => upsertTab(tabs, tab))
        // Back from lost or error: everything this tab showed may be stale.
        if (tab.state === 'connected' && previous !== undefined && previous.state !== 'connected') {
          void client.invalidateQueries({ queryKey: queryKeys.tab(tab.tabId) })
        }
      }),
    [client],
  )
  return useQuery(tabsQuery())
}
