// Test-only: a real `ws` client driving the browser-mode server in unit tests, with the request/reply matching the
// renderer's transport does. Not used by the app.

import { WebSocket } from 'ws'
import type { Result } from '../ipc/result'

export interface TestSocket {
  /** The `ws` client itself, for pings, fragments and binary or malformed messages. */
  readonly socket: WebSocket
  /** Sends a text message. */
  send(text: string): void
  /** The next text message that is not a reply to `call` (events and replies to `send` alike). */
  next(timeoutMs?: number): Promise<string>
  /** The close code the client saw: the server's, or 1006 when the connection dropped without a close frame. */
  readonly closed: Promise<number>
  /** Sends `{ id, channel, input }` and waits for the reply with that id (events in between are kept). */
  call(channel: string, input: unknown): Promise<Result<unknown>>
  /** Events received so far. */
  readonly events: { event: string; payload: unknown }[]
  close(): void
}

export interface HandshakeRefusal {
  /** The HTTP status the server answered the upgrade request with. */
  readonly refused: number
}

export interface TestSocketOptions {
  readonly path?: string
  /** Replaces the defaults (our own Host and Origin); an empty Origin is sent as an empty header. */
  readonly headers?: Record<string, string>
  /** false: never answers the server's pings, like a peer that has gone away without closing. */
  readonly autoPong?: boolean
}

/** Opens a WebSocket to the server at `port`, or reports the status it was refused with. */
export function connectTestSocket(port: number, options: TestSocketOptions = {}): Promise<TestSocket | HandshakeRefusal> {
  const socket = new WebSocket(`ws://127.0.0.1:${port}${options.path ?? '/ipc'}`, {
    headers: { Host: `127.0.0.1:${port}`, Origin: `http://127.0.0.1:${port}`, ...options.headers },
    autoPong: options.autoPong ?? true,
    // The server's replies may be large (a page of rows); the client's own limit is not under test.
    maxPayload: 512 * 1024 * 1024,
  })
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)))
  return new Promise((resolve, reject) => {
    socket.once('unexpected-response', (_request, response) => {
      response.resume()
      resolve({ refused: response.statusCode ?? 0 })
      socket.terminate()
    })
    socket.once('open', () => resolve(wrap(socket, closed)))
    socket.on('error', (error) => reject(error))
  })
}

function wrap(socket: WebSocket, closed: Promise<number>): TestSocket {
  const inbox: string[] = []
  const waiters: ((text: string) => void)[] = []
  const events: { event: string; payload: unknown }[] = []
  const replies = new Map<number, (result: Result<unknown>) => void>()
  let nextId = 1

  socket.on('message', (data, isBinary) => {
    if (isBinary) return
    // binaryType stays 'nodebuffer' (ws's default): a message arrives as one Buffer.
    const text = (data as Buffer).toString('utf8')
    const message = JSON.parse(text) as { id?: unknown; event?: unknown; payload?: unknown; result?: Result<unknown> }
    if (typeof message.event === 'string') events.push({ event: message.event, payload: message.payload })
    const reply = typeof message.id === 'number' ? replies.get(message.id) : undefined
    if (reply !== undefined && message.result !== undefined) {
      replies.delete(message.id as number)
      reply(message.result)
      return
    }
    const waiter = waiters.shift()
    if (waiter === undefined) inbox.push(text)
    else waiter(text)
  })

  const send = (text: string): void => socket.send(text)
  return {
    socket,
    send,
    next: (timeoutMs = 5000) =>
      new Promise((resolve, reject) => {
        const queued = inbox.shift()
        if (queued !== undefined) return resolve(queued)
        const timer = setTimeout(() => reject(new Error(`no message within ${timeoutMs} ms`)), timeoutMs)
        waiters.push((text) => {
          clearTimeout(timer)
          resolve(text)
        })
      }),
    closed,
    events,
    call: (channel, input) =>
      new Promise((resolve) => {
        const id = nextId
        nextId += 1
        replies.set(id, resolve)
        send(JSON.stringify({ id, channel, input }))
      }),
    close: () => socket.close(1000),
  }
}
