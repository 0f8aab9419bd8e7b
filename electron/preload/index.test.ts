// The preload's allowlist, with `electron` replaced by spies.
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { PRELOAD_CHANNELS, PRELOAD_EVENTS } from '../ipc/channels'

const electron = vi.hoisted(() => {
  const listeners = new Map<string, Set<(event: unknown, payload: unknown) => void>>()
  return {
    exposed: new Map<string, unknown>(),
    listeners,
    invoke: vi.fn(async (_channel: string, _input: unknown): Promise<unknown> => ({ ok: true, value: 'from main' })),
  }
})

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => electron.exposed.set(key, api) },
  ipcRenderer: {
    invoke: electron.invoke,
    on: (event: string, fn: (event: unknown, payload: unknown) => void) => {
      const set = electron.listeners.get(event) ?? new Set()
      set.add(fn)
      electron.listeners.set(event, set)
    },
    removeListener: (event: string, fn: (event: unknown, payload: unknown) => void) => electron.listeners.get(event)?.delete(fn),
  },
}))

interface Bridge {
  invoke(channel: unknown, input: unknown): Promise<unknown>
  on(event: unknown, listener: unknown): () => void
}

async function loadBridge(): Promise<Bridge> {
  await import('./index')
  const bridge = electron.exposed.get('dj') as Bridge | undefined
  if (bridge === undefined) throw new Error('window.dj was not exposed')
  return bridge
}

describe('preload bridge', () => {
  beforeEach(() => {
    electron.invoke.mockClear()
  })

  it('exposes exactly invoke and on as window.dj', async () => {
    const bridge = await loadBridge()
    expect([...electron.exposed.keys()]).toEqual(['dj'])
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'on'])
  })

  it('forwards every contract channel and nothing else', async () => {
    const bridge = await loadBridge()
    for (const channel of PRELOAD_CHANNELS) {
      await expect(bridge.invoke(channel, { x: 1 })).resolves.toEqual({ ok: true, value: 'from main' })
    }
    expect(electron.invoke).toHaveBeenCalledTimes(PRELOAD_CHANNELS.length)
    for (const bad of ['fs.readFile', 'app.info ', '__proto__', 'constructor', '', 42, null, undefined, { toString: () => 'app.info' }]) {
      const result = (await bridge.invoke(bad, {})) as { ok: boolean; error: { code: string } }
      expect(result.ok).toBe(false)
      expect(result.error.code).toBe('INVALID_INPUT')
    }
    expect(electron.invoke).toHaveBeenCalledTimes(PRELOAD_CHANNELS.length)
  })

  it('passes only the payload to listeners, never the IpcRendererEvent', async () => {
    const bridge = await loadBridge()
    for (const event of PRELOAD_EVENTS) {
      const received: unknown[][] = []
      const off = bridge.on(event, (...args: unknown[]) => received.push(args))
      const fakeEvent = { sender: { send: () => undefined }, ports: [] }
      for (const fn of electron.listeners.get(event) ?? []) fn(fakeEvent, { hello: event })
      expect(received).toEqual([[{ hello: event }]])
      off()
      expect(electron.listeners.get(event)?.size).toBe(0)
    }
  })

  it('refuses events outside the contract and non-function listeners', async () => {
    const bridge = await loadBridge()
    expect(() => bridge.on('ipc-message', () => undefined)).toThrow(/Unknown event/)
    expect(() => bridge.on('tab.state', 'not a function')).toThrow(TypeError)
    expect(electron.listeners.has('ipc-message')).toBe(false)
  })
})
