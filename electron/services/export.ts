// Export of a view (a table or query tree with its restriction and order) to a file, streamed from the main process
// (and, through the same path, any other content written in parts: a comparison's differences, `ExportSource`):
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

/** Writes text to the export's destination, waiting while it is full; `rows` counts the rows the text holds. */
export type ExportWrite = (text: string, rows?: number) => Promise<void>

/** What an export writes: its content in parts, produced as the destination takes them. */
export interface ExportSource {
  /** The tab its progress events name. */
  readonly tabId: string
  readonly format: ExportFormat
  /** The rows expected, for progress (null: unknown). */
  readonly total: number | null
  /** Writes the whole content; stops early (and throws CANCELLED) once `signal` is aborted. */
  write(out: ExportWrite, signal: AbortSignal, exportId: string): Promise<void>
  /** Stops what the export runs on a server at once, rather than when its current page is read. */
  cancel?(exportId: string): Promise<unknown>
}

interface Outcome {
  rows: number
  error: unknown
}

interface Job {
  readonly exportId: string
  readonly source: ExportSource
  readonly fileName: string
  readonly abort: AbortController
  /** Browser mode: the export waits for its download request until then. */
  expiry: NodeJS.Timeout | null
}

/** Between progress events while rows are written (ms). */
const PROGRESS_EVERY_MS = 200
const DEFAULT_DOWNLOAD_TTL_MS = 60_000
const PLAIN_PAGE_ROWS = 2_000
/**
 * The largest `<blob>` an export decodes: a page of rows is held while it is encoded, so one value that expands to
 * gigabytes (a decompression bomb is a few KiB stored) would exhaust memory; the export stops with BLOB_TOO_LARGE.
 */
export const MAX_EXPORTED_BLOB = 256 * 1024 * 1024

/** Pages of rows with blobs or bytes are smaller: a page is held in memory while it is encoded. */
const BULKY_PAGE_ROWS = 100

/** Rows per page of an export of these attributes: fewer when they hold blobs, bytes or json. */
export function exportPageRows(attributes: readonly Attribute[]): number {
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

  /** Starts an export of a view; in Electron after the user picked a file (null exportId: they dismissed the dialog). */
  async start(input: StartInput): Promise<Output<'export.start'>> {
    this.#options.tabs.tab(input.tabId)
    return this.startSource(this.#viewSource(input), input.name)
  }

  /** Starts an export of any content, named after `name`, as `start` does. */
  async startSource(source: ExportSource, name: string): Promise<Output<'export.start'>> {
    const { chooseFile } = this.#options
    const suggested = exportFileName(name, source.format, new Date())
    if (chooseFile === undefined) {
      const job = this.#newJob(source, suggested)
      job.expiry = setTimeout(() => this.#drop(job.exportId), this.#options.downloadTtlMs ?? DEFAULT_DOWNLOAD_TTL_MS)
      job.expiry.unref()
      return { exportId: job.exportId, fileName: suggested, downloadUrl: `/export/${job.exportId}` }
    }
    const path = await chooseFile(suggested, source.format)
    if (path === null) return { exportId: null, fileName: null, downloadUrl: null }
    const job = this.#newJob(source, basename(path))
    this.#track(this.#toFile(job, path))
    return { exportId: job.exportId, fileName: job.fileName, downloadUrl: null }
  }

  /** Stops an export: what it runs on the server is cancelled and its partial file deleted. */
  async cancel(exportId: string): Promise<boolean> {
    const job = this.#jobs.get(exportId)
    if (job === undefined) return false
    job.abort.abort()
    if (job.expiry !== null) {
      clearTimeout(job.expiry)
      this.#drop(job.exportId)
      return true
    }
    await job.source.cancel?.(exportId)
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
    response.setHeader('Content-Type', EXPORT_CONTENT_TYPES[job.source.format])
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

  #newJob(source: ExportSource, fileName: string): Job {
    const exportId = `x${randomBytes(16).toString('hex')}`
    const job: Job = { exportId, source, fileName, abort: new AbortController(), expiry: null }
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

  /** Writes the whole content; the outcome says how many rows and what stopped it, if anything did. */
  async #run(job: Job, sink: Writable): Promise<Outcome> {
    const outcome: Outcome = { rows: 0, error: null }
    let reported = performance.now()
    const out: ExportWrite = async (text, rows = 0) => {
      await write(sink, text)
      outcome.rows += rows
      if (rows > 0 && performance.now() - reported >= PROGRESS_EVERY_MS) {
        reported = performance.now()
        this.#progress(job, outcome.rows, 'running')
      }
    }
    try {
      await job.source.write(out, job.abort.signal, job.exportId)
      if (job.abort.signal.aborted) throw new DataJointError('CANCELLED', 'The export was cancelled.')
      await finish(sink)
    } catch (error) {
      outcome.error = error
      sink.destroy()
    }
    return outcome
  }

  /** A view's rows, read by key (or through one cursor), encoded a page at a time. */
  #viewSource(input: StartInput): ExportSource {
    const { tabs, running } = this.#options
    return {
      tabId: input.tabId,
      format: input.format,
      total: input.total,
      write: (out, signal, exportId) =>
        tabs.use(input.tabId, (instance) =>
          running.track(input.tabId, exportId, instance, async () => {
            const { pipeline } = instance
            await pipeline.load(input.expr)
            const { heading } = pipeline.resolve(input.expr)
            const attributes = this.#columns(heading.attributes, input.columns)
            const encoder = exportEncoder(input.format, attributes)
            const pageSize = this.#options.pageSize ?? exportPageRows(attributes)
            const pages =
              keyOrder(heading, input.orderBy) === null
                ? pipeline.stream(input.expr, { orderBy: input.orderBy, batchSize: pageSize, maxBlobBytes: MAX_EXPORTED_BLOB })
                : pipeline.fetchByKeyPages(input.expr, { orderBy: input.orderBy, pageSize, maxBlobBytes: MAX_EXPORTED_BLOB })
            await out(encoder.begin())
            for await (const page of pages) {
              if (signal.aborted) break
              await out(encoder.page(page), page.length)
            }
            if (signal.aborted) throw new DataJointError('CANCELLED', 'The export was cancelled.')
            await out(encoder.end())
          }),
        ),
      cancel: (exportId) => running.cancel(input.tabId, exportId),
    }
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
      tabId: job.source.tabId,
      exportId: job.exportId,
      fileName: job.fileName,
      rows,
      total: job.source.total,
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
