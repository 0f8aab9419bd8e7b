import { useEffect, useState } from 'react'
import type { WireDiagramGraph } from '../../../../electron/ipc/contract'
import { toDiagramModel, type DiagramModel } from '../diagram-model'
import { fromElkGraph, toElkGraph, type DiagramLayout, type FlowDirection } from '../layout'
import type { LayoutRequest, LayoutResponse } from '../layout.worker'

export type LayoutState =
  | { readonly status: 'idle' | 'running' }
  | { readonly status: 'done'; readonly layout: DiagramLayout; readonly model: DiagramModel; readonly ms: number }
  | { readonly status: 'error'; readonly error: Error }

let worker: Worker | null = null
let nextId = 1
const pending = new Map<number, (response: LayoutResponse) => void>()

/** One layout worker for the page, started on first use. */
function layoutWorker(): Worker {
  if (worker !== null) return worker
  worker = new Worker(new URL('../layout.worker.ts', import.meta.url), { type: 'module', name: 'diagram-layout' })
  worker.onmessage = (event: MessageEvent<LayoutResponse>) => {
    const resolve = pending.get(event.data.id)
    pending.delete(event.data.id)
    resolve?.(event.data)
  }
  return worker
}

function layoutOffThread(model: DiagramModel, direction: FlowDirection): Promise<DiagramLayout> {
  const id = nextId++
  // Marks for `npm run bench:app`, which measures the main thread while the worker lays out.
  performance.mark('diagram-layout-start')
  return new Promise((resolve, reject) => {
    pending.set(id, (response) => {
      performance.mark('diagram-layout-end')
      if ('error' in response) reject(new Error(`The diagram could not be laid out: ${response.error}`))
      else resolve(fromElkGraph(response.graph, model, direction))
    })
    layoutWorker().postMessage({ id, graph: toElkGraph(model, direction) } satisfies LayoutRequest)
  })
}

/** A pipeline-like graph of `count` tables: a few lookups every table references, and chains below them. */
function warmUpGraph(count: number): WireDiagramGraph {
  const name = (i: number) => `"warm"."t${i}"`
  const nodes = Array.from({ length: count }, (_, i) => ({
    kind: 'table' as const,
    name: name(i),
    schema: 'warm',
    table: `t${i}`,
    className: `T${i}`,
    tier: i < 8 ? ('lookup' as const) : ('manual' as const),
    master: null,
    distinguished: true,
    external: false,
  }))
  const edge = (parent: number, child: number, primary: boolean) =>
    ({ kind: 'foreignKey' as const, parent: name(parent), child: name(child), primary, multi: true, aliased: false, attributeMap: {} })
  const edges = nodes.slice(8).flatMap((_, i) => [edge((i + 8) % 8, i + 8, false), ...(i >= 8 ? [edge(Math.floor((i + 8) / 2), i + 8, true)] : [])])
  return { nodes, edges }
}

/**
 * Starts the layout worker while the app is idle and lays out a 300-table graph in the options large diagrams
 * use: loading ELK (1.4 MB) and compiling its code paths take seconds of the worker's first layouts, which would
 * otherwise delay the first diagram the user opens.
 */
export function prewarmDiagramLayout(): void {
  if (worker !== null) return
  const warm = () => {
    const id = nextId++
    pending.set(id, () => undefined)
    const model = toDiagramModel(warmUpGraph(300), 'light', (text, fontSize) => text.length * fontSize * 0.6, { groupParts: false })
    layoutWorker().postMessage({ id, graph: toElkGraph(model, 'LR') } satisfies LayoutRequest)
  }
  window.requestIdleCallback(warm, { timeout: 3000 })
}

/**
 * The layout of `model` in `direction`, computed in the worker. While a new one runs the previous stays on
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
      (layout) => {
        if (current) setState({ status: 'done', layout, model, ms: performance.now() - started })
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
