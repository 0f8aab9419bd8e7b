import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, useId, useState } from 'react'
import type { WireAttribute } from '../../../../electron/ipc/contract'
import { Button } from '../../../components/button'
import { ErrorCallout } from '../../../components/error-callout'
import { LinkIcon } from '../../../components/icons'
import { Spinner } from '../../../components/spinner'
import { useDebounced } from '../../../lib/use-debounced'
import { fieldText, type FieldState, type ForeignKey } from '../entry-model'
import { cancelParentMatches, parentMatchesQuery, parentPagesQuery } from '../queries'

export interface ParentPickerProps {
  readonly tabId: string
  readonly foreignKey: ForeignKey
  /** The child's attributes this foreign key fills, in the foreign key's order. */
  readonly attributes: readonly WireAttribute[]
  readonly values: Readonly<Record<string, FieldState>>
  readonly onChange: (values: Record<string, FieldState>) => void
  readonly nullable: boolean
  readonly error?: string | null
  readonly readOnly?: boolean
  /** Opens a nested form to insert a parent row that is not there yet; it reports the new row's key. */
  readonly onInsertParent?: (done: (key: Record<string, FieldState>) => void) => void
  /** Opens the parent table in the browser, restricted to the chosen row (the form is put aside, to open again as it was). */
  readonly onOpenParent?: () => void
  /** A compact button (grid cells). */
  readonly compact?: boolean
  /** Opened at once, its search focused (a grid cell's editor). */
  readonly defaultOpen?: boolean
}

function parentName(fk: ForeignKey): string {
  return fk.parentTable.replace(/^[#_]+/, '')
}

/**
 * One picker per foreign key: the parent's rows, searched and paged on the server, and choosing one fills every
 * attribute of the foreign key (renamed ones under the child's names).
 */
export function ParentPicker({ tabId, foreignKey, attributes, values, onChange, nullable, error = null, readOnly = false, onInsertParent, onOpenParent, compact = false, defaultOpen = false }: ParentPickerProps) {
  const [open, setOpen] = useState(defaultOpen)
  const [search, setSearch] = useState('')
  // The chosen row's other values, shown beside its key until the key is changed elsewhere.
  const [chosenLabel, setChosenLabel] = useState<{ key: string; label: string } | null>(null)
  const debounced = useDebounced(search, 200)
  const listId = useId()
  const name = parentName(foreignKey)
  const chosen = attributes.map((a) => values[a.name])
  const isNull = chosen.every((s) => s?.isNull === true)
  const empty = chosen.every((s) => s === undefined || (s.text === '' && !s.isNull))
  const summary = isNull ? 'NULL' : empty ? `Choose ${name}…` : attributes.map((a) => `${a.name}=${values[a.name]?.text ?? ''}`).join(', ')
  const pages = useInfiniteQuery({ ...parentPagesQuery(tabId, foreignKey.parentSchema, foreignKey.parentTable, debounced), enabled: open })
  const client = useQueryClient()
  // A search with more rows than a page: every match is read ahead (up to a bound), while the user reads the page
  // or types on, so that the next keystroke narrows among those rows instead of reading the whole parent again.
  const readAhead = open && debounced.trim() !== '' && pages.data?.pages.length === 1 && pages.data.pages[0]?.hasMore === true
  useEffect(() => {
    if (readAhead) void client.prefetchQuery(parentMatchesQuery(tabId, foreignKey.parentSchema, foreignKey.parentTable, debounced))
  }, [readAhead, client, tabId, foreignKey.parentSchema, foreignKey.parentTable, debounced])
  useEffect(() => {
    if (!open) return undefined
    return () => void cancelParentMatches(client, tabId, foreignKey.parentSchema, foreignKey.parentTable)
  }, [open, client, tabId, foreignKey.parentSchema, foreignKey.parentTable])

  const choose = (row: readonly unknown[], page: { attributes: readonly WireAttribute[] }) => {
    const next: Record<string, FieldState> = {}
    foreignKey.attributes.forEach((child, i) => {
      const index = page.attributes.findIndex((a) => a.name === foreignKey.parentAttributes[i])
      next[child] = fieldText((row[index] ?? null) as never) ?? { text: '', isNull: false }
    })
    onChange(next)
    setChosenLabel({ key: foreignKey.attributes.map((child) => next[child]?.text ?? '').join('\u0000'), label: row.map((v) => fieldText(v as never)?.text ?? '…').join(' · ') })
    setOpen(false)
  }
  const clear = (toNull: boolean) => {
    onChange(Object.fromEntries(foreignKey.attributes.map((child) => [child, { text: '', isNull: toNull }])))
    setOpen(false)
  }

  const first = pages.data?.pages[0]
  return (
    <span className={`entry-picker${compact ? ' is-compact' : ''}`}>
      <span className="entry-inline">
        <button
          type="button"
          className={`btn btn-secondary btn-sm entry-picker-button${error === null ? '' : ' is-invalid'}`}
          aria-label={`${name}: ${summary}`}
          aria-expanded={open}
          aria-controls={open ? listId : undefined}
          aria-invalid={error !== null ? true : undefined}
          disabled={readOnly}
          onClick={() => setOpen((o) => !o)}
        >
          {summary}
          {chosenLabel !== null && chosenLabel.key === attributes.map((a) => values[a.name]?.text ?? '').join('\u0000') && !isNull ? (
            <span className="entry-picker-label"> — {chosenLabel.label}</span>
          ) : null}
        </button>
        {onOpenParent === undefined || empty || isNull ? null : (
          <button
            type="button"
            className="btn btn-ghost btn-sm entry-picker-open"
            aria-label={`Open ${name} ${summary} in the browser`}
            title={`Show this ${name} row in the browser; the form waits, as it is, until you come back (Back)`}
            onClick={onOpenParent}
          >
            <LinkIcon size={12} />
          </button>
        )}
      </span>
      {error === null ? null : (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
      {open ? (
        <div className="entry-picker-panel" id={listId} role="group" aria-label={`Rows of ${name}`}>
          <div className="entry-inline">
            <input
              type="search"
              aria-label={`Search ${name}`}
              placeholder={`Search ${name} by key or ${first?.attributes.filter((a) => !a.inKey).map((a) => a.name).join(', ') ?? 'name'}`}
              value={search}
              autoFocus
              onChange={(event) => setSearch(event.target.value)}
            />
            {nullable ? (
              <Button size="sm" variant="ghost" onClick={() => clear(true)}>
                None (NULL)
              </Button>
            ) : null}
            {onInsertParent === undefined ? null : (
              <Button
                size="sm"
                variant="ghost"
                onClick={() => {
                  setOpen(false)
                  onInsertParent((key) => onChange(Object.fromEntries(foreignKey.attributes.map((child, i) => [child, key[foreignKey.parentAttributes[i] ?? ''] ?? { text: '', isNull: false }]))))
                }}
              >
                New {name}…
              </Button>
            )}
          </div>
          {pages.isPending ? (
            <div className="muted">
              <Spinner size={12} /> Loading {name}…
            </div>
          ) : pages.isError ? (
            <ErrorCallout error={pages.error} compact />
          ) : (
            <div className="entry-picker-rows">
              <table className="entry-picker-table">
                <thead>
                  <tr>
                    {first?.attributes.map((a) => (
                      <th key={a.name} className={a.inKey ? 'is-key' : undefined}>
                        {a.name}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {pages.data.pages.flatMap((page, p) =>
                    page.rows.map((row, r) => (
                      <tr key={`${p}-${r}`}>
                        {row.map((value, c) => (
                          <td key={c}>
                            {c === 0 ? (
                              <button type="button" className="link-btn" aria-label={`Choose ${name} ${row.map((v) => fieldText(v)?.text ?? '').join(' ')}`} onClick={() => choose(row, page)}>
                                {fieldText(value)?.text ?? '…'}
                              </button>
                            ) : (
                              (fieldText(value)?.text ?? '…')
                            )}
                          </td>
                        ))}
                      </tr>
                    )),
                  )}
                </tbody>
              </table>
              {pages.data.pages.every((page) => page.rows.length === 0) ? <div className="muted">No {name} matches.</div> : null}
              {pages.hasNextPage ? (
                <Button size="sm" variant="ghost" disabled={pages.isFetchingNextPage} onClick={() => void pages.fetchNextPage()}>
                  {pages.isFetchingNextPage ? 'Loading…' : 'More rows'}
                </Button>
              ) : null}
            </div>
          )}
        </div>
      ) : null}
    </span>
  )
}
