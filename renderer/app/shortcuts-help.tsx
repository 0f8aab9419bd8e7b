import { Dialog } from '../components/dialog'
import { ShortcutKeys } from '../components/shortcut-keys'
import { SHORTCUT_HELP } from './shortcuts'

/** The `?` help: every keyboard shortcut, grouped by where it works. */
export function ShortcutsHelp({ onClose }: { readonly onClose: () => void }) {
  return (
    <Dialog title="Keyboard shortcuts" width="md" onClose={onClose}>
      <div className="shortcuts-help">
        {SHORTCUT_HELP.map(({ group, shortcuts }) => (
          <section key={group} aria-label={group}>
            <h3>{group}</h3>
            <table className="plain-table">
              <tbody>
                {shortcuts.map((s) => (
                  <tr key={s.description}>
                    <td className="shortcuts-keys">
                      <ShortcutKeys keys={s.keys} />
                    </td>
                    <td>{s.description}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        ))}
      </div>
    </Dialog>
  )
}
