import { useMemo } from 'react'
import { definitionRows, type DefinitionLine } from '../compare-model'

export interface DefinitionDiffProps {
  readonly left: string
  readonly right: string
  readonly leftLabel: string
  readonly rightLabel: string
}

const LINE_NAMES: Record<DefinitionLine['kind'], string> = { same: '', removed: 'only left', added: 'only right', blank: '' }

function Line({ line }: { readonly line: DefinitionLine }) {
  const marker = line.kind === 'removed' ? '−' : line.kind === 'added' ? '+' : ''
  return (
    <>
      <td className={`ddiff-num is-${line.kind}`} aria-hidden>
        {line.number ?? ''}
      </td>
      <td className={`ddiff-line is-${line.kind}`} aria-label={line.kind === 'blank' ? 'no line' : `${LINE_NAMES[line.kind]} ${line.text}`.trim()}>
        <span className="ddiff-marker" aria-hidden>
          {marker}
        </span>
        {line.text}
      </td>
    </>
  )
}

/** Both `describe()` definitions in two aligned columns: jsdiff's line diff, removed lines left, added lines right. */
export function DefinitionDiff({ left, right, leftLabel, rightLabel }: DefinitionDiffProps) {
  const rows = useMemo(() => definitionRows(left, right), [left, right])
  return (
    <table className="ddiff" aria-label="Definitions side by side">
      <colgroup>
        <col className="ddiff-num-col" />
        <col />
        <col className="ddiff-num-col" />
        <col />
      </colgroup>
      <thead>
        <tr>
          <th colSpan={2} scope="colgroup">
            {leftLabel}
          </th>
          <th colSpan={2} scope="colgroup">
            {rightLabel}
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row, i) => (
          <tr key={i}>
            <Line line={row.left} />
            <Line line={row.right} />
          </tr>
        ))}
      </tbody>
    </table>
  )
}
