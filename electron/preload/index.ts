// The sandboxed preload (emitted as CommonJS): `window.dj` with `invoke` and `on`, limited to the channels and
// events of the contract. Imports nothing but `electron` and the allowlist, so it stays tiny under sandbox.

import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { PRELOAD_CHANNELS, PRELOAD_EVENTS } from '../ipc/channels'

const channels: ReadonlySet<string> = new Set(PRELOAD_CHANNELS)
const events: ReadonlySet<string> = new Set(PRELOAD_EVENTS)

const bridge = {
  /** Resolves with the main process's Result; a channel outside the contract never reaches the main process. */
  invoke(channel: unknown, input: unknown): Promise<unknown> {
    if (typeof channel !== 'string' || !channels.has(channel)) {
      const message = `Unknown channel ${String(channel).slice(0, 100)}`
      return Promise.resolve({ ok: false, error: { code: 'INVALID_INPUT', message, details: {} } })
    }
    return ipcRenderer.invoke(channel, input)
  },
  /** Calls `listener(payload)`: the IpcRendererEvent (and its `sender`) never reaches the page. */
  on(event: unknown, listener: unknown): () => void {
    if (typeof event !== 'string' || !events.has(event)) throw new Error(`Unknown event ${String(event).slice(0, 100)}`)
    if (typeof listener !== 'function') throw new TypeError('listener must be a function')
    const forward = (_event: IpcRendererEvent, payload: unknown): void => {
      ;(listener as (payload: unknown) => void)(payload)
    }
    ipcRenderer.on(event, forward)
    return () => {
      ipcRenderer.removeListener(event, forward)
    }
  },
}

contextBridge.exposeInMainWorld('dj', bridge)
