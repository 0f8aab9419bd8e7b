// `npm start`. With the Electron binary and a display (and no --browser): `electron-vite preview`. Otherwise
// browser mode: the built renderer and the main-process services (electron/browser-mode/run.ts, bundled by
// scripts/build-browser-mode.mjs into out/browser-mode when its sources changed: loading one file takes ~0.3 s where
// tsx took 1-3 s) on 127.0.0.1 behind a random token. Prints exactly one stdout line:
//   Joinery is running at http://127.0.0.1:PORT/?token=TOKEN
//
//   node scripts/start.mjs [--browser] [--no-open] [--port N]
// Environment: JOINERY_DATA_DIR (default ~/.joinery) holds profiles and the Demo lab.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const RENDERER_SOURCES = join(ROOT, 'renderer')
const RENDERER_DIR = join(ROOT, 'out', 'renderer')
const ELECTRON_VITE = join(ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js')
const SERVER_BUNDLE = join(ROOT, 'out', 'browser-mode', 'run.mjs')

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
  ensureServerBuilt()
  process.setSourceMapsEnabled(true)
  /** @type {{ runBrowserMode: (options: { rendererDir: string, version: string, port: number, open: boolean }) => Promise<unknown> }} */
  const browserMode = await import(pathToFileURL(SERVER_BUNDLE).href)
  const { version } = /** @type {{ version: string }} */ (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')))
  await browserMode.runBrowserMode({ rendererDir: RENDERER_DIR, version, port, open: !args['no-open'] })
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
