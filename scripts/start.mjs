// `npm start`. With the Electron binary and a display (and no --browser), runs `electron-vite preview`.
// Otherwise serves the built renderer on 127.0.0.1 behind a random token: a placeholder for the real
// browser-mode server (electron/browser-mode/server.ts), which will replace this file's server half.
//
//   node scripts/start.mjs [--browser] [--no-open] [--port N]
import { spawn, spawnSync } from 'node:child_process'
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs'
import { createServer } from 'node:http'
import { extname, join, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const RENDERER_DIR = join(ROOT, 'out', 'renderer')
const ELECTRON_VITE = join(ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js')
const CSP =
  "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; " +
  "img-src 'self' data:; connect-src 'self'"
const CONTENT_TYPES = /** @type {Record<string, string>} */ ({
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
})

const { values: args } = parseArgs({
  options: {
    browser: { type: 'boolean', default: false },
    'no-open': { type: 'boolean', default: false },
    port: { type: 'string', default: '0' },
  },
})
const port = Number(args.port)
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`start: --port must be an integer from 0 to 65535, got ${args.port}`)
  process.exit(2)
}

if (!args.browser && electronBinaryPresent() && displayPresent()) {
  const child = spawn(process.execPath, [ELECTRON_VITE, 'preview'], { cwd: ROOT, stdio: 'inherit' })
  child.on('exit', (code, signal) => process.exit(code ?? (signal === null ? 1 : 128)))
} else {
  if (!args.browser) console.error('start: no Electron binary or no display; starting in browser mode')
  ensureRendererBuilt()
  serveRenderer(port, !args['no-open'])
}

function electronBinaryPresent() {
  const pathFile = join(ROOT, 'node_modules', 'electron', 'path.txt')
  if (!existsSync(pathFile)) return false
  return existsSync(join(ROOT, 'node_modules', 'electron', 'dist', readFileSync(pathFile, 'utf8').trim()))
}

function displayPresent() {
  return process.platform !== 'linux' || Boolean(process.env['DISPLAY'] || process.env['WAYLAND_DISPLAY'])
}

function ensureRendererBuilt() {
  if (existsSync(join(RENDERER_DIR, 'index.html'))) return
  console.error('start: out/renderer is missing; building')
  // Build output goes to stderr so stdout carries only the URL line.
  const { status } = spawnSync(process.execPath, [ELECTRON_VITE, 'build'], { cwd: ROOT, stdio: ['ignore', 2, 2] })
  if (status !== 0) {
    console.error('start: build failed')
    process.exit(1)
  }
}

/**
 * @param {number} requestedPort
 * @param {boolean} open
 */
function serveRenderer(requestedPort, open) {
  const token = randomBytes(24).toString('base64url')

  /** @param {string | null | undefined} candidate */
  const tokenMatches = (candidate) => {
    if (typeof candidate !== 'string') return false
    const a = Buffer.from(candidate)
    const b = Buffer.from(token)
    return a.length === b.length && timingSafeEqual(a, b)
  }

  const server = createServer((req, res) => {
    /** @param {number} status */
    const refuse = (status) => {
      res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' })
      res.end(`${status}\n`)
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(405)
    const localPort = req.socket.localPort
    // Host check: a DNS-rebound page on another name must not reach us.
    if (req.headers.host !== `127.0.0.1:${localPort}` && req.headers.host !== `localhost:${localPort}`) return refuse(403)
    // Cookies are not isolated by port, so the cookie's name carries it.
    const cookieName = `joinery_token_${localPort}`
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const isPage = url.pathname === '/' || url.pathname === '/index.html'
    // The page itself always needs ?token=; its assets are authorised by the cookie that the page sets.
    const authorised = isPage ? tokenMatches(url.searchParams.get('token')) : tokenMatches(readCookie(req.headers.cookie, cookieName))
    if (!authorised) return refuse(403)

    let file
    try {
      file = resolve(RENDERER_DIR, isPage ? 'index.html' : `.${decodeURIComponent(url.pathname)}`)
    } catch {
      return refuse(400)
    }
    if (!file.startsWith(RENDERER_DIR + sep) || !existsSync(file) || !statSync(file).isFile()) return refuse(404)
    res.writeHead(200, {
      'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'Content-Security-Policy': CSP,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
      ...(isPage ? { 'Set-Cookie': `${cookieName}=${token}; Path=/; HttpOnly; SameSite=Strict` } : {}),
    })
    if (req.method === 'HEAD') return res.end()
    createReadStream(file).pipe(res)
  })

  server.listen(requestedPort, '127.0.0.1', () => {
    const address = server.address()
    if (address === null || typeof address === 'string') throw new Error('server has no TCP address')
    const url = `http://127.0.0.1:${address.port}/?token=${token}`
    console.log(`Joinery is running at ${url}`)
    if (open) openBrowser(url)
  })

  const stop = () => {
    server.close()
    server.closeAllConnections()
    process.exit(0)
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

/**
 * @param {string | undefined} header
 * @param {string} name
 */
function readCookie(header, name) {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=')
    if (key === name) return value.join('=')
  }
  return undefined
}

/** @param {string} url */
function openBrowser(url) {
  /** @type {[string, string[]]} */
  const [command, commandArgs] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '', url]]
        : ['xdg-open', [url]]
  try {
    const child = spawn(command, commandArgs, { stdio: 'ignore', detached: true })
    child.on('error', () => {})
    child.unref()
  } catch {
    // No browser opener: the printed URL is enough.
  }
}
