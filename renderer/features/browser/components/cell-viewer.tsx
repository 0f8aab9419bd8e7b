import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import type { WireAttribute, WireValue } from '../../../../electron/ipc/contract'
import { Button } from '../../../components/button'
import { writeClipboard } from '../../../components/data-grid/data-grid'
import { formatSize } from '../../../components/data-grid/wire-value'
import { Dialog } from '../../../components/dialog'
import { ErrorCallout } from '../../../components/error-callout'
import { CopyIcon } from '../../../components/icons'
import { JsonTree } from '../../../components/json-tree/json-tree'
import { Spinner } from '../../../components/spinner'
import { localContent, numericSeries, viewerContent, type ViewerContent } from '../cell-text'
import { cellValueQuery, type CellKey } from '../queries'
import { SeriesPlot } from './series-plot'

export interface CellTarget {
  readonly attribute: WireAttribute
  readonly value: WireValue
  /** The row's primary key, or null when the row cannot be looked up. */
  readonly key: CellKey | null
}

export interface CellViewerProps {
  readonly tabId: string
  readonly schema: string
  readonly table: string
  readonly target: CellTarget
  readonly onClose: () => void
}

function keyText(key: CellKey): string {
  return Object.entries(key)
    .map(([name, value]) => `${name} = ${value === null ? 'NULL' : String(value)}`)
    .join(', ')
}

function sizeOf(value: WireValue): number | null {
  if (value === null || typeof value !== 'object') return null
  if ('$blob' in value) return value.$blob.size
  if ('$bytes' in value) return value.$bytes.size
  return null
}

/** Shows one cell's whole value: decoded blobs and JSON as a tree, bytes as a hex dump, text in full. */
export function CellViewer({ tabId, schema, table, target, onClose }: CellViewerProps) {
  const local = localContent(target.value)
  const needsServer = local === null && target.key !== null
  const remote = useQuery({
    ...cellValueQuery({ tabId, schema, table, attribute: target.attribute.name, key: target.key ?? {} }),
    enabled: needsServer,
  })
  const content: ViewerContent | null =
    local ?? (remote.data === undefined ? null : viewerContent(remote.data.kind, remote.data.text))
  const [asText, setAsText] = useState(false)
  const size = sizeOf(target.value)
  const copyText = content === null ? null : content.kind === 'hex' ? content.lines.join('\n') : content.text

  return (
    <Dialog
      width="lg"
      onClose={onClose}
      title={
        <>
          <span className="viewer-attr">{target.attribute.name}</span>
          <span className="viewer-type">{target.attribute.type}</span>
        </>
      }
      footer={
        <>
          <span className="viewer-meta">
            {target.key === null ? null : <span title="Primary key of this row">{keyText(target.key)}</span>}
            {size === null ? null : <span>{formatSize(size)}</span>}
            {remote.data?.truncated === true ? <span className="badge badge-warning">truncated</span> : null}
          </span>
          {content?.kind === 'json' ? (
            <Button size="sm" variant="ghost" onClick={() => setAsText((t) => !t)}>
              {asText ? 'Show as tree' : 'Show as text'}
            </Button>
          ) : null}
          <Button size="sm" icon={<CopyIcon />} disabled={copyText === null} onClick={() => copyText !== null && void writeClipboard(copyText)}>
            Copy
          </Button>
          <Button size="sm" variant="primary" onClick={onClose}>
            Close
          </Button>
        </>
      }
    >
      <div className="viewer-body">
        {content !== null ? (
          <ViewerBody content={content} asText={asText} name={target.attribute.name} />
        ) : target.key === null ? (
          <p className="muted">This row has no primary key to look the full value up with.</p>
        ) : remote.isError ? (
          <ErrorCallout error={remote.error} />
        ) : (
          <div className="viewer-loading">
            <Spinner /> Decoding {target.attribute.type}…
          </div>
        )}
      </div>
    </Dialog>
  )
}

interface ViewerBodyProps {
  readonly content: ViewerContent
  readonly asText: boolean
  readonly name: string
}

function ViewerBody({ content, asText, name }: ViewerBodyProps) {
  switch (content.kind) {
    case 'json': {
      if (asText) return <pre className="viewer-text">{JSON.stringify(content.value, null, 2)}</pre>
      const plot = numericSeries(content.value)
      return (
        <>
          {plot === null ? null : <SeriesPlot series={plot} />}
          <JsonTree value={content.value} label={`Value of ${name}`} expandDepth={plot === null ? 2 : 0} />
        </>
      )
    }
    case 'hex':
      return <pre className="viewer-text viewer-hex">{content.lines.join('\n')}</pre>
    case 'text':
      return <pre className="viewer-text">{content.text}</pre>
    default:
      return null
  }
}
