import { useEffect, useState } from 'react'
import type { WireDiagramGraph } from '../../../../electron/ipc/contract'
import { toDiagramModel, type DiagramModel } from '../diagram-model'
import { fromElkGraph, toElkGraph, type DiagramLayout, type FlowDirection } from '../layout'
import type { LayoutRequest, LayoutResponse } from '../layout.worker'

export type LayoutState =
  | { readonly status: 'idle' | 'running' }
  | { readonly status: 'done'; readonly layout: DiagramLayout; readonly model: DiagramModel; readonly ms: number }
  | { readonly status: 'error'; readonly error: Error }

/** The worker that lays out the user's diagrams. */
let worker: Worker | null = null
/** A spare being warmed up on a large graph: it takes over from `worker` when done. */
let spare: Worker | null = null
let nextId = 1
const pending = new Map<number, (response: LayoutResponse) => void>()
/** Requests each worker has not answered yet: a replaced worker ends once it has answered them all. */
const unanswered = new Map<Worker, number>()

function startWorker(): Worker {
  const started = new Worker(new URL('../layout.worker.ts', import.meta.url), { type: 'module', name: 'diagram-layout' })
  unanswered.set(started, 0)
  started.onmessage = (event: MessageEvent<LayoutResponse>) => {
    const left = (unanswered.get(started) ?? 1) - 1
    unanswered.set(started, left)
    if (left === 0 && started !== worker && started !== spare) {
      started.terminate()
      unanswered.delete(started)
    }
    const resolve = pending.get(event.data.id)
    pending.delete(event.data.id)
    resolve?.(event.data)
  }
  return started
}

function post(target: Worker, graph: LayoutRequest['graph'], onAnswer: (response: LayoutResponse) => void): void {
  const id = nextId++
  pending.set(id, onAnswer)
  unanswered.set(target, (unanswered.get(target) ?? 0) + 1)
  target.postMessage({ id, graph } satisfies LayoutRequest)
}

function layoutOffThread(model: DiagramModel, direction: FlowDirection): Promise<DiagramLayout> {
  // Marks for `npm run bench:app`, which measures the main thread while the worker lays out.
  performance.mark('diagram-layout-start')
  worker ??= startWorker()
  const target = worker
  // A warm-up still running would only compete with this layout for the machine's cores: it is given up.
  if (spare !== null) {
    spare.terminate()
    unanswered.delete(spare)
    spare = null
  }
  return new Promise((resolve, reject) => {
    post(target, toElkGraph(model, direction), (response) => {
      performance.mark('diagram-layout-end')
      if ('error' in response) reject(new Error(`The diagram could not be laid out: ${response.error}`))
      else resolve(fromElkGraph(response.graph, model, direction))
    })
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
 * Starts the layout worker while the app is idle (loading ELK, 1.4 MB, takes a moment), then a spare that lays out
 * a 300-table graph in the options large diagrams use and takes over: compiling ELK's code paths costs seconds of
 * a worker's first large layouts. Until the spare is ready the first worker answers, so a diagram opened meanwhile
 * does not wait behind the warm-up (which is then given up).
 */
export function prewarmDiagramLayout(): void {
  if (worker !== null || spare !== null) return
  const warm = () => {
    if (worker !== null || spare !== null) return
    worker = startWorker()
    const tiny = toDiagramModel(warmUpGraph(10), 'light', (text, fontSize) => text.length * fontSize * 0.6)
    // The spare starts once the first worker has loaded ELK, so the two do not load it on the same cores at once.
    post(worker, toElkGraph(tiny, 'LR'), () => {
      if (spare !== null || pending.size > 0) return
      const warming = startWorker()
      spare = warming
      const large = toDiagramModel(warmUpGraph(300), 'light', (text, fontSize) => text.length * fontSize * 0.6, { groupParts: false })
      post(warming, toElkGraph(large, 'LR'), () => {
        if (spare !== warming) return
        const replaced = worker
        worker = warming
        spare = null
        if (replaced !== null && (unanswered.get(replaced) ?? 0) === 0) {
          replaced.terminate()
          unanswered.delete(replaced)
        }
      })
    })
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
