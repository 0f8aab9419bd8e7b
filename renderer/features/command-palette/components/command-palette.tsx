import { useQueries } from '@tanstack/react-query'
import { Command } from 'cmdk'
import { useEffect, useRef, useState } from 'react'
import { useModalDialog } from '../../../components/dialog'
import { SearchIcon } from '../../../components/icons'
import { ShortcutKeys } from '../../../components/shortcut-keys'
import { Spinner } from '../../../components/spinner'
import { schemasQuery, tablesQuery, TierBadge } from '../../browser'
import { paletteEntries, type PaletteAction, type PaletteEntry, type PaletteGroup, type PaletteTab, type PaletteTable } from '../palette-entries'

export interface CommandPaletteProps {
  readonly tabs: readonly PaletteTab[]
  readonly focusedTabId: string | null
  readonly split: boolean
  /** Runs the chosen entry's action; the palette closes first. */
  readonly onRun: (action: PaletteAction) => void
  readonly onClose: () => void
}

const GROUP_ORDER: readonly PaletteGroup[] = ['Actions', 'Tabs', 'Tables', 'Queries', 'Diagrams']

/**
 * The command palette (Ctrl/Cmd+Shift+P): every table of every connected tab, the tabs and the window's actions,
 * found by typing. Tables load per schema through the same queries as the tree, so what the tree has loaded is there
 * at once and the rest follows.
 */
export function CommandPalette({ tabs, focusedTabId, split, onRun, onClose }: CommandPaletteProps) {
  const ref = useRef<HTMLDialogElement>(null)
  useModalDialog(ref, onClose)
  const inputRef = useRef<HTMLInputElement>(null)
  // After the modal opened (which focuses the dialog itself).
  useEffect(() => inputRef.current?.focus(), [])
  const [search, setSearch] = useState('')

  const connected = tabs.filter((t) => t.connected)
  const schemaLists = useQueries({ queries: connected.map((t) => schemasQuery(t.tabId)) })
  const schemaTargets = connected.flatMap((tab, i) => (schemaLists[i]?.data ?? []).map((schema) => ({ tabId: tab.tabId, schema })))
  const tableLists = useQueries({ queries: schemaTargets.map((t) => tablesQuery(t.tabId, t.schema)) })
  const loading = schemaLists.some((q) => q.isPending) || tableLists.some((q) => q.isPending)

  const tables = new Map<string, PaletteTable[]>()
  const schemas = new Map<string, readonly string[]>()
  connected.forEach((tab, i) => schemas.set(tab.tabId, schemaLists[i]?.data ?? []))
  schemaTargets.forEach((target, i) => {
    const list = tables.get(target.tabId) ?? []
    for (const t of tableLists[i]?.data ?? []) list.push({ schema: target.schema, table: t.table, className: t.className, tier: t.tier })
    tables.set(target.tabId, list)
  })
  const entries = paletteEntries({ tabs, focusedTabId, tables, schemas, search, split })

  const run = (entry: PaletteEntry) => {
    onClose()
    onRun(entry.action)
  }

  return (
    <dialog ref={ref} className="dialog palette" aria-label="Command palette">
      <Command label="Search commands and tables" shouldFilter={false} loop>
        <div className="palette-input">
          <SearchIcon />
          <Command.Input ref={inputRef} value={search} onValueChange={setSearch} placeholder="Open a table, switch tabs, run an action…" />
          {loading ? <Spinner size={14} label="Loading tables" /> : null}
        </div>
        <Command.List className="palette-list" aria-label="Commands and tables">
          <Command.Empty className="palette-empty">{loading ? 'Loading tables…' : 'Nothing matches.'}</Command.Empty>
          {GROUP_ORDER.map((group) => {
            const inGroup = entries.filter((e) => e.group === group)
            if (inGroup.length === 0) return null
            return (
              <Command.Group key={group} heading={group} className="palette-group">
                {inGroup.map((entry) => (
                  <Command.Item key={entry.id} value={entry.id} onSelect={() => run(entry)} className="palette-item">
                    {entry.tier === undefined ? null : <TierBadge tier={entry.tier} />}
                    <span className="palette-label">{entry.label}</span>
                    {entry.detail === '' ? null : <span className="palette-detail">{entry.detail}</span>}
                    {entry.shortcut === undefined ? null : <ShortcutKeys keys={entry.shortcut} />}
                  </Command.Item>
                ))}
              </Command.Group>
            )
          })}
        </Command.List>
        <footer className="palette-footer muted">
          <span>
            <kbd>↑</kbd> <kbd>↓</kbd> to move, <kbd>Enter</kbd> to open, <kbd>Esc</kbd> to close
          </span>
          <span>
            <kbd>?</kbd> all shortcuts
          </span>
        </footer>
      </Command>
    </dialog>
  )
}
