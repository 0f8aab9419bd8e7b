import { useIsMutating, useQuery } from '@tanstack/react-query'
import { useCallback, useEffect, useMemo, useRef, useState, type CSSProperties } from 'react'
import { ErrorCallout } from '../components/error-callout'
import { Spinner } from '../components/spinner'
import {
  BACKEND_LABELS,
  ConnectionDialog,
  DEMO_RESET_KEY,
  profilesQuery,
  shortVersion,
  useCloseTab,
  useOpenTab,
  useTabs,
  Welcome,
  type Tab,
} from '../features/connections'
import type { BrowserRequest, BrowserTarget } from '../features/browser'
import { CommandPalette, type PaletteAction } from '../features/command-palette'
import { CompareView } from '../features/compare'
import { usePersistedState } from '../lib/ui-state'
import { readPaneState, resolvePanes, showTab, toggleSplit, type PaneState } from './panes'
import type { Shortcut } from './shortcuts'
import { TabBar } from './tab-bar'
import { ShortcutsHelp } from './shortcuts-help'
import { TabWorkspace, uiStateScopeOf } from './tab-workspace'
import { useShortcuts } from './use-shortcuts'
import { useTheme } from './use-theme'

const NO_TABS: readonly Tab[] = []

/** The window: the tab bar, one or two tab panes side by side, and the connection dialog. */
export function Shell() {
  const { preference, cycle } = useTheme()
  const tabsQuery = useTabs()
  const profiles = useQuery(profilesQuery())
  const openTab = useOpenTab()
  const closeTab = useCloseTab()
  const tabs = tabsQuery.data ?? NO_TABS
  const [paneState, setPaneState] = useState<PaneState>({ left: null, right: null, focus: 'left', split: false })
  // The layout is saved naming tabs by profile (a tab reopened after a restart has a new id), and restored once the
  // first tab list arrives.
  const [savedPanes, setSavedPanes] = usePersistedState<PaneState | null>('window.panes', readPaneState, null)
  const [panesRestored, setPanesRestored] = useState(false)
  const [dialog, setDialog] = useState<{ readonly profileId?: string | undefined; readonly tabId?: string | undefined } | null>(null)
  const [shownStates, setShownStates] = useState<ReadonlyMap<string, Tab['state']>>(new Map())
  const [overlay, setOverlay] = useState<'palette' | 'shortcuts' | null>(null)
  const [requests, setRequests] = useState<ReadonlyMap<string, BrowserRequest>>(new Map())
  /** The Compare view, over the panes while open: its two sides start as the tabs shown (or the focused tab twice). */
  const [compare, setCompare] = useState<{ readonly left: string; readonly right: string } | null>(null)

  if (!panesRestored && tabsQuery.data !== undefined) {
    setPanesRestored(true)
    if (savedPanes !== null) {
      const idOf = (key: string | null) => tabs.find((t) => uiStateScopeOf(t) === key)?.tabId ?? null
      setPaneState({ ...savedPanes, left: idOf(savedPanes.left), right: idOf(savedPanes.right) })
    }
  }
  const panes = useMemo(() => resolvePanes(paneState, tabs.map((t) => t.tabId)), [paneState, tabs])
  useEffect(() => {
    if (!panesRestored || tabs.length === 0) return
    const keyOf = (id: string | null) => {
      const tab = tabs.find((t) => t.tabId === id)
      return tab === undefined ? null : uiStateScopeOf(tab)
    }
    setSavedPanes({ ...panes, left: keyOf(panes.left), right: keyOf(panes.right) })
  }, [panes, tabs, panesRestored, setSavedPanes])
  const focusedTabId = panes.focus === 'right' ? panes.right : panes.left
  const openCompare = () => {
    const left = panes.left ?? tabs[0]?.tabId
    if (left === undefined) return
    const right = panes.split && panes.right !== null ? panes.right : (tabs.find((t) => t.tabId !== left)?.tabId ?? left)
    setCompare((open) => (open === null ? { left, right } : null))
  }
  const comparing = compare !== null && tabs.some((t) => t.tabId === compare.left) && tabs.some((t) => t.tabId === compare.right)

  // First start: no saved connection and no tab yet, so open the demo lab.
  const demoTried = useRef(false)
  const { mutate: open } = openTab
  useEffect(() => {
    if (demoTried.current || tabsQuery.data === undefined || profiles.data === undefined) return
    demoTried.current = true
    if (tabsQuery.data.length === 0 && profiles.data.length === 0) {
      open({ demo: true }, { onSuccess: (tab) => setPaneState((p) => ({ ...p, left: tab.tabId, focus: 'left' })) })
    }
  }, [tabsQuery.data, profiles.data, open])

  const show = useCallback((tabId: string) => setPaneState(showTab(panes, tabId)), [panes])

  const onOpened = useCallback(
    (tab: Tab) => {
      setDialog(null)
      show(tab.tabId)
    },
    [show],
  )

  const close = useCallback(
    (tabId: string) => {
      closeTab.mutate(tabId)
    },
    [closeTab],
  )

  /** Shows `tabId` and has its browser open or do `target`. */
  const openIn = (tabId: string, target: BrowserTarget) => {
    show(tabId)
    setRequests((old) => new Map(old).set(tabId, { ...target, id: Date.now() }))
  }
  const inFocusedTab = (target: BrowserTarget) => {
    if (focusedTabId !== null) openIn(focusedTabId, target)
  }

  const runPaletteAction = (action: PaletteAction) => {
    switch (action.type) {
      case 'openTable':
        openIn(action.tabId, { kind: 'table', table: { schema: action.schema, table: action.table } })
        break
      case 'newQuery':
        openIn(action.tabId, { kind: 'newQuery', table: { schema: action.schema, table: action.table } })
        break
      case 'openDiagram':
        openIn(action.tabId, { kind: 'diagram', schema: action.schema })
        break
      case 'showTab':
        show(action.tabId)
        break
      case 'newConnection':
        setDialog({})
        break
      case 'closeTab':
        if (focusedTabId !== null) close(focusedTabId)
        break
      case 'toggleSplit':
        setPaneState(toggleSplit(panes))
        break
      case 'cycleTheme':
        cycle()
        break
      case 'compare':
        if (compare === null) openCompare()
        break
      case 'search':
        // After the palette's dialog has closed and given focus back.
        requestAnimationFrame(() => inFocusedTab({ kind: 'search' }))
        break
      case 'toggleTree':
        inFocusedTab({ kind: 'toggleTree' })
        break
      case 'showShortcuts':
        setOverlay('shortcuts')
        break
      case 'declare':
        // After the palette's dialog has closed: the declare dialog is modal too.
        requestAnimationFrame(() => inFocusedTab({ kind: 'declare', action: action.action }))
        break
      default:
    }
  }

  const onShortcut = (shortcut: Shortcut) => {
    switch (shortcut.type) {
      case 'selectTab': {
        setCompare(null)
        const tab = shortcut.index === 'last' ? tabs.at(-1) : tabs[shortcut.index]
        if (tab !== undefined) show(tab.tabId)
        break
      }
      case 'closeTab':
        if (focusedTabId !== null) close(focusedTabId)
        break
      case 'newConnection':
        setDialog({})
        break
      case 'search':
        inFocusedTab({ kind: 'search' })
        break
      case 'toggleTree':
        inFocusedTab({ kind: 'toggleTree' })
        break
      case 'palette':
        setOverlay((o) => (o === 'palette' ? null : 'palette'))
        break
      case 'showShortcuts':
        setOverlay('shortcuts')
        break
      default:
    }
  }
  useShortcuts(onShortcut)

  const onState = useCallback((tabId: string, state: Tab['state']) => {
    setShownStates((old) => {
      if (old.get(tabId) === state) return old
      const next = new Map(old)
      next.set(tabId, state)
      return next
    })
  }, [])

  const editFor = (tab: Tab): (() => void) | undefined => {
    const { profileId } = tab
    if (profileId === null) return undefined
    return () => setDialog({ profileId, tabId: tab.tabId })
  }

  const onDemoReset = useCallback((tab: Tab) => show(tab.tabId), [show])

  // A demo reset closes the demo tab and opens a new one (seconds later): say so meanwhile, then show it.
  const resettingDemo = useIsMutating({ mutationKey: DEMO_RESET_KEY }) > 0
  const demoTab = tabs.find((t) => t.isDemo)
  const [awaitingDemo, setAwaitingDemo] = useState(false)
  if (resettingDemo && !awaitingDemo) setAwaitingDemo(true)
  if (awaitingDemo && !resettingDemo && demoTab !== undefined) {
    setAwaitingDemo(false)
    setPaneState(showTab(panes, demoTab.tabId))
  }
  const demoPlaceholder = resettingDemo && demoTab === undefined

  return (
    <div className="app">
      <TabBar
        tabs={tabs}
        visible={[panes.left, panes.split ? panes.right : null].filter((id): id is string => id !== null)}
        focusedTabId={focusedTabId}
        states={shownStates}
        split={panes.split}
        theme={preference}
        onSelect={(tabId) => {
          setCompare(null)
          show(tabId)
        }}
        onClose={close}
        onNew={() => setDialog({})}
        placeholder={demoPlaceholder ? 'Demo lab' : null}
        onToggleSplit={() => setPaneState(toggleSplit(panes))}
        onCycleTheme={cycle}
        onCompare={openCompare}
        comparing={comparing}
      />
      {comparing && compare !== null ? (
        <CompareView
          tabs={tabs.map((t) => ({
            tabId: t.tabId,
            title: t.title,
            server: t.serverVersion === '' ? BACKEND_LABELS[t.backend] : shortVersion(t.serverVersion),
            readOnly: t.readOnly,
            color: t.color,
          }))}
          initialLeft={compare.left}
          initialRight={compare.right}
          onClose={() => setCompare(null)}
        />
      ) : null}
      <div className={`workspace${panes.split ? ' is-split' : ''}`} hidden={comparing}>
        {tabsQuery.isError ? (
          <div className="center-state">
            <ErrorCallout error={tabsQuery.error} />
          </div>
        ) : tabs.length === 0 ? (
          tabsQuery.isPending || openTab.isPending || demoPlaceholder ? (
            <div className="center-state" role="status">
              <Spinner size={22} />
              <p>{demoPlaceholder ? 'Resetting the demo lab…' : openTab.isPending ? 'Opening the demo lab…' : 'Starting…'}</p>
              {demoPlaceholder ? <p className="muted">Its database is rebuilt from the seed; this takes a few seconds.</p> : null}
            </div>
          ) : (
            <>
              {openTab.isError ? (
                <div className="startup-error">
                  <ErrorCallout error={openTab.error} compact />
                </div>
              ) : null}
              <Welcome onNewConnection={() => setDialog({})} onOpened={onOpened} />
            </>
          )
        ) : (
          tabs.map((tab) => {
            const column = tab.tabId === panes.left ? 1 : panes.split && tab.tabId === panes.right ? 2 : 0
            const side = column === 2 ? 'right' : 'left'
            return (
              <div
                key={tab.tabId}
                className={`pane${tab.tabId === focusedTabId ? ' is-focused' : ''}`}
                hidden={column === 0}
                style={{ gridColumn: column === 0 ? undefined : column, '--tab-color': tab.color } as CSSProperties}
                onPointerDownCapture={() => {
                  if (panes.split && panes.focus !== side) setPaneState({ ...panes, focus: side })
                }}
                aria-label={`${tab.title} (${BACKEND_LABELS[tab.backend]})`}
                role="region"
              >
                {panes.split ? (
                  <div className="pane-title">
                    <span className="color-dot" style={{ background: tab.color }} />
                    <strong>{tab.title}</strong>
                    <span className="muted">{tab.serverVersion === '' ? BACKEND_LABELS[tab.backend] : shortVersion(tab.serverVersion)}</span>
                  </div>
                ) : null}
                <TabWorkspace
                  tab={tab}
                  onEdit={editFor(tab)}
                  onState={onState}
                  onDemoReset={onDemoReset}
                  request={requests.get(tab.tabId) ?? null}
                />
              </div>
            )
          })
        )}
      </div>
      {overlay === 'palette' ? (
        <CommandPalette
          tabs={tabs.map((t) => ({ tabId: t.tabId, title: t.title, connected: (shownStates.get(t.tabId) ?? t.state) === 'connected' }))}
          focusedTabId={focusedTabId}
          split={panes.split}
          onRun={runPaletteAction}
          onClose={() => setOverlay(null)}
        />
      ) : overlay === 'shortcuts' ? (
        <ShortcutsHelp onClose={() => setOverlay(null)} />
      ) : null}
      {dialog === null ? null : <ConnectionDialog profileId={dialog.profileId} tabId={dialog.tabId} onClose={() => setDialog(null)} onOpened={onOpened} />}
    </div>
  )
}
