// A minimal RFC 6455 WebSocket for browser mode (Node 20 has no WebSocket server): the handshake key, a frame
// codec, and a server-side connection for text messages with ping/pong, fragmentation, close, size limits and
// UTF-8 checks. No extensions (permessage-deflate is never negotiated) and no binary messages.

import { createHash } from 'node:crypto'
import type { Duplex } from 'node:stream'

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11'

export const OPCODE = { continuation: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa } as const

export const CLOSE = {
  normal: 1000,
  goingAway: 1001,
  protocolError: 1002,
  unsupportedData: 1003,
  invalidPayload: 1007,
  policyViolation: 1008,
  tooBig: 1009,
  internalError: 1011,
} as const

export class ProtocolError extends Error {
  constructor(
    readonly closeCode: number,
    message: string,
  ) {
    super(message)
  }
}

/** `Sec-WebSocket-Key` must be the base64 of 16 bytes (RFC 6455 §4.1). */
export function isValidKey(key: string | undefined): key is string {
  return key !== undefined && /^[A-Za-z0-9+/]{22}==$/.test(key) && Buffer.from(key, 'base64').length === 16
}

export function acceptKey(key: string): string {
  return createHash('sha1').update(key + GUID).digest('base64')
}

export interface Frame {
  readonly fin: boolean
  readonly opcode: number
  readonly payload: Buffer
}

/** One frame. Clients must mask (pass `mask`); servers must not. */
export function encodeFrame(opcode: number, payload: Buffer, options: { fin?: boolean; mask?: Buffer } = {}): Buffer {
  const { fin = true, mask } = options
  const length = payload.length
  const lengthBytes = length < 126 ? 0 : length < 65_536 ? 2 : 8
  const header = Buffer.alloc(2 + lengthBytes + (mask === undefined ? 0 : 4))
  header[0] = (fin ? 0x80 : 0) | opcode
  const maskBit = mask === undefined ? 0 : 0x80
  if (lengthBytes === 0) header[1] = maskBit | length
  else if (lengthBytes === 2) {
    header[1] = maskBit | 126
    header.writeUInt16BE(length, 2)
  } else {
    header[1] = maskBit | 127
    header.writeBigUInt64BE(BigInt(length), 2)
  }
  if (mask === undefined) return Buffer.concat([header, payload])
  mask.copy(header, 2 + lengthBytes)
  const masked = Buffer.alloc(length)
  for (let i = 0; i < length; i += 1) masked[i] = (payload[i] as number) ^ (mask[i & 3] as number)
  return Buffer.concat([header, masked])
}

/** Incremental frame decoder: push socket chunks, get whole frames; violations throw ProtocolError. */
export class FrameParser {
  #buffer: Buffer = Buffer.alloc(0)
  readonly #maxPayload: number
  readonly #expectMasked: boolean

  constructor(options: { readonly maxPayload: number; readonly expectMasked: boolean }) {
    this.#maxPayload = options.maxPayload
    this.#expectMasked = options.expectMasked
  }

  push(chunk: Buffer): Frame[] {
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk])
    const frames: Frame[] = []
    for (;;) {
      const frame = this.#next()
      if (frame === null) return frames
      frames.push(frame)
    }
  }

  #next(): Frame | null {
    const buffer = this.#buffer
    if (buffer.length < 2) return null
    const first = buffer[0] as number
    const second = buffer[1] as number
    if ((first & 0x70) !== 0) throw new ProtocolError(CLOSE.protocolError, 'reserved bits set (no extension was negotiated)')
    const fin = (first & 0x80) !== 0
    const opcode = first & 0x0f
    const masked = (second & 0x80) !== 0
    if (masked !== this.#expectMasked) throw new ProtocolError(CLOSE.protocolError, masked ? 'unexpected mask' : 'client frames must be masked')
    const isControl = (opcode & 0x8) !== 0
    if (![0x0, 0x1, 0x2, 0x8, 0x9, 0xa].includes(opcode)) throw new ProtocolError(CLOSE.protocolError, `unknown opcode ${opcode}`)
    let length = second & 0x7f
    let offset = 2
    if (length === 126) {
      if (buffer.length < 4) return null
      length = buffer.readUInt16BE(2)
      offset = 4
    } else if (length === 127) {
      if (buffer.length < 10) return null
      const big = buffer.readBigUInt64BE(2)
      if (big > BigInt(this.#maxPayload)) throw new ProtocolError(CLOSE.tooBig, 'frame too big')
      length = Number(big)
      offset = 10
    }
    if (isControl && (!fin || length > 125)) throw new ProtocolError(CLOSE.protocolError, 'invalid control frame')
    if (length > this.#maxPayload) throw new ProtocolError(CLOSE.tooBig, 'frame too big')
    const maskOffset = offset
    if (masked) offset += 4
    if (buffer.length < offset + length) return null
    const payload = Buffer.from(buffer.subarray(offset, offset + length))
    if (masked) {
      for (let i = 0; i < length; i += 1) payload[i] = (payload[i] as number) ^ (buffer[maskOffset + (i & 3)] as number)
    }
    this.#buffer = buffer.subarray(offset + length)
    return { fin, opcode, payload }
  }
}

export interface ConnectionOptions {
  /** Largest message accepted, across its fragments (bytes). */
  readonly maxMessage: number
  readonly onMessage: (text: string) => void
  readonly onClose: (code: number) => void
}

const utf8 = new TextDecoder('utf-8', { fatal: true })

/** A server-side connection on an upgraded socket: text messages in and out. */
export class WebSocketConnection {
  readonly #socket: Duplex
  readonly #options: ConnectionOptions
  readonly #parser: FrameParser
  #fragments: Buffer[] = []
  #fragmentBytes = 0
  #fragmenting = false
  #closed = false

  constructor(socket: Duplex, options: ConnectionOptions) {
    this.#socket = socket
    this.#options = options
    this.#parser = new FrameParser({ maxPayload: options.maxMessage, expectMasked: true })
    socket.on('data', (chunk: Buffer) => this.#receive(chunk))
    socket.on('error', () => this.#terminate(CLOSE.goingAway))
    socket.on('close', () => this.#terminate(CLOSE.goingAway))
    // http.Server sockets allow half-open connections: a client that hung up would otherwise linger forever.
    socket.on('end', () => {
      socket.destroy()
      this.#terminate(CLOSE.goingAway)
    })
  }

  get closed(): boolean {
    return this.#closed
  }

  send(text: string): void {
    if (this.#closed) return
    this.#socket.write(encodeFrame(OPCODE.text, Buffer.from(text, 'utf8')))
  }

  /** Sends a close frame and ends the socket (the client's close frame is not awaited). */
  close(code: number = CLOSE.normal, reason = ''): void {
    if (this.#closed) return
    const payload = Buffer.alloc(2 + Buffer.byteLength(reason))
    payload.writeUInt16BE(code, 0)
    payload.write(reason, 2)
    this.#socket.end(encodeFrame(OPCODE.close, payload.subarray(0, 125)))
    // A client that never finishes the closing handshake must not hold the socket open.
    setTimeout(() => this.#socket.destroy(), 1000).unref()
    this.#terminate(code)
  }

  #terminate(code: number): void {
    if (this.#closed) return
    this.#closed = true
    this.#options.onClose(code)
  }

  #receive(chunk: Buffer): void {
    if (this.#closed) return
    let frames: Frame[]
    try {
      frames = this.#parser.push(chunk)
    } catch (error) {
      this.close(error instanceof ProtocolError ? error.closeCode : CLOSE.protocolError, error instanceof Error ? error.message.slice(0, 100) : '')
      return
    }
    for (const frame of frames) {
      if (this.#closed) return
      try {
        this.#handle(frame)
      } catch (error) {
        this.close(error instanceof ProtocolError ? error.closeCode : CLOSE.internalError, error instanceof ProtocolError ? error.message : '')
        return
      }
    }
  }

  #handle(frame: Frame): void {
    switch (frame.opcode) {
      case OPCODE.ping:
        this.#socket.write(encodeFrame(OPCODE.pong, frame.payload))
        return
      case OPCODE.pong:
        return
      case OPCODE.close: {
        this.close(CLOSE.normal)
        return
      }
      case OPCODE.binary:
        throw new ProtocolError(CLOSE.unsupportedData, 'binary messages are not accepted')
      case OPCODE.text:
        if (this.#fragmenting) throw new ProtocolError(CLOSE.protocolError, 'new message inside a fragmented one')
        if (frame.fin) {
          this.#deliver(frame.payload)
          return
        }
        this.#fragmenting = true
        this.#append(frame.payload)
        return
      case OPCODE.continuation:
        if (!this.#fragmenting) throw new ProtocolError(CLOSE.protocolError, 'continuation without a message')
        this.#append(frame.payload)
        if (frame.fin) {
          const message = Buffer.concat(this.#fragments)
          this.#fragments = []
          this.#fragmentBytes = 0
          this.#fragmenting = false
          this.#deliver(message)
        }
        return
      default:
        throw new ProtocolError(CLOSE.protocolError, `unknown opcode ${frame.opcode}`)
    }
  }

  #append(payload: Buffer): void {
    this.#fragmentBytes += payload.length
    if (this.#fragmentBytes > this.#options.maxMessage) throw new ProtocolError(CLOSE.tooBig, 'message too big')
    this.#fragments.push(payload)
  }

  #deliver(payload: Buffer): void {
    let text: string
    try {
      text = utf8.decode(payload)
    } catch {
      throw new ProtocolError(CLOSE.invalidPayload, 'text is not valid UTF-8')
    }
    this.#options.onMessage(text)
  }
}
