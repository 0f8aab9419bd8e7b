import { useState } from 'react'
import { ChevronDownIcon, ChevronRightIcon } from '../icons'
import { jsonEntries, jsonKind, jsonScalar, jsonSummary } from './json-model'

const PAGE = 200

export interface JsonTreeProps {
  readonly value: unknown
  /** Containers up to this depth start expanded. */
  readonly expandDepth?: number
  readonly label?: string
}

/** A collapsible, keyboard-reachable tree view of a JSON value. */
export function JsonTree({ value, expandDepth = 2, label = 'JSON value' }: JsonTreeProps) {
  return (
    <ul className="json-tree" role="tree" aria-label={label}>
      <JsonNode name={null} value={value} depth={0} expandDepth={expandDepth} />
    </ul>
  )
}

interface JsonNodeProps {
  readonly name: string | null
  readonly value: unknown
  readonly depth: number
  readonly expandDepth: number
}

function JsonNode({ name, value, depth, expandDepth }: JsonNodeProps) {
  const kind = jsonKind(value)
  const container = kind === 'object' || kind === 'array'
  const [expanded, setExpanded] = useState(depth < expandDepth)
  const [shown, setShown] = useState(PAGE)
  const entries = container && expanded ? jsonEntries(value) : []
  const keyLabel = name === null ? null : <span className="json-key">{name}</span>

  if (!container) {
    return (
      <li role="treeitem" className="json-node" aria-selected={false}>
        <span className="json-toggle-spacer" />
        {keyLabel}
        {keyLabel === null ? null : <span className="json-colon">: </span>}
        <span className={`json-${kind}`}>{jsonScalar(value)}</span>
      </li>
    )
  }
  return (
    <li role="treeitem" className="json-node" aria-expanded={expanded} aria-selected={false}>
      <button type="button" className="json-toggle" onClick={() => setExpanded((e) => !e)} aria-label={expanded ? 'Collapse' : 'Expand'}>
        {expanded ? <ChevronDownIcon size={12} /> : <ChevronRightIcon size={12} />}
      </button>
      {keyLabel}
      {keyLabel === null ? null : <span className="json-colon">: </span>}
      <span className="json-summary">{jsonSummary(value)}</span>
      {expanded ? (
        <ul role="group" className="json-children">
          {entries.slice(0, shown).map(([key, child]) => (
            <JsonNode key={key} name={key} value={child} depth={depth + 1} expandDepth={expandDepth} />
          ))}
          {entries.length > shown ? (
            <li className="json-more">
              <button type="button" className="link-btn" onClick={() => setShown((n) => n + PAGE)}>
                Show {Math.min(PAGE, entries.length - shown)} more of {entries.length - shown}…
              </button>
            </li>
          ) : null}
        </ul>
      ) : null}
    </li>
  )
}
