// The security settings of every Joinery window as plain data and pure checks (sandboxed, context-isolated, no
// Node, a strict CSP, no navigation away or new windows), so unit tests
// assert them without Electron. window.ts applies them.

import type { BrowserWindowConstructorOptions } from 'electron'

export const APP_SCHEME = 'app'
export const APP_HOST = 'joinery'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`

const BASE_CSP: Readonly<Record<string, readonly string[]>> = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'frame-ancestors': ["'none'"],
  'img-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
}

/** The CSP header. `extraConnect` adds origins to connect-src (browser mode's socket, the Vite dev server's). */
export function contentSecurityPolicy(options: { readonly extraScript?: readonly string[]; readonly extraConnect?: readonly string[] } = {}): string {
  const directives: Record<string, readonly string[]> = {
    ...BASE_CSP,
    'script-src': [...(BASE_CSP['script-src'] ?? []), ...(options.extraScript ?? [])],
    'connect-src': [...(BASE_CSP['connect-src'] ?? []), ...(options.extraConnect ?? [])],
  }
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ')
}

/** Development (electron-vite dev): only the Vite dev server and its websocket are added. */
export function devContentSecurityPolicy(devServerUrl: string): string {
  const origin = new URL(devServerUrl).origin
  const socket = origin.replace(/^http/, 'ws')
  return contentSecurityPolicy({ extraScript: [origin], extraConnect: [origin, socket] })
}

export const CSP = contentSecurityPolicy()

/** Options of every window; one factory (window.ts) uses them, so no window can be opened with weaker ones. */
export function windowOptions(preload: string): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 820,
    minWidth: 760,
    minHeight: 480,
    title: 'Joinery',
    show: false,
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      spellcheck: false,
      safeDialogs: true,
      navigateOnDragDrop: false,
      // No auxclick events, so a middle click on a link cannot ask for a new window (the open handler in
      // window.ts denies them as well).
      disableBlinkFeatures: 'Auxclick',
    },
  }
}

function originOf(url: string): string | null {
  try {
    const parsed = new URL(url)
    // Custom schemes have an opaque `origin` ("null") in WHATWG URL: compare scheme + host instead.
    return `${parsed.protocol}//${parsed.host}`
  } catch {
    return null
  }
}

/** The origins the app's own pages come from: `app://joinery`, plus the dev server in development. */
export function appOrigins(devServerUrl: string | null): string[] {
  const dev = devServerUrl === null ? null : originOf(devServerUrl)
  return dev === null ? [APP_ORIGIN] : [APP_ORIGIN, dev]
}

/** `will-navigate`: only within our own origins. */
export function isAllowedNavigation(url: string, origins: readonly string[]): boolean {
  const origin = originOf(url)
  return origin !== null && origins.includes(origin)
}

/** IPC: only frames showing our own pages may call the main process. */
export function isTrustedSender(frameUrl: string | undefined, origins: readonly string[]): boolean {
  return frameUrl !== undefined && isAllowedNavigation(frameUrl, origins)
}

/**
 * `setWindowOpenHandler`: no new windows; https links without credentials go to the system browser, as parsed
 * (normalized, percent-encoded), anything else nowhere. The app links to nothing but web pages, so no other scheme
 * (mailto:, file:, smb:, custom protocol handlers) is allowed.
 */
export function externalLink(url: string): string | null {
  try {
    const parsed = new URL(url)
    return parsed.protocol === 'https:' && parsed.username === '' && parsed.password === '' ? parsed.href : null
  } catch {
    return null
  }
}
