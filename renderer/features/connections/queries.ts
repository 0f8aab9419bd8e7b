// Query options and mutations for app info, saved connection profiles and connection tabs.

import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query'
import type { Input, Output } from '../../../electron/ipc/contract'
import { invoke } from '../../lib/ipc'
import { queryKeys } from '../../lib/query-keys'

export type AppInfo = Output<'app.info'>
export type Profile = Output<'connections.list'>[number]
export type Tab = Output<'tabs.list'>[number]
export type ProfileDraft = Input<'connections.save'>['profile']
export type TestResult = Output<'connections.test'>
export type ImportResult = Output<'connections.import'>

export function appInfoQuery() {
  return queryOptions({ queryKey: queryKeys.appInfo(), queryFn: () => invoke('app.info', {}), staleTime: Infinity })
}

export function profilesQuery() {
  return queryOptions({ queryKey: queryKeys.profiles(), queryFn: () => invoke('connections.list', {}) })
}

export function tabsQuery() {
  // Tab states arrive as `tab.state` events, which write into this cache entry; no polling.
  return queryOptions({ queryKey: queryKeys.tabs(), queryFn: () => invoke('tabs.list', {}), staleTime: Infinity })
}

/** Replaces one tab in the cached list (or appends it), keeping the tab bar in the main process's order. */
export function upsertTab(tabs: readonly Tab[] | undefined, tab: Tab): Tab[] {
  const list = tabs ?? []
  if (tab.state === 'closed') return list.filter((t) => t.tabId !== tab.tabId)
  const index = list.findIndex((t) => t.tabId === tab.tabId)
  if (index === -1) return [...list, tab]
  return list.map((t) => (t.tabId === tab.tabId ? tab : t))
}

export function useSaveProfile() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (input: Input<'connections.save'>) => invoke('connections.save', input),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.profiles() }),
  })
}

export function useDeleteProfile() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (profileId: string) => invoke('connections.delete', { profileId }),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.profiles() }),
  })
}

export function useTestConnection() {
  return useMutation({ mutationFn: (input: Input<'connections.test'>) => invoke('connections.test', input) })
}

export function useImportProfile() {
  return useMutation({ mutationFn: (path: string) => invoke('connections.import', { path }) })
}

export function useOpenTab() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (input: Input<'tabs.open'>) => invoke('tabs.open', input),
    onSuccess: (tab) => client.setQueryData(queryKeys.tabs(), (tabs: Tab[] | undefined) => upsertTab(tabs, tab)),
  })
}

export function useCloseTab() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (tabId: string) => invoke('tabs.close', { tabId }),
    onMutate: (tabId) => {
      client.setQueryData(queryKeys.tabs(), (tabs: Tab[] | undefined) => (tabs ?? []).filter((t) => t.tabId !== tabId))
    },
    onSettled: (_data, _error, tabId) => {
      client.removeQueries({ queryKey: queryKeys.tab(tabId) })
      return client.invalidateQueries({ queryKey: queryKeys.tabs() })
    },
  })
}

export function useReconnectTab() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (tabId: string) => invoke('tabs.reconnect', { tabId }),
    onSuccess: (tab) => {
      client.setQueryData(queryKeys.tabs(), (tabs: Tab[] | undefined) => upsertTab(tabs, tab))
      if (tab.state === 'connected') return client.invalidateQueries({ queryKey: queryKeys.tab(tab.tabId) })
      return undefined
    },
  })
}

/** Lets the shell see a reset running (the demo tab is closed meanwhile). */
export const DEMO_RESET_KEY = ['demo', 'reset'] as const

export function useResetDemo() {
  const client = useQueryClient()
  return useMutation({
    mutationKey: DEMO_RESET_KEY,
    mutationFn: () => invoke('demo.reset', {}),
    onSuccess: (tab) => {
      client.setQueryData(queryKeys.tabs(), (tabs: Tab[] | undefined) => upsertTab(tabs, tab))
      // The reset may replace the demo tab; the list from main is the truth.
      return Promise.all([
        client.invalidateQueries({ queryKey: queryKeys.tabs() }),
        client.invalidateQueries({ queryKey: queryKeys.tab(tab.tabId) }),
      ])
    },
  })
}

export function useTrustHostKey() {
  return useMutation({ mutationFn: (input: Input<'connections.trustHostKey'>) => invoke('connections.trustHostKey', input) })
}
