// Export of a view (a table or query tree with its restriction and order) to a file, streamed from the main process:
// rows are read in pages by key (the engine's `fetchByKeyPages`: `WHERE order key > last … LIMIT n`, never OFFSET),
// each page is encoded (export-format.ts: full blob and bytes values) and written with back-pressure, so memory
// stays flat whatever the table's size. Orders that cannot be followed by key (a nullable or float sort attribute)
// are read through one cursor instead (the engine's `stream`), which is just as flat.
//
// Where the file goes is decided here, never by the renderer: in Electron a save dialog the main process opens
// (`chooseFile`, injected so that this module stays free of `electron`); in browser mode a one-time download URL
// on the token-guarded server, whose response the export writes into. Progress is the `export.progress` event;
// a cancel stops the running statement (its session is cancelled on the server) and deletes the partial file.

import { randomBytes } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { rename, rm } from 'node:fs/promises'
import { basename } from 'node:path'
import type { Writable } from 'node:stream'
import { DataJointError, keyOrder, toWire, type Attribute, type Logger } from '../../src/index'
import type { Output, ParsedInput } from '../ipc/contract'
import { EXPORT_CONTENT_TYPES, exportEncoder, exportFileName, type ExportFormat } from './export-format'
import type { Emit, Handlers } from './handlers'
import type { RunningQueries } from './query'
import type { TabRegistry } from './tabs'

/** Asks the user where to save (Electron's save dialog); null when they dismissed it. */
export type ChooseExportFile = (suggestedName: string, format: ExportFormat) => Promise<string | null>

export interface ExportServiceOptions {
  readonly tabs: TabRegistry
  readonly running: RunningQueries
  readonly emit: Emit
  readonly logger: Logger
  /** Electron: the save dialog. Absent in browser mode, where exports are downloads. */
  readonly chooseFile?: ChooseExportFile
  /** How long a browser-mode download waits to be fetched before it is dropped (ms). */
  readonly downloadTtlMs?: number
  /** Rows per page (default: by the heading, fewer when it holds blobs or bytes). */
  readonly pageSize?: number
}

type StartInput = ParsedInput<'export.start'>

interface Outcome {
  rows: number
  error: unknown
}

interface Job {
  readonly exportId: string
  readonly input: StartInput
  readonly fileName: string
  readonly abort: AbortController
  /** Browser mode: the export waits for its download request until then. */
  expiry: NodeJS.Timeout | null
}

/** Between progress events while rows are written (ms). */
const PROGRESS_EVERY_MS = 200
const DEFAULT_DOWNLOAD_TTL_MS = 60_000
const PLAIN_PAGE_ROWS = 2_000
/** Pages of rows with blobs or bytes are smaller: a page is held in memory while it is encoded. */
const BULKY_PAGE_ROWS = 100

function pageRowsFor(attributes: readonly Attribute[]): number {
  const bulky = attributes.some((a) => a.category === 'bytes' || a.category === 'codec' || a.category === 'json')
  return bulky ? BULKY_PAGE_ROWS : PLAIN_PAGE_ROWS
}

/** Writes text, waiting while the destination's buffer is full (back-pressure) or failing when it is gone. */
function write(sink: Writable, text: string): Promise<void> {
  if (text === '') return Promise.resolve()
  return new Promise<void>((resolve, reject) => {
    if (sink.destroyed) {
      reject(new DataJointError('CANCELLED', 'The export destination was closed.'))
      return
    }
    const onClose = (): void => {
      sink.off('drain', onDrain)
      reject(new DataJointError('CANCELLED', 'The export destination was closed.'))
    }
    const onDrain = (): void => {
      sink.off('close', onClose)
      resolve()
    }
    if (sink.write(text)) {
      resolve()
      return
    }
    sink.once('drain', onDrain)
    sink.once('close', onClose)
  })
}

function finish(sink: Writable): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    sink.once('error', reject)
    sink.end(() => resolve())
  })
}

export class ExportService {
  readonly #options: ExportServiceOptions
  readonly #jobs = new Map<string, Job>()
  /** Exports writing now, until their file is complete or removed (dispose waits for them). */
  readonly #writing = new Set<Promise<void>>()

  constructor(options: ExportServiceOptions) {
    this.#options = options
  }

  /** Starts an export; in Electron after the user picked a file (null exportId: they dismissed the dialog). */
  async start(input: StartInput): Promise<Output<'export.start'>> {
    const { tabs, chooseFile } = this.#options
    tabs.tab(input.tabId)
    const suggested = exportFileName(input.name, input.format, new Date())
    if (chooseFile === undefined) {
      const job = this.#newJob(input, suggested)
      job.expiry = setTimeout(() => this.#drop(job.exportId), this.#options.downloadTtlMs ?? DEFAULT_DOWNLOAD_TTL_MS)
      job.expiry.unref()
      return { exportId: job.exportId, fileName: suggested, downloadUrl: `/export/${job.exportId}` }
    }
    const path = await chooseFile(suggested, input.format)
    if (path === null) return { exportId: null, fileName: null, downloadUrl: null }
    const job = this.#newJob(input, basename(path))
    this.#track(this.#toFile(job, path))
    return { exportId: job.exportId, fileName: job.fileName, downloadUrl: null }
  }

  /** Stops an export: its statement is cancelled on the server and its partial file deleted. */
  async cancel(exportId: string): Promise<boolean> {
    const job = this.#jobs.get(exportId)
    if (job === undefined) return false
    job.abort.abort()
    if (job.expiry !== null) {
      clearTimeout(job.expiry)
      this.#drop(job.exportId)
      return true
    }
    await this.#options.running.cancel(job.input.tabId, exportId)
    return true
  }

  /**
   * Browser mode: streams a waiting export into an HTTP response (once: the id is then spent). False when no such
   * export waits, so that the server answers 404.
   */
  serveDownload(exportId: string, response: Writable & { setHeader(name: string, value: string): unknown }): boolean {
    const job = this.#jobs.get(exportId)
    if (job === undefined || job.expiry === null) return false
    clearTimeout(job.expiry)
    job.expiry = null
    response.setHeader('Content-Type', EXPORT_CONTENT_TYPES[job.input.format])
    response.setHeader('Content-Disposition', `attachment; filename="${job.fileName}"`)
    response.setHeader('Cache-Control', 'no-store')
    response.setHeader('X-Content-Type-Options', 'nosniff')
    // The browser cancelling the download stops the export.
    response.once('close', () => {
      if (!response.writableFinished) job.abort.abort()
    })
    this.#track(this.#run(job, response).then((outcome) => this.#settle(job, outcome)))
    return true
  }

  /** Exports still running or waiting for their download. */
  get size(): number {
    return this.#jobs.size
  }

  async dispose(): Promise<void> {
    await Promise.all([...this.#jobs.keys()].map((id) => this.cancel(id)))
    await Promise.all(this.#writing)
  }

  #track(writing: Promise<void>): void {
    this.#writing.add(writing)
    void writing.finally(() => this.#writing.delete(writing))
  }

  #newJob(input: StartInput, fileName: string): Job {
    const exportId = `x${randomBytes(16).toString('hex')}`
    const job: Job = { exportId, input, fileName, abort: new AbortController(), expiry: null }
    this.#jobs.set(exportId, job)
    return job
  }

  #drop(exportId: string): void {
    const job = this.#jobs.get(exportId)
    if (job === undefined || job.expiry === null) return
    job.expiry = null
    this.#jobs.delete(exportId)
    this.#progress(job, 0, 'cancelled')
  }

  /** Electron: writes to `<path>.part`, renamed to `path` when complete and deleted otherwise. */
  async #toFile(job: Job, path: string): Promise<void> {
    const partial = `${path}.part`
    const file = createWriteStream(partial)
    // A file that cannot be written (no space, no permission) fails the export with the system's reason.
    let fileError: unknown = null
    file.on('error', (error) => {
      fileError ??= error
    })
    const outcome = await this.#run(job, file)
    if (fileError !== null) outcome.error = fileError
    try {
      if (outcome.error === null) await rename(partial, path)
    } catch (error) {
      outcome.error = error
    }
    if (outcome.error !== null) {
      file.destroy()
      await rm(partial, { force: true })
    }
    this.#settle(job, outcome)
  }

  /** Reads, encodes and writes every row; the outcome says how many rows and what stopped it, if anything did. */
  async #run(job: Job, sink: Writable): Promise<Outcome> {
    const { tabs, running } = this.#options
    const { input, exportId, abort } = job
    const outcome: Outcome = { rows: 0, error: null }
    try {
      await tabs.use(input.tabId, (instance) =>
        running.track(input.tabId, exportId, instance, async () => {
          const { pipeline } = instance
          await pipeline.load(input.expr)
          const { heading } = pipeline.resolve(input.expr)
          const attributes = this.#columns(heading.attributes, input.columns)
          const encoder = exportEncoder(input.format, attributes)
          const pageSize = this.#options.pageSize ?? pageRowsFor(attributes)
          const pages =
            keyOrder(heading, input.orderBy) === null
              ? pipeline.stream(input.expr, { orderBy: input.orderBy, batchSize: pageSize })
              : pipeline.fetchByKeyPages(input.expr, { orderBy: input.orderBy, pageSize })
          let reported = performance.now()
          await write(sink, encoder.begin())
          for await (const page of pages) {
            if (abort.signal.aborted) break
            await write(sink, encoder.page(page))
            outcome.rows += page.length
            if (performance.now() - reported >= PROGRESS_EVERY_MS) {
              reported = performance.now()
              this.#progress(job, outcome.rows, 'running')
            }
          }
          if (abort.signal.aborted) throw new DataJointError('CANCELLED', 'The export was cancelled.')
          await write(sink, encoder.end())
          await finish(sink)
        }),
      )
    } catch (error) {
      outcome.error = error
      sink.destroy()
    }
    return outcome
  }

  /** The export's last progress event, once its file is complete or removed. */
  #settle(job: Job, outcome: Outcome): void {
    this.#jobs.delete(job.exportId)
    const cancelled = job.abort.signal.aborted
    if (outcome.error === null) return this.#progress(job, outcome.rows, 'done')
    if (!cancelled) this.#options.logger.info(`Export ${job.exportId} failed: ${wireError(outcome.error).message}`)
    this.#progress(job, outcome.rows, cancelled ? 'cancelled' : 'failed', cancelled ? null : outcome.error)
  }

  /** The attributes to write: every one, or those named, in the order named. */
  #columns(attributes: readonly Attribute[], columns: readonly string[] | null): readonly Attribute[] {
    if (columns === null) return attributes
    return columns.map((name) => {
      const attribute = attributes.find((a) => a.name === name)
      if (attribute === undefined) throw new DataJointError('UNKNOWN_ATTRIBUTE', `The view has no attribute \`${name}\`.`, { attribute: name })
      return attribute
    })
  }

  #progress(job: Job, rows: number, state: 'running' | 'done' | 'cancelled' | 'failed', error: unknown = null): void {
    this.#options.emit('export.progress', {
      tabId: job.input.tabId,
      exportId: job.exportId,
      fileName: job.fileName,
      rows,
      total: job.input.total,
      state,
      error: error === null ? null : wireError(error),
    })
  }
}

/** DataJoint's error as the contract carries it (its details as a plain record). */
function wireError(error: unknown) {
  const { code, message, details } = toWire(error)
  return { code, message, details: { ...details } }
}

export function exportHandlers(exports: ExportService) {
  return {
    'export.start': (input) => exports.start(input),
    'export.cancel': async ({ exportId }) => ({ cancelled: await exports.cancel(exportId) }),
  } satisfies Partial<Handlers>
}
