import { useId } from 'react'
import { parseCondition } from '../../../../src/algebra/parse-expression'
import { CodeIcon } from '../../../components/icons'
import { toErrorInfo } from '../../../lib/error-text'

/** The problem with a restriction as typed, by the engine's parser (the main process reads it again): null if none. */
export function restrictionProblem(text: string): string | null {
  if (text.trim() === '') return null
  try {
    parseCondition(text)
    return null
  } catch (error) {
    return toErrorInfo(error).message
  }
}

export interface RestrictionFieldProps {
  readonly value: string
  readonly onChange: (text: string) => void
  readonly onSubmit: () => void
}

/** One DataJoint restriction applied to both sides alike. */
export function RestrictionField({ value, onChange, onSubmit }: RestrictionFieldProps) {
  const problemId = useId()
  const problem = restrictionProblem(value)
  return (
    <div className={`restriction-bar compare-restriction${problem === null ? (value.trim() === '' ? '' : ' is-active') : ' has-error'}`}>
      <label className="restriction-field">
        <CodeIcon size={13} aria-hidden />
        <span className="restriction-label">Both sides</span>
        <input
          type="text"
          value={value}
          onChange={(event) => onChange(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && problem === null) onSubmit()
          }}
          placeholder="a DataJoint restriction for both sides: subject_id > 3 and sex = 'F'"
          aria-label="Restriction on both sides"
          aria-invalid={problem !== null}
          aria-describedby={problem === null ? undefined : problemId}
          spellCheck={false}
          autoComplete="off"
        />
      </label>
      {problem === null ? null : (
        <div className="restriction-problem" id={problemId} role="alert">
          {problem}
        </div>
      )}
    </div>
  )
}
