import { IconButton } from '../components/button'
import { CloseIcon, CompareIcon, ErrorIcon, LockIcon, MonitorIcon, MoonIcon, PlusIcon, SplitIcon, SunIcon, WarningIcon } from '../components/icons'
import { Spinner } from '../components/spinner'
import { BACKEND_LABELS, BACKEND_SHORT, shortVersion, type Tab } from '../features/connections'
import type { ThemePreference } from './use-theme'

export interface TabBarProps {
  readonly tabs: readonly Tab[]
  /** Tabs shown in a pane (one, or two side by side). */
  readonly visible: readonly string[]
  readonly focusedTabId: string | null
  /** Tab states as the workspace shows them (a query may have noticed a lost connection first). */
  readonly states: ReadonlyMap<string, Tab['state']>
  readonly split: boolean
  readonly theme: ThemePreference
  readonly onSelect: (tabId: string) => void
  readonly onClose: (tabId: string) => void
  readonly onNew: () => void
  /** A tab being re-created (the demo lab during a reset), shown greyed with a spinner. */
  readonly placeholder: string | null
  readonly onToggleSplit: () => void
  readonly onCycleTheme: () => void
  /** Opens the Compare view (two schemas, of two tabs or of one); shown pressed while it is open. */
  readonly onCompare: () => void
  readonly comparing: boolean
}

const THEME_LABELS: Readonly<Record<ThemePreference, string>> = {
  system: 'Theme: follows the system (click for light)',
  light: 'Theme: light (click for dark)',
  dark: 'Theme: dark (click to follow the system)',
}

export function TabBar(props: TabBarProps) {
  const { tabs, visible, focusedTabId, states, split, theme, onSelect, onClose, onNew, placeholder, onToggleSplit, onCycleTheme, onCompare, comparing } = props
  return (
    <header className="tabbar">
      <div className="tabbar-brand" aria-hidden="true" title="Joinery">
        <svg className="brand-mark" width="18" height="18" viewBox="0 0 18 18">
          <rect width="18" height="18" rx="4.5" className="brand-bg" />
          {/* A dovetail: the joint that gives the app its name. */}
          <path d="M4.5 4.5h9l-2.4 9H6.9Z" className="brand-tail" />
        </svg>
      </div>
      <div className="tabbar-tabs" role="tablist" aria-label="Connections">
        {tabs.map((tab, index) => {
          const state = states.get(tab.tabId) ?? tab.state
          const shown = visible.includes(tab.tabId)
          return (
            <div
              key={tab.tabId}
              className={`tab${shown ? ' is-shown' : ''}${tab.tabId === focusedTabId ? ' is-focused' : ''}`}
              style={{ '--tab-color': tab.color } as React.CSSProperties}
            >
              <button
                type="button"
                role="tab"
                className="tab-main"
                aria-selected={tab.tabId === focusedTabId}
                aria-label={`${tab.title}, ${BACKEND_LABELS[tab.backend]}, ${stateLabel(state, tab)}`}
                title={`${tab.title} · ${tab.serverVersion === '' ? BACKEND_LABELS[tab.backend] : shortVersion(tab.serverVersion)}\n${stateLabel(state, tab)}${index < 9 ? `\nCtrl/Cmd+${index + 1}` : ''}`}
                onClick={() => onSelect(tab.tabId)}
              >
                <span className="tab-backend">{BACKEND_SHORT[tab.backend]}</span>
                <span className="tab-title">{tab.title}</span>
                {tab.readOnly ? (
                  <span className="tab-badge" data-short="RO">
                    read-only
                  </span>
                ) : null}
                <TabState tab={tab} state={state} />
              </button>
              <IconButton label={`Close ${tab.title}`} className="tab-close" onClick={() => onClose(tab.tabId)}>
                <CloseIcon size={12} />
              </IconButton>
            </div>
          )
        })}
        {placeholder === null ? null : (
          <div className="tab tab-placeholder" role="presentation" title={`${placeholder}: resetting`}>
            <span className="tab-main">
              <span className="tab-title">{placeholder}</span>
              <Spinner size={12} />
            </span>
          </div>
        )}
        <IconButton label="New connection (Ctrl/Cmd+T)" className="tabbar-new" onClick={onNew}>
          <PlusIcon />
        </IconButton>
      </div>
      <div className="tabbar-tools">
        <IconButton label="Compare two schemas…" onClick={onCompare} aria-pressed={comparing} disabled={tabs.length === 0}>
          <CompareIcon />
        </IconButton>
        <IconButton label={split ? 'Show one tab' : 'Show two tabs side by side'} onClick={onToggleSplit} aria-pressed={split} disabled={tabs.length < 2}>
          <SplitIcon />
        </IconButton>
        <IconButton label={THEME_LABELS[theme]} onClick={onCycleTheme}>
          {theme === 'system' ? <MonitorIcon /> : theme === 'light' ? <SunIcon /> : <MoonIcon />}
        </IconButton>
      </div>
    </header>
  )
}

function stateLabel(state: Tab['state'], tab: Tab): string {
  switch (state) {
    case 'connecting':
      return 'connecting'
    case 'connected':
      if (tab.isDemo) return 'connected (embedded demo database)'
      return tab.encrypted ? 'connected, encrypted' : tab.viaSsh ? 'connected through SSH' : 'connected, not encrypted'
    case 'lost':
      return 'connection lost'
    case 'error':
      return 'could not connect'
    case 'closed':
      return 'closed'
    default:
      return state
  }
}

function TabState({ tab, state }: { readonly tab: Tab; readonly state: Tab['state'] }) {
  switch (state) {
    case 'connecting':
      return <Spinner size={12} />
    case 'connected':
      if (tab.isDemo) return <span className="tab-badge tab-badge-muted tab-badge-optional">demo</span>
      if (tab.encrypted) return <LockIcon size={12} className="tab-lock" />
      return tab.viaSsh ? (
        <span className="tab-badge tab-badge-muted" title="Through an SSH tunnel: encrypted as far as the SSH server">
          SSH
        </span>
      ) : (
        <span className="tab-badge tab-badge-warn" data-short="!">
          not encrypted
        </span>
      )
    case 'lost':
      return <WarningIcon size={13} className="tab-warn" />
    case 'error':
      return <ErrorIcon size={13} className="tab-error" />
    default:
      return null
  }
}
