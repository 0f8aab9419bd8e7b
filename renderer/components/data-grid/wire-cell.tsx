import type { WireValue } from '../../../electron/ipc/contract'
import { ExpandIcon } from '../icons'
import { cellKind, displayText, formatSize, isLongText } from './wire-value'

export interface WireCellProps {
  readonly value: WireValue
  readonly columnName: string
  /** Opens the cell viewer; cells whose value does not fit offer a button for it. */
  readonly onOpen: (() => void) | undefined
}

/** One grid cell's content, drawn by the kind of its WireValue. */
export function WireCell({ value, columnName, onOpen }: WireCellProps) {
  const kind = cellKind(value)
  switch (kind) {
    case 'null':
      return <span className="v-null">NULL</span>
    case 'empty':
      return <span className="v-empty">empty</span>
    case 'bool':
    case 'number':
    case 'bigint':
      return <span className={`v-${kind}`}>{displayText(value)}</span>
    case 'string': {
      const text = displayText(value)
      const long = isLongText(text)
      return (
        <>
          <span className="v-text">{long ? text.slice(0, 300).replace(/\s+/g, ' ') : text}</span>
          {long && onOpen !== undefined ? (
            <button type="button" className="cell-open" onClick={onOpen} aria-label={`Show full text of ${columnName}`} title="Show full text">
              <ExpandIcon size={12} />
            </button>
          ) : null}
        </>
      )
    }
    case 'bytes': {
      const size = value !== null && typeof value === 'object' && '$bytes' in value ? value.$bytes.size : 0
      return (
        <button type="button" className="cell-chip cell-bytes" onClick={onOpen} aria-label={`Open bytes value of ${columnName}`} title="Show all bytes">
          <span className="v-hex">{displayText(value)}</span>
          <span className="cell-size">{formatSize(size)}</span>
        </button>
      )
    }
    case 'blob': {
      const size = value !== null && typeof value === 'object' && '$blob' in value ? value.$blob.size : 0
      return (
        <button type="button" className="cell-chip cell-blob" onClick={onOpen} aria-label={`Open blob value of ${columnName}`} title="Show the decoded value">
          <span className="cell-blob-tag">blob</span>
          <span className="v-blob">{displayText(value)}</span>
          <span className="cell-size">{formatSize(size)}</span>
        </button>
      )
    }
    case 'json':
      return (
        <>
          <span className="v-json">{displayText(value)}</span>
          {onOpen === undefined ? null : (
            <button type="button" className="cell-open" onClick={onOpen} aria-label={`Open JSON value of ${columnName}`} title="Show as a tree">
              <ExpandIcon size={12} />
            </button>
          )}
        </>
      )
    default:
      return null
  }
}
