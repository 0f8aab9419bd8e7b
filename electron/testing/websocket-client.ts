// Test-only: a WebSocket client for Node 20 (which has none built in), on the same frame codec, to drive the
// browser-mode server in unit tests and measurements. Not used by the app.

import { randomBytes } from 'node:crypto'
import { request } from 'node:http'
import type { Socket } from 'node:net'
import { FrameParser, OPCODE, acceptKey, encodeFrame } from '../browser-mode/websocket'

export interface TestSocket {
  /** Sends a text message (masked, as a client must). */
  send(text: string): void
  /** Sends raw bytes as they are (for protocol fuzzing). */
  sendRaw(bytes: Buffer): void
  /** The next text message from the server. */
  next(timeoutMs?: number): Promise<string>
  /** Resolves with the server's close code when the connection closes. */
  readonly closed: Promise<number | null>
  /** Sends `{ id, channel, input }` and waits for the reply with that id (events in between are kept). */
  call(channel: string, input: unknown): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }>
  /** Events received so far. */
  readonly events: { event: string; payload: unknown }[]
  close(): void
}

export interface HandshakeRefusal {
  readonly refused: number
}

export function connectTestSocket(
  port: number,
  options: { path?: string; headers?: Record<string, string> } = {},
): Promise<TestSocket | HandshakeRefusal> {
  const key = randomBytes(16).toString('base64')
  return new Promise((resolve, reject) => {
    const req = request({
      host: '127.0.0.1',
      port,
      path: options.path ?? '/ipc',
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': key,
        Host: `127.0.0.1:${port}`,
        Origin: `http://127.0.0.1:${port}`,
        ...options.headers,
      },
    })
    req.on('response', (res) => {
      res.resume()
      resolve({ refused: res.statusCode ?? 0 })
    })
    req.on('error', reject)
    req.on('upgrade', (res, socket: Socket) => {
      if (res.headers['sec-websocket-accept'] !== acceptKey(key)) {
        reject(new Error('bad Sec-WebSocket-Accept'))
        return
      }
      resolve(wrap(socket))
    })
    req.end()
  })
}

function wrap(socket: Socket): TestSocket {
  const parser = new FrameParser({ maxPayload: 512 * 1024 * 1024, expectMasked: false })
  const inbox: string[] = []
  const waiters: ((text: string) => void)[] = []
  const events: { event: string; payload: unknown }[] = []
  const replies = new Map<number, (value: never) => void>()
  let fragments: Buffer[] = []
  let nextId = 1
  let closeCode: number | null = null
  let resolveClosed: (code: number | null) => void = () => undefined
  const closed = new Promise<number | null>((resolve) => {
    resolveClosed = resolve
  })
  const deliver = (text: string): void => {
    const message = JSON.parse(text) as { id?: number; event?: string; payload?: unknown; result?: never }
    if (typeof message.event === 'string') events.push({ event: message.event, payload: message.payload })
    if (typeof message.id === 'number' && replies.has(message.id)) {
      replies.get(message.id)?.(message.result as never)
      replies.delete(message.id)
      return
    }
    const waiter = waiters.shift()
    if (waiter === undefined) inbox.push(text)
    else waiter(text)
  }
  socket.on('data', (chunk: Buffer) => {
    for (const frame of parser.push(chunk)) {
      if (frame.opcode === OPCODE.close) closeCode = frame.payload.length >= 2 ? frame.payload.readUInt16BE(0) : null
      else if (frame.opcode === OPCODE.text || frame.opcode === OPCODE.continuation) {
        fragments.push(frame.payload)
        if (frame.fin) {
          const text = Buffer.concat(fragments).toString('utf8')
          fragments = []
          deliver(text)
        }
      }
    }
  })
  socket.on('close', () => resolveClosed(closeCode))
  socket.on('error', () => undefined)
  const send = (text: string): void => {
    socket.write(encodeFrame(OPCODE.text, Buffer.from(text, 'utf8'), { mask: randomBytes(4) }))
  }
  return {
    send,
    sendRaw: (bytes) => socket.write(bytes),
    next: (timeoutMs = 5000) =>
      new Promise((resolve, reject) => {
        const queued = inbox.shift()
        if (queued !== undefined) return resolve(queued)
        const timer = setTimeout(() => reject(new Error('no message')), timeoutMs)
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
        replies.set(id, resolve as (value: never) => void)
        send(JSON.stringify({ id, channel, input }))
      }),
    close: () => {
      socket.end(encodeFrame(OPCODE.close, Buffer.from([0x03, 0xe8]), { mask: randomBytes(4) }))
    },
  }
}
