import { useId } from 'react'
import { CloseIcon, CodeIcon } from '../../../components/icons'
import type { FilterResult } from '../filters'
import { ErrorCaret } from './error-caret'

export interface RestrictionBarProps {
  readonly text: string
  readonly result: FilterResult
  /** The server's message when it refused this restriction (shown in full by the table's error callout). */
  readonly rejected: string | null
  readonly onChange: (text: string) => void
}

/**
 * A DataJoint restriction string over the whole table (`sex = 'F' and dob > '2020-01-01'`), read by the
 * engine's parser: an error is shown at its position and nothing is sent until the text parses.
 */
export function RestrictionBar({ text, result, rejected, onChange }: RestrictionBarProps) {
  const problemId = useId()
  const error = result.kind === 'error' ? result : null
  const refused = result.kind === 'ok' ? rejected : null
  const state = error !== null || refused !== null ? ' has-error' : result.kind === 'ok' ? ' is-active' : ''
  return (
    <div className={`restriction-bar${state}`}>
      <label className="restriction-field">
        <CodeIcon size={13} aria-hidden />
        <span className="restriction-label">Restrict</span>
        <input
          type="text"
          value={text}
          onChange={(event) => onChange(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Escape') onChange('')
          }}
          placeholder="a DataJoint restriction: attribute = 'value' and other > 3"
          aria-label="Restriction"
          aria-invalid={error !== null || refused !== null}
          aria-describedby={error !== null || refused !== null ? problemId : undefined}
          spellCheck={false}
          autoComplete="off"
          title="A DataJoint restriction over the table's attributes: comparisons, and/or/not, in, between, like, functions"
        />
        {text === '' ? null : (
          <button type="button" className="icon-btn" aria-label="Clear the restriction" title="Clear" onClick={() => onChange('')}>
            <CloseIcon size={12} />
          </button>
        )}
      </label>
      {error !== null ? (
        <div className="restriction-problem" id={problemId} role="alert">
          {error.position === null ? null : <ErrorCaret text={text} position={error.position} />}
          <span>{error.message}</span>
        </div>
      ) : refused !== null ? (
        <div className="restriction-problem" id={problemId} role="alert">
          <span>Not applied: the server refused this restriction (below).</span>
        </div>
      ) : null}
    </div>
  )
}
