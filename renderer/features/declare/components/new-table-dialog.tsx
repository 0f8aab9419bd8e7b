import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query'
import { useId, useMemo, useState } from 'react'
import type { Backend } from '../../../../src/backend'
import type { Tier } from '../../../../src/heading/table-info'
import type { Output } from '../../../../electron/ipc/contract'
import { Button } from '../../../components/button'
import { Dialog } from '../../../components/dialog'
import { ErrorCallout } from '../../../components/error-callout'
import { Spinner } from '../../../components/spinner'
import { invoke } from '../../../lib/ipc'
import { hashOf, queryKeys } from '../../../lib/query-keys'
import { useDebounced } from '../../../lib/use-debounced'
import { schemasQuery, tablesQuery } from '../../browser'
import { TIER_CHOICES, tableNameFor, type KnownTable } from '../declare-model'
import { ddlPreviewQuery, refreshCatalog } from '../queries'
import { DefinitionEditor } from './definition-editor'
import { ReadOnlyNotice } from './read-only-notice'

export interface NewTableDialogProps {
  readonly tabId: string
  /** The tab's backend: its DDL is shown first. */
  readonly backend: Backend
  readonly schema: string | null
  /** A read-only tab: the dialog says up front that declaring will be refused. */
  readonly readOnly: boolean
  readonly onDeclared: (table: { schema: string; table: string }) => void
  readonly onClose: () => void
}

type TableSummary = Output<'schema.tables'>[number]

const BACKEND_LABELS: Readonly<Record<Backend, string>> = { postgresql: 'PostgreSQL', mysql: 'MySQL' }
/** Before the first preview: a tab per backend, this tab's first (the order the main process answers in). */
const backendsFirst = (backend: Backend): Backend[] => [backend, ...(Object.keys(BACKEND_LABELS) as Backend[]).filter((b) => b !== backend)]

const STARTER = '# \n'

/** The class name a definition uses for a table of the tab: parts as `Master.Part`. */
function referenceName(table: TableSummary, all: readonly TableSummary[]): string {
  if (table.tier !== 'part' || table.master === null) return table.className
  const master = all.find((t) => t.table === table.master)
  return `${master?.className ?? table.master}.${table.className}`
}

/**
 * New table: a class name, its tier (a part with its master) and its DataJoint definition, checked by the engine
 * as it is typed — errors marked at their line, the DDL it would run shown per backend — then declared by the engine.
 */
export function NewTableDialog({ tabId, backend, schema: initialSchema, readOnly, onDeclared, onClose }: NewTableDialogProps) {
  const client = useQueryClient()
  const id = useId()
  const schemas = useQuery(schemasQuery(tabId))
  const [schema, setSchema] = useState(initialSchema ?? '')
  const [className, setClassName] = useState('')
  const [tier, setTier] = useState<Tier>('manual')
  const [master, setMaster] = useState<string | null>(null)
  const [definition, setDefinition] = useState(STARTER)
  const [shownBackend, setShownBackend] = useState<Backend>(backend)
  const [busy, setBusy] = useState(false)
  const [declareError, setDeclareError] = useState<unknown>(null)

  const ownTables = useQuery({ ...tablesQuery(tabId, schema), enabled: schema !== '' })
  const masters = (ownTables.data ?? []).filter((t) => t.tier !== 'part')
  // Completion offers the tables of this schema and of every schema the tab has listed so far.
  const known = useMemo<KnownTable[]>(() => {
    const lists = client.getQueriesData<TableSummary[]>({ queryKey: [...queryKeys.tab(tabId), 'tables'] })
    const result: KnownTable[] = []
    for (const [key, tables] of lists) {
      const listSchema = String(key[3])
      for (const table of tables ?? []) result.push({ schema: listSchema, className: referenceName(table, tables ?? []), tier: table.tier })
    }
    return result.sort((a, b) => Number(b.schema === schema) - Number(a.schema === schema))
    // Recomputed when this schema's tables arrive (the others are whatever the tab had loaded).
  }, [client, tabId, schema, ownTables.data])

  const tableName = tableNameFor(className, tier, tier === 'part' ? master : null)
  const input = useMemo(() => ({ tabId, schema, className, tier, master: tier === 'part' ? master : null, definition }), [tabId, schema, className, tier, master, definition])
  const settled = useDebounced(input, 300)
  const ready = settled.schema !== '' && tableNameFor(settled.className, settled.tier, settled.master) !== null
  const preview = useQuery({ ...ddlPreviewQuery(settled), enabled: ready, placeholderData: keepPreviousData })
  const checked = preview.data
  const stale = preview.isFetching || hashOf(settled) !== hashOf(input)
  const definitionError = ready ? (checked?.error ?? null) : null
  const canDeclare = tableName !== null && schema !== '' && !stale && checked !== undefined && checked.error === null && !checked.exists && !busy

  const declare = async () => {
    setBusy(true)
    setDeclareError(null)
    try {
      const declared = await invoke('table.declare', input)
      refreshCatalog(client, tabId)
      onDeclared({ schema, table: declared.tableName })
    } catch (caught) {
      setDeclareError(caught)
    } finally {
      setBusy(false)
    }
  }

  const ddl = checked?.ddl.find((d) => d.backend === shownBackend) ?? null
  return (
    <Dialog
      title={schema === '' ? 'New table' : `New table in ${schema}`}
      width="xl"
      onClose={onClose}
      footer={
        <>
          <span className="muted declare-status" role="status" aria-live="polite">
            {tableName === null
              ? 'The class name is CamelCase, starting with a capital letter.'
              : checked?.exists === true && !stale
                ? `${schema}.${tableName} exists already.`
                : `Declares ${schema === '' ? '' : `${schema}.`}${tableName}`}
          </span>
          <span className="spacer" />
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" disabled={!canDeclare} onClick={() => void declare()}>
            {busy ? <Spinner size={12} /> : null}
            Declare table
          </Button>
        </>
      }
    >
      <div className="declare-body">
        {readOnly ? <ReadOnlyNotice what="declaring a table" /> : null}
        {declareError === null ? null : <ErrorCallout error={declareError} />}
        <form
          className="declare-form"
          aria-label="New table"
          onSubmit={(event) => {
            event.preventDefault()
            if (canDeclare) void declare()
          }}
        >
          <div className="declare-names">
            <div className="field">
              <label className="field-label" htmlFor={`${id}-schema`}>
                Schema
              </label>
              <select id={`${id}-schema`} value={schema} onChange={(e) => setSchema(e.target.value)}>
                {schema === '' ? <option value="">Choose a schema…</option> : null}
                {(schemas.data ?? (schema === '' ? [] : [schema])).map((name) => (
                  <option key={name} value={name}>
                    {name}
                  </option>
                ))}
              </select>
            </div>
            <div className={`field${className !== '' && tableName === null && tier !== 'part' ? ' has-error' : ''}`}>
              <label className="field-label" htmlFor={`${id}-class`}>
                Class name
              </label>
              <input id={`${id}-class`} value={className} onChange={(e) => setClassName(e.target.value)} spellCheck={false} autoComplete="off" autoFocus placeholder="Researcher" />
              <span className="field-help declare-table-name">
                Table name: <code>{tableName ?? '—'}</code>
              </span>
            </div>
          </div>
          <fieldset className="field">
            <legend className="field-label">Tier</legend>
            <div className="declare-tiers">
              <div className="segmented" role="radiogroup" aria-label="Tier">
                {TIER_CHOICES.map((choice) => (
                  <label key={choice.tier} className={`segment${tier === choice.tier ? ' is-on' : ''}`} title={choice.meaning}>
                    <input type="radio" name={`${id}-tier`} value={choice.tier} checked={tier === choice.tier} onChange={() => setTier(choice.tier)} />
                    <span className={`tier-text-${choice.tier}`}>{choice.label}</span>
                  </label>
                ))}
              </div>
              {tier === 'part' ? (
                <label className="declare-master">
                  <span className="field-label">Master</span>
                  <select aria-label="Master" value={master ?? ''} onChange={(e) => setMaster(e.target.value === '' ? null : e.target.value)}>
                    <option value="">Choose the master…</option>
                    {masters.map((t) => (
                      <option key={t.table} value={t.table}>
                        {t.className} ({t.table})
                      </option>
                    ))}
                  </select>
                </label>
              ) : null}
            </div>
            <span className="field-help">{TIER_CHOICES.find((c) => c.tier === tier)?.meaning}</span>
          </fieldset>
          <div className="field">
            <span className="field-label" id={`${id}-definition`}>
              Definition
            </span>
            <DefinitionEditor
              label="Definition"
              value={definition}
              onChange={setDefinition}
              schema={schema}
              tables={known}
              isPart={tier === 'part'}
              error={definitionError}
            />
            {definitionError === null ? (
              <span className="field-help">
                <code>-&gt; Parent</code> and types complete with Ctrl+Space. Primary key above <code>---</code>.
              </span>
            ) : (
              <span className="field-error" role="alert">
                {definitionError.line === null ? '' : `Line ${definitionError.line}: `}
                {definitionError.message}
              </span>
            )}
          </div>
        </form>
        {(checked?.warnings.length ?? 0) === 0 ? null : (
          <ul className="declare-warnings" aria-label="Warnings">
            {checked?.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        )}
        <section className="declare-ddl" aria-label="DDL">
          <div className="pane-tabs" role="tablist" aria-label="DDL per backend">
            {(checked?.ddl.map((d) => d.backend) ?? backendsFirst(backend)).map((b) => (
              <button key={b} type="button" role="tab" className="pane-tab" aria-selected={shownBackend === b} onClick={() => setShownBackend(b)}>
                {BACKEND_LABELS[b]} DDL{b === backend ? ' (this server)' : ''}
              </button>
            ))}
            {stale && ready ? <Spinner size={12} /> : null}
          </div>
          <pre className="declare-ddl-code" role="tabpanel" aria-label={`${BACKEND_LABELS[shownBackend]} DDL`}>
            {!ready
              ? 'The DDL appears once the class name and schema are set.'
              : ddl === null
                ? '…'
                : ddl.error !== null
                  ? `-- Not compiled for ${BACKEND_LABELS[shownBackend]}: ${ddl.error.message}`
                  : ddl.statements.map((s) => `${s};`).join('\n\n')}
          </pre>
        </section>
        {preview.isError ? <ErrorCallout error={preview.error} compact /> : null}
      </div>
    </Dialog>
  )
}
