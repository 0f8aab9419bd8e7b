import { autocompletion, completionKeymap, type CompletionContext, type CompletionResult } from '@codemirror/autocomplete'
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands'
import { lintGutter } from '@codemirror/lint'
import { EditorState } from '@codemirror/state'
import { EditorView, keymap, placeholder as placeholderText } from '@codemirror/view'
import { useCallback, useRef } from 'react'
import { useCodeMirror } from '../../../components/use-code-mirror'
import { FUNCTION_NAMES } from '../../../../src/algebra/ast'

const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'is', 'null', 'like', 'between', 'true', 'false', 'asc', 'desc', 'key'])

export interface CodeFieldProps {
  readonly label: string
  readonly value: string
  readonly onChange: (text: string) => void
  /** Attribute names offered by completion. */
  readonly attributes: readonly string[]
  /** Where the engine's parser stopped, with its message: marked in the text. */
  readonly error: { readonly message: string; readonly position: number | null } | null
  readonly placeholder?: string
}

/**
 * DataJoint text (a condition, a computed attribute, an order) in CodeMirror 6: one line, attribute-name and
 * function completion, and the parser's error marked at its position.
 */
export function CodeField({ label, value, onChange, attributes, error, placeholder = '' }: CodeFieldProps) {
  // The latest attributes, read by the completion (created with the editor, once).
  const latest = useRef(attributes)
  latest.current = attributes
  const diagnose = useCallback(
    (text: string) => {
      if (error === null) return []
      // An error at the end of the text (something missing) marks its last character, so that it shows.
      const from = Math.max(0, Math.min(error.position ?? 0, text.length - 1))
      return [{ from, to: Math.min(from + 1, text.length), severity: 'error' as const, message: error.message }]
    },
    [error],
  )
  const host = useCodeMirror({
    value,
    onChange,
    diagnose,
    extensions: () => {
      const complete = (context: CompletionContext): CompletionResult | null => {
        const word = context.matchBefore(/[A-Za-z_][A-Za-z0-9_]*/)
        if (word === null || (word.from === word.to && !context.explicit)) return null
        // A keyword just typed (`and`, `or`, `not`…) is not the start of a name to complete.
        if (!context.explicit && KEYWORDS.has(word.text.toLowerCase())) return null
        return {
          from: word.from,
          options: [
            // The detail tells `date` the function from `date` an attribute of the same name.
            ...latest.current.map((name) => ({ label: name, type: 'variable', detail: 'attribute' })),
            ...FUNCTION_NAMES.map((name) => ({ label: name, type: 'function', detail: 'function', apply: `${name}(` })),
          ],
          validFor: /^[A-Za-z0-9_]*$/,
        }
      }
      return [
        history(),
        keymap.of([...completionKeymap, ...historyKeymap, ...defaultKeymap]),
        autocompletion({ override: [complete] }),
        lintGutter(),
        placeholderText(placeholder),
        // One line: a newline is not part of DataJoint's restriction strings.
        EditorState.transactionFilter.of((tr) => (tr.newDoc.lines > 1 ? [] : tr)),
        EditorView.contentAttributes.of({ 'aria-label': label, spellcheck: 'false' }),
      ]
    },
  })

  return <div ref={host} className={`code-field${error === null ? '' : ' has-error'}`} />
}
