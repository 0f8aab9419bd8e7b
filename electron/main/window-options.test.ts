import { describe, expect, it } from 'vitest'
import {
  APP_ORIGIN,
  CSP,
  appOrigins,
  contentSecurityPolicy,
  devContentSecurityPolicy,
  externalLink,
  isAllowedNavigation,
  isTrustedSender,
  windowOptions,
} from './window-options'

function directives(csp: string): Map<string, string[]> {
  return new Map(csp.split(';').map((part) => {
    const [name = '', ...sources] = part.trim().split(/\s+/)
    return [name, sources]
  }))
}

describe('window options', () => {
  const options = windowOptions('/app/out/preload/index.cjs')
  const prefs = options.webPreferences ?? {}

  it('isolates and sandboxes the renderer', () => {
    expect(prefs.contextIsolation).toBe(true)
    expect(prefs.sandbox).toBe(true)
    expect(prefs.nodeIntegration).toBe(false)
    expect(prefs.nodeIntegrationInWorker).toBe(false)
    expect(prefs.nodeIntegrationInSubFrames).toBe(false)
    expect(prefs.webviewTag).toBe(false)
    expect(prefs.spellcheck).toBe(false)
    expect(prefs.disableBlinkFeatures).toBe('Auxclick')
    expect(prefs.preload).toBe('/app/out/preload/index.cjs')
  })

  it('leaves webSecurity at its default and enables nothing experimental', () => {
    expect('webSecurity' in prefs).toBe(false)
    expect('allowRunningInsecureContent' in prefs).toBe(false)
    expect('enableBlinkFeatures' in prefs).toBe(false)
    expect('experimentalFeatures' in prefs).toBe(false)
    expect('contextIsolation' in prefs && 'sandbox' in prefs).toBe(true)
  })
})

describe('content security policy', () => {
  it('allows only the app itself: no inline scripts, plugins, base URLs or framing', () => {
    const csp = directives(CSP)
    expect(csp.get('default-src')).toEqual(["'self'"])
    expect(csp.get('script-src')).toEqual(["'self'"])
    expect(csp.get('object-src')).toEqual(["'none'"])
    expect(csp.get('base-uri')).toEqual(["'none'"])
    expect(csp.get('frame-ancestors')).toEqual(["'none'"])
    expect(csp.get('img-src')).toEqual(["'self'", 'data:'])
    expect(csp.get('connect-src')).toEqual(["'self'"])
    expect(CSP).not.toMatch(/unsafe-(inline|eval)/)
  })

  it('adds only the given socket origins for browser mode', () => {
    const csp = directives(contentSecurityPolicy({ extraConnect: ['ws://127.0.0.1:4000'] }))
    expect(csp.get('connect-src')).toEqual(["'self'", 'ws://127.0.0.1:4000'])
    expect(csp.get('script-src')).toEqual(["'self'"])
  })

  it('adds only the Vite dev server and its websocket in development', () => {
    const csp = directives(devContentSecurityPolicy('http://localhost:5173/'))
    expect(csp.get('script-src')).toEqual(["'self'", 'http://localhost:5173'])
    expect(csp.get('connect-src')).toEqual(["'self'", 'http://localhost:5173', 'ws://localhost:5173'])
  })
})

describe('navigation, new windows and IPC senders', () => {
  const origins = appOrigins(null)

  it('allows navigation within app:// only', () => {
    expect(origins).toEqual([APP_ORIGIN])
    expect(isAllowedNavigation('app://joinery/index.html#/tab', origins)).toBe(true)
    expect(isAllowedNavigation('app://evil/index.html', origins)).toBe(false)
    expect(isAllowedNavigation('https://example.org/', origins)).toBe(false)
    expect(isAllowedNavigation('file:///etc/passwd', origins)).toBe(false)
    expect(isAllowedNavigation('javascript:alert(1)', origins)).toBe(false)
    expect(isAllowedNavigation('not a url', origins)).toBe(false)
  })

  it('accepts the dev server only when it is configured', () => {
    expect(isAllowedNavigation('http://localhost:5173/', origins)).toBe(false)
    expect(isAllowedNavigation('http://localhost:5173/', appOrigins('http://localhost:5173/'))).toBe(true)
  })

  it('serves IPC only to frames of our own pages', () => {
    expect(isTrustedSender('app://joinery/index.html', origins)).toBe(true)
    expect(isTrustedSender(undefined, origins)).toBe(false)
    expect(isTrustedSender('https://joinery/', origins)).toBe(false)
    expect(isTrustedSender('about:blank', origins)).toBe(false)
  })

  it('opens only plain https links externally', () => {
    expect(externalLink('https://docs.datajoint.com/')).toBe('https://docs.datajoint.com/')
    for (const hostile of [
      'http://example.org/',
      'file:///etc/passwd',
      'file://host/share',
      'smb://host/share',
      '\\\\host\\share',
      '//example.org/',
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
      'mailto:someone@example.org',
      'ms-msdt:/id PCWDiagnostic',
      'https://user:pw@example.org/',
      'https://user@example.org/',
      'https://:pw@example.org/',
      'https://',
      'not a url',
      '',
    ]) {
      expect(externalLink(hostile), hostile).toBeNull()
    }
  })

  it('hands the system the parsed URL, not the text it was given', () => {
    expect(externalLink(' HTTPS://Docs.DataJoint.com/a b\n')).toBe('https://docs.datajoint.com/a%20b')
    expect(externalLink('https://exa\tmple.org/')).toBe('https://example.org/')
  })
})
