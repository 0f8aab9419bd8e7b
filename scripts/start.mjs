// `npm start`. With the Electron binary and a display (and no --browser): the Electron app, built when its sources
// changed. Otherwise browser mode: the built renderer and the main-process services (electron/browser-mode/run.ts,
// bundled by scripts/build-browser-mode.mjs into out/browser-mode when its sources changed: loading one file takes
// ~0.3 s where tsx took 1-3 s) on 127.0.0.1 behind a random token. Prints exactly one stdout line:
//   Joinery is running at http://127.0.0.1:PORT/?token=TOKEN
//
// The app runs in a process of its own, in the background: this script, and npm and the shell that ran it, end
// once it has started (instead of staying resident beside it for its whole life). A background browser-mode server
// logs to joinery.log in the data folder, stops once no page of it has been open for 30 s (15 min before the
// first), and `npm stop` stops it; while it runs, `npm start` opens it again instead of starting a second one.
// `--foreground` runs the app in this process instead (Ctrl-C stops it): what tests and benchmarks use.
//
// `--stop` (`npm stop`): stops the background browser-mode server started on this data folder (SIGTERM: it closes
// its tabs and the Demo lab), and waits up to 10 s for it to end; then a second SIGTERM ends it at once (it may
// still be creating the Demo lab, which the next start redoes).
//
//   node scripts/start.mjs [--browser] [--no-open] [--port N] [--foreground]
//   node scripts/start.mjs --stop
// Environment: JOINERY_DATA_DIR (default ~/.joinery) holds profiles, the Demo lab and the running server's address
// (electron/browser-mode/launch.mjs, shared with the server).
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, openSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { alive, defaultDataDir, openBrowser, readRunning } from '../electron/browser-mode/launch.mjs'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const RENDERER_SOURCES = join(ROOT, 'renderer')
const RENDERER_DIR = join(ROOT, 'out', 'renderer')
const ELECTRON_VITE = join(ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js')
const SERVER_BUNDLE = join(ROOT, 'out', 'browser-mode', 'run.mjs')
const ELECTRON_MAIN = join(ROOT, 'out', 'main', 'index.js')
const LOG_FILE = 'joinery.log'

const { values: args } = parseArgs({
  options: {
    browser: { type: 'boolean', default: false },
    'no-open': { type: 'boolean', default: false },
    port: { type: 'string', default: '0' },
    foreground: { type: 'boolean', default: false },
    stop: { type: 'boolean', default: false },
    // Internal: this process is the background server a `npm start` started.
    background: { type: 'boolean', default: false },
  },
})
const dataDir = defaultDataDir()
if (args.stop) await stopRunning()
const port = Number(args.port)
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`start: --port must be an integer from 0 to 65535, got ${args.port}`)
  process.exit(2)
}

if (!args.browser && !args.background && electronBinaryPresent() && displayPresent()) {
  ensureElectronBuilt()
  const electron = join(ROOT, 'node_modules', 'electron', 'dist', readFileSync(join(ROOT, 'node_modules', 'electron', 'path.txt'), 'utf8').trim())
  const child = spawn(electron, [ROOT], { cwd: ROOT, stdio: args.foreground ? 'inherit' : 'ignore', detached: !args.foreground })
  if (args.foreground) child.on('exit', (code, signal) => process.exit(code ?? (signal === null ? 1 : 128)))
  else child.unref()
} else {
  if (!args.browser && !args.background) console.error('start: no Electron binary or no display; starting in browser mode')
  if (args.foreground || args.background) await serveHere()
  else if (!(await reopenRunning())) await startInBackground()
}

/** Runs browser mode in this process. */
async function serveHere() {
  ensureRendererBuilt()
  ensureServerBuilt()
  process.setSourceMapsEnabled(true)
  /** @type {{ runBrowserMode: (options: object) => Promise<unknown>, BACKGROUND: object }} */
  const browserMode = await import(pathToFileURL(SERVER_BUNDLE).href)
  const { version } = /** @type {{ version: string }} */ (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')))
  const background = args.background ? { ...browserMode.BACKGROUND, ...backgroundOverrides() } : undefined
  await browserMode.runBrowserMode({ rendererDir: RENDERER_DIR, version, port, open: !args['no-open'], background })
}

/** Tests shorten the background server's waits (JOINERY_FIRST_PAGE_MS, JOINERY_LAST_PAGE_MS). */
function backgroundOverrides() {
  /** @type {Record<string, number>} */
  const overrides = {}
  /** @type {[string, string][]} */
  const settings = [['JOINERY_FIRST_PAGE_MS', 'firstPageMs'], ['JOINERY_LAST_PAGE_MS', 'lastPageMs']]
  for (const [name, key] of settings) {
    const value = Number(process.env[name])
    if (process.env[name] !== undefined && Number.isInteger(value) && value > 0) overrides[key] = value
  }
  return overrides
}

/**
 * Builds what is needed here (its output on this terminal), then starts the server as a process of its own and
 * ends once it printed its URL.
 */
async function startInBackground() {
  ensureRendererBuilt()
  ensureServerBuilt()
  mkdirSync(dataDir, { recursive: true, mode: 0o700 })
  const logPath = join(dataDir, LOG_FILE)
  const log = openSync(logPath, 'w', 0o600)
  const forwarded = ['--background', '--port', String(port), ...(args['no-open'] ? ['--no-open'] : [])]
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), ...forwarded], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', log, log, 'ipc'],
  })
  const url = await new Promise((resolve) => {
    child.once('message', (message) => resolve(/** @type {{ url: string }} */ (message).url))
    child.once('exit', () => resolve(null))
  })
  if (typeof url !== 'string') {
    console.error(`start: the server stopped before it was ready; its log:\n${readFileSync(logPath, 'utf8')}`)
    process.exit(1)
  }
  child.unref()
  if (child.connected) child.disconnect()
  console.log(`Joinery is running at ${url}`)
  console.error(`start: running in the background (pid ${child.pid}, log ${logPath}); it stops when its last page closes, or with \`npm stop\``)
}

/** A background server already running on this data folder: its URL printed and opened again. */
async function reopenRunning() {
  const running = readRunning(dataDir)
  if (running === null) return false
  try {
    const response = await fetch(running.url, { signal: AbortSignal.timeout(2_000) })
    if (!response.ok) return false
  } catch {
    return false
  }
  console.log(`Joinery is running at ${running.url}`)
  console.error(`start: already running (pid ${running.pid}); opened it again`)
  if (!args['no-open']) openBrowser(running.url)
  return true
}

/** `--stop`: the background server on this data folder stopped; ends this process. */
async function stopRunning() {
  const running = readRunning(dataDir)
  if (running === null) {
    console.error(`stop: no Joinery server is running on ${dataDir}`)
    process.exit(0)
  }
  const { pid } = running
  process.kill(pid, 'SIGTERM')
  if (!(await ended(pid, 10_000))) {
    console.error(`stop: the server (pid ${pid}) is still closing after 10 s; stopping it at once`)
    process.kill(pid, 'SIGTERM')
    if (!(await ended(pid, 5_000))) {
      console.error(`stop: the server (pid ${pid}) did not stop`)
      process.exit(1)
    }
  }
  console.error(`stop: stopped the server (pid ${pid})`)
  process.exit(0)
}

/** @param {number} pid @param {number} ms @returns {Promise<boolean>} whether it ended within `ms` */
async function ended(pid, ms) {
  const deadline = Date.now() + ms
  while (alive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100))
  return !alive(pid)
}

function electronBinaryPresent() {
  const pathFile = join(ROOT, 'node_modules', 'electron', 'path.txt')
  if (!existsSync(pathFile)) return false
  return existsSync(join(ROOT, 'node_modules', 'electron', 'dist', readFileSync(pathFile, 'utf8').trim()))
}

function displayPresent() {
  return process.platform !== 'linux' || Boolean(process.env['DISPLAY'] || process.env['WAYLAND_DISPLAY'])
}

/** @param {string} dir @returns {number} newest modification time below `dir` */
function newestMtime(dir) {
  let newest = 0
  if (!existsSync(dir)) return newest
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs)
  }
  return newest
}

/** out/ (main, preload and renderer) rebuilt when the sources changed since. */
function ensureElectronBuilt() {
  const sources = Math.max(newestMtime(join(ROOT, 'src')), newestMtime(join(ROOT, 'electron')), newestMtime(RENDERER_SOURCES))
  if (existsSync(ELECTRON_MAIN) && statSync(ELECTRON_MAIN).mtimeMs >= sources) return
  const { status } = spawnSync(process.execPath, [ELECTRON_VITE, 'build'], { cwd: ROOT, stdio: ['ignore', 2, 2] })
  if (status !== 0 && !existsSync(ELECTRON_MAIN)) {
    console.error('start: build failed')
    process.exit(1)
  }
}

function ensureRendererBuilt() {
  const index = join(RENDERER_DIR, 'index.html')
  if (existsSync(index) && statSync(index).mtimeMs >= newestMtime(RENDERER_SOURCES)) return
  console.error(`start: ${existsSync(index) ? 'renderer changed since the last build' : 'out/renderer is missing'}; building`)
  // Build output goes to stderr so stdout carries only the URL line.
  const { status } = spawnSync(process.execPath, [ELECTRON_VITE, 'build'], { cwd: ROOT, stdio: ['ignore', 2, 2] })
  if (status !== 0) {
    // A renderer being edited may not build for a moment: an earlier build still serves.
    if (existsSync(index)) console.error('start: build failed; serving the previous build of out/renderer')
    else {
      console.error('start: build failed')
      process.exit(1)
    }
  }
}

/**
 * Rebuilds out/browser-mode/run.mjs when src/, electron/ or package.json changed since, in a child process: Vite
 * imported here would stay in this serving process's memory (~170 MB resident) for as long as the app runs.
 */
function ensureServerBuilt() {
  const sources = Math.max(newestMtime(join(ROOT, 'src')), newestMtime(join(ROOT, 'electron')), statSync(join(ROOT, 'package.json')).mtimeMs)
  if (existsSync(SERVER_BUNDLE) && statSync(SERVER_BUNDLE).mtimeMs >= sources) return
  // Build output goes to stderr so stdout carries only the URL line.
  const { status } = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build-browser-mode.mjs')], { cwd: ROOT, stdio: ['ignore', 2, 2] })
  if (status === 0) return
  if (existsSync(SERVER_BUNDLE)) console.error('start: building the browser-mode server failed; using the previous build')
  else {
    console.error('start: building the browser-mode server failed')
    process.exit(1)
  }
}
