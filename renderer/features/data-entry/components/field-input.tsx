import type { WireAttribute } from '../../../../electron/ipc/contract'
import { maxLength, type FieldState } from '../entry-model'

export interface FieldInputProps {
  readonly id: string
  readonly attribute: WireAttribute
  readonly state: FieldState
  readonly onChange: (state: FieldState) => void
  /** Shown read-only (a primary key while editing). */
  readonly readOnly?: boolean
  /** The refusal this field shows; the input is marked invalid. */
  readonly error?: string | null
  /** The accessible name (the attribute's name in the form, row and attribute in a grid cell). */
  readonly label?: string
  /** In a grid cell: one line. */
  readonly compact?: boolean
}

function placeholderOf(attribute: WireAttribute): string | undefined {
  if (attribute.default !== null && attribute.default.toLowerCase() !== 'null') return `default: ${attribute.default}`
  if (attribute.nullable) return 'default: NULL'
  return undefined
}

function jsonProblem(text: string): string | null {
  if (text.trim() === '') return null
  try {
    JSON.parse(text)
    return null
  } catch (error) {
    return error instanceof Error ? error.message : 'not valid JSON'
  }
}

/** One attribute's input, by its DataJoint type: pickers for dates and times, choices for enums and bools. */
export function FieldInput({ id, attribute, state, onChange, readOnly = false, error = null, label, compact = false }: FieldInputProps) {
  const set = (text: string) => onChange({ text, isNull: false })
  const common = {
    id,
    'aria-label': label,
    'aria-invalid': error !== null ? true : undefined,
    disabled: state.isNull || readOnly,
    placeholder: placeholderOf(attribute),
  }
  const nullToggle = attribute.nullable && !readOnly ? (
    <label className="entry-null" title="Store NULL">
      <input type="checkbox" checked={state.isNull} onChange={(event) => onChange({ text: state.text, isNull: event.target.checked })} />
      NULL
    </label>
  ) : null

  let input
  switch (attribute.category) {
    case 'enum':
      input = (
        <select {...common} value={state.text} onChange={(event) => set(event.target.value)}>
          <option value="">{attribute.default === null ? '— choose —' : `default (${attribute.default})`}</option>
          {(attribute.enumValues ?? []).map((choice) => (
            <option key={choice} value={choice}>
              {choice}
            </option>
          ))}
        </select>
      )
      break
    case 'bool':
      input = (
        <select {...common} value={state.text} onChange={(event) => set(event.target.value)}>
          <option value="">{attribute.default === null ? '— choose —' : `default (${attribute.default})`}</option>
          <option value="true">true</option>
          <option value="false">false</option>
        </select>
      )
      break
    case 'date':
      input = <input {...common} type="date" value={state.text} onChange={(event) => set(event.target.value)} />
      break
    case 'datetime':
      input = <input {...common} type="datetime-local" step="1" value={state.text.replace(' ', 'T')} onChange={(event) => set(event.target.value)} />
      break
    case 'time':
      input = <input {...common} type="time" step="1" value={state.text} onChange={(event) => set(event.target.value)} />
      break
    case 'json':
    case 'codec': {
      const problem = attribute.category === 'json' ? jsonProblem(state.text) : null
      input = (
        <>
          <textarea
            {...common}
            className="mono entry-textarea"
            rows={compact ? 1 : 3}
            spellCheck={false}
            value={state.text}
            placeholder={attribute.codec === '<blob>' ? 'JSON-like: 3.5, [1, 2, 3], [[1, 2], [3, 4]], {"a": 1}, "text"' : common.placeholder}
            onChange={(event) => set(event.target.value)}
          />
          {problem === null ? null : <span className="field-help warn">Not valid JSON yet: {problem}</span>}
        </>
      )
      break
    }
    case 'uuid':
      input = (
        <span className="entry-inline">
          <input {...common} className="mono" value={state.text} onChange={(event) => set(event.target.value)} />
          {readOnly ? null : (
            <button type="button" className="btn btn-ghost btn-sm" aria-label={`Generate a uuid for ${attribute.name}`} disabled={state.isNull} onClick={() => set(crypto.randomUUID())}>
              Generate
            </button>
          )}
        </span>
      )
      break
    case 'integer':
    case 'decimal':
    case 'float':
      input = <input {...common} inputMode={attribute.category === 'integer' ? 'numeric' : 'decimal'} value={state.text} onChange={(event) => set(event.target.value)} />
      break
    default:
      input = <input {...common} maxLength={maxLength(attribute)} value={state.text} onChange={(event) => set(event.target.value)} />
  }
  return (
    <span className="entry-input">
      <span className="entry-inline">
        {input}
        {nullToggle}
      </span>
      {error === null ? null : (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </span>
  )
}
