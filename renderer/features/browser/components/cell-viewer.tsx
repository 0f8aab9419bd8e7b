import { useQuery } from '@tanstack/react-query'
import { lazy, Suspense, useEffect, useMemo, useState } from 'react'
import type { WireAttribute, WireValue } from '../../../../electron/ipc/contract'
import { Button } from '../../../components/button'
import { writeClipboard } from '../../../components/data-grid/data-grid'
import { formatSize } from '../../../components/data-grid/wire-value'
import { Dialog } from '../../../components/dialog'
import { ErrorCallout } from '../../../components/error-callout'
import { CopyIcon } from '../../../components/icons'
import { JsonTree } from '../../../components/json-tree/json-tree'
import { Spinner } from '../../../components/spinner'
import { download } from '../../../lib/download'
import { npyFile } from '../../../../src/codecs/npy'
import { arrayLabel, arrayPlot, base64Bytes, type ArrayPlot } from '../blob-array'
import { localContent, numericSeries, viewerContent, type ViewerContent } from '../cell-text'
import { cellValueQuery, type CellKey } from '../queries'

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

// ECharts is loaded only when a cell viewer first draws an array: it would otherwise double the start-up bundle.
const loadArrayPlot = () => import('./array-plot')
const ArrayPlotView = lazy(async () => ({ default: (await loadArrayPlot()).ArrayPlotView }))

/** `session-ephys-waveform`: the table and attribute, safe for every file system. */
function saveName(table: string, attribute: string, extension: 'npy' | 'json'): string {
  const base = `${table.replace(/^[#_~]+/, '')}-${attribute}`.replace(/[^A-Za-z0-9_-]+/g, '_')
  return `${base}.${extension}`
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
  // Fetched alongside the value, so that the plot does not wait for the chart library after it.
  useEffect(() => {
    void loadArrayPlot()
  }, [])
  const size = sizeOf(target.value)
  const copyText = content === null ? null : content.kind === 'hex' ? content.lines.join('\n') : content.text
  const array = remote.data?.array
  const arrayBytes = useMemo(() => (array === undefined ? null : base64Bytes(array.data)), [array])
  const drawn = useMemo<{ plot: ArrayPlot; label: string } | null>(() => {
    if (array !== undefined && arrayBytes !== null) {
      const plot = arrayPlot(array, arrayBytes)
      return plot === null ? null : { plot, label: arrayLabel(array) }
    }
    // Lists of numbers (and arrays whose elements came as text) are still drawn as a line.
    const series = content?.kind === 'json' ? numericSeries(content.value) : null
    return series === null ? null : { plot: { kind: 'line', values: Float64Array.from(series.values) }, label: series.label }
  }, [array, arrayBytes, content])
  const jsonText = content?.kind === 'json' && remote.data?.truncated !== true ? content.text : null
  const saveNpy = () => {
    if (array === undefined || arrayBytes === null) return
    download([npyFile(array.dtype, array.shape, arrayBytes) as Uint8Array<ArrayBuffer>], 'application/octet-stream', saveName(table, target.attribute.name, 'npy'))
  }
  const saveJson = () => {
    if (jsonText !== null) download([jsonText], 'application/json;charset=utf-8', saveName(table, target.attribute.name, 'json'))
  }
  const isBlob = target.attribute.type.includes('blob')

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
          {isBlob ? (
            <>
              <Button
                size="sm"
                disabled={array === undefined}
                title={array === undefined ? 'Only a numeric array can be saved as .npy' : 'Save this array as a NumPy .npy file'}
                onClick={saveNpy}
              >
                Save as .npy
              </Button>
              <Button size="sm" disabled={jsonText === null} title={jsonText === null ? 'The full value is not available as JSON' : 'Save the decoded value as JSON'} onClick={saveJson}>
                Save as .json
              </Button>
            </>
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
          <>
            {remote.data?.arrayNote === undefined ? null : <p className="muted">{remote.data.arrayNote}</p>}
            {drawn === null || asText ? null : (
              <Suspense fallback={<Spinner />}>
                <ArrayPlotView plot={drawn.plot} label={drawn.label} />
              </Suspense>
            )}
            <ViewerBody content={content} asText={asText} name={target.attribute.name} collapsed={drawn !== null} />
          </>
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
  /** The value is drawn above: its tree starts collapsed. */
  readonly collapsed: boolean
}

function ViewerBody({ content, asText, name, collapsed }: ViewerBodyProps) {
  switch (content.kind) {
    case 'json': {
      if (asText) return <pre className="viewer-text">{JSON.stringify(content.value, null, 2)}</pre>
      return <JsonTree value={content.value} label={`Value of ${name}`} expandDepth={collapsed ? 0 : 2} />
    }
    case 'hex':
      return <pre className="viewer-text viewer-hex">{content.lines.join('\n')}</pre>
    case 'text':
      return <pre className="viewer-text">{content.text}</pre>
    default:
      return null
  }
}
