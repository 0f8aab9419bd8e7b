// Browser mode's transport: one WebSocket to the loopback server, requests matched to replies by id, events pushed
// by the server. The access token comes from the page URL once, then lives in sessionStorage (so a reload works).

import type { Result } from '../../electron/ipc/result'

/** What both transports offer: raw Results (ipc.ts unwraps them) and raw event payloads. */
export interface Transport {
  invoke(channel: string, input: unknown): Promise<Result<unknown>>
  on(event: string, listener: (payload: unknown) => void): () => void
}

/** The part of the DOM WebSocket used (a test passes its own). */
export interface SocketLike {
  readonly readyState: number
  send(data: string): void
  close(code?: number): void
  onopen: ((event: unknown) => void) | null
  onmessage: ((event: { data: unknown }) => void) | null
  onclose: ((event: unknown) => void) | null
  onerror: ((event: unknown) => void) | null
}

export interface SocketTransportOptions {
  readonly url: string
  readonly createSocket?: (url: string) => SocketLike
  /** Delay before reconnecting after the socket closed, while something listens to events. */
  readonly reconnectMs?: number
}

export const TOKEN_STORAGE_KEY = 'joinery.token'
const OPEN = 1

interface StorageLike {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
}

/** Reads `?token=` from the page URL into storage and removes it from the address bar; returns the token. */
export function takeToken(location: { readonly href: string }, history: Pick<History, 'replaceState' | 'state'>, storage: StorageLike): string | null {
  const url = new URL(location.href)
  const token = url.searchParams.get('token')
  if (token !== null && token !== '') {
    storage.setItem(TOKEN_STORAGE_KEY, token)
    url.searchParams.delete('token')
    history.replaceState(history.state, '', `${url.pathname}${url.search}${url.hash}`)
    return token
  }
  return storage.getItem(TOKEN_STORAGE_KEY)
}

export function socketUrl(location: { readonly protocol: string; readonly host: string }, token: string | null): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:'
  return `${scheme}//${location.host}/ipc?token=${encodeURIComponent(token ?? '')}`
}

function lost(message: string): Result<never> {
  return { ok: false, error: { code: 'LOST_CONNECTION', message, details: {} } }
}

export function createSocketTransport(options: SocketTransportOptions): Transport {
  const createSocket = options.createSocket ?? ((url: string): SocketLike => new WebSocket(url) as unknown as SocketLike)
  const reconnectMs = options.reconnectMs ?? 1000
  const pending = new Map<number, (result: Result<unknown>) => void>()
  const listeners = new Map<string, Set<(payload: unknown) => void>>()
  const queue: string[] = []
  let socket: SocketLike | null = null
  let nextId = 1
  let reconnectTimer: ReturnType<typeof setTimeout> | null = null

  const hasListeners = (): boolean => [...listeners.values()].some((set) => set.size > 0)

  const connect = (): SocketLike => {
    if (socket !== null) return socket
    const current = createSocket(options.url)
    socket = current
    current.onopen = () => {
      for (const message of queue.splice(0)) current.send(message)
    }
    current.onmessage = (event) => {
      if (typeof event.data !== 'string') return
      let message: { id?: unknown; result?: unknown; event?: unknown; payload?: unknown }
      try {
        message = JSON.parse(event.data) as typeof message
      } catch {
        return
      }
      if (typeof message.id === 'number') {
        const resolve = pending.get(message.id)
        pending.delete(message.id)
        resolve?.(message.result as Result<unknown>)
      } else if (typeof message.event === 'string') {
        for (const listener of listeners.get(message.event) ?? []) listener(message.payload)
      }
    }
    current.onclose = () => {
      if (socket === current) socket = null
      queue.length = 0
      for (const resolve of pending.values()) resolve(lost('The connection to the Joinery server was lost.'))
      pending.clear()
      // Events only arrive over an open socket: come back for the listeners.
      if (hasListeners() && reconnectTimer === null) {
        reconnectTimer = setTimeout(() => {
          reconnectTimer = null
          if (hasListeners()) connect()
        }, reconnectMs)
      }
    }
    current.onerror = () => {
      // onclose follows and settles everything.
    }
    return current
  }

  return {
    invoke(channel, input) {
      return new Promise((resolve) => {
        const id = nextId
        nextId += 1
        pending.set(id, resolve)
        const message = JSON.stringify({ id, channel, input })
        const current = connect()
        if (current.readyState === OPEN) current.send(message)
        else queue.push(message)
      })
    },
    on(event, listener) {
      const set = listeners.get(event) ?? new Set()
      set.add(listener)
      listeners.set(event, set)
      connect()
      return () => {
        set.delete(listener)
      }
    },
  }
}
