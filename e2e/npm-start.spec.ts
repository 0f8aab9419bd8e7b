// `npm start` runs the app in a process of its own and ends: nothing of npm, a shell or start.mjs stays resident.
// The background server answers, is found again by the next `npm start`, stops once its last page has closed,
// and `npm stop` stops it.
import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { expect, test } from '@playwright/test'
import { JoineryApp } from './pages/joinery-app'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const run = promisify(execFile)
const READY = /^Joinery is running at (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)$/m

interface Started {
  readonly url: string
  readonly stderr: string
  readonly startPid: number
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

function runningPid(dataDir: string): number {
  return (JSON.parse(readFileSync(join(dataDir, 'browser-mode.json'), 'utf8')) as { pid: number }).pid
}

/** `npm start -- --browser --no-open` as npm runs it: resolves once the command has ended. */
async function npmStart(env: Record<string, string>): Promise<Started> {
  const child = execFile(process.execPath, ['scripts/start.mjs', '--browser', '--no-open', '--port', '0'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    timeout: 120_000,
  })
  let stdout = ''
  let stderr = ''
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
  expect(code, stderr).toBe(0)
  const url = READY.exec(stdout)?.[1]
  if (url === undefined) throw new Error(`no URL line in ${JSON.stringify(stdout)}; stderr: ${stderr}`)
  return { url, stderr, startPid: child.pid ?? -1 }
}

async function until(what: string, check: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what} within ${ms} ms`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

test.describe('npm start runs the app in the background', () => {
  let dataDir: string
  const pids: number[] = []

  test.beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'joinery-start-'))
  })

  test.afterEach(() => {
    for (const pid of pids) if (alive(pid)) process.kill(pid, 'SIGKILL')
    rmSync(dataDir, { recursive: true, force: true })
  })

  test('start ends, the server answers alone, start finds it again, the last page closing stops it', async ({ page }) => {
    test.setTimeout(240_000)
    const env = { JOINERY_DATA_DIR: dataDir, JOINERY_LAST_PAGE_MS: '1500' }
    const first = await npmStart(env)
    const pid = runningPid(dataDir)
    pids.push(pid)
    expect(first.stderr).toContain(`running in the background (pid ${pid}`)
    expect(alive(pid)).toBe(true)
    // start.mjs (npm's child) has ended; the server is not its child, nor anything's that stays for it.
    expect(alive(first.startPid)).toBe(false)
    const parent = Number(/^PPid:\s+(\d+)$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1])
    expect(parent).not.toBe(first.startPid)
    expect(readFileSync(`/proc/${parent}/cmdline`, 'utf8')).not.toMatch(/npm|start\.mjs/)
    // The file naming the server, and the log, hold the page token: only this user may read them.
    expect(statSync(join(dataDir, 'browser-mode.json')).mode & 0o777).toBe(0o600)
    expect(statSync(join(dataDir, 'joinery.log')).mode & 0o777).toBe(0o600)
    expect(readFileSync(join(dataDir, 'joinery.log'), 'utf8')).toContain('Joinery is running at')

    const again = await npmStart(env)
    expect(again.url).toBe(first.url)
    expect(again.stderr).toContain(`already running (pid ${pid})`)

    const app = new JoineryApp(page)
    await app.goto(first.url)
    await expect(app.tab('Demo lab')).toBeVisible({ timeout: 60_000 })
    // A reload closes the page's socket and opens another within the grace: the server stays.
    await page.reload()
    await expect(app.tab('Demo lab')).toBeVisible({ timeout: 60_000 })
    await new Promise((resolve) => setTimeout(resolve, 2_000))
    expect(alive(pid)).toBe(true)
    await page.close()
    await until('the server stops after its last page closed', () => !alive(pid), 20_000)
    expect(existsSync(join(dataDir, 'browser-mode.json'))).toBe(false)
  })

  test('npm stop stops it', async () => {
    test.setTimeout(180_000)
    await npmStart({ JOINERY_DATA_DIR: dataDir })
    const pid = runningPid(dataDir)
    pids.push(pid)
    const { stderr } = await run(process.execPath, ['scripts/start.mjs', '--stop'], { cwd: ROOT, env: { ...process.env, JOINERY_DATA_DIR: dataDir } })
    expect(stderr).toContain(`stopped the server (pid ${pid})`)
    expect(alive(pid)).toBe(false)
    expect(existsSync(join(dataDir, 'browser-mode.json'))).toBe(false)
  })
})
