import { useId, useLayoutEffect, useRef, useState, type KeyboardEvent, type RefObject } from 'react'
import type { WireAttribute } from '../../../../electron/ipc/contract'
import { Button } from '../../../components/button'
import type { FieldState, ForeignKey } from '../entry-model'
import { FieldInput } from './field-input'
import { ParentPicker } from './parent-picker'

export interface CellEditorProps {
  readonly attribute: WireAttribute
  /** What is edited, for the accessible names: "weight_g of subject_id=1003". */
  readonly label: string
  readonly initial: FieldState
  /** A refusal the initial value already had (a refused value reopened for correction). */
  readonly initialProblem: string | null
  /** Enter: stages the value, or returns why it is refused (the editor stays open on it). */
  readonly onCommit: (state: FieldState) => string | null
  /** Focus left the editor with this value (it is staged, or kept at the cell when refused). */
  readonly onLeave: (state: FieldState) => void
  /** Escape: nothing is staged, a refused value kept at the cell is dropped. */
  readonly onCancel: () => void
}

/**
 * The keys every cell editor takes from the grid: Escape cancels the edit; Alt+Left and Alt+Right (Back and Forward)
 * would leave the table with the edit half done, so they stay the editor's. True when the key was one of them.
 */
function editorKey(event: KeyboardEvent<HTMLDivElement>, cancel: () => void): boolean {
  if (event.key === 'Escape') {
    event.preventDefault()
    event.stopPropagation()
    cancel()
    return true
  }
  if (event.altKey && (event.key === 'ArrowLeft' || event.key === 'ArrowRight')) {
    event.stopPropagation()
    return true
  }
  return false
}

const same = (a: FieldState, b: FieldState): boolean => a.text === b.text && a.isNull === b.isNull

/** Room kept between the box and the grid's edges (its scroll bars). */
const EDGE = 14

/**
 * Keeps a box drawn over a cell inside the grid's view: moved left when it would pass the grid's right edge (a
 * cell near it, or the panel beside the grid), and drawn upwards from the cell's bottom near the grid's bottom.
 * Measured again whenever `content` changes (a refusal shown under the input makes the box taller).
 */
function useInsideGrid(box: RefObject<HTMLDivElement | null>, content: unknown): void {
  useLayoutEffect(() => {
    const element = box.current
    const grid = element?.closest('[role="grid"]')
    if (element === null || element === undefined || grid === null || grid === undefined) return
    element.style.left = ''
    element.style.top = ''
    element.style.bottom = ''
    const own = element.getBoundingClientRect()
    const view = grid.getBoundingClientRect()
    const overRight = own.right - (view.right - EDGE)
    if (overRight > 0) element.style.left = `${-1 - Math.min(overRight, own.left - view.left)}px`
    if (own.bottom > view.bottom - EDGE && own.top - view.top > own.height) {
      element.style.top = 'auto'
      element.style.bottom = '-1px'
    }
  }, [box, content])
}

/**
 * A grid cell's editor, over the cell: the form's typed input for the attribute (choices for enums and bools,
 * pickers for dates and times, NULL where it is nullable). Enter stages, Escape cancels, leaving it stages too (a
 * refused value is then kept at the cell). A refusal is shown under it, the text kept for correction.
 */
export function CellEditor({ attribute, label, initial, initialProblem, onCommit, onLeave, onCancel }: CellEditorProps) {
  const [state, setState] = useState(initial)
  const [problem, setProblem] = useState(initialProblem)
  const root = useRef<HTMLDivElement>(null)
  // Set once the editor has handed its value on, so the blur of its removal does not hand it on again.
  const done = useRef(false)
  const id = useId()
  useInsideGrid(root, problem)

  useLayoutEffect(() => {
    const input = root.current?.querySelector<HTMLElement>('input:not([type="checkbox"]):not([type="file"]), select, textarea')
    input?.focus({ preventScroll: true })
    // The caret after the text, as F2 leaves it in a spreadsheet.
    if ((input instanceof HTMLInputElement && input.type === 'text') || input instanceof HTMLTextAreaElement) input.setSelectionRange(input.value.length, input.value.length)
  }, [])

  const commit = () => {
    const refusal = onCommit(state)
    if (refusal === null) done.current = true
    else setProblem(refusal)
  }
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const target = event.target as HTMLElement
    if (event.key === 'Enter' && target.tagName !== 'BUTTON' && !(target.tagName === 'TEXTAREA' && event.shiftKey)) {
      event.preventDefault()
      event.stopPropagation()
      commit()
    } else {
      editorKey(event, () => {
        done.current = true
        onCancel()
      })
    }
  }

  return (
    <div
      ref={root}
      className="cell-editor"
      data-cell-editor
      role="group"
      aria-label={`Edit ${label}`}
      onKeyDown={onKeyDown}
      onBlur={(event) => {
        if (done.current || root.current?.contains(event.relatedTarget as Node | null) === true) return
        done.current = true
        if (same(state, initial) && problem === initialProblem) onCancel()
        else onLeave(state)
      }}
    >
      <FieldInput
        id={id}
        label={label}
        attribute={attribute}
        state={state}
        onChange={(next) => {
          // NULL ticked empties the input, which then shows NULL (it stays enabled: typing unticks it).
          setState(next.isNull ? { text: '', isNull: true } : next)
          // Once refused, the value is checked again as it is corrected.
          if (problem !== null) setProblem(null)
        }}
        error={problem}
        compact
        liveNull
      />
      <div className="cell-editor-foot">
        <span className="muted">Enter stages · Esc cancels</span>
        <Button size="sm" variant="ghost" aria-label={`Stage the edit of ${label}`} onMouseDown={(event) => event.preventDefault()} onClick={commit}>
          Stage
        </Button>
      </div>
    </div>
  )
}

export interface CellParentEditorProps {
  readonly tabId: string
  readonly foreignKey: ForeignKey
  /** The row's attributes this foreign key fills, in the foreign key's order. */
  readonly attributes: readonly WireAttribute[]
  /** What is edited, for the accessible names: "rig of subject_id=1003, session_idx=2". */
  readonly label: string
  readonly initial: Readonly<Record<string, FieldState>>
  /** A row chosen (or NULL): stages it, or returns why it is refused (the picker stays open). */
  readonly onChoose: (values: Record<string, FieldState>) => string | null
  /** Escape, or focus left without a choice: nothing is staged. */
  readonly onCancel: () => void
}

/**
 * A foreign key's cell editor: the parent's picker over the cell, searched and paged on the server as in the insert
 * form. Choosing a row stages every attribute of the foreign key at once (a composite or renamed key stays whole).
 */
export function CellParentEditor({ tabId, foreignKey, attributes, label, initial, onChoose, onCancel }: CellParentEditorProps) {
  const [problem, setProblem] = useState<string | null>(null)
  const root = useRef<HTMLDivElement>(null)
  const done = useRef(false)
  useInsideGrid(root, problem)
  return (
    <div
      ref={root}
      className="cell-editor cell-parent-editor"
      data-cell-editor
      role="group"
      aria-label={`Edit ${label}`}
      onKeyDown={(event) => {
        const handled = editorKey(event, () => {
          done.current = true
          onCancel()
        })
        // Enter stays the picker's (its search, its rows): the grid would start another edit.
        if (!handled && event.key === 'Enter') event.stopPropagation()
      }}
      onBlur={(event) => {
        if (done.current || root.current?.contains(event.relatedTarget as Node | null) === true) return
        done.current = true
        onCancel()
      }}
    >
      <ParentPicker
        tabId={tabId}
        foreignKey={foreignKey}
        attributes={attributes}
        values={initial}
        onChange={(values) => {
          const refusal = onChoose(values)
          if (refusal === null) done.current = true
          setProblem(refusal)
        }}
        nullable={attributes.every((a) => a.nullable)}
        error={problem}
        compact
        defaultOpen
      />
      <div className="cell-editor-foot">
        <span className="muted">Choose a row to stage it · Esc cancels</span>
      </div>
    </div>
  )
}

export interface CellRefusalProps {
  /** What was to be edited: "weight_g of subject_id=1003". */
  readonly label: string
  readonly message: string
  /** "Edit anyway", where the refusal is the person's to lift (a Computed or Imported table). */
  readonly onAllow: (() => void) | undefined
  readonly onClose: () => void
}

/** Why a cell cannot be edited, at the cell; with "Edit anyway" where the person may allow it. */
export function CellRefusal({ label, message, onAllow, onClose }: CellRefusalProps) {
  const root = useRef<HTMLDivElement>(null)
  const messageId = useId()
  useInsideGrid(root, message)
  useLayoutEffect(() => {
    root.current?.querySelector<HTMLElement>('button')?.focus({ preventScroll: true })
  }, [])
  return (
    <div
      ref={root}
      className="cell-editor cell-refusal"
      data-cell-editor
      role="group"
      aria-label={`Cannot edit ${label}`}
      aria-describedby={messageId}
      onKeyDown={(event) => {
        if (event.key !== 'Escape') return
        event.preventDefault()
        event.stopPropagation()
        onClose()
      }}
      onBlur={(event) => {
        if (root.current?.contains(event.relatedTarget as Node | null) !== true) onClose()
      }}
    >
      <p id={messageId} className="cell-refusal-text">
        {message}
      </p>
      <div className="cell-editor-foot">
        {onAllow === undefined ? null : (
          <Button size="sm" onClick={onAllow} title="Edit the rows of this table for as long as the window is open">
            Edit anyway
          </Button>
        )}
        <Button size="sm" variant="ghost" onClick={onClose}>
          {onAllow === undefined ? 'Close' : 'Cancel'}
        </Button>
      </div>
    </div>
  )
}
