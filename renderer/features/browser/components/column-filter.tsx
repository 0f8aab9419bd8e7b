import { useState } from 'react'
import type { FilterResult } from '../filters'

export interface ColumnFilterProps {
  readonly column: string
  readonly text: string
  readonly result: FilterResult | undefined
  readonly onChange: (text: string) => void
}

/**
 * One column's filter box. Text that does not parse is marked and explained in place, with the position
 * the parser stopped at; it is never sent.
 */
export function ColumnFilter({ column, text, result, onChange }: ColumnFilterProps) {
  const [focused, setFocused] = useState(false)
  const error = result?.kind === 'error' ? result : null
  const active = result?.kind === 'ok'
  const errorId = `filter-error-${column}`
  return (
    <div className={`col-filter${error === null ? '' : ' has-error'}${active ? ' is-active' : ''}`}>
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
        aria-label={`Filter ${column}`}
        aria-invalid={error !== null}
        aria-describedby={error === null ? undefined : errorId}
        spellCheck={false}
        autoComplete="off"
        title={error?.message ?? "= 5, > 3, like 'A%', is null, in (1, 2), or an expression"}
      />
      {error !== null && (focused || text !== '') ? (
        <div className="col-filter-error" id={errorId} role="alert">
          {error.position === null ? null : (
            <code className="col-filter-caret">
              {text.slice(0, error.position)}
              <mark>{text.slice(error.position, error.position + 1) || ' '}</mark>
              {text.slice(error.position + 1)}
            </code>
          )}
          <span>{error.message}</span>
        </div>
      ) : null}
    </div>
  )
}
