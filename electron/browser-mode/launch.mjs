// What the browser-mode server (run.ts) shares with `npm start` / `npm stop` (scripts/start.mjs): the data folder,
// the file naming the background server that runs on it, and opening a browser. Plain Node ESM with JSDoc types:
// start.mjs imports it before anything is built, run.ts (electron/tsconfig.json allowJs + checkJs) and its bundle too.
import { spawn } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'

/**
 * A background server: its process and its URL (which holds the page token).
 * @typedef {{ readonly pid: number, readonly url: string }} RunningServer
 */

/** Where a background server runs, in the data folder: `{ pid, url }`, written 0600 (the URL holds the page token). */
export const RUNNING_FILE = 'browser-mode.json'

/**
 * The data folder (profiles, the Demo lab, the running server's file): JOINERY_DATA_DIR, else `~/.joinery`.
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {string}
 */
export function defaultDataDir(env = process.env) {
  const configured = env['JOINERY_DATA_DIR']
  return configured !== undefined && configured !== '' ? configured : join(homedir(), '.joinery')
}

/**
 * Says, in the data folder, that this background server runs (created 0700, the file 0600).
 * @param {string} dataDir
 * @param {RunningServer} running
 */
export function writeRunning(dataDir, running) {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 })
  writeFileSync(join(dataDir, RUNNING_FILE), `${JSON.stringify({ pid: running.pid, url: running.url })}\n`, { mode: 0o600 })
}

/** @param {string} dataDir */
export function removeRunning(dataDir) {
  rmSync(join(dataDir, RUNNING_FILE), { force: true })
}

/**
 * @param {string} dataDir
 * @returns {RunningServer | null} the background server the data folder names, if its process lives
 */
export function readRunning(dataDir) {
  /** @type {unknown} */
  let running
  try {
    running = JSON.parse(readFileSync(join(dataDir, RUNNING_FILE), 'utf8'))
  } catch {
    return null
  }
  if (typeof running !== 'object' || running === null) return null
  const { pid, url } = /** @type {{ pid?: unknown, url?: unknown }} */ (running)
  if (typeof pid !== 'number' || !Number.isInteger(pid) || pid <= 0) return null
  if (typeof url !== 'string' || !url.startsWith('http://127.0.0.1:')) return null
  return alive(pid) ? { pid, url } : null
}

/**
 * @param {number} pid
 * @returns {boolean}
 */
export function alive(pid) {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/**
 * Opens `url` in the default browser, detached; without an opener the printed URL is enough.
 * @param {string} url
 */
export function openBrowser(url) {
  /** @type {[string, string[]]} */
  const [command, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]]
  try {
    const child = spawn(command, args, { stdio: 'ignore', detached: true })
    child.on('error', () => undefined)
    child.unref()
  } catch {
    // No opener: the printed URL is enough.
  }
}
