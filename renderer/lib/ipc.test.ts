import { describe, expect, it } from 'vitest'
import { RemoteError, bridgeTransport, createIpcClient, type DjBridge } from './ipc'
import { TOKEN_STORAGE_KEY, createSocketTransport, socketUrl, takeToken, type SocketLike } from './ipc-socket'

function memoryStorage() {
  const items = new Map<string, string>()
  return { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v), items }
}

describe('token handling', () => {
  it('moves the token from the address bar to sessionStorage', () => {
    const storage = memoryStorage()
    const replaced: string[] = []
    const history = { state: null, replaceState: (_s: unknown, _t: string, url?: string | URL | null) => void replaced.push(String(url)) }
    expect(takeToken({ href: 'http://127.0.0.1:4000/?token=abc&x=1#tab' }, history, storage)).toBe('abc')
    expect(replaced).toEqual(['/?x=1#tab'])
    expect(storage.items.get(TOKEN_STORAGE_KEY)).toBe('abc')
    // After a reload the URL has no token any more: sessionStorage answers.
    expect(takeToken({ href: 'http://127.0.0.1:4000/' }, history, storage)).toBe('abc')
    expect(replaced).toHaveLength(1)
  })

  it('builds the socket URL on the page origin', () => {
    expect(socketUrl({ protocol: 'http:', host: '127.0.0.1:4000' }, 'a b')).toBe('ws://127.0.0.1:4000/ipc?token=a%20b')
  })
})

class FakeSocket implements SocketLike {
  readyState = 0
  sent: string[] = []
  onopen: ((event: unknown) => void) | null = null
  onmessage: ((event: { data: unknown }) => void) | null = null
  onclose: ((event: unknown) => void) | null = null
  onerror: ((event: unknown) => void) | null = null
  send(data: string): void {
    this.sent.push(data)
  }
  close(): void {
    this.readyState = 3
    this.onclose?.({})
  }
  open(): void {
    this.readyState = 1
    this.onopen?.({})
  }
  receive(message: unknown): void {
    this.onmessage?.({ data: JSON.stringify(message) })
  }
}

describe('socket transport and client', () => {
  const setup = () => {
    const sockets: FakeSocket[] = []
    const transport = createSocketTransport({
      url: 'ws://127.0.0.1:1/ipc?token=t',
      createSocket: () => {
        const socket = new FakeSocket()
        sockets.push(socket)
        return socket
      },
      reconnectMs: 5,
    })
    return { sockets, client: createIpcClient(transport) }
  }

  it('queues calls until the socket opens and matches replies by id', async () => {
    const { sockets, client } = setup()
    const first = client.invoke('app.info', {})
    const second = client.invoke('schema.list', { tabId: 't1' })
    const socket = sockets[0] as FakeSocket
    expect(socket.sent).toEqual([])
    socket.open()
    const requests = socket.sent.map((text) => JSON.parse(text) as { id: number; channel: string; input: unknown })
    expect(requests.map((r) => r.channel)).toEqual(['app.info', 'schema.list'])
    socket.receive({ id: requests[1]?.id, result: { ok: true, value: ['lab'] } })
    socket.receive({ id: requests[0]?.id, result: { ok: true, value: { mode: 'browser', version: '1', vault: 'memory' } } })
    await expect(second).resolves.toEqual(['lab'])
    await expect(first).resolves.toEqual({ mode: 'browser', version: '1', vault: 'memory' })
  })

  it('throws a RemoteError with the code, message and details of a failure', async () => {
    const { sockets, client } = setup()
    const call = client.invoke('table.insert', { tabId: 't', schema: 's', table: 'x', rows: [{ a: 1 }] })
    const socket = sockets[0] as FakeSocket
    socket.open()
    const id = (JSON.parse(socket.sent[0] ?? '{}') as { id: number }).id
    socket.receive({ id, result: { ok: false, error: { code: 'READ_ONLY', message: 'read-only', details: { hint: 'h' } } } })
    const error: unknown = await call.catch((e: unknown) => e)
    expect(error).toBeInstanceOf(RemoteError)
    expect(error).toMatchObject({ code: 'READ_ONLY', message: 'read-only', details: { hint: 'h' } })
  })

  it('delivers events, fails pending calls when the socket drops, and reconnects for listeners', async () => {
    const { sockets, client } = setup()
    const seen: unknown[] = []
    const off = client.on('tab.state', (tab) => seen.push(tab.tabId))
    const socket = sockets[0] as FakeSocket
    socket.open()
    socket.receive({ event: 'tab.state', payload: { tabId: 'tab-1' } })
    socket.receive({ event: 'query.progress', payload: { tabId: 'tab-2' } })
    expect(seen).toEqual(['tab-1'])
    const pending = client.invoke('tabs.list', {})
    socket.close()
    await expect(pending).rejects.toMatchObject({ code: 'LOST_CONNECTION' })
    await expect.poll(() => sockets.length).toBe(2)
    off()
  })
})

describe('Electron bridge transport', () => {
  it('passes Results through and reports malformed replies as INTERNAL', async () => {
    let reply: unknown = { ok: true, value: [] }
    const bridge: DjBridge = { invoke: async () => reply, on: () => () => undefined }
    const client = createIpcClient(bridgeTransport(bridge))
    await expect(client.invoke('tabs.list', {})).resolves.toEqual([])
    reply = 'garbage'
    await expect(client.invoke('tabs.list', {})).rejects.toMatchObject({ code: 'INTERNAL' })
  })
})
