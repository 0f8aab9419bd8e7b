import { autocompletion, completionKeymap, type CompletionContext, type CompletionResult } from '@codemirror/autocomplete'
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands'
import { lintGutter } from '@codemirror/lint'
import { RangeSetBuilder } from '@codemirror/state'
import { Decoration, EditorView, ViewPlugin, keymap, lineNumbers, type DecorationSet, type ViewUpdate } from '@codemirror/view'
import { useCallback, useRef } from 'react'
import { useCodeMirror } from '../../../components/use-code-mirror'
import { tokenizeDefinitionLine } from '../../browser'
import { definitionCompletions, lineRange, type KnownTable } from '../declare-model'

export interface DefinitionEditorProps {
  readonly label: string
  readonly value: string
  readonly onChange: (text: string) => void
  readonly schema: string
  /** Tables `-> ` completes (the tab's known tables). */
  readonly tables: readonly KnownTable[]
  readonly isPart: boolean
  /** The engine's refusal, marked at its line (null: the whole definition). */
  readonly error: { readonly message: string; readonly line: number | null } | null
}

const marks = new Map<string, Decoration>()
const markFor = (kind: string): Decoration => {
  let mark = marks.get(kind)
  if (mark === undefined) {
    mark = Decoration.mark({ class: `def-${kind}` })
    marks.set(kind, mark)
  }
  return mark
}

/** The same colouring as the Definition pane: one tokenizer for both, applied to the visible lines. */
function highlight(view: EditorView): DecorationSet {
  const builder = new RangeSetBuilder<Decoration>()
  for (const { from, to } of view.visibleRanges) {
    for (let pos = from; pos <= to; ) {
      const line = view.state.doc.lineAt(pos)
      let at = line.from
      for (const token of tokenizeDefinitionLine(line.text)) {
        if (token.kind !== 'plain' && token.text !== '') builder.add(at, at + token.text.length, markFor(token.kind))
        at += token.text.length
      }
      pos = line.to + 1
    }
  }
  return builder.finish()
}

const definitionHighlight = ViewPlugin.fromClass(
  class {
    decorations: DecorationSet
    constructor(view: EditorView) {
      this.decorations = highlight(view)
    }
    update(update: ViewUpdate) {
      if (update.docChanged || update.viewportChanged) this.decorations = highlight(update.view)
    }
  },
  { decorations: (plugin) => plugin.decorations },
)

/**
 * A DataJoint table definition in CodeMirror 6: highlighted like the Definition pane, `-> Parent` completed from the
 * tab's tables, types and codecs after `:`, and the engine's error marked at its line.
 */
export function DefinitionEditor({ label, value, onChange, schema, tables, isPart, error }: DefinitionEditorProps) {
  // The latest props, read by the completion (created with the editor, once).
  const latest = useRef({ schema, tables, isPart })
  latest.current = { schema, tables, isPart }
  const diagnose = useCallback(
    (text: string) => {
      const range = error === null ? null : error.line === null ? { from: 0, to: text.length } : lineRange(text, error.line)
      return error === null || range === null ? [] : [{ ...range, severity: 'error' as const, message: error.message }]
    },
    [error],
  )
  const host = useCodeMirror({
    value,
    onChange,
    diagnose,
    extensions: () => {
      const complete = (context: CompletionContext): CompletionResult | null => {
        const line = context.state.doc.lineAt(context.pos)
        const result = definitionCompletions(line.text.slice(0, context.pos - line.from), latest.current)
        if (result === null) return null
        if (!context.explicit && result.from === context.pos - line.from && !/(->|:)\s*$/.test(line.text.slice(0, context.pos - line.from))) return null
        return { from: line.from + result.from, options: result.options.map((o) => ({ label: o.label, type: o.type, detail: o.detail })), validFor: /^[\w.<>@()]*$/ }
      }
      return [
        lineNumbers(),
        history(),
        keymap.of([...completionKeymap, ...historyKeymap, ...defaultKeymap, indentWithTab]),
        autocompletion({ override: [complete], activateOnTyping: true }),
        lintGutter(),
        definitionHighlight,
        EditorView.contentAttributes.of({ 'aria-label': label, 'aria-multiline': 'true', spellcheck: 'false' }),
      ]
    },
  })

  return <div ref={host} className={`definition-editor${error === null ? '' : ' has-error'}`} />
}
