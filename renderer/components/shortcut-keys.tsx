/** Whether this is a Mac, where the app's `Mod` key is ⌘ rather than Ctrl. */
const IS_MAC = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform)

/** `Mod` as this platform names it; other keys as written. */
export function keyLabel(key: string): string {
  if (key !== 'Mod') return key
  return IS_MAC ? '⌘' : 'Ctrl'
}

/** A key combination as keycaps, read out as "Ctrl+Shift+P". */
export function ShortcutKeys({ keys }: { readonly keys: readonly string[] }) {
  const labels = keys.map(keyLabel)
  return (
    <span className="shortcut-keys" aria-label={labels.join('+')}>
      {labels.map((label) => (
        <kbd key={label} aria-hidden="true">
          {label}
        </kbd>
      ))}
    </span>
  )
}
