import { useCallback, useState } from 'react'
import type { BuilderQuery } from '../model'

/** One query open in a connection tab. */
export interface QueryTab {
  readonly id: string
  readonly title: string
  readonly query: BuilderQuery
  /** The saved query it was opened from or saved as; Save then replaces it. */
  readonly savedId: string | null
}

export interface QueryTabs {
  readonly tabs: readonly QueryTab[]
  readonly activeId: string | null
  open(query: BuilderQuery, title?: string, savedId?: string | null): void
  close(id: string): void
  activate(id: string): void
  update(id: string, change: Partial<Omit<QueryTab, 'id'>>): void
}

let opened = 0

/** The query tabs of one connection tab: several open at once, one shown. */
export function useQueryTabs(): QueryTabs {
  const [tabs, setTabs] = useState<readonly QueryTab[]>([])
  const [activeId, setActiveId] = useState<string | null>(null)
  const open = useCallback((query: BuilderQuery, title?: string, savedId: string | null = null) => {
    opened += 1
    const id = `query-${opened}`
    setTabs((old) => [...old, { id, title: title ?? `Query ${opened}`, query, savedId }])
    setActiveId(id)
  }, [])
  const close = useCallback((id: string) => {
    setTabs((old) => {
      const index = old.findIndex((t) => t.id === id)
      const rest = old.filter((t) => t.id !== id)
      setActiveId((active) => (active === id ? (rest[Math.min(index, rest.length - 1)]?.id ?? null) : active))
      return rest
    })
  }, [])
  const update = useCallback((id: string, change: Partial<Omit<QueryTab, 'id'>>) => {
    setTabs((old) => old.map((t) => (t.id === id ? { ...t, ...change } : t)))
  }, [])
  return { tabs, activeId, open, close, activate: setActiveId, update }
}
