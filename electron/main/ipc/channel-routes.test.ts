// Every contract channel reaches its handler by both ways in: Electron's ipcMain registration (with `ipcMain`
// replaced by a recorder, as Electron cannot run in unit tests) and browser mode's WebSocket (a real server and a
// real `ws` client). Both go through the real dispatcher; only the handlers are spies.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createMemoryLogger } from '../../../src/instance/logger'
import { startBrowserServer, type BrowserServer } from '../../browser-mode/server'
import { connectTestSocket, type TestSocket } from '../../testing/websocket-client'
import { CHANNELS, type Channel } from '../../ipc/contract'
import type { Handlers } from '../../services/handlers'
import { APP_ORIGIN } from '../window-options'
import { createDispatcher } from './dispatch'
import { registerIpc } from './register'
import { VALID } from '../../testing/channel-inputs'

type IpcHandler = (event: unknown, input: unknown) => Promise<unknown>

const ipcMain = vi.hoisted(() => {
  const handlers = new Map<string, IpcHandler>()
  return {
    handlers,
    handle: (channel: string, handler: IpcHandler) => {
      if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`)
      handlers.set(channel, handler)
    },
    removeHandler: (channel: string) => handlers.delete(channel),
  }
})

vi.mock('electron', () => ({ ipcMain }))

function spyHandlers() {
  const spies = Object.fromEntries(CHANNELS.map((c) => [c, vi.fn(async () => ({}))])) as unknown as Record<Channel, ReturnType<typeof vi.fn>>
  const dispatch = createDispatcher({ handlers: spies as unknown as Handlers, isReadOnly: () => false, logger: createMemoryLogger() })
  return { spies, dispatch }
}

describe('every contract channel is served', () => {
  it('by the Electron registration, from a window showing our page', async () => {
    const { spies, dispatch } = spyHandlers()
    const unregister = registerIpc(dispatch, [APP_ORIGIN])
    try {
      expect([...ipcMain.handlers.keys()].sort()).toEqual([...CHANNELS].sort())
      const event = { senderFrame: { url: `${APP_ORIGIN}/index.html` }, sender: { id: 7 } }
      for (const channel of CHANNELS) {
        const handler = ipcMain.handlers.get(channel)
        expect(handler, channel).toBeDefined()
        expect(await handler?.(event, VALID[channel]), channel).toEqual({ ok: true, value: {} })
        expect(spies[channel], channel).toHaveBeenCalledExactlyOnceWith(VALID[channel], { clientId: 'webContents-7' })
      }
    } finally {
      unregister()
    }
    expect(ipcMain.handlers.size).toBe(0)
  })

  describe('by browser mode, over its WebSocket', () => {
    const { spies, dispatch } = spyHandlers()
    let root: string
    let server: BrowserServer
    let ws: TestSocket

    beforeAll(async () => {
      root = mkdtempSync(join(tmpdir(), 'joinery-renderer-'))
      writeFileSync(join(root, 'index.html'), '<!doctype html><title>Joinery</title>')
      server = await startBrowserServer({ rendererDir: root, dispatch, logger: createMemoryLogger() })
      const connected = await connectTestSocket(server.port, { path: `/ipc?token=${server.token}` })
      if ('refused' in connected) throw new Error(`refused with ${connected.refused}`)
      ws = connected
    })

    afterAll(async () => {
      ws.close()
      await server.close()
      rmSync(root, { recursive: true, force: true })
    })

    it.each(CHANNELS)('%s', async (channel) => {
      expect(await ws.call(channel, VALID[channel])).toEqual({ ok: true, value: {} })
      expect(spies[channel]).toHaveBeenCalledExactlyOnceWith(VALID[channel], { clientId: expect.stringMatching(/^socket-\d+$/) })
    })
  })
})
