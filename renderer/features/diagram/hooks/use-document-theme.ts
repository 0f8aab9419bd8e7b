import { useEffect, useState } from 'react'
import type { DiagramTheme } from '../palette'

const read = (): DiagramTheme => (document.documentElement.dataset['theme'] === 'dark' ? 'dark' : 'light')

/** The app's theme (the `data-theme` the shell sets on the document), followed as it changes. */
export function useDocumentTheme(): DiagramTheme {
  const [theme, setTheme] = useState<DiagramTheme>(read)
  useEffect(() => {
    const observer = new MutationObserver(() => setTheme(read()))
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] })
    return () => observer.disconnect()
  }, [])
  return theme
}
