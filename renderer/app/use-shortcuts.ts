import { useEffect, useRef } from 'react'
import { shortcutFor, type Shortcut } from './shortcuts'

function isTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  if (target.isContentEditable) return true
  const tag = target.tagName
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT'
}

/** Calls `handler` for the window's keyboard shortcuts (see shortcuts.ts). */
export function useShortcuts(handler: (shortcut: Shortcut) => void): void {
  const ref = useRef(handler)
  ref.current = handler
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const shortcut = shortcutFor({
        key: event.key,
        ctrlKey: event.ctrlKey,
        metaKey: event.metaKey,
        altKey: event.altKey,
        shiftKey: event.shiftKey,
        inTextField: isTextField(event.target),
      })
      if (shortcut === null) return
      event.preventDefault()
      ref.current(shortcut)
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  }, [])
}
