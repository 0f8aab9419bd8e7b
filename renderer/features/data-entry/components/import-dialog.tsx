import { useQueryClient } from '@tanstack/react-query'
import Papa from 'papaparse'
import { useMemo, useState } from 'react'
import { Button } from '../../../components/button'
import { Dialog } from '../../../components/dialog'
import { ErrorCallout } from '../../../components/error-callout'
import { Spinner } from '../../../components/spinner'
import { toErrorInfo } from '../../../lib/error-text'
import { invoke } from '../../../lib/ipc'
import { queryKeys } from '../../../lib/query-keys'
import type { TableDetail } from '../entry-model'
import { autoMapping, checkRows, mappedRows, type CellIssue } from '../import-model'

export interface ImportDialogProps {
  readonly tabId: string
  readonly detail: TableDetail
  readonly onClose: () => void
}

/** Rows shown in the preview, and rows with a problem shown at most (all are checked; the count says how many). */
const PREVIEW_ROWS = 50
const PREVIEW_PROBLEM_ROWS = 500

interface Parsed {
  readonly header: readonly string[]
  readonly rows: readonly string[][]
}

function parse(text: string): Parsed {
  // Papa Parse guesses the delimiter: commas from a CSV file, tabs from a spreadsheet's clipboard.
  const result = Papa.parse<string[]>(text.replace(/\s+$/, ''), { skipEmptyLines: true })
  const [header = [], ...rows] = result.data
  return { header, rows }
}

/**
 * Import rows from a CSV file or text pasted from a spreadsheet: columns mapped onto attributes, every bad cell
 * marked (and editable) before anything is sent, then one transaction, skipping duplicates only when asked.
 */
export function ImportDialog({ tabId, detail, onClose }: ImportDialogProps) {
  const client = useQueryClient()
  const [text, setText] = useState('')
  const parsed = useMemo(() => parse(text), [text])
  const [mapping, setMapping] = useState<Record<string, number | null> | null>(null)
  const [edits, setEdits] = useState<Record<string, string>>({})
  const [skipDuplicates, setSkipDuplicates] = useState(false)
  const [serverIssue, setServerIssue] = useState<CellIssue | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  const [inserted, setInserted] = useState<number | null>(null)

  const attributes = detail.attributes
  const currentMapping = mapping ?? autoMapping(attributes, parsed.header)
  const rows = useMemo(() => {
    const base = mappedRows(parsed.rows, currentMapping)
    for (const [key, value] of Object.entries(edits)) {
      const [row, name] = key.split('\u0000') as [string, string]
      const target = base[Number(row)]
      if (target !== undefined) target[name] = value
    }
    return base
  }, [parsed.rows, currentMapping, edits])
  const issues = useMemo(() => checkRows(attributes, rows), [attributes, rows])
  const allIssues = serverIssue === null ? issues : [...issues, serverIssue]
  const issueAt = new Map(allIssues.map((issue) => [`${issue.row}\u0000${issue.attribute}`, issue.problem]))
  const shownColumns = attributes.filter((a) => currentMapping[a.name] !== null && currentMapping[a.name] !== undefined)
  const shownRows = [...new Set([...rows.keys()].slice(0, PREVIEW_ROWS).concat(allIssues.slice(0, PREVIEW_PROBLEM_ROWS).map((i) => i.row)))].sort((a, b) => a - b)

  const loadFile = async (file: File | undefined) => {
    if (file === undefined) return
    setText(await file.text())
    setMapping(null)
    setEdits({})
    setServerIssue(null)
  }

  const run = async () => {
    setBusy(true)
    setError(null)
    setServerIssue(null)
    try {
      const result = await invoke('entry.insert', { tabId, schema: detail.schema, table: detail.table, rows, parts: [], skipDuplicates })
      setInserted(result.inserted[detail.table] ?? 0)
      await client.invalidateQueries({ queryKey: queryKeys.tab(tabId) })
    } catch (caught) {
      const info = toErrorInfo(caught)
      const row = info.details['row']
      const attribute = info.details['attribute']
      if (typeof row === 'number' && typeof attribute === 'string') setServerIssue({ row, attribute, problem: info.message })
      setError(caught)
    } finally {
      setBusy(false)
    }
  }

  const footer =
    inserted !== null ? (
      <>
        <span className="spacer" />
        <Button variant="primary" onClick={onClose}>
          Close
        </Button>
      </>
    ) : (
      <>
        <label className="check entry-inline">
          <input type="checkbox" checked={skipDuplicates} onChange={(event) => setSkipDuplicates(event.target.checked)} />
          Skip rows whose primary key already exists
        </label>
        <span className="spacer" />
        <Button onClick={onClose}>Cancel</Button>
        <Button variant="primary" disabled={busy || rows.length === 0 || issues.length > 0} onClick={() => void run()}>
          {busy ? <Spinner size={12} /> : null}
          Import {rows.length.toLocaleString()} {rows.length === 1 ? 'row' : 'rows'}
        </Button>
      </>
    )

  return (
    <Dialog title={`Import rows into ${detail.className}`} width="xl" onClose={onClose} footer={footer}>
      <div className="entry-form">
        {inserted !== null ? (
          <p role="status">
            Imported {inserted.toLocaleString()} {inserted === 1 ? 'row' : 'rows'} into {detail.className}, in one transaction.
          </p>
        ) : (
          <>
            <div className="entry-inline">
              <label className="btn btn-secondary btn-sm">
                Choose a CSV file…
                <input type="file" accept=".csv,.tsv,text/csv,text/plain" className="sr-only" aria-label="CSV file" onChange={(event) => void loadFile(event.target.files?.[0])} />
              </label>
              <span className="muted">or paste rows from a spreadsheet, with a header line:</span>
            </div>
            <textarea
              className="mono entry-textarea"
              aria-label="Rows to import (CSV or pasted from a spreadsheet)"
              rows={4}
              value={text}
              spellCheck={false}
              onChange={(event) => {
                setText(event.target.value)
                setEdits({})
              }}
            />
            {error === null ? null : <ErrorCallout error={error} compact />}
            {parsed.header.length === 0 ? null : (
              <>
                <fieldset className="entry-mapping" aria-label="Column mapping">
                  <legend className="field-label">Columns → attributes</legend>
                  {attributes.map((attribute) => (
                    <label key={attribute.name} className="entry-inline">
                      <span className="mono">{attribute.name}</span>
                      <select
                        aria-label={`Column for ${attribute.name}`}
                        value={currentMapping[attribute.name] ?? ''}
                        onChange={(event) => setMapping({ ...currentMapping, [attribute.name]: event.target.value === '' ? null : Number(event.target.value) })}
                      >
                        <option value="">(default)</option>
                        {parsed.header.map((column, index) => (
                          <option key={index} value={index}>
                            {column}
                          </option>
                        ))}
                      </select>
                    </label>
                  ))}
                </fieldset>
                <p role="status" className={issues.length === 0 ? 'field-ok' : 'field-error'}>
                  {issues.length === 0
                    ? `${rows.length.toLocaleString()} rows ready; nothing has been sent yet.`
                    : `${issues.length.toLocaleString()} ${issues.length === 1 ? 'cell needs' : 'cells need'} fixing before anything is sent.`}
                </p>
                <div className="entry-part-scroll">
                  <table className="entry-part-table" aria-label="Import preview">
                    <thead>
                      <tr>
                        <th scope="col">#</th>
                        {shownColumns.map((a) => (
                          <th scope="col" key={a.name}>
                            {a.name}
                          </th>
                        ))}
                      </tr>
                    </thead>
                    <tbody>
                      {shownRows.map((index) => (
                        <tr key={index}>
                          <td className="muted">{index + 1}</td>
                          {shownColumns.map((a) => {
                            const problem = issueAt.get(`${index}\u0000${a.name}`) ?? null
                            return (
                              <td key={a.name}>
                                <input
                                  aria-label={`Row ${index + 1} ${a.name}`}
                                  aria-invalid={problem !== null ? true : undefined}
                                  title={problem ?? undefined}
                                  value={rows[index]?.[a.name] ?? ''}
                                  onChange={(event) => {
                                    setServerIssue(null)
                                    setEdits({ ...edits, [`${index}\u0000${a.name}`]: event.target.value })
                                  }}
                                />
                                {problem === null ? null : <span className="field-error">{problem}</span>}
                              </td>
                            )
                          })}
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </>
            )}
          </>
        )}
      </div>
    </Dialog>
  )
}
