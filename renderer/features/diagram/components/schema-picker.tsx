import { useQuery } from '@tanstack/react-query'
import { useEffect, useRef, useState } from 'react'
import { ChevronDownIcon } from '../../../components/icons'
import { invoke } from '../../../lib/ipc'
import { queryKeys } from '../../../lib/query-keys'

export interface SchemaPickerProps {
  readonly tabId: string
  readonly shown: readonly string[]
  readonly collapsed: readonly string[]
  readonly onShow: (schema: string, shown: boolean) => void
  readonly onCollapse: (schema: string, collapsed: boolean) => void
}

/** Which schemas of the connection the diagram draws, and which of them as one collapsed node. */
export function SchemaPicker({ tabId, shown, collapsed, onShow, onCollapse }: SchemaPickerProps) {
  const [open, setOpen] = useState(false)
  const ref = useRef<HTMLDivElement>(null)
  const schemas = useQuery({ queryKey: queryKeys.schemas(tabId), queryFn: () => invoke('schema.list', { tabId }), enabled: open })
  useEffect(() => {
    if (!open) return undefined
    const close = (event: MouseEvent) => {
      if (!ref.current?.contains(event.target as Node)) setOpen(false)
    }
    document.addEventListener('mousedown', close)
    return () => document.removeEventListener('mousedown', close)
  }, [open])
  return (
    <div className="diagram-schemas" ref={ref} onKeyDown={(event) => (event.key === 'Escape' ? setOpen(false) : undefined)}>
      <button type="button" className="btn btn-secondary btn-sm" aria-expanded={open} aria-haspopup="true" onClick={() => setOpen(!open)}>
        <span className="btn-label">Schemas{shown.length > 0 ? ` (${shown.length})` : ''}</span>
        <ChevronDownIcon size={12} />
      </button>
      {open ? (
        <div className="diagram-schemas-menu" role="group" aria-label="Schemas in the diagram">
          {schemas.isPending ? <div className="muted">Loading schemas…</div> : null}
          {(schemas.data ?? []).map((schema) => {
            const isShown = shown.includes(schema)
            return (
              <div key={schema} className="diagram-schemas-row">
                <label>
                  <input type="checkbox" checked={isShown} disabled={isShown && shown.length === 1} onChange={(event) => onShow(schema, event.target.checked)} />
                  <span className="mono">{schema}</span>
                </label>
                <label className="diagram-schemas-collapse">
                  <input type="checkbox" checked={collapsed.includes(schema)} disabled={!isShown} onChange={(event) => onCollapse(schema, event.target.checked)} />
                  <span>collapsed</span>
                  <span className="sr-only"> {schema}</span>
                </label>
              </div>
            )
          })}
        </div>
      ) : null}
    </div>
  )
}
