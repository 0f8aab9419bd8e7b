import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { QueryExpr } from '../../../../src/algebra/ast'
import { Button, IconButton } from '../../../components/button'
import { Dialog } from '../../../components/dialog'
import { ErrorCallout } from '../../../components/error-callout'
import { CloseIcon, CodeIcon, CopyIcon, PlusIcon, TableIcon, TrashIcon } from '../../../components/icons'
import { Spinner } from '../../../components/spinner'
import { writeClipboard } from '../../../components/data-grid/data-grid'
import { toErrorInfo } from '../../../lib/error-text'
import { invoke } from '../../../lib/ipc'
import { TableData, type TableDetail } from '../../browser'
import { readDraft, writeDraft } from '../draft'
import type { QueryTab, QueryTabs } from '../hooks/use-query-tabs'
import { builderQueryOf } from '../from-tree'
import { queryTree, type BuilderQuery } from '../model'
import { builderKeys, historyQuery, savedQueriesQuery, sqlQuery, type StepCheck } from '../queries'
import type { CodeLanguage } from './step-editors'
import { StepList, useCheckedSteps } from './step-list'

export interface QueryWorkspaceProps {
  readonly tabId: string
  readonly queries: QueryTabs
  /** The schema new pickers start in (the selected table's). */
  readonly defaultSchema: string
}

/** The query tabs of a connection tab, each a query built from DataJoint's operators. */
export function QueryWorkspace({ tabId, queries, defaultSchema }: QueryWorkspaceProps) {
  const active = queries.tabs.find((t) => t.id === queries.activeId)
  const newQuery = () => queries.open({ start: { kind: 'table', schema: defaultSchema, table: '' }, steps: [] })
  return (
    <section className="qb-workspace" aria-label="Queries">
      <div className="qb-tabs" role="tablist" aria-label="Query tabs">
        {queries.tabs.map((t) => (
          <span key={t.id} className={`qb-tab${t.id === queries.activeId ? ' is-active' : ''}`}>
            <button type="button" role="tab" aria-selected={t.id === queries.activeId} onClick={() => queries.activate(t.id)}>
              {t.title}
            </button>
            <IconButton label={`Close query ${t.title}`} onClick={() => queries.close(t.id)}>
              <CloseIcon size={10} />
            </IconButton>
          </span>
        ))}
        <IconButton label="New query tab" onClick={newQuery}>
          <PlusIcon size={12} />
        </IconButton>
      </div>
      {active === undefined ? (
        <div className="center-state muted">
          <p>No query open.</p>
          <Button icon={<PlusIcon />} onClick={newQuery}>
            New query
          </Button>
        </div>
      ) : (
        <QueryEditor key={active.id} tabId={tabId} tab={active} queries={queries} defaultSchema={defaultSchema} />
      )}
    </section>
  )
}

interface QueryEditorProps {
  readonly tabId: string
  readonly tab: QueryTab
  readonly queries: QueryTabs
  readonly defaultSchema: string
}

type Dialogs = 'sql' | 'save' | 'saved' | 'history' | 'paste' | null

/** One query: its steps beside the selected step's rows, or the whole query's result as a table view. */
function QueryEditor({ tabId, tab, queries, defaultSchema }: QueryEditorProps) {
  const client = useQueryClient()
  const query = tab.query
  const setQuery = (next: BuilderQuery) => queries.update(tab.id, { query: next })
  const [selected, setSelected] = useState<string>(query.steps.at(-1)?.id ?? 'start')
  const [mode, setMode] = useState<'steps' | 'result'>('steps')
  const [dialog, setDialog] = useState<Dialogs>(null)
  const whole = useMemo(() => queryTree(query), [query])
  const checked = useCheckedSteps(tabId, query)

  const selectedIndex = query.steps.findIndex((s) => s.id === selected)
  const selectedState = selectedIndex < 0 ? null : checked.steps[selectedIndex]
  const inspected =
    selectedIndex < 0
      ? { expr: checked.start.expr, check: checked.startCheck, title: 'Start' }
      : { expr: selectedState?.tree.expr ?? null, check: selectedState?.check, title: `Step ${selectedIndex + 1}` }

  const [copied, setCopied] = useState<{ readonly ok: boolean; readonly text: string } | null>(null)
  // The note stays four seconds after the last copy, not after the first of several.
  const copiedTimer = useRef<number | undefined>(undefined)
  // Stable, so the scope handed to every step editor (nested ones copy their own steps) stays the same object.
  const copyTree = useCallback(
    (language: CodeLanguage, expr: QueryExpr) => {
      const label = language === 'python' ? 'Python' : 'TypeScript'
      invoke('query.code', { tabId, expr, language })
        .then((code) => writeClipboard(code.text).then(() => setCopied({ ok: true, text: `Copied as ${label}` })))
        .catch((error: unknown) => setCopied({ ok: false, text: `Not copied: ${toErrorInfo(error).message}` }))
        .finally(() => {
          window.clearTimeout(copiedTimer.current)
          copiedTimer.current = window.setTimeout(() => setCopied(null), 4000)
        })
    },
    [tabId],
  )
  useEffect(() => () => window.clearTimeout(copiedTimer.current), [])
  const copyAs = (language: CodeLanguage, expr: QueryExpr | null = whole.expr) => {
    if (expr !== null) copyTree(language, expr)
  }
  const scope = useMemo(() => ({ tabId, defaultSchema, copyAs: copyTree }), [tabId, defaultSchema, copyTree])

  const run = () => {
    if (whole.expr === null) return
    setMode('result')
    void invoke('queryHistory.add', { tabId, tree: whole.expr, draft: writeDraft(query), title: tab.title }).then(() =>
      client.invalidateQueries({ queryKey: builderKeys.history(tabId) }),
    )
  }

  return (
    <div className="qb-editor">
      <div className="toolbar qb-toolbar" role="toolbar" aria-label="Query">
        <input
          type="text"
          className="qb-title"
          aria-label="Query name"
          value={tab.title}
          onChange={(e) => queries.update(tab.id, { title: e.target.value })}
        />
        {mode === 'result' ? (
          <Button size="sm" icon={<CodeIcon />} onClick={() => setMode('steps')}>
            Edit steps
          </Button>
        ) : (
          <Button size="sm" variant="primary" icon={<TableIcon />} disabled={whole.expr === null} onClick={run} title="Open the whole query as a result view">
            Run
          </Button>
        )}
        <Button size="sm" variant="ghost" icon={<CodeIcon />} disabled={whole.expr === null} onClick={() => setDialog('sql')} aria-label="Show SQL">
          <span className="narrow-hidden">Show SQL</span>
        </Button>
        <Button size="sm" variant="ghost" disabled={whole.expr === null} onClick={() => setDialog('save')}>
          Save
        </Button>
        <Button size="sm" variant="ghost" onClick={() => setDialog('saved')}>
          Saved queries
        </Button>
        <Button size="sm" variant="ghost" onClick={() => setDialog('history')}>
          History
        </Button>
        <Button size="sm" variant="ghost" icon={<CopyIcon />} disabled={whole.expr === null} onClick={() => copyAs('python')} title="DataJoint Python that gives these rows by itself" aria-label="Copy as Python">
          <span className="wide-only">Copy as </span>
          <span>Python</span>
        </Button>
        <Button size="sm" variant="ghost" icon={<CopyIcon />} disabled={whole.expr === null} onClick={() => copyAs('typescript')} title="The same query on this engine's API" aria-label="Copy as TypeScript">
          <span className="wide-only">Copy as </span>
          <span>TypeScript</span>
        </Button>
        <Button size="sm" variant="ghost" icon={<CodeIcon />} onClick={() => setDialog('paste')} title="Open DataJoint Python from a notebook as a query" aria-label="Paste Python">
          <span className="narrow-hidden">Paste Python</span>
        </Button>
        {copied === null ? null : (
          // Over the content below rather than in the toolbar's row, which it would wrap.
          <span className={`qb-copied${copied.ok ? '' : ' is-error'}`} role="status">
            {copied.text}
          </span>
        )}
        <span className="spacer" />
        {checked.checking ? <Spinner size={12} /> : null}
      </div>
      {mode === 'result' && whole.expr !== null ? (
        <div className="qb-result" aria-label={`Result of ${tab.title}`} role="region">
          <ResultGrid tabId={tabId} expr={whole.expr} title={tab.title} />
        </div>
      ) : (
        <div className="qb-body">
          <div className="qb-steps-pane">
            {checked.checkError === null ? null : <ErrorCallout error={checked.checkError} compact />}
            <StepList scope={scope} query={query} onChange={setQuery} depth={0} selected={selected} onSelect={setSelected} />
          </div>
          <div className="qb-inspector" role="region" aria-label="Step preview">
            <div className="qb-inspector-head">
              <strong>{inspected.title}</strong>
              <span className="muted"> — rows of the query up to here</span>
              <span className="spacer" />
              <Button size="sm" variant="ghost" icon={<CopyIcon />} disabled={inspected.expr === null} onClick={() => copyAs('python', inspected.expr)} aria-label={`Copy ${inspected.title} as Python`}>
                Python
              </Button>
              <Button size="sm" variant="ghost" icon={<CopyIcon />} disabled={inspected.expr === null} onClick={() => copyAs('typescript', inspected.expr)} aria-label={`Copy ${inspected.title} as TypeScript`}>
                TypeScript
              </Button>
            </div>
            {inspected.expr !== null && inspected.check !== undefined && inspected.check.error === null ? (
              <ResultGrid key={selected} tabId={tabId} expr={inspected.expr} title={`${tab.title} ${inspected.title}`} heading={inspected.check} />
            ) : (
              <div className="center-state muted">{inspected.check?.error != null ? 'This step has a problem (see the step).' : 'Complete the step to see its rows.'}</div>
            )}
          </div>
        </div>
      )}
      {dialog === 'sql' && whole.expr !== null ? <SqlDialog tabId={tabId} expr={whole.expr} onClose={() => setDialog(null)} /> : null}
      {dialog === 'save' && whole.expr !== null ? (
        <SaveDialog
          tabId={tabId}
          tab={tab}
          expr={whole.expr}
          onSaved={(id, name) => {
            queries.update(tab.id, { savedId: id, title: name })
            setDialog(null)
          }}
          onClose={() => setDialog(null)}
        />
      ) : null}
      {dialog === 'saved' ? <SavedDialog tabId={tabId} queries={queries} onClose={() => setDialog(null)} /> : null}
      {dialog === 'history' ? <HistoryDialog tabId={tabId} queries={queries} onClose={() => setDialog(null)} /> : null}
      {dialog === 'paste' ? <PastePythonDialog tabId={tabId} defaultSchema={defaultSchema} queries={queries} onClose={() => setDialog(null)} /> : null}
    </div>
  )
}

interface ResultGridProps {
  readonly tabId: string
  readonly expr: QueryExpr
  readonly title: string
  /** The tree's heading when the step check already has it: the rows are then fetched at once, without asking the main process to explain the tree first. */
  readonly heading?: Pick<StepCheck, 'attributes' | 'primaryKey'>
}

/** The rows of a tree in the table grid (sort, filter, page, export), described by its checked heading. */
function ResultGrid({ tabId, expr, title, heading }: ResultGridProps) {
  const explained = useQuery({ ...sqlQuery(tabId, expr), enabled: heading === undefined })
  const described = heading ?? explained.data
  const detail: TableDetail | null = useMemo(
    () =>
      described === undefined
        ? null
        : {
            schema: '',
            table: title.replace(/[^A-Za-z0-9_-]+/g, '_').toLowerCase() || 'query',
            className: title,
            tier: null,
            comment: '',
            attributes: described.attributes,
            primaryKey: described.primaryKey,
            definition: '',
            foreignKeys: [],
            indexes: [],
          },
    [described, title],
  )
  if (explained.isError) return <ErrorCallout error={explained.error} />
  if (detail === null) {
    return (
      <div className="center-state">
        <Spinner /> Loading…
      </div>
    )
  }
  return <TableData tabId={tabId} detail={detail} query={expr} onPreviewDelete={() => undefined} />
}

/** Python from a notebook, read by the engine against the tab's schemas, opened as a new query's steps. */
function PastePythonDialog({ tabId, defaultSchema, queries, onClose }: { tabId: string; defaultSchema: string; queries: QueryTabs; onClose: () => void }) {
  const [code, setCode] = useState('')
  const area = useRef<HTMLTextAreaElement>(null)
  const read = useMutation({
    mutationFn: () => invoke('query.fromPython', { tabId, code, schema: defaultSchema === '' ? null : defaultSchema }),
    onSuccess: ({ expr }) => {
      queries.open(builderQueryOf(expr), 'Pasted query')
      onClose()
    },
    onError: (error) => {
      // Put the caret where the engine stopped reading.
      const { line, column } = toErrorInfo(error).details as { line?: number; column?: number }
      const input = area.current
      if (input === null || typeof line !== 'number') return
      const offset = code.split('\n').slice(0, line - 1).reduce((sum, text) => sum + text.length + 1, 0) + Math.max(0, (column ?? 1) - 1)
      input.focus()
      input.setSelectionRange(offset, offset + 1)
    },
  })
  const error = read.isError ? toErrorInfo(read.error) : null
  const where = error === null ? null : (error.details as { line?: number; column?: number })
  return (
    <Dialog
      title="Paste Python"
      width="lg"
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" disabled={code.trim() === '' || read.isPending} onClick={() => read.mutate()}>
            Open as query
          </Button>
        </>
      }
    >
      <div className="qb-paste">
        <p className="muted">
          A DataJoint query from a notebook: one expression (<code>(Student &amp; {"{'home_state': 'UT'}"}) * Enroll</code>), or assignments
          ending in the query. Modules are found by schema name (<code>dj.VirtualModule('uni', 'university')</code>); bare class names in{' '}
          <strong>{defaultSchema === '' ? 'no schema' : defaultSchema}</strong>.
        </p>
        <textarea
          ref={area}
          className="qb-paste-code"
          aria-label="Python code"
          aria-invalid={error !== null}
          spellCheck={false}
          rows={12}
          value={code}
          onChange={(event) => setCode(event.target.value)}
        />
        {error === null ? null : (
          <div role="alert" className="qb-paste-error">
            {typeof where?.line === 'number' ? <strong>{`Line ${where.line}, column ${where.column ?? 1}: `}</strong> : null}
            {error.message}
          </div>
        )}
      </div>
    </Dialog>
  )
}

function SqlDialog({ tabId, expr, onClose }: { tabId: string; expr: QueryExpr; onClose: () => void }) {
  const sql = useQuery(sqlQuery(tabId, expr))
  return (
    <Dialog title="SQL the engine will run" width="lg" onClose={onClose}>
      {sql.isError ? <ErrorCallout error={sql.error} /> : sql.data === undefined ? <Spinner /> : <pre className="qb-sql" aria-label="SQL">{sql.data.sql}</pre>}
    </Dialog>
  )
}

function SaveDialog({ tabId, tab, expr, onSaved, onClose }: { tabId: string; tab: QueryTab; expr: QueryExpr; onSaved: (id: string, name: string) => void; onClose: () => void }) {
  const client = useQueryClient()
  const [name, setName] = useState(tab.title)
  const save = useMutation({
    mutationFn: () => invoke('savedQueries.save', { tabId, ...(tab.savedId === null ? {} : { id: tab.savedId }), name: name.trim(), tree: expr, draft: writeDraft(tab.query) }),
    onSuccess: (saved) => {
      void client.invalidateQueries({ queryKey: builderKeys.saved(tabId) })
      onSaved(saved.id, saved.name)
    },
  })
  return (
    <Dialog
      title={tab.savedId === null ? 'Save query' : 'Save changes'}
      width="sm"
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" disabled={name.trim() === '' || save.isPending} onClick={() => save.mutate()}>
            Save
          </Button>
        </>
      }
    >
      <div className="qb-dialog-content">
        <label className="qb-field">
          Name
          <input type="text" aria-label="Saved query name" value={name} onChange={(e) => setName(e.target.value)} autoFocus />
        </label>
        {save.isError ? <ErrorCallout error={save.error} compact /> : null}
      </div>
    </Dialog>
  )
}

function SavedDialog({ tabId, queries, onClose }: { tabId: string; queries: QueryTabs; onClose: () => void }) {
  const client = useQueryClient()
  const saved = useQuery(savedQueriesQuery(tabId))
  // A delete is asked again in its row: a saved query cannot be brought back.
  const [confirming, setConfirming] = useState<string | null>(null)
  const remove = useMutation({
    mutationFn: (id: string) => invoke('savedQueries.delete', { tabId, id }),
    onSuccess: () => {
      setConfirming(null)
      return client.invalidateQueries({ queryKey: builderKeys.saved(tabId) })
    },
  })
  return (
    <Dialog title="Saved queries" width="md" onClose={onClose}>
      <div className="qb-dialog-content">
        {saved.data === undefined ? <Spinner /> : saved.data.length === 0 ? <p className="muted">No saved query for this connection yet.</p> : null}
        <ul className="qb-list" aria-label="Saved queries">
          {(saved.data ?? []).map((q) => (
            <li key={q.id}>
              <span className="qb-list-name">{q.name}</span>
              <span className="qb-list-when muted">
                <span>
                  created <time dateTime={q.createdAt}>{new Date(q.createdAt).toLocaleString()}</time>
                </span>
                <span>
                  changed <time dateTime={q.changedAt}>{new Date(q.changedAt).toLocaleString()}</time>
                </span>
              </span>
              <Button
                size="sm"
                aria-label={`Open ${q.name} in new query tab`}
                onClick={() => {
                  queries.open(readDraft(q.draft, q.tree, q.name), q.name, q.id)
                  onClose()
                }}
              >
                Open in new query tab
              </Button>
              {confirming === q.id ? (
                <span className="qb-list-confirm" role="group" aria-label={`Delete ${q.name}?`}>
                  <span>Delete?</span>
                  <Button size="sm" variant="danger" aria-label={`Delete ${q.name} for good`} disabled={remove.isPending} onClick={() => remove.mutate(q.id)}>
                    Delete
                  </Button>
                  <Button size="sm" variant="ghost" aria-label={`Keep ${q.name}`} onClick={() => setConfirming(null)}>
                    Keep
                  </Button>
                </span>
              ) : (
                <IconButton label={`Delete saved query ${q.name}`} onClick={() => setConfirming(q.id)}>
                  <TrashIcon size={12} />
                </IconButton>
              )}
            </li>
          ))}
        </ul>
        {remove.isError ? <ErrorCallout error={remove.error} compact /> : null}
      </div>
    </Dialog>
  )
}

function HistoryDialog({ tabId, queries, onClose }: { tabId: string; queries: QueryTabs; onClose: () => void }) {
  const history = useQuery(historyQuery(tabId))
  return (
    <Dialog title="Query history" width="md" onClose={onClose}>
      <div className="qb-dialog-content">
        {history.data === undefined ? <Spinner /> : history.data.length === 0 ? <p className="muted">No query run on this connection yet.</p> : null}
        <ul className="qb-list" aria-label="Query history">
          {(history.data ?? []).map((entry, index) => (
            <li key={`${entry.ranAt}-${index}`}>
              <span className="qb-list-name">{entry.title}</span>
              <span className="qb-list-when muted">
                <span>
                  ran <time dateTime={entry.ranAt}>{new Date(entry.ranAt).toLocaleString()}</time>
                </span>
              </span>
              <Button
                size="sm"
                aria-label={`Open ${entry.title}, run ${new Date(entry.ranAt).toLocaleString()}, in new query tab`}
                onClick={() => {
                  queries.open(readDraft(entry.draft, entry.tree, entry.title), entry.title)
                  onClose()
                }}
              >
                Open in new query tab
              </Button>
            </li>
          ))}
        </ul>
      </div>
    </Dialog>
  )
}
