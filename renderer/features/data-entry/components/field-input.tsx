import { useState } from 'react'
import type { WireAttribute } from '../../../../electron/ipc/contract'
import { Button } from '../../../components/button'
import { UploadIcon } from '../../../components/icons'
import { maxLength, npyFieldText, npySummary, type FieldState } from '../entry-model'

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
  /**
   * The input stays enabled while NULL is ticked (showing NULL), and typing or choosing a value unticks it: a grid
   * cell's editor, which opens on a NULL value with the keyboard in the input.
   */
  readonly liveNull?: boolean
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
export function FieldInput({ id, attribute, state, onChange, readOnly = false, error = null, label, compact = false, liveNull = false }: FieldInputProps) {
  const set = (text: string) => onChange({ text, isNull: false })
  const common = {
    id,
    'aria-label': label,
    'aria-invalid': error !== null ? true : undefined,
    disabled: (state.isNull && !liveNull) || readOnly,
    placeholder: state.isNull && liveNull ? 'NULL' : placeholderOf(attribute),
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
      const isBlob = attribute.codec === '<blob>'
      const npy = isBlob ? npySummaryOrProblem(state.text) : null
      if (npy !== null) {
        input = (
          <span className="entry-inline entry-npy">
            <span className={`mono entry-npy-summary${npy.problem ? ' warn' : ''}`} role="status" aria-label={`${label ?? attribute.name}: ${npy.text}`}>
              {npy.text}
            </span>
            {readOnly ? null : (
              <Button size="sm" variant="ghost" onClick={() => set('')} aria-label={`Clear the .npy file of ${label ?? attribute.name}`}>
                Clear
              </Button>
            )}
          </span>
        )
        break
      }
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
          {isBlob && !readOnly && !state.isNull ? <NpyUpload label={label ?? attribute.name} onText={set} /> : null}
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

function npySummaryOrProblem(text: string): { text: string; problem: boolean } | null {
  try {
    const summary = npySummary(text)
    return summary === null ? null : { text: summary, problem: false }
  } catch (error) {
    return { text: error instanceof Error ? error.message : String(error), problem: true }
  }
}

/** "Load .npy": the file's bytes become the field's text (the main process reads the array; numpy's np.load would give it). */
function NpyUpload({ label, onText }: { readonly label: string; readonly onText: (text: string) => void }) {
  const [problem, setProblem] = useState<string | null>(null)
  const load = (file: File) => {
    const reader = new FileReader()
    reader.onload = () => {
      try {
        onText(npyFieldText(typeof reader.result === 'string' ? reader.result : ''))
        setProblem(null)
      } catch (error) {
        setProblem(error instanceof Error ? error.message : String(error))
      }
    }
    reader.onerror = () => setProblem(`Could not read ${file.name}.`)
    reader.readAsDataURL(file)
  }
  return (
    <span className="entry-inline">
      <label className="btn btn-ghost btn-sm entry-npy-load" title="Load a NumPy .npy file (np.save) as this blob">
        <UploadIcon size={12} /> Load .npy
        <input
          type="file"
          className="sr-only"
          accept=".npy,application/octet-stream"
          aria-label={`Load a .npy file into ${label}`}
          onChange={(event) => {
            const file = event.target.files?.[0]
            if (file !== undefined) load(file)
            event.target.value = ''
          }}
        />
      </label>
      {problem === null ? null : (
        <span className="field-help warn" role="alert">
          {problem}
        </span>
      )}
    </span>
  )
}
