import { useId, useLayoutEffect, useRef, useState, type RefObject } from 'react'
import { filterHint, type FilterColumn, type FilterResult } from '../filters'
import { ErrorCaret } from './error-caret'

export interface ColumnFilterProps {
  readonly column: FilterColumn
  readonly text: string
  readonly result: FilterResult | undefined
  /** The server's message when it refused this filter; the last good rows stay on screen meanwhile. */
  readonly rejected: string | null
  readonly onChange: (text: string) => void
}

/**
 * One column's filter box, read by the column's type. While it has focus it shows the condition it understood
 * (`dob > 2024-06-01`); text that does not parse is marked and explained in place, with the position the parser
 * stopped at, and is never sent; a filter the server refused is marked with the server's message.
 */
export function ColumnFilter({ column, text, result, rejected, onChange }: ColumnFilterProps) {
  const [focused, setFocused] = useState(false)
  const error = result?.kind === 'error' ? result : null
  const understood = result?.kind === 'ok' ? result.summary : null
  const refused = error === null && understood !== null ? rejected : null
  const noteId = useId()
  const choicesId = useId()
  const choices = column.category === 'enum' ? (column.enumValues ?? []) : column.category === 'bool' ? ['true', 'false'] : []
  const state = error !== null || refused !== null ? ' has-error' : understood !== null ? ' is-active' : ''
  const noteRef = useRef<HTMLDivElement>(null)
  const alignEnd = useAlignEnd(noteRef)
  return (
    <div className={`col-filter${state}${alignEnd ? ' note-at-end' : ''}`}>
      <input
        type="text"
        value={text}
        onChange={(event) => onChange(event.target.value)}
        onFocus={() => setFocused(true)}
        onBlur={() => setFocused(false)}
        onKeyDown={(event) => {
          if (event.key === 'Escape') onChange('')
        }}
        placeholder="filter…"
        aria-label={`Filter ${column.name}`}
        aria-invalid={error !== null || refused !== null}
        aria-describedby={error !== null || refused !== null || understood !== null ? noteId : undefined}
        spellCheck={false}
        autoComplete="off"
        list={choices.length === 0 ? undefined : choicesId}
        title={error?.message ?? refused ?? understood ?? filterHint(column)}
      />
      {choices.length === 0 ? null : (
        // An enum's choices (and a bool's values) offered as the box is typed in.
        <datalist id={choicesId}>
          {choices.map((choice) => (
            <option key={choice} value={choice} />
          ))}
        </datalist>
      )}
      {error !== null && (focused || text !== '') ? (
        <div className="col-filter-note is-error" id={noteId} role="alert" ref={noteRef}>
          {error.position === null ? null : <ErrorCaret text={text} position={error.position} />}
          <span>{error.message}</span>
        </div>
      ) : refused !== null && focused ? (
        <div className="col-filter-note is-error" id={noteId} role="alert" ref={noteRef}>
          <code>{understood}</code>
          <span>The server refused this filter: {refused}</span>
        </div>
      ) : understood !== null && focused ? (
        <div className="col-filter-note" id={noteId} role="status" ref={noteRef}>
          <code>{understood}</code>
        </div>
      ) : understood !== null ? (
        // Kept in the page (hidden) so the input's description names the condition even without focus.
        <span id={noteId} hidden>
          {refused === null ? understood : `${understood}: the server refused this filter: ${refused}`}
        </span>
      ) : null}
    </div>
  )
}

/**
 * Whether the note under a filter must open leftwards: a note under a column near the grid's right edge would
 * be cut off by it. Measured after every render, since the note appears, changes and moves with the text.
 */
function useAlignEnd(noteRef: RefObject<HTMLDivElement | null>): boolean {
  const [alignEnd, setAlignEnd] = useState(false)
  useLayoutEffect(() => {
    const note = noteRef.current
    if (note === null) return
    const cell = note.parentElement?.getBoundingClientRect()
    const bound = note.closest('.table-grid-wrap')?.getBoundingClientRect()
    if (cell === undefined || bound === undefined) return
    setAlignEnd(cell.left + note.offsetWidth > bound.right)
  })
  return alignEnd
}
