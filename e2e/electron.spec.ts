// Journey 1 in the real Electron app: the built app (out/main/index.js, `npm run build`) on a fresh profile opens
// the Demo lab; its tree appears and a table shows its rows. Skipped, with the reason, where Electron cannot run:
// no Electron binary (`node_modules/electron` installs it from github.com at postinstall) or no display.
// The binary's path is read from node_modules/electron/path.txt: `require('electron')` would try to download it.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { _electron, expect, test, type ElectronApplication } from '@playwright/test'
import { JoineryApp } from './pages/joinery-app'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const MAIN = join(ROOT, 'out', 'main', 'index.js')

/** The installed Electron executable, or null (the package is there, its binary may not be). */
function electronBinary(): string | null {
  const pathFile = join(ROOT, 'node_modules', 'electron', 'path.txt')
  if (!existsSync(pathFile)) return null
  const binary = join(ROOT, 'node_modules', 'electron', 'dist', readFileSync(pathFile, 'utf8').trim())
  return existsSync(binary) ? binary : null
}

const binary = electronBinary()
const hasDisplay = process.platform !== 'linux' || Boolean(process.env['DISPLAY'] || process.env['WAYLAND_DISPLAY'])

test.describe('the Electron app', () => {
  test.skip(
    binary === null,
    'Electron binary not installed (node_modules/electron/path.txt or its dist/ missing) — run npx install-electron where github.com is reachable; browser-mode specs cover the same journey',
  )
  test.skip(!hasDisplay, 'No display (DISPLAY and WAYLAND_DISPLAY unset) — run under xvfb-run; browser-mode specs cover the same journey')

  let electronApp: ElectronApplication | undefined
  let userData: string | undefined

  test.afterEach(async () => {
    await electronApp?.close()
    if (userData !== undefined) rmSync(userData, { recursive: true, force: true })
  })

  test('a fresh start opens the Demo lab: tree, a table, its rows', async () => {
    test.setTimeout(180_000)
    expect(existsSync(MAIN), `${MAIN} is missing: run npm run build first`).toBe(true)
    // A fresh profile each run: no saved connections (so the Demo lab opens) and its own single-instance lock.
    userData = mkdtempSync(join(tmpdir(), 'joinery-electron-'))
    electronApp = await _electron.launch({
      executablePath: binary as string,
      // Chromium refuses its sandbox as root (containers, CI); elsewhere it stays on.
      args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), `--user-data-dir=${userData}`, MAIN],
      cwd: ROOT,
      // XDG_CONFIG_HOME: where Electron puts userData on Linux.
      env: { ...process.env, XDG_CONFIG_HOME: userData },
    })
    const window = await electronApp.firstWindow()
    const problems: string[] = []
    window.on('pageerror', (error) => problems.push(error.message))
    const app = new JoineryApp(window)

    await expect(app.tab('Demo lab')).toBeVisible({ timeout: 90_000 })
    const demo = app.pane('Demo lab')
    await expect(demo.table('Subject')).toBeVisible({ timeout: 90_000 })
    await expect(demo.table('Trial')).toHaveAttribute('aria-level', '3')
    await demo.openTable('Subject')
    await expect(demo.total()).toHaveText('Total: 24')
    await expect(demo.columnHeader('subject_id')).toContainText('int32')
    expect(problems).toEqual([])
  })
})
