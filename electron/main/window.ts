// The one window factory, and the guards every web contents gets: navigation only within our origins, no new
// windows (https links open in the system browser), no permissions, no <webview>.

import { BrowserWindow, shell, type Session, type WebContents } from 'electron'
import { devContentSecurityPolicy, externalLink, isAllowedNavigation, windowOptions } from './window-options'

export function guardWebContents(contents: WebContents, origins: readonly string[]): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAllowedNavigation(url, origins)) event.preventDefault()
  })
  contents.on('will-redirect', (event, url) => {
    if (!isAllowedNavigation(url, origins)) event.preventDefault()
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(({ url }) => {
    const link = externalLink(url)
    // Only a plain https URL reaches the system here (externalLink, tested in window-options.test.ts).
    if (link !== null) void shell.openExternal(link) // eng-disable OPEN_EXTERNAL_JS_CHECK
    return { action: 'deny' }
  })
}

export function hardenSession(session: Session, devServerUrl: string | null): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  session.setPermissionCheckHandler(() => false)
  if (devServerUrl !== null) {
    // app:// responses carry the CSP from protocol.ts; the dev server's need it added.
    const csp = devContentSecurityPolicy(devServerUrl)
    const origin = new URL(devServerUrl).origin
    session.webRequest.onHeadersReceived({ urls: [`${origin}/*`] }, (details, callback) => {
      callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } })
    })
  }
}

export function createMainWindow(options: { readonly preload: string; readonly url: string; readonly origins: readonly string[] }): BrowserWindow {
  const { webPreferences, ...frame } = windowOptions(options.preload)
  // Electronegativity checks each file alone, so the preferences it looks for are written out here too;
  // window.test.ts fails unless the window gets exactly windowOptions, the one tested definition.
  const window = new BrowserWindow({
    ...frame,
    webPreferences: {
      ...webPreferences,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      disableBlinkFeatures: 'Auxclick',
    },
  })
  guardWebContents(window.webContents, options.origins)
  window.once('ready-to-show', () => window.show())
  void window.loadURL(options.url)
  return window
}
