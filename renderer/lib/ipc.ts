// The renderer's one way to the main process: `invoke(channel, input)` and `on(event, listener)`, typed by the
// IPC contract. In Electron it goes through the preload's `window.dj`; in browser mode through a WebSocket to the
// loopback server. Results are unwrapped here: a failure is thrown as a RemoteError carrying the WireError.

import type { Channel, EventName, EventPayload, Input, Output } from '../../electron/ipc/contract'
import type { Result } from '../../electron/ipc/result'
import type { ErrorCode } from '../../src/errors/codes'
import type { WireError } from '../../src/errors/wire'
import { createSocketTransport, socketUrl, takeToken, type Transport } from './ipc-socket'

/** A failure reported by the main process (or by the transport: `LOST_CONNECTION`). */
export class RemoteError extends Error {
  override readonly name = 'RemoteError'
  readonly code: ErrorCode
  readonly details: Readonly<Record<string, unknown>>

  constructor(error: WireError) {
    super(error.message)
    this.code = error.code
    this.details = { ...error.details }
  }
}

/** What the preload exposes as `window.dj` (untyped at the bridge; `invoke`/`on` below add the types). */
export interface DjBridge {
  invoke(channel: string, input: unknown): Promise<unknown>
  on(event: string, listener: (payload: unknown) => void): () => void
}

declare global {
  interface Window {
    readonly dj?: DjBridge
  }
}

export interface IpcClient {
  invoke<C extends Channel>(channel: C, input: Input<C>): Promise<Output<C>>
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void
}

function isResult(value: unknown): value is Result<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { ok?: unknown }).ok === 'boolean'
}

/** A transport over the Electron preload bridge. */
export function bridgeTransport(bridge: DjBridge): Transport {
  return {
    invoke: async (channel, input) => {
      const result = await bridge.invoke(channel, input)
      return isResult(result) ? result : { ok: false, error: { code: 'INTERNAL', message: 'Malformed reply from the main process.', details: {} } }
    },
    on: (event, listener) => bridge.on(event, listener),
  }
}

export function createIpcClient(transport: Transport): IpcClient {
  return {
    async invoke<C extends Channel>(channel: C, input: Input<C>): Promise<Output<C>> {
      const result = await transport.invoke(channel, input)
      if (!result.ok) throw new RemoteError(result.error)
      // The main process validated the value against the contract's output schema (in tests and development).
      return result.value as Output<C>
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      return transport.on(event, (payload) => listener(payload as EventPayload<E>))
    },
  }
}

let defaultClient: IpcClient | null = null

function client(): IpcClient {
  if (defaultClient === null) {
    const bridge = window.dj
    if (bridge !== undefined) {
      defaultClient = createIpcClient(bridgeTransport(bridge))
    } else {
      const token = takeToken(window.location, window.history, window.sessionStorage)
      defaultClient = createIpcClient(createSocketTransport({ url: socketUrl(window.location, token) }))
    }
  }
  return defaultClient
}

// Browser mode: take the token out of the address bar as soon as the page runs (it stays in sessionStorage).
if (typeof window !== 'undefined' && window.dj === undefined) takeToken(window.location, window.history, window.sessionStorage)

/**
 * Calls a channel of the main process.
 * @throws RemoteError with the channel's error code (INVALID_INPUT, READ_ONLY, LOST_CONNECTION, ...)
 */
export function invoke<C extends Channel>(channel: C, input: Input<C>): Promise<Output<C>> {
  return client().invoke(channel, input)
}

/** Listens to a main-process event; returns the function that stops listening. */
export function on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
  return client().on(event, listener)
}
