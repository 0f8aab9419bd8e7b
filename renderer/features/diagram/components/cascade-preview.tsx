// What a delete would remove, drawn on the diagram before anything is deleted: every table the cascade reaches,
// with its row count (DataJoint's `Diagram.cascade(...).counts()`), part integrity as chosen.

import { useQuery } from '@tanstack/react-query'
import { useMemo, useState } from 'react'
import type { QueryExpr } from '../../../../src/algebra/ast'
import { Button } from '../../../components/button'
import { ErrorCallout } from '../../../components/error-callout'
import { Spinner } from '../../../components/spinner'
import type { DiagramViewNode } from '../diagram-model'
import type { FlowDirection } from '../layout'
import { cascadeQuery, type PartIntegrity } from '../queries'
import { DiagramCanvas } from './diagram-canvas'
import { DirectionToggle } from './direction-toggle'

export interface CascadePreviewProps {
  readonly tabId: string
  readonly expr: QueryExpr
  /** What is deleted, in words ("Subject, 2 selected rows"). */
  readonly subject: string
  readonly onOpenTable: (table: { schema: string; table: string }) => void
  /** Part integrity, when the caller holds it (a delete that follows the preview); chosen here otherwise. */
  readonly partIntegrity?: PartIntegrity
  readonly onPartIntegrityChange?: (value: PartIntegrity) => void
}

const rowsText = (count: number): string => `${count.toLocaleString()} ${count === 1 ? 'row' : 'rows'}`

export function CascadePreview({ tabId, expr, subject, onOpenTable, ...held }: CascadePreviewProps) {
  const [ownPartIntegrity, setOwnPartIntegrity] = useState<PartIntegrity>('enforce')
  const partIntegrity = held.partIntegrity ?? ownPartIntegrity
  const setPartIntegrity = held.onPartIntegrityChange ?? setOwnPartIntegrity
  const [direction, setDirection] = useState<FlowDirection>('LR')
  const [selected, setSelected] = useState<string | null>(null)
  const cascade = useQuery(cascadeQuery(tabId, expr, partIntegrity))

  const badges = useMemo(() => {
    const counts = cascade.data?.counts ?? {}
    return new Map(Object.entries(counts).map(([name, count]) => [name, rowsText(count)]))
  }, [cascade.data])
  const counts = Object.values(cascade.data?.counts ?? {})
  const total = counts.reduce((sum, c) => sum + c, 0)
  const tables = counts.filter((c) => c > 0).length

  const controls = (
    <>
      <label className="diagram-option">
        Part integrity
        <select value={partIntegrity} onChange={(event) => setPartIntegrity(event.target.value as PartIntegrity)}>
          <option value="enforce" title="Refuse to delete part rows without their master">
            enforce
          </option>
          <option value="cascade" title="Also delete the masters of affected part rows">
            cascade
          </option>
          <option value="ignore" title="Delete part rows alone">
            ignore
          </option>
        </select>
      </label>
      <DirectionToggle value={direction} onChange={setDirection} />
    </>
  )

  return (
    <div className="cascade-preview">
      <div className="cascade-summary" role="status" aria-label="Cascade summary">
        {cascade.isPending ? (
          <>
            <Spinner size={14} /> Following the dependencies of {subject}…
          </>
        ) : cascade.isError ? (
          <ErrorCallout error={cascade.error} compact actions={<Button onClick={() => void cascade.refetch()}>Try again</Button>} />
        ) : (
          <>
            <strong>
              Deleting {subject} would remove {rowsText(total)} in {tables} {tables === 1 ? 'table' : 'tables'}.
            </strong>
            <span className="muted"> Nothing has been deleted.</span>
          </>
        )}
      </div>
      {cascade.data === undefined ? null : (
        <DiagramCanvas
          tabId={tabId}
          graph={cascade.data.graph}
          direction={direction}
          label={`Cascade of deleting ${subject}`}
          exportName="cascade-preview"
          selectedId={selected}
          onSelect={(node: DiagramViewNode | null) => setSelected(node?.id ?? null)}
          onOpen={(node) => (node.table === null ? undefined : onOpenTable({ schema: node.schema, table: node.table }))}
          badges={badges}
          toolbar={controls}
          legendOpen={false}
        />
      )}
    </div>
  )
}
