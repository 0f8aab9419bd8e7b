import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { connect, type Socket } from 'node:net'
import { networkInterfaces, tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createMemoryLogger } from '../../src/instance/logger'
import { CHANNELS, type Channel } from '../ipc/contract'
import { createDispatcher } from '../main/ipc/dispatch'
import type { Handlers } from '../services/handlers'
import { startBrowserServer, type BrowserServer, type BrowserServerLimits } from './server'
import { connectTestSocket, type TestSocket, type TestSocketOptions } from '../testing/websocket-client'

interface Reply {
  readonly status: number
  readonly headers: Record<string, string | string[] | undefined>
  readonly body: string
}

function get(port: number, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers: { Host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (body += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

async function socket(port: number, token: string, options: TestSocketOptions = {}): Promise<TestSocket> {
  const connected = await connectTestSocket(port, { path: `/ipc?token=${token}`, ...options })
  if ('refused' in connected) throw new Error(`refused with ${connected.refused}`)
  return connected
}

/** A raw TCP client: what it received and when the server closed the connection. */
interface RawClient {
  readonly socket: Socket
  readonly received: () => string
  /** Milliseconds from connecting until the server closed the connection. */
  readonly closed: Promise<number>
}

function rawClient(port: number): Promise<RawClient> {
  return new Promise((resolve, reject) => {
    const started = Date.now()
    const socket = connect(port, '127.0.0.1')
    let received = ''
    socket.setEncoding('latin1')
    socket.on('data', (chunk: string) => (received += chunk))
    socket.on('error', () => undefined)
    const closed = new Promise<number>((done) => socket.on('close', () => done(Date.now() - started)))
    socket.once('connect', () => resolve({ socket, received: () => received, closed }))
    socket.once('error', reject)
  })
}

/** A masked client frame built by hand: `ws` clients cannot send the malformed ones. */
function clientFrame(firstByte: number, payload: Buffer, masked = true): Buffer {
  if (payload.length > 125) throw new RangeError('clientFrame builds short frames only')
  const mask = Buffer.from([0x12, 0x34, 0x56, 0x78])
  const body = masked ? Buffer.from(payload.map((byte, i) => byte ^ (mask[i & 3] as number))) : payload
  return Buffer.concat([Buffer.from([firstByte, (masked ? 0x80 : 0) | payload.length]), masked ? mask : Buffer.alloc(0), body])
}

/** Completes a WebSocket handshake by hand and returns the raw socket, to write bytes no client library would. */
function rawUpgrade(port: number, path: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const req = request({
      host: '127.0.0.1',
      port,
      path,
      headers: {
        Host: `127.0.0.1:${port}`,
        Origin: `http://127.0.0.1:${port}`,
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
      },
    })
    req.on('upgrade', (_res, upgraded: Socket) => resolve(upgraded))
    req.on('response', (res) => reject(new Error(`refused with ${res.statusCode ?? 0}`)))
    req.on('error', reject)
    req.end()
  })
}

/** The close code in the first close frame the server sent on a raw socket (server frames are unmasked). */
function closeCodeOf(received: Buffer): number | null {
  let offset = 0
  while (offset + 2 <= received.length) {
    const opcode = (received[offset] as number) & 0x0f
    const length = (received[offset + 1] as number) & 0x7f
    if (length > 125) return null
    if (opcode === 0x8) return length >= 2 ? received.readUInt16BE(offset + 2) : null
    offset += 2 + length
  }
  return null
}

function rendererFolder(): string {
  const root = mkdtempSync(join(tmpdir(), 'joinery-renderer-'))
  mkdirSync(join(root, 'assets'))
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Joinery</title>')
  writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)')
  return root
}

describe('browser-mode server', () => {
  let root: string
  let server: BrowserServer
  let port: number
  let token: string
  const spies = Object.fromEntries(CHANNELS.map((c) => [c, vi.fn(async () => ({}))])) as unknown as Record<Channel, ReturnType<typeof vi.fn>>
  const handlers = spies as unknown as Handlers

  beforeAll(async () => {
    root = rendererFolder()
    writeFileSync(join(tmpdir(), 'joinery-outside.txt'), 'outside')
    spies['app.info'].mockImplementation(async () => ({ mode: 'browser', version: '0.0.0', vault: 'memory' }))
    const dispatch = createDispatcher({ handlers, isReadOnly: () => false, logger: createMemoryLogger(), validateOutputs: true })
    server = await startBrowserServer({ rendererDir: root, dispatch, logger: createMemoryLogger() })
    port = server.port
    token = server.token
  })

  afterAll(async () => {
    await server.close()
    rmSync(root, { recursive: true, force: true })
  })

  it('listens on loopback only, with a random token in its URL', async () => {
    expect(server.url).toBe(`http://127.0.0.1:${port}/?token=${token}`)
    expect(token.length).toBeGreaterThanOrEqual(32)
    const elsewhere = Object.values(networkInterfaces())
      .flat()
      .filter((address) => address !== undefined && !address.internal && address.family === 'IPv4')
      .map((address) => address?.address ?? '')
    for (const host of [...elsewhere, '::1']) {
      const reached = await new Promise<boolean>((resolve) => {
        const probe = connect(port, host)
        probe.once('connect', () => {
          probe.destroy()
          resolve(true)
        })
        probe.once('error', () => resolve(false))
      })
      expect(reached, host).toBe(false)
    }
  })

  it('refuses requests without the token (403)', async () => {
    for (const path of ['/', '/index.html', '/assets/app.js', '/?token=', '/?token=wrong', `/?token=${token}x`]) {
      expect((await get(port, path)).status).toBe(403)
    }
  })

  it('serves the page with the token, with the CSP and a cookie for its assets', async () => {
    const page = await get(port, `/?token=${token}`)
    expect(page.status).toBe(200)
    expect(page.body).toContain('<title>Joinery</title>')
    expect(page.headers['content-security-policy']).toContain(`connect-src 'self' ws://127.0.0.1:${port}`)
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'")
    expect(page.headers['referrer-policy']).toBe('no-referrer')
    const cookie = String(page.headers['set-cookie']).split(';')[0] ?? ''
    expect(cookie).toBe(`joinery_token_${port}=${token}`)
    expect(String(page.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict/)
    const asset = await get(port, '/assets/app.js', { Cookie: cookie })
    expect(asset.status).toBe(200)
    expect(asset.headers['content-type']).toContain('text/javascript')
    expect((await get(port, '/assets/app.js', { Cookie: `joinery_token_${port}=nope` })).status).toBe(403)
  })

  it('refuses a foreign Host or Origin even with the token (DNS rebinding, cross-site pages)', async () => {
    const path = `/?token=${token}`
    expect((await get(port, path, { Host: `evil.example:${port}` })).status).toBe(403)
    expect((await get(port, path, { Host: '127.0.0.1:1' })).status).toBe(403)
    expect((await get(port, path, { Host: '127.0.0.1' })).status).toBe(403)
    expect((await get(port, path, { Origin: 'https://evil.example' })).status).toBe(403)
    expect((await get(port, path, { Origin: 'null' })).status).toBe(403)
    expect((await get(port, path, { 'Sec-Fetch-Site': 'cross-site' })).status).toBe(403)
    expect((await get(port, path, { Origin: `http://127.0.0.1:${port}` })).status).toBe(200)
    expect((await get(port, path, { Host: `localhost:${port}` })).status).toBe(200)
  })

  it('never serves files outside the renderer folder', async () => {
    for (const path of ['/../joinery-outside.txt', '/%2e%2e/joinery-outside.txt', '/..%2fjoinery-outside.txt', '/assets/%00', '/%E0%A4%A']) {
      const reply = await get(port, `${path}?token=${token}`)
      expect([400, 404]).toContain(reply.status)
      expect(reply.body).not.toContain('outside')
    }
    expect((await get(port, `/?token=${token}`, {}, 'POST')).status).toBe(405)
  })

  it('refuses WebSocket upgrades without the token, from a foreign Origin or Host, or without Origin (403 before upgrading)', async () => {
    const attempt = async (path: string, headers: Record<string, string> = {}) => {
      const result = await connectTestSocket(port, { path, headers })
      if ('refused' in result) return result.refused
      result.close()
      return 101
    }
    expect(await attempt('/ipc')).toBe(403)
    expect(await attempt('/ipc?token=wrong')).toBe(403)
    expect(await attempt(`/ipc?token=${token}`, { Origin: 'https://evil.example' })).toBe(403)
    expect(await attempt(`/ipc?token=${token}`, { Host: `attacker.example:${port}` })).toBe(403)
    expect(await attempt(`/ipc?token=${token}`, { Origin: '' })).toBe(403)
    expect(await attempt(`/ipc?token=${token}`, { 'Sec-Fetch-Site': 'cross-site' })).toBe(403)
    expect(await attempt(`/other?token=${token}`)).toBe(404)
    expect(await attempt(`/ipc`, { Cookie: `joinery_token_${port}=${token}` })).toBe(101)
    expect(await attempt(`/ipc?token=${token}`)).toBe(101)
  })

  it('answers a malformed handshake that passes the checks with 400', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({
        host: '127.0.0.1',
        port,
        path: `/ipc?token=${token}`,
        headers: { Host: `127.0.0.1:${port}`, Origin: `http://127.0.0.1:${port}`, Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13' },
      })
      req.on('response', (res) => {
        res.resume()
        resolve(res.statusCode ?? 0)
      })
      req.on('upgrade', () => reject(new Error('upgraded without a Sec-WebSocket-Key')))
      req.on('error', reject)
      req.end()
    })
    expect(status).toBe(400)
  })

  it('round-trips a channel call with the token and pushes events', async () => {
    const ws = await socket(port, token)
    expect(await ws.call('app.info', {})).toEqual({ ok: true, value: { mode: 'browser', version: '0.0.0', vault: 'memory' } })
    expect(await ws.call('schema.list', { tabId: 42 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    server.broadcast('query.progress', { tabId: 't-1', requestId: 'r-1', elapsedMs: 250 })
    await expect.poll(() => ws.events).toEqual([{ event: 'query.progress', payload: { tabId: 't-1', requestId: 'r-1', elapsedMs: 250 } }])
    ws.close()
    expect(await ws.closed).toBe(1000)
  })

  it('answers malformed messages with INVALID_INPUT and never runs a handler', async () => {
    const ws = await socket(port, token)
    const calls = (): number => CHANNELS.reduce((n, c) => n + spies[c].mock.calls.length, 0)
    const before = calls()
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 200 }),
          fc.json(),
          fc.record({ id: fc.oneof(fc.string(), fc.constant(null), fc.double()), channel: fc.constantFrom(...CHANNELS), input: fc.anything() }),
          fc.record({ id: fc.integer(), channel: fc.string(), input: fc.anything() }),
          fc.record({ id: fc.integer(), channel: fc.constantFrom('schema.list', 'query.fetch', 'table.insert'), input: fc.anything({ maxDepth: 3 }) }),
        ),
        async (message) => {
          ws.send(typeof message === 'string' ? message : JSON.stringify(message))
          const reply = JSON.parse(await ws.next()) as { result: { ok: boolean; error?: { code: string } } }
          expect(reply.result.ok).toBe(false)
          expect(reply.result.error?.code).toBe('INVALID_INPUT')
        },
      ),
      { numRuns: 300 },
    )
    expect(calls()).toBe(before)
    ws.send(JSON.stringify({ id: 1, channel: 'app.info', input: {} }))
    expect(JSON.parse(await ws.next())).toMatchObject({ id: 1, result: { ok: true } })
    ws.close()
  })

  it('closes connections that break the protocol or send too much, and keeps serving others', async () => {
    const binary = await socket(port, token)
    binary.socket.send(Buffer.from([1, 2, 3]), { binary: true })
    expect(await binary.closed).toBe(1003)

    const notUtf8 = await socket(port, token)
    notUtf8.socket.send(Buffer.from([0xff, 0xfe, 0xfd]), { binary: false })
    expect(await notUtf8.closed).toBe(1007)

    // The limit is 8 MiB: a request is a query tree, never that big.
    const tooBig = await socket(port, token)
    tooBig.send(JSON.stringify({ id: 1, channel: 'app.info', input: { pad: 'x'.repeat(8 * 1024 * 1024) } }))
    expect(await tooBig.closed).toBe(1009)

    const breakers: [string, Buffer, number][] = [
      ['unmasked frame', clientFrame(0x81, Buffer.from('{}'), false), 1002],
      ['continuation without a message', clientFrame(0x80, Buffer.from('x')), 1002],
      ['reserved bits without an extension', clientFrame(0xc1, Buffer.from('x')), 1002],
      ['64-bit length beyond the limit', Buffer.from([0x81, 0xff, 0, 0, 0, 0, 0x7f, 0xff, 0xff, 0xff]), 1009],
    ]
    // Side by side: the server waits a second for each peer's answering close frame, which these never send.
    const closeCodes = await Promise.all(
      breakers.map(async ([, bytes]) => {
        const raw = await rawUpgrade(port, `/ipc?token=${token}`)
        const chunks: Buffer[] = []
        raw.on('data', (chunk: Buffer) => chunks.push(chunk))
        raw.on('error', () => undefined)
        raw.write(bytes)
        await new Promise((resolve) => raw.on('close', resolve))
        return closeCodeOf(Buffer.concat(chunks))
      }),
    )
    expect(Object.fromEntries(breakers.map(([what], i) => [what, closeCodes[i]]))).toEqual(Object.fromEntries(breakers.map(([what, , code]) => [what, code])))
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 200 }), async (junk) => {
        const raw = await rawUpgrade(port, `/ipc?token=${token}`)
        raw.on('error', () => undefined)
        // Reads what the server answers, or its closing would never be seen.
        raw.resume()
        raw.write(Buffer.from(junk))
        // Junk may also be the start of a frame the server waits to complete: hang up like a client would.
        raw.end()
        await new Promise((resolve) => raw.on('close', resolve))
      }),
      { numRuns: 40 },
    )

    const ws = await socket(port, token)
    expect(await ws.call('app.info', {})).toMatchObject({ ok: true })
    await new Promise<void>((resolve) => {
      ws.socket.once('pong', (data) => {
        expect(data.toString()).toBe('hi')
        resolve()
      })
      ws.socket.ping('hi')
    })
    const fragmented = JSON.stringify({ id: 9, channel: 'app.info', input: {} })
    ws.socket.send(fragmented.slice(0, 10), { fin: false })
    ws.socket.send(fragmented.slice(10), { fin: true })
    expect(JSON.parse(await ws.next())).toMatchObject({ id: 9, result: { ok: true } })
    ws.close()
  })
})

/** A server of its own with tight limits, so each guard shows within a test's time. */
async function limitedServer(limits: Partial<BrowserServerLimits>): Promise<{ server: BrowserServer; dispose: () => Promise<void> }> {
  const root = rendererFolder()
  const handlers = Object.fromEntries(CHANNELS.map((c) => [c, vi.fn(async () => ({ mode: 'browser', version: '0.0.0', vault: 'memory' }))])) as unknown as Handlers
  const dispatch = createDispatcher({ handlers, isReadOnly: () => false, logger: createMemoryLogger() })
  const server = await startBrowserServer({ rendererDir: root, dispatch, logger: createMemoryLogger(), limits })
  return {
    server,
    dispose: async () => {
      await server.close()
      rmSync(root, { recursive: true, force: true })
    },
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

describe('browser-mode server: slow, idle and excess connections', () => {
  it('closes a client that sends half a request line within the header timeout (408)', async () => {
    const { server, dispose } = await limitedServer({ headersTimeoutMs: 300, requestTimeoutMs: 600 })
    try {
      const client = await rawClient(server.port)
      client.socket.write('GET /?tok')
      expect(await client.closed).toBeLessThan(1500)
      expect(client.received()).toMatch(/^HTTP\/1\.1 408 /)
      // Silence is no better than half a line.
      expect(await (await rawClient(server.port)).closed).toBeLessThan(1500)
    } finally {
      await dispose()
    }
  })

  it('closes a client that trickles its headers, even though bytes keep arriving', async () => {
    const { server, dispose } = await limitedServer({ headersTimeoutMs: 400, requestTimeoutMs: 800 })
    try {
      const client = await rawClient(server.port)
      const request = `GET /?token=${server.token} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nX-Slow: ${'x'.repeat(200)}`
      let sent = 0
      const trickle = setInterval(() => {
        if (sent < request.length && !client.socket.destroyed) client.socket.write(request[sent++] ?? '')
      }, 20)
      try {
        expect(await client.closed).toBeLessThan(2000)
      } finally {
        clearInterval(trickle)
      }
      expect(sent).toBeLessThan(request.length)
    } finally {
      await dispose()
    }
  })

  it('closes a request whose body never arrives within the request timeout', async () => {
    const { server, dispose } = await limitedServer({ headersTimeoutMs: 300, requestTimeoutMs: 600 })
    try {
      const client = await rawClient(server.port)
      client.socket.write(`POST /?token=${server.token} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nContent-Length: 1000\r\n\r\n{"a":`)
      expect(await client.closed).toBeLessThan(2000)
    } finally {
      await dispose()
    }
  })

  it('closes an idle keep-alive connection after the idle timeout', async () => {
    const { server, dispose } = await limitedServer({ keepAliveTimeoutMs: 200 })
    try {
      const client = await rawClient(server.port)
      client.socket.write(`GET /?token=${server.token} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n\r\n`)
      await expect.poll(() => client.received()).toMatch(/^HTTP\/1\.1 200 [\s\S]*<title>Joinery<\/title>/)
      // Node adds a second to the keep-alive timeout for the socket, so a client racing it never gets a reset.
      expect(await client.closed).toBeLessThan(2500)
    } finally {
      await dispose()
    }
  })

  it('keeps a WebSocket open past the HTTP timeouts', async () => {
    const { server, dispose } = await limitedServer({ headersTimeoutMs: 200, requestTimeoutMs: 300, keepAliveTimeoutMs: 200 })
    try {
      const ws = await socket(server.port, server.token)
      await sleep(1500)
      expect(await ws.call('app.info', {})).toMatchObject({ ok: true })
      ws.close()
    } finally {
      await dispose()
    }
  })

  it('pings every WebSocket and drops a peer that does not answer; a live one stays', async () => {
    const { server, dispose } = await limitedServer({ heartbeatMs: 250 })
    try {
      const live = await socket(server.port, server.token)
      const deaf = await socket(server.port, server.token, { autoPong: false })
      // Dropped without a close frame: nothing answers on that connection any more.
      expect(await deaf.closed).toBe(1006)
      await sleep(1000)
      expect(await live.call('app.info', {})).toMatchObject({ ok: true })
      live.close()
    } finally {
      await dispose()
    }
  })

  it('refuses WebSockets beyond the cap with 503; those already open keep working, and a freed place is reused', async () => {
    const { server, dispose } = await limitedServer({ maxWebSockets: 3 })
    try {
      const open = [await socket(server.port, server.token), await socket(server.port, server.token), await socket(server.port, server.token)]
      expect(await connectTestSocket(server.port, { path: `/ipc?token=${server.token}` })).toEqual({ refused: 503 })
      for (const ws of open) expect(await ws.call('app.info', {})).toMatchObject({ ok: true })
      open[0]?.close()
      await open[0]?.closed
      await expect.poll(async () => {
        const again = await connectTestSocket(server.port, { path: `/ipc?token=${server.token}` })
        if ('refused' in again) return again.refused
        again.close()
        return 101
      }).toBe(101)
    } finally {
      await dispose()
    }
  })

  it('drops TCP connections beyond the cap; those already open keep working', async () => {
    const { server, dispose } = await limitedServer({ maxConnections: 4, maxWebSockets: 2 })
    try {
      const held = await Promise.all([1, 2, 3, 4].map(() => rawClient(server.port)))
      const extra = await rawClient(server.port)
      expect(await extra.closed).toBeLessThan(1000)
      expect(extra.received()).toBe('')
      const getPage = async (client: RawClient): Promise<string> => {
        client.socket.write(`GET /?token=${server.token} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nConnection: close\r\n\r\n`)
        await client.closed
        return client.received().split('\r\n')[0] ?? ''
      }
      expect(await getPage(held[0] as RawClient)).toBe('HTTP/1.1 200 OK')
      // Its place is free again once the server has seen it close.
      await expect.poll(async () => getPage(await rawClient(server.port))).toBe('HTTP/1.1 200 OK')
      for (const client of held) client.socket.destroy()
    } finally {
      await dispose()
    }
  })
})
