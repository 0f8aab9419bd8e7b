import { useRef, type UIEvent } from 'react'
import type { WireAttribute } from '../../../../electron/ipc/contract'
import { cellText, type AlignedRow } from '../compare-model'

export interface SideBySideRowsProps {
  readonly attributes: readonly WireAttribute[]
  readonly rows: readonly AlignedRow[]
  readonly leftLabel: string
  readonly rightLabel: string
  /** Row indices selected (for a copy); absent: rows are not selectable. */
  readonly selected?: ReadonlySet<number>
  readonly onToggle?: (index: number) => void
  /** Row number of the first row (1-based), for paged lists. */
  readonly firstRow: number
}

/**
 * Both sides' rows in two tables that scroll together, row for row: a row missing on one side is a hatched gap
 * there, cells that differ are marked on both sides. Rows are matched by primary key before they get here.
 */
export function SideBySideRows({ attributes, rows, leftLabel, rightLabel, selected, onToggle, firstRow }: SideBySideRowsProps) {
  const panes = useRef<(HTMLDivElement | null)[]>([null, null])
  const syncing = useRef(false)
  const onScroll = (from: 0 | 1) => (event: UIEvent<HTMLDivElement>) => {
    if (syncing.current) {
      syncing.current = false
      return
    }
    const other = panes.current[from === 0 ? 1 : 0]
    if (other === null || other === undefined) return
    const { scrollTop, scrollLeft } = event.currentTarget
    if (other.scrollTop === scrollTop && other.scrollLeft === scrollLeft) return
    syncing.current = true
    other.scrollTop = scrollTop
    other.scrollLeft = scrollLeft
  }

  const side = (which: 'left' | 'right', index: 0 | 1) => (
    <div
      className="sbs-pane"
      role="region"
      aria-label={which === 'left' ? `Left: ${leftLabel}` : `Right: ${rightLabel}`}
      ref={(element) => {
        panes.current[index] = element
      }}
      onScroll={onScroll(index)}
      tabIndex={0}
    >
      <table className="sbs-table">
        <thead>
          <tr>
            <th className="sbs-rownum" scope="col">
              {selected === undefined || which === 'right' ? '#' : <span className="sr-only">Select</span>}
            </th>
            {attributes.map((a) => (
              <th key={a.name} scope="col" className={a.inKey ? 'is-key' : undefined} title={`${a.name} : ${a.type}`}>
                {a.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => {
            const values = row[which]
            const other = which === 'left' ? row.right : row.left
            const status = values === null ? 'missing' : other === null ? (which === 'left' ? 'only-left' : 'only-right') : row.changed.length > 0 ? 'changed' : 'same'
            const keyText = (values ?? other ?? [])
              .filter((_, c) => attributes[c]?.inKey === true)
              .map((v) => cellText(v))
              .join(', ')
            return (
              <tr key={i} className={`sbs-row is-${status}${selected?.has(i) === true ? ' is-selected' : ''}`} aria-label={`${keyText}${status === 'missing' ? ' (not on this side)' : ''}`}>
                <td className="sbs-rownum">
                  {selected !== undefined && which === 'left' && onToggle !== undefined ? (
                    <input type="checkbox" checked={selected.has(i)} onChange={() => onToggle(i)} aria-label={`Select row ${keyText}`} />
                  ) : (
                    firstRow + i
                  )}
                </td>
                {values === null ? (
                  <td className="sbs-missing" colSpan={attributes.length}>
                    not on this side
                  </td>
                ) : (
                  attributes.map((a, c) => {
                    const value = values[c]
                    const changed = row.changed.includes(a.name)
                    return (
                      <td
                        key={a.name}
                        className={`${value === null ? 'is-null' : ''}${changed ? ' is-changed' : ''}${a.inKey ? ' is-key' : ''}`}
                        title={changed ? `${a.name} differs` : undefined}
                      >
                        {changed ? <mark aria-label={`${a.name} differs: ${cellText(value)}`}>{cellText(value)}</mark> : cellText(value)}
                      </td>
                    )
                  })
                )}
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )

  return (
    <div className="sbs">
      {side('left', 0)}
      {side('right', 1)}
    </div>
  )
}
