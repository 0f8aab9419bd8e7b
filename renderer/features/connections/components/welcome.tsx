import { useQuery } from '@tanstack/react-query'
import { Button } from '../../../components/button'
import { ErrorCallout } from '../../../components/error-callout'
import { DatabaseIcon, PlugIcon, PlusIcon } from '../../../components/icons'
import { Spinner } from '../../../components/spinner'
import { BACKEND_SHORT } from '../profile-form'
import { profilesQuery, useOpenTab, type Tab } from '../queries'

export interface WelcomeProps {
  readonly onNewConnection: () => void
  readonly onOpened: (tab: Tab) => void
}

/** What the window shows with no tab open: saved connections, a new one, or the demo lab. */
export function Welcome({ onNewConnection, onOpened }: WelcomeProps) {
  const profiles = useQuery(profilesQuery())
  const open = useOpenTab()
  return (
    <div className="welcome">
      <div className="welcome-card">
        <h1 className="welcome-title">Joinery</h1>
        <p className="muted">Browse DataJoint pipelines on MySQL and PostgreSQL servers.</p>
        <div className="welcome-actions">
          <Button variant="primary" icon={<PlusIcon />} onClick={onNewConnection}>
            New connection
          </Button>
          <Button icon={<DatabaseIcon />} onClick={() => open.mutate({ demo: true }, { onSuccess: onOpened })} disabled={open.isPending}>
            Open the demo lab
          </Button>
        </div>
        {open.isError ? <ErrorCallout error={open.error} compact /> : null}
        {profiles.data === undefined || profiles.data.length === 0 ? null : (
          <>
            <h2 className="welcome-subtitle">Saved connections</h2>
            <ul className="welcome-list">
              {profiles.data.map((p) => (
                <li key={p.id}>
                  <button type="button" className="welcome-item" onClick={() => open.mutate({ profileId: p.id }, { onSuccess: onOpened })}>
                    <span className="color-dot" style={{ background: p.color }} />
                    <span className="conn-item-text">
                      <span className="conn-item-name">{p.name}</span>
                      <span className="conn-item-meta">
                        {BACKEND_SHORT[p.backend]} · {p.user}@{p.host}:{p.port}
                      </span>
                    </span>
                    {open.isPending && open.variables.profileId === p.id ? <Spinner size={12} /> : <PlugIcon />}
                  </button>
                </li>
              ))}
            </ul>
          </>
        )}
        <p className="welcome-keys muted">
          <kbd>Ctrl</kbd> <kbd>T</kbd> new connection · <kbd>Ctrl</kbd> <kbd>1</kbd>…<kbd>9</kbd> switch tab · <kbd>Ctrl</kbd> <kbd>W</kbd>{' '}
          close tab · <kbd>Ctrl</kbd> <kbd>K</kbd> search tables
        </p>
      </div>
    </div>
  )
}
