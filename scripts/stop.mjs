// `npm stop`: stops the background browser-mode server `npm start` started on this data folder (SIGTERM: it
// closes its tabs and the Demo lab), and waits up to 10 s for it to end; then a second SIGTERM ends it at once (it
// may still be creating the Demo lab, which the next start redoes).
//
//   node scripts/stop.mjs
// Environment: JOINERY_DATA_DIR (default ~/.joinery), as for `npm start`.
import { readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'

const dataDir = process.env['JOINERY_DATA_DIR'] || join(homedir(), '.joinery')
/** The browser-mode server's own setting (electron/browser-mode/run.ts RUNNING_FILE). */
const runningFile = join(dataDir, 'browser-mode.json')

/** @returns {number | null} */
function runningPid() {
  try {
    const { pid } = JSON.parse(readFileSync(runningFile, 'utf8'))
    return Number.isInteger(pid) && pid > 0 ? pid : null
  } catch {
    return null
  }
}

/** @param {number} pid */
function alive(pid) {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

const pid = runningPid()
if (pid === null || !alive(pid)) {
  console.error(`stop: no Joinery server is running on ${dataDir}`)
  process.exit(0)
}
/** @param {number} pid @param {number} ms @returns {Promise<boolean>} whether it ended within `ms` */
async function ended(pid, ms) {
  const deadline = Date.now() + ms
  while (alive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100))
  return !alive(pid)
}

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
