// Browser mode: the built renderer over http and the same dispatcher behind a WebSocket, on 127.0.0.1 only.
// Every request needs the random token (in the URL, or the cookie a tokenised page load sets) and our own
// Host and Origin: another site, or a DNS-rebound name, gets 403 and never reaches a channel.

import { randomBytes, timingSafeEqual } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import type { Duplex } from 'node:stream'
import { WebSocket, WebSocketServer, type ServerOptions } from 'ws'
import type { Logger } from '../../src/instance/logger'
import type { EventName, EventPayload } from '../ipc/contract'
import { fail } from '../ipc/result'
import type { Dispatch } from '../main/ipc/dispatch'
import { contentType, findRendererFile } from '../main/renderer-files'
import { contentSecurityPolicy } from '../main/window-options'

export const IPC_PATH = '/ipc'
const EXPORT_PATH = /^\/export\/([A-Za-z0-9_-]{1,100})$/

/**
 * What the server tolerates from its clients. One user's browser on loopback needs little: one WebSocket per open
 * Joinery page and a handful of page and asset loads. Anything far beyond is a runaway script or another local
 * program, and must not exhaust the process.
 */
export interface BrowserServerLimits {
  /** A request's headers must be complete within this (ms): a client that stalls mid-request gets 408 and is closed. */
  readonly headersTimeoutMs: number
  /** A whole request, body included, within this (ms). */
  readonly requestTimeoutMs: number
  /** How long a kept-alive HTTP connection may sit idle between requests (ms); Node adds one second of grace. */
  readonly keepAliveTimeoutMs: number
  /** Every WebSocket is pinged this often (ms); one that has not answered the previous ping by then is dropped. */
  readonly heartbeatMs: number
  /** Open TCP connections, WebSockets included; the operating system's accept beyond it is closed at once. */
  readonly maxConnections: number
  /** Open WebSockets; an upgrade beyond it is refused with 503. Below maxConnections, so pages still load then. */
  readonly maxWebSockets: number
  /** The largest message a client may send (bytes): requests are query trees; replies go the other way. */
  readonly maxMessageBytes: number
}

export const DEFAULT_LIMITS: BrowserServerLimits = {
  headersTimeoutMs: 5_000,
  requestTimeoutMs: 10_000,
  keepAliveTimeoutMs: 5_000,
  // A browser answers pings by itself, even in a background tab: a socket silent for a minute is gone.
  heartbeatMs: 30_000,
  maxConnections: 64,
  maxWebSockets: 32,
  maxMessageBytes: 8 * 1024 * 1024,
}

/** Close codes the server sends itself (the protocol's own are sent by `ws`). */
const CLOSE_GOING_AWAY = 1001
const CLOSE_UNSUPPORTED_DATA = 1003

export interface BrowserServerOptions {
  readonly rendererDir: string
  readonly dispatch: Dispatch
  readonly logger: Logger
  /** 0 picks a free port. */
  readonly port?: number
  /** Fixed in tests; random (24 bytes) otherwise. */
  readonly token?: string
  /** Streams a waiting export into the response of `GET /export/<id>`; false when there is no such export. */
  readonly serveExport?: (exportId: string, response: ServerResponse) => boolean
  /** Tests tighten them to see each guard act; the app uses DEFAULT_LIMITS. */
  readonly limits?: Partial<BrowserServerLimits>
  /** Told how many pages (WebSockets) are open each time one opens or closes. */
  readonly onPagesChange?: (open: number) => void
}

export interface BrowserServer {
  readonly port: number
  readonly token: string
  /** `http://127.0.0.1:PORT/?token=TOKEN`, the line start.mjs prints. */
  readonly url: string
  broadcast<E extends EventName>(event: E, payload: EventPayload<E>): void
  close(): Promise<void>
}

function sameSecret(candidate: string | null | undefined, secret: string): boolean {
  if (typeof candidate !== 'string') return false
  const a = Buffer.from(candidate)
  const b = Buffer.from(secret)
  return a.length === b.length && timingSafeEqual(a, b)
}

function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const index = part.indexOf('=')
    if (index > 0 && part.slice(0, index).trim() === name) return part.slice(index + 1).trim()
  }
  return undefined
}

export async function startBrowserServer(options: BrowserServerOptions): Promise<BrowserServer> {
  const { dispatch, logger, rendererDir } = options
  const limits: BrowserServerLimits = { ...DEFAULT_LIMITS, ...options.limits }
  const token = options.token ?? randomBytes(24).toString('base64url')
  const tcpSockets = new Set<Socket>()
  let port = 0
  let nextClient = 1

  const hosts = (): string[] => [`127.0.0.1:${port}`, `localhost:${port}`]
  const origins = (): string[] => hosts().map((host) => `http://${host}`)
  const cookieName = (): string => `joinery_token_${port}`

  /** Host, Origin and token; null when the request may proceed, else why not. */
  const refusal = (req: IncomingMessage, url: URL, requireOrigin: boolean): string | null => {
    // A DNS-rebound name resolves to us but carries its own Host.
    if (req.headers.host === undefined || !hosts().includes(req.headers.host)) return 'foreign Host'
    const origin = req.headers.origin
    if (origin === undefined ? requireOrigin : !origins().includes(origin)) return 'foreign Origin'
    if (req.headers['sec-fetch-site'] === 'cross-site') return 'cross-site request'
    const authorised = sameSecret(url.searchParams.get('token'), token) || sameSecret(readCookie(req.headers.cookie, cookieName()), token)
    return authorised ? null : 'no token'
  }

  const refuse = (res: ServerResponse, status: number, reason: string): void => {
    logger.debug(`browser mode: refused (${status}, ${reason})`)
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' })
    res.end(`${status}\n`)
  }

  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      // Node enforces the two timeouts above on this sweep, every 30 s by default: far beyond a 5 s timeout.
      connectionsCheckingInterval: Math.min(1_000, limits.headersTimeoutMs),
    },
    (req, res) => {
      void (async () => {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1')
        const why = refusal(req, url, false)
        if (why !== null) return refuse(res, 403, why)
        if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'method')
        const exportId = EXPORT_PATH.exec(url.pathname)?.[1]
        if (exportId !== undefined) {
          // One-time ids of exports the page started (`export.start`); the response is the file, streamed.
          if (req.method !== 'GET' || options.serveExport === undefined || !options.serveExport(exportId, res)) refuse(res, 404, 'no such export')
          return
        }
        const file = await findRendererFile(rendererDir, url.pathname)
        if (file === null) return refuse(res, 404, 'no such file')
        const isPage = file.endsWith('index.html')
        const socketOrigins = hosts().map((host) => `ws://${host}`)
        res.writeHead(200, {
          'Content-Type': contentType(file),
          'Content-Security-Policy': contentSecurityPolicy({ extraConnect: socketOrigins }),
          'X-Content-Type-Options': 'nosniff',
          'X-Frame-Options': 'DENY',
          // The page URL carries the token: no Referer may repeat it anywhere.
          'Referrer-Policy': 'no-referrer',
          'Cache-Control': 'no-store',
          ...(isPage ? { 'Set-Cookie': `${cookieName()}=${token}; Path=/; HttpOnly; SameSite=Strict` } : {}),
        })
        if (req.method === 'HEAD') return res.end()
        res.end(await readFile(file))
      })().catch((error: unknown) => {
        logger.error(`browser mode: ${error instanceof Error ? error.message : String(error)}`)
        if (!res.headersSent) refuse(res, 500, 'error')
        else res.destroy()
      })
    },
  )
  server.keepAliveTimeout = limits.keepAliveTimeoutMs
  server.maxConnections = limits.maxConnections
  server.on('drop', () => logger.debug(`browser mode: dropped a connection (${limits.maxConnections} open already)`))

  // Upgraded sockets leave the HTTP server's own bookkeeping: close() destroys them from this set.
  server.on('connection', (socket) => {
    tcpSockets.add(socket)
    socket.on('close', () => tcpSockets.delete(socket))
  })

  const socketOptions: ServerOptions & { readonly closeTimeout: number } = {
    noServer: true,
    maxPayload: limits.maxMessageBytes,
    // Compression would only cost CPU on loopback, and inflating is where size limits are easiest to get wrong.
    perMessageDeflate: false,
    // After sending a close frame (shutdown, a protocol error), `ws` waits this long for the peer's before dropping
    // the connection; its 30 s default would let a misbehaving peer hold a place that long. (@types/ws 8.18 does not
    // declare this option of ws 8.23 yet.)
    closeTimeout: 1_000,
  }
  const sockets = new WebSocketServer(socketOptions)
  /** Sockets that answered the last ping (or opened since it was sent). */
  const answered = new WeakSet<WebSocket>()
  const heartbeat = setInterval(() => {
    for (const ws of sockets.clients) {
      if (!answered.has(ws)) {
        logger.debug('browser mode: dropped a socket that did not answer a ping')
        ws.terminate()
        continue
      }
      answered.delete(ws)
      ws.ping()
    }
  }, limits.heartbeatMs)
  heartbeat.unref()

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // The HTTP server stops watching an upgraded socket: a reset before `ws` takes it must not crash the process.
    socket.on('error', () => socket.destroy())
    const reject = (status: number, text: string, reason: string): void => {
      logger.debug(`browser mode: socket refused (${status}, ${reason})`)
      socket.once('finish', () => socket.destroy())
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    // Browsers always send Origin on a WebSocket handshake: a missing one is not a page of ours.
    const why = refusal(req, url, true)
    if (why !== null) return reject(403, 'Forbidden', why)
    if (url.pathname !== IPC_PATH) return reject(404, 'Not Found', 'path')
    if (sockets.clients.size >= limits.maxWebSockets) return reject(503, 'Service Unavailable', `${limits.maxWebSockets} sockets open already`)
    // `ws` checks the rest of the handshake (400 when malformed) and completes it synchronously.
    sockets.handleUpgrade(req, socket, head, (ws) => {
      const clientId = `socket-${nextClient}`
      nextClient += 1
      answered.add(ws)
      ws.on('pong', () => answered.add(ws))
      // `ws` removed the socket from `clients` in its own earlier listener.
      ws.on('close', () => options.onPagesChange?.(sockets.clients.size))
      options.onPagesChange?.(sockets.clients.size)
      // `ws` closes the connection itself after a protocol error (1002, 1007, 1009); the event only needs a listener.
      ws.on('error', (error) => logger.debug(`browser mode: ${clientId}: ${error.message}`))
      ws.on('message', (data, isBinary) => {
        if (isBinary) {
          ws.close(CLOSE_UNSUPPORTED_DATA, 'Binary messages are not accepted.')
          return
        }
        // binaryType stays 'nodebuffer' (ws's default): a message arrives as one Buffer, already checked as UTF-8.
        void handleMessage(ws, clientId, (data as Buffer).toString('utf8'))
      })
    })
  })

  const send = (ws: WebSocket, text: string): void => {
    // A reply that finishes after its socket closed has nowhere to go.
    if (ws.readyState === WebSocket.OPEN) ws.send(text)
  }

  const handleMessage = async (ws: WebSocket, clientId: string, text: string): Promise<void> => {
    let message: unknown
    try {
      message = JSON.parse(text)
    } catch {
      send(ws, JSON.stringify({ id: null, result: fail({ code: 'INVALID_INPUT', message: 'The message is not JSON.', details: {} }) }))
      return
    }
    const request = typeof message === 'object' && message !== null ? (message as { id?: unknown; channel?: unknown; input?: unknown }) : {}
    const id = Number.isSafeInteger(request.id) ? (request.id as number) : null
    if (id === null) {
      send(ws, JSON.stringify({ id: null, result: fail({ code: 'INVALID_INPUT', message: 'A request needs an integer id.', details: {} }) }))
      return
    }
    const result = await dispatch(request.channel, request.input, { clientId })
    let reply: string
    try {
      reply = JSON.stringify({ id, result })
    } catch (error) {
      logger.error(`browser mode: reply to ${String(request.channel)} is not JSON: ${String(error)}`)
      reply = JSON.stringify({ id, result: fail({ code: 'INTERNAL', message: 'The reply could not be encoded.', details: {} }) })
    }
    send(ws, reply)
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  port = (server.address() as AddressInfo).port

  return {
    port,
    token,
    url: `http://127.0.0.1:${port}/?token=${token}`,
    broadcast(event, payload) {
      const text = JSON.stringify({ event, payload })
      for (const ws of sockets.clients) send(ws, text)
    },
    async close() {
      clearInterval(heartbeat)
      for (const ws of sockets.clients) ws.close(CLOSE_GOING_AWAY, 'Joinery is shutting down.')
      sockets.close()
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        for (const socket of tcpSockets) socket.destroy()
      })
    },
  }
}
