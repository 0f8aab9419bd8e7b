// Starting Joinery in browser mode (`scripts/start.mjs --browser --no-open --port 0 --foreground`) as a child process with its
// own data folder (JOINERY_DATA_DIR). Free of @playwright/test, so bench/ can start the app the way the e2e does.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const READY = /^Joinery is running at (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)$/

export interface JoineryServer {
  /** The tokenised URL start.mjs printed. */
  readonly url: string
  /** JOINERY_DATA_DIR of this server (profiles in config.json, the Demo lab in demo-lab/). */
  readonly dataDir: string
}

export interface RunningJoinery extends JoineryServer {
  readonly child: ChildProcess
  /** SIGTERM (the server closes the Demo lab and its lock), then removes the data folder unless it was given. */
  stop(): Promise<void>
}

/** Starts browser mode and resolves once it printed its URL. */
export async function startJoinery(options: { dataDir?: string; env?: Record<string, string> } = {}): Promise<RunningJoinery> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'joinery-e2e-'))
  const child = spawn(process.execPath, ['scripts/start.mjs', '--browser', '--no-open', '--port', '0', '--foreground'], {
    cwd: ROOT,
    env: { ...process.env, ...options.env, JOINERY_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('start.mjs printed no URL within 90 s')), 90_000)
    child.once('exit', (code) => reject(new Error(`start.mjs exited with ${code} before printing its URL`)))
    if (child.stdout === null) throw new Error('start.mjs has no stdout')
    createInterface({ input: child.stdout }).on('line', (line) => {
      const match = READY.exec(line)
      if (match?.[1] === undefined) return
      clearTimeout(timer)
      resolve(match[1])
    })
  })
  return {
    url,
    dataDir,
    child,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM')
        const killer = setTimeout(() => child.kill('SIGKILL'), 10_000)
        await exited
        clearTimeout(killer)
      }
      if (options.dataDir === undefined) rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
