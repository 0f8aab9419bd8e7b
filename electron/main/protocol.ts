// The privileged `app://joinery/` scheme that serves out/renderer in Electron (VS Code's vscode-file:// idea):
// a real origin for the CSP's 'self', no file:// access for the page, and the CSP sent as a header.

import { readFile } from 'node:fs/promises'
import { protocol } from 'electron'
import { contentType, findRendererFile } from './renderer-files'
import { APP_HOST, APP_SCHEME, CSP } from './window-options'

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ])
}

export function serveRenderer(root: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url)
    const file = url.host === APP_HOST && request.method === 'GET' ? await findRendererFile(root, url.pathname) : null
    if (file === null) return new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain' } })
    return new Response(await readFile(file), {
      headers: {
        'content-type': contentType(file),
        'content-security-policy': CSP,
        'x-content-type-options': 'nosniff',
        'cache-control': 'no-cache',
      },
    })
  })
}
