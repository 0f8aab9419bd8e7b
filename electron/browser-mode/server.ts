// Browser mode: the built renderer over http and the same dispatcher behind a WebSocket, on 127.0.0.1 only.
// Every request needs the random token (in the URL, or the cookie a tokenised page load sets) and our own
// Host and Origin: another site, or a DNS-rebound name, gets 403 and never reaches a channel.

import { randomBytes, timingSafeEqual } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import type { Duplex } from 'node:stream'
import type { Logger } from '../../src/instance/logger'
import type { EventName, EventPayload } from '../ipc/contract'
import { fail } from '../ipc/result'
import type { Dispatch } from '../main/ipc/dispatch'
import { contentType, findRendererFile } from '../main/renderer-files'
import { contentSecurityPolicy } from '../main/window-options'
import { CLOSE, WebSocketConnection, acceptKey, isValidKey } from './websocket'

export const IPC_PATH = '/ipc'
/** Requests are small (a query tree); replies may be big, but those go the other way. */
const MAX_MESSAGE_BYTES = 8 * 1024 * 1024

export interface BrowserServerOptions {
  readonly rendererDir: string
  readonly dispatch: Dispatch
  readonly logger: Logger
  /** 0 picks a free port. */
  readonly port?: number
  /** Fixed in tests; random (24 bytes) otherwise. */
  readonly token?: string
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
  const token = options.token ?? randomBytes(24).toString('base64url')
  const connections = new Set<WebSocketConnection>()
  const sockets = new Set<Socket>()
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

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1')
      const why = refusal(req, url, false)
      if (why !== null) return refuse(res, 403, why)
      if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'method')
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
  })

  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })

  server.on('upgrade', (req: IncomingMessage, socket: Duplex) => {
    const reject = (status: number, text: string, reason: string): void => {
      logger.debug(`browser mode: socket refused (${status}, ${reason})`)
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    // Browsers always send Origin on a WebSocket handshake: a missing one is not a page of ours.
    const why = refusal(req, url, true)
    if (why !== null) return reject(403, 'Forbidden', why)
    if (url.pathname !== IPC_PATH) return reject(404, 'Not Found', 'path')
    const key = req.headers['sec-websocket-key']
    if (req.method !== 'GET' || req.headers.upgrade?.toLowerCase() !== 'websocket' || req.headers['sec-websocket-version'] !== '13' || !isValidKey(key)) {
      return reject(400, 'Bad Request', 'handshake')
    }
    socket.write(
      'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' + `Sec-WebSocket-Accept: ${acceptKey(key)}\r\n\r\n`,
    )
    const clientId = `socket-${nextClient}`
    nextClient += 1
    const connection: WebSocketConnection = new WebSocketConnection(socket, {
      maxMessage: MAX_MESSAGE_BYTES,
      onClose: () => connections.delete(connection),
      onMessage: (text) => {
        void handleMessage(connection, clientId, text)
      },
    })
    connections.add(connection)
  })

  const handleMessage = async (connection: WebSocketConnection, clientId: string, text: string): Promise<void> => {
    let message: unknown
    try {
      message = JSON.parse(text)
    } catch {
      connection.send(JSON.stringify({ id: null, result: fail({ code: 'INVALID_INPUT', message: 'The message is not JSON.', details: {} }) }))
      return
    }
    const request = typeof message === 'object' && message !== null ? (message as { id?: unknown; channel?: unknown; input?: unknown }) : {}
    const id = Number.isSafeInteger(request.id) ? (request.id as number) : null
    if (id === null) {
      connection.send(JSON.stringify({ id: null, result: fail({ code: 'INVALID_INPUT', message: 'A request needs an integer id.', details: {} }) }))
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
    connection.send(reply)
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
      for (const connection of connections) connection.send(text)
    },
    async close() {
      for (const connection of connections) connection.close(CLOSE.goingAway)
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        for (const socket of sockets) socket.destroy()
      })
    },
  }
}
