import { useEffect } from 'react'
import { Button } from '../components/button'
import { ErrorCallout } from '../components/error-callout'
import { DatabaseIcon, RefreshIcon } from '../components/icons'
import { Spinner } from '../components/spinner'
import { Browser, type BrowserRequest, type DeclareAction } from '../features/browser'
import { DropDialog, NewSchemaDialog, NewTableDialog } from '../features/declare'
import { QueryWorkspace, useQueryTabs } from '../features/query-builder'
import { ConnectingState, LostBanner, TabErrorState, useAutoReconnect, useResetDemo, type Tab } from '../features/connections'
import { UiStateScope } from '../lib/ui-state'
import { FeatureErrorBoundary } from './error-boundary'

export interface TabWorkspaceProps {
  readonly tab: Tab
  readonly onEdit: (() => void) | undefined
  /** Reports the state shown (which may be `lost` before the main process says so). */
  readonly onState: (tabId: string, state: Tab['state']) => void
  readonly onDemoReset: (tab: Tab) => void
  /** What the palette or a shortcut asked this tab's browser to open or do. */
  readonly request: BrowserRequest | null
}

/** The declare feature's dialog for a tree or palette action. */
function DeclareDialog({ tab, action, done }: { readonly tab: Tab; readonly action: DeclareAction; readonly done: (opened: { schema: string; table: string } | null) => void }) {
  switch (action.kind) {
    case 'newSchema':
      return <NewSchemaDialog tabId={tab.tabId} readOnly={tab.readOnly} onCreated={() => done(null)} onClose={() => done(null)} />
    case 'newTable':
      return <NewTableDialog tabId={tab.tabId} readOnly={tab.readOnly} backend={tab.backend} schema={action.schema} onDeclared={done} onClose={() => done(null)} />
    case 'dropTable':
      return <DropDialog tabId={tab.tabId} readOnly={tab.readOnly} target={{ kind: 'table', schema: action.schema, table: action.table, className: action.className }} onDropped={() => undefined} onClose={() => done(null)} />
    case 'dropSchema':
      return <DropDialog tabId={tab.tabId} readOnly={tab.readOnly} target={{ kind: 'schema', schema: action.schema }} onDropped={() => undefined} onClose={() => done(null)} />
    default:
      return null
  }
}

/** One connection tab's content, by state: connecting, error, or the browser (with a banner when lost). */
export function TabWorkspace({ tab, onEdit, onState, onDemoReset, request }: TabWorkspaceProps) {
  const reconnect = useAutoReconnect(tab)
  const { state } = reconnect
  const queries = useQueryTabs()
  useEffect(() => onState(tab.tabId, state), [onState, tab.tabId, state])

  switch (state) {
    case 'connecting':
      return <ConnectingState tab={tab} />
    case 'error':
      return <TabErrorState tab={tab} retrying={reconnect.reconnecting} onRetry={reconnect.reconnectNow} onEdit={onEdit} />
    case 'closed':
      return null
    case 'lost':
    case 'connected':
      return (
        <div className="workspace-tab">
          {state === 'lost' ? <LostBanner tab={tab} reconnect={reconnect} /> : null}
          {tab.isDemo ? <DemoStrip onReset={onDemoReset} /> : null}
          <FeatureErrorBoundary label={`tab ${tab.title}`}>
            <UiStateScope.Provider value={uiStateScopeOf(tab)}>
              <Browser
                tabId={tab.tabId}
                readOnly={tab.readOnly}
                request={request}
                queries={{
                  count: queries.tabs.length,
                  newQuery: (start) => queries.open({ start: { kind: 'table', schema: start?.schema ?? '', table: start?.table ?? '' }, steps: [] }),
                  render: (defaultSchema) => <QueryWorkspace tabId={tab.tabId} queries={queries} defaultSchema={defaultSchema} />,
                }}
                declare={{ render: (action, done) => <DeclareDialog tab={tab} action={action} done={done} /> }}
              />
            </UiStateScope.Provider>
          </FeatureErrorBoundary>
        </div>
      )
    default:
      return null
  }
}

/** A tab's views save their state under its profile, so the tab reopened after a restart finds it. */
export function uiStateScopeOf(tab: Tab): string {
  return `tab:${tab.isDemo ? 'demo' : (tab.profileId ?? tab.tabId)}`
}

function DemoStrip({ onReset }: { readonly onReset: (tab: Tab) => void }) {
  const reset = useResetDemo()
  return (
    <div className="demo-strip">
      <DatabaseIcon size={14} />
      <span>
        <strong>Demo lab</strong>
        <span className="demo-strip-text"> — an embedded PostgreSQL with a small DataJoint pipeline. Change anything; reset it any time.</span>
      </span>
      <span className="spacer" />
      {reset.isError ? <ErrorCallout error={reset.error} compact /> : null}
      <Button
        size="sm"
        variant="ghost"
        icon={reset.isPending ? <Spinner size={12} /> : <RefreshIcon />}
        disabled={reset.isPending}
        onClick={() => reset.mutate(undefined, { onSuccess: onReset })}
      >
        Reset demo
      </Button>
    </div>
  )
}
