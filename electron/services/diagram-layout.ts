// The diagram's layout: ELK run in one Node worker thread of the main process (off its event loop as off the UI
// thread), for the whole app run. Why not a web worker in the page: V8 runs ELK's large-graph code 4–8× slower
// until it has optimised it, which a page's worker never lives long enough to do (every page load starts a cold
// one); this worker is warmed once per app run on synthetic graphs while the app is idle, and keeps what it lays
// out: a diagram opened again (another tab, a reload, the direction toggled back) is answered from the cache.

import { createHash } from 'node:crypto'
import { Worker } from 'node:worker_threads'
import { DataJointError, workerModulePath } from '../../src/index'
import type { ElkGraphInput, WireLayout } from '../ipc/contract'
import { readLayout, type ElkOutNode } from '../ipc/elk-layout'

/** Laid-out diagrams kept, most recently used last (a 2,000-table layout is about 1 MB). */
const CACHE_ENTRIES = 16
/** A layout still running after this is given up and its worker replaced (the renderer chose the options). */
const LAYOUT_TIMEOUT_MS = 120_000

type WorkerAnswer = { readonly id: number; readonly graph: ElkOutNode } | { readonly id: number; readonly error: string }

// Plain CommonJS evaluated by the worker (`eval: true`): the main process is bundled three ways (electron-vite,
// the browser-mode bundle, tsx in tests), and a source string is the one form all three start the same way.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const ELK = require(workerData.elkPath)
const elk = new ELK()
parentPort.on('message', ({ id, graph }) => {
  elk.layout(graph).then(
    (laidOut) => parentPort.postMessage({ id, graph: laidOut }),
    (error) => parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) }),
  )
})
`

interface Job {
  readonly id: number
  readonly graph: ElkGraphInput
  readonly resolve: (graph: ElkOutNode) => void
  readonly reject: (error: Error) => void
}

/** One worker, one layout at a time: the user's layouts first, warm-up graphs only when none waits. */
export class DiagramLayoutService {
  #worker: Worker | null = null
  #running: Job | null = null
  #timer: NodeJS.Timeout | null = null
  readonly #queue: Job[] = []
  readonly #warmUps: ElkGraphInput[] = []
  readonly #cache = new Map<string, WireLayout>()
  /** Called when the worker has nothing left to do. */
  readonly #whenIdle: (() => void)[] = []
  #nextId = 1
  #warmed: boolean
  #disposed = false

  /** `warmUp: false` leaves the worker cold (tests). */
  constructor(options: { readonly warmUp?: boolean } = {}) {
    this.#warmed = options.warmUp === false
  }

  /** The layout of `graph`, from the cache or the worker; `ms` is the time it took here. */
  async layout(graph: ElkGraphInput): Promise<WireLayout & { readonly cached: boolean; readonly ms: number }> {
    const started = performance.now()
    const key = createHash('sha256').update(JSON.stringify(graph)).digest('base64')
    const known = this.#cache.get(key)
    if (known !== undefined) {
      this.#cache.delete(key)
      this.#cache.set(key, known)
      return { ...known, cached: true, ms: performance.now() - started }
    }
    const laidOut = readLayout(await this.#run(graph))
    this.#cache.set(key, laidOut)
    if (this.#cache.size > CACHE_ENTRIES) this.#cache.delete(this.#cache.keys().next().value as string)
    this.warmUp()
    return { ...laidOut, cached: false, ms: performance.now() - started }
  }

  /**
   * Starts the worker and queues the warm-up graphs (once per app run): a few layouts of the sizes and options
   * the user's diagrams take, each a fraction of a second, so a user's layout waits behind one at most.
   */
  warmUp(): void {
    if (this.#warmed || this.#disposed) return
    this.#warmed = true
    this.#warmUps.push(...WARM_UP_GRAPHS())
    this.#pump()
  }

  /** Forgets every laid-out diagram (`npm run bench:app` times layouts that are not cached). */
  clearCache(): void {
    this.#cache.clear()
  }

  /**
   * A new worker in place of this one, its cache empty: cold, or warmed up (resolves once warm). `npm run bench:app`
   * times the first layout of an app run and the layouts of a warmed-up one.
   */
  async restart(warm: boolean): Promise<void> {
    this.#stopWorker(new DataJointError('CANCELLED', 'The layout worker was restarted.'))
    this.#warmUps.length = 0
    this.#cache.clear()
    this.#warmed = !warm
    if (!warm) return
    this.warmUp()
    await new Promise<void>((resolve) => this.#whenIdle.push(resolve))
  }

  async dispose(): Promise<void> {
    this.#disposed = true
    this.#warmUps.length = 0
    this.#stopWorker(new DataJointError('CANCELLED', 'The app is closing.'))
  }

  #run(graph: ElkGraphInput): Promise<ElkOutNode> {
    if (this.#disposed) return Promise.reject(new DataJointError('CANCELLED', 'The app is closing.'))
    return new Promise((resolve, reject) => {
      this.#queue.push({ id: this.#nextId++, graph, resolve, reject })
      this.#pump()
    })
  }

  #pump(): void {
    if (this.#running !== null || this.#disposed) return
    let job = this.#queue.shift()
    if (job === undefined) {
      const graph = this.#warmUps.shift()
      if (graph === undefined) {
        for (const resolve of this.#whenIdle.splice(0)) resolve()
        return
      }
      // A warm-up's answer is not kept: it only makes V8 optimise ELK's code.
      job = { id: this.#nextId++, graph, resolve: () => undefined, reject: () => undefined }
    }
    const worker = this.#startedWorker()
    this.#running = job
    this.#timer = setTimeout(() => this.#stopWorker(new DataJointError('CANCELLED', 'The diagram took too long to lay out.')), LAYOUT_TIMEOUT_MS)
    worker.postMessage({ id: job.id, graph: job.graph })
  }

  #startedWorker(): Worker {
    if (this.#worker !== null) return this.#worker
    const elkPath = workerModulePath('elkjs/lib/elk.bundled.js', import.meta.url)
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { elkPath }, name: 'diagram-layout' })
    // The worker must not keep a closing app (or a test run) alive.
    worker.unref()
    worker.on('message', (answer: WorkerAnswer) => {
      const job = this.#running
      if (job === null || job.id !== answer.id) return
      this.#finish()
      if ('error' in answer) job.reject(new DataJointError('INVALID_INPUT', `The diagram could not be laid out: ${answer.error}`))
      else job.resolve(answer.graph)
      this.#pump()
    })
    worker.on('error', (error) => this.#stopWorker(error))
    this.#worker = worker
    return worker
  }

  #finish(): void {
    if (this.#timer !== null) clearTimeout(this.#timer)
    this.#timer = null
    this.#running = null
  }

  #stopWorker(error: Error): void {
    const job = this.#running
    this.#finish()
    void this.#worker?.terminate()
    this.#worker = null
    job?.reject(error)
    if (!this.#disposed) this.#pump()
    else for (const waiting of this.#queue.splice(0)) waiting.reject(error)
  }
}

/**
 * Pipeline-like graphs (a few lookups every table references, chains below them) in the options the renderer
 * uses for large diagrams (above 250 tables) and small ones, flat as one schema lays out.
 */
function WARM_UP_GRAPHS(): ElkGraphInput[] {
  const graph = (count: number, large: boolean): ElkGraphInput => {
    const id = (i: number) => `warm.t${i}`
    const children = Array.from({ length: count }, (_, i) => ({ id: id(i), width: 60 + (i % 7) * 12, height: 32 }))
    const edges = children.slice(8).flatMap((_, i) => [
      { id: `a${i}`, sources: [id((i + 8) % 8)], targets: [id(i + 8)] },
      ...(i >= 8 ? [{ id: `b${i}`, sources: [id(Math.floor((i + 8) / 2))], targets: [id(i + 8)] }] : []),
    ])
    return {
      id: 'root',
      layoutOptions: {
        'elk.algorithm': 'layered',
        'elk.direction': 'RIGHT',
        'elk.edgeRouting': 'ORTHOGONAL',
        'elk.layered.thoroughness': large ? '1' : '7',
        'elk.layered.mergeEdges': large ? 'true' : 'false',
        'elk.layered.highDegreeNodes.treatment': large ? 'true' : 'false',
        'org.eclipse.elk.json.shapeCoords': 'ROOT',
        'org.eclipse.elk.json.edgeCoords': 'ROOT',
      },
      children,
      edges,
    }
  }
  return [graph(60, false), graph(300, true), graph(300, true), graph(600, true), graph(60, false), graph(600, true)]
}
