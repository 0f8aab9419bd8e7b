import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createMemoryLogger } from '../../src/instance/logger'
import { CHANNELS } from '../ipc/channels'
import type { Channel } from '../ipc/contract'
import { createDispatcher } from '../main/ipc/dispatch'
import type { Handlers } from '../services/handlers'
import { startBrowserServer, type BrowserServer } from './server'
import { connectTestSocket, type TestSocket } from '../testing/websocket-client'
import { CLOSE, OPCODE, encodeFrame } from './websocket'

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

async function socket(port: number, token: string, headers: Record<string, string> = {}): Promise<TestSocket> {
  const connected = await connectTestSocket(port, { path: `/ipc?token=${token}`, headers })
  if ('refused' in connected) throw new Error(`refused with ${connected.refused}`)
  return connected
}

describe('browser-mode server', () => {
  let root: string
  let server: BrowserServer
  let port: number
  let token: string
  const spies = Object.fromEntries(CHANNELS.map((c) => [c, vi.fn(async () => ({}))])) as unknown as Record<Channel, ReturnType<typeof vi.fn>>
  const handlers = spies as unknown as Handlers

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'joinery-renderer-'))
    mkdirSync(join(root, 'assets'))
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>Joinery</title>')
    writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)')
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

  it('listens on loopback with a random token in its URL', () => {
    expect(server.url).toBe(`http://127.0.0.1:${port}/?token=${token}`)
    expect(token.length).toBeGreaterThanOrEqual(32)
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

  it('refuses WebSocket upgrades without the token, from a foreign Origin or Host, or without Origin', async () => {
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
    expect(await attempt(`/other?token=${token}`)).toBe(404)
    expect(await attempt(`/ipc?token=${token}`, { 'Sec-WebSocket-Version': '8' })).toBe(400)
    expect(await attempt(`/ipc?token=${token}`)).toBe(101)
  })

  it('round-trips a channel call with the token and pushes events', async () => {
    const ws = await socket(port, token)
    expect(await ws.call('app.info', {})).toEqual({ ok: true, value: { mode: 'browser', version: '0.0.0', vault: 'memory' } })
    expect(await ws.call('schema.list', { tabId: 42 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    server.broadcast('query.progress', { tabId: 't-1', requestId: 'r-1', elapsedMs: 250 })
    await expect.poll(() => ws.events).toEqual([{ event: 'query.progress', payload: { tabId: 't-1', requestId: 'r-1', elapsedMs: 250 } }])
    ws.close()
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

  it('closes connections that break the protocol, and keeps serving others', async () => {
    const cases: [Buffer, number][] = [
      [encodeFrame(OPCODE.text, Buffer.from('{}')), CLOSE.protocolError], // unmasked
      [encodeFrame(OPCODE.binary, Buffer.from([1, 2, 3]), { mask: randomBytes(4) }), CLOSE.unsupportedData],
      [encodeFrame(OPCODE.text, Buffer.from([0xff, 0xfe, 0xfd]), { mask: randomBytes(4) }), CLOSE.invalidPayload],
      [encodeFrame(OPCODE.continuation, Buffer.from('x'), { mask: randomBytes(4) }), CLOSE.protocolError],
      [Buffer.from([0x81, 0xff, 0, 0, 0, 0, 0x7f, 0xff, 0xff, 0xff]), CLOSE.tooBig],
    ]
    for (const [bytes, code] of cases) {
      const ws = await socket(port, token)
      ws.sendRaw(bytes)
      expect(await ws.closed).toBe(code)
    }
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 200 }), async (junk) => {
        const ws = await socket(port, token)
        ws.sendRaw(Buffer.from(junk))
        // Junk may also be the start of a frame the server waits to complete: hang up like a client would.
        ws.close()
        await ws.closed
      }),
      { numRuns: 40 },
    )
    const ws = await socket(port, token)
    expect(await ws.call('app.info', {})).toMatchObject({ ok: true })
    ws.sendRaw(encodeFrame(OPCODE.ping, Buffer.from('hi'), { mask: randomBytes(4) }))
    const fragmented = JSON.stringify({ id: 9, channel: 'app.info', input: {} })
    ws.sendRaw(encodeFrame(OPCODE.text, Buffer.from(fragmented.slice(0, 10)), { fin: false, mask: randomBytes(4) }))
    ws.sendRaw(encodeFrame(OPCODE.continuation, Buffer.from(fragmented.slice(10)), { mask: randomBytes(4) }))
    expect(JSON.parse(await ws.next())).toMatchObject({ id: 9, result: { ok: true } })
    ws.close()
  })
})
