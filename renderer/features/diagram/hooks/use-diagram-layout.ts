import { useEffect, useState } from 'react'
import { invoke } from '../../../lib/ipc'
import type { DiagramModel } from '../diagram-model'
import { fromWireLayout, toElkGraph, type DiagramLayout, type FlowDirection } from '../layout'

export type LayoutState =
  | { readonly status: 'idle' | 'running' }
  | { readonly status: 'done'; readonly layout: DiagramLayout; readonly model: DiagramModel; readonly ms: number; readonly cached: boolean }
  | { readonly status: 'error'; readonly error: Error }

async function layoutOffThread(model: DiagramModel, direction: FlowDirection): Promise<{ layout: DiagramLayout; cached: boolean }> {
  // Marks for `npm run bench:app`, which measures the main thread while the layout runs.
  performance.mark('diagram-layout-start')
  try {
    const wire = await invoke('diagram.layout', { graph: toElkGraph(model, direction) })
    return { layout: fromWireLayout(wire, model, direction), cached: wire.cached }
  } finally {
    performance.mark('diagram-layout-end')
  }
}

let prewarmed = false

/**
 * Lays out one tiny graph while the app is idle: that starts the main process's layout worker (loading ELK takes
 * a moment), which then warms itself up on larger graphs (see electron/services/diagram-layout.ts).
 */
export function prewarmDiagramLayout(): void {
  if (prewarmed) return
  prewarmed = true
  window.requestIdleCallback(
    () => {
      const graph = { id: 'root', layoutOptions: { 'elk.algorithm': 'layered' }, children: [{ id: 'a', width: 40, height: 20 }, { id: 'b', width: 40, height: 20 }], edges: [{ id: 'e', sources: ['a'], targets: ['b'] }] }
      // A failed warm-up only means the first diagram lays out cold; that diagram reports its own error.
      invoke('diagram.layout', { graph }).catch(() => undefined)
    },
    { timeout: 3000 },
  )
}

/**
 * The layout of `model` in `direction`, computed off the UI thread. While a new one runs the previous stays on
 * screen; an answer for a model that has since been replaced is dropped.
 */
export function useDiagramLayout(model: DiagramModel | null, direction: FlowDirection): LayoutState {
  const [state, setState] = useState<LayoutState>({ status: 'idle' })
  useEffect(() => {
    if (model === null) return
    let current = true
    const started = performance.now()
    setState((previous) => (previous.status === 'done' ? previous : { status: 'running' }))
    layoutOffThread(model, direction).then(
      ({ layout, cached }) => {
        if (current) setState({ status: 'done', layout, model, ms: performance.now() - started, cached })
      },
      (error: unknown) => {
        if (current) setState({ status: 'error', error: error instanceof Error ? error : new Error(String(error)) })
      },
    )
    return () => {
      current = false
    }
  }, [model, direction])
  return state
}
