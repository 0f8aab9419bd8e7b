// The lifecycle every CodeMirror 6 field here shares: the editor created once in a host element, the owner's value
// pushed in when it changes elsewhere, every edit reported, and the diagnostics set again with the text or error.

import { setDiagnostics, type Diagnostic } from '@codemirror/lint'
import { EditorState, type Extension } from '@codemirror/state'
import { EditorView } from '@codemirror/view'
import { useEffect, useRef, type RefObject } from 'react'

export interface CodeMirrorOptions {
  readonly value: string
  readonly onChange: (text: string) => void
  /** The editor's own extensions, built once when it is created: later props are read through the owner's refs. */
  readonly extensions: () => readonly Extension[]
  /** The diagnostics of a text; a new function (a new error) sets them again. */
  readonly diagnose: (text: string) => readonly Diagnostic[]
}

/** Returns the ref of the element the editor lives in. */
export function useCodeMirror({ value, onChange, extensions, diagnose }: CodeMirrorOptions): RefObject<HTMLDivElement | null> {
  const host = useRef<HTMLDivElement>(null)
  const view = useRef<EditorView | null>(null)
  // Read by the editor's listener, which is created once.
  const latestOnChange = useRef(onChange)
  latestOnChange.current = onChange

  useEffect(() => {
    if (host.current === null) return
    const editor = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: value,
        extensions: [
          ...extensions(),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) latestOnChange.current(update.state.doc.toString())
          }),
        ],
      }),
    })
    view.current = editor
    return () => {
      editor.destroy()
      view.current = null
    }
    // The editor is created once; later values are pushed in by the effect below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])

  useEffect(() => {
    const editor = view.current
    if (editor === null) return
    const current = editor.state.doc.toString()
    if (current !== value) editor.dispatch({ changes: { from: 0, to: current.length, insert: value } })
  }, [value])

  useEffect(() => {
    const editor = view.current
    if (editor === null) return
    editor.dispatch(setDiagnostics(editor.state, [...diagnose(editor.state.doc.toString())]))
  }, [diagnose, value])

  return host
}
