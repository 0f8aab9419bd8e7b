// App lifecycle only: single instance, the app:// scheme, session hardening, services + IPC, the window, and an
// orderly shutdown (tabs closed, the Demo lab's embedded server stopped, its lock released).

import { join } from 'node:path'
import { BrowserWindow, app, dialog, safeStorage, session } from 'electron'
import { createConsoleLogger } from '../../src/instance/logger'
import type { EventName, EventPayload } from '../ipc/contract'
import { createAppServices } from '../services/app-services'
import { createElectronProfileStore } from '../vault/electron-profile-store'
import { createSafeStorageVault } from '../vault/safe-storage-vault'
import { createDispatcher } from './ipc/dispatch'
import { registerIpc } from './ipc/register'
import { registerAppScheme, serveRenderer } from './protocol'
import { createMainWindow, guardWebContents, hardenSession } from './window'
import { APP_ORIGIN, appOrigins, isTrustedSender } from './window-options'

const logger = createConsoleLogger({ stream: process.stderr, level: 'INFO' })
const devServerUrl = !app.isPackaged ? (process.env['ELECTRON_RENDERER_URL'] ?? null) : null
const origins = appOrigins(devServerUrl)

registerAppScheme()

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  let mainWindow: BrowserWindow | null = null
  let dispose: (() => Promise<void>) | null = null

  const openWindow = (): void => {
    mainWindow = createMainWindow({
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      url: devServerUrl ?? `${APP_ORIGIN}/index.html`,
      origins,
    })
    mainWindow.on('closed', () => {
      mainWindow = null
    })
  }

  const emit = <E extends EventName>(event: E, payload: EventPayload<E>): void => {
    for (const window of BrowserWindow.getAllWindows()) {
      if (isTrustedSender(window.webContents.getURL(), origins)) window.webContents.send(event, payload)
    }
  }

  app.on('second-instance', () => {
    if (mainWindow === null) return
    if (mainWindow.isMinimized()) mainWindow.restore()
    mainWindow.focus()
  })

  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, origins))

  void app.whenReady().then(async () => {
    serveRenderer(join(import.meta.dirname, '../renderer'))
    hardenSession(session.defaultSession, devServerUrl)
    const userData = app.getPath('userData')
    const vault = await createSafeStorageVault({ safeStorage, file: join(userData, 'vault.json'), platform: process.platform })
    const services = createAppServices({
      mode: 'electron',
      version: app.getVersion(),
      dataDir: userData,
      vault,
      profiles: createElectronProfileStore(),
      emit,
      logger,
      sshAgentSocket: process.env['SSH_AUTH_SOCK'],
      // The destination of an export is the user's choice here, in the main process: the renderer never names a path.
      chooseExportFile: async (suggestedName, format) => {
        const options = {
          title: 'Export',
          defaultPath: join(app.getPath('downloads'), suggestedName),
          filters: [{ name: format.toUpperCase(), extensions: [format] }],
        }
        const choice = mainWindow === null ? await dialog.showSaveDialog(options) : await dialog.showSaveDialog(mainWindow, options)
        return choice.canceled || choice.filePath === '' ? null : choice.filePath
      },
    })
    const dispatch = createDispatcher({
      handlers: services.handlers,
      isReadOnly: (tabId) => services.tabs.isReadOnly(tabId),
      logger,
      validateOutputs: !app.isPackaged,
      includeSql: !app.isPackaged,
    })
    const unregister = registerIpc(dispatch, origins)
    dispose = async () => {
      unregister()
      await services.dispose()
    }
    services.start()
    openWindow()
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) openWindow()
    })
  })

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })

  app.on('before-quit', (event) => {
    const pending = dispose
    if (pending === null) return
    // Quit once the embedded database has closed its files (and released the Demo lab lock).
    event.preventDefault()
    dispose = null
    void pending()
      .catch((error: unknown) => logger.error(`Shutdown: ${String(error)}`))
      .finally(() => app.quit())
  })
}
