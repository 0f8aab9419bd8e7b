// The window factory and the web-contents guards, with `electron` replaced by recording fakes.
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createMainWindow } from './window'
import { APP_ORIGIN, windowOptions } from './window-options'

type OpenHandler = (details: { url: string }) => { action: string }

const electron = vi.hoisted(() => ({
  constructed: [] as unknown[],
  openHandlers: [] as OpenHandler[],
  openExternal: vi.fn(async (_url: string) => {}),
}))

vi.mock('electron', () => {
  class FakeWebContents {
    on(): void {}
    setWindowOpenHandler(handler: OpenHandler): void {
      electron.openHandlers.push(handler)
    }
  }
  class BrowserWindow {
    readonly webContents = new FakeWebContents()
    constructor(options: unknown) {
      electron.constructed.push(options)
    }
    once(): void {}
    show(): void {}
    async loadURL(): Promise<void> {}
  }
  return { BrowserWindow, shell: { openExternal: electron.openExternal } }
})

const PRELOAD = '/app/out/preload/index.cjs'

function openMainWindow(): OpenHandler {
  createMainWindow({ preload: PRELOAD, url: `${APP_ORIGIN}/index.html`, origins: [APP_ORIGIN] })
  const handler = electron.openHandlers.at(-1)
  if (handler === undefined) throw new Error('createMainWindow set no window-open handler')
  return handler
}

describe('createMainWindow', () => {
  beforeEach(() => {
    electron.constructed.length = 0
    electron.openHandlers.length = 0
    electron.openExternal.mockClear()
  })

  it('opens the window with exactly windowOptions, the preferences written out in window.ts included', () => {
    openMainWindow()
    expect(electron.constructed).toEqual([windowOptions(PRELOAD)])
  })

  it('opens no new window and hands only plain https links to the system', () => {
    const openWindow = openMainWindow()
    const hostile = ['file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'https://user:pw@example.org/']
    for (const url of hostile) {
      expect(openWindow({ url })).toEqual({ action: 'deny' })
    }
    expect(electron.openExternal).not.toHaveBeenCalled()

    expect(openWindow({ url: 'https://docs.datajoint.com/' })).toEqual({ action: 'deny' })
    expect(electron.openExternal.mock.calls).toEqual([['https://docs.datajoint.com/']])
  })
})
