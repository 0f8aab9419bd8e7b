// Serving the built renderer (out/renderer) by URL path, for the app:// protocol and the browser-mode server:
// path resolution that cannot leave the folder, and content types.

import { stat } from 'node:fs/promises'
import { extname, resolve, sep } from 'node:path'

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.map': 'application/json',
}

export function contentType(file: string): string {
  return CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream'
}

/** The file a URL path names inside `root` (`/` is index.html), or null when it is outside `root` or malformed. */
export function rendererFilePath(root: string, pathname: string): string | null {
  let decoded: string
  try {
    decoded = decodeURIComponent(pathname)
  } catch {
    return null
  }
  if (decoded.includes('\0')) return null
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '')
  const base = resolve(root)
  const file = resolve(base, relative)
  return file.startsWith(base + sep) ? file : null
}

/** Like rendererFilePath, but only for an existing regular file. */
export async function findRendererFile(root: string, pathname: string): Promise<string | null> {
  const file = rendererFilePath(root, pathname)
  if (file === null) return null
  const info = await stat(file).catch(() => null)
  return info?.isFile() === true ? file : null
}
