import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { expect, test } from '@playwright/test'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const SCREENSHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url))
const READY = /^Joinery is running at (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)$/

/** Starts `npm start` in browser mode and resolves with the URL it prints. */
function startBrowserMode(): Promise<{ child: ChildProcess; url: URL }> {
  const child = spawn(process.execPath, ['scripts/start.mjs', '--browser', '--no-open', '--port', '0'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('start.mjs printed no URL within 60 s')), 60_000)
    child.once('exit', (code) => reject(new Error(`start.mjs exited with ${code} before printing its URL`)))
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const match = READY.exec(line)
      if (match?.[1] === undefined) return
      clearTimeout(timer)
      resolve({ child, url: new URL(match[1]) })
    })
  })
}

test.describe('app shell in browser mode', () => {
  let server: { child: ChildProcess; url: URL }

  test.beforeAll(async () => {
    server = await startBrowserMode()
  })

  test.afterAll(() => {
    server.child.kill('SIGTERM')
  })

  test('opens the tokenised URL and shows Joinery', async ({ page }) => {
    const problems: string[] = []
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text())
    })
    page.on('pageerror', (error) => problems.push(error.message))

    const response = await page.goto(server.url.href)
    expect(response?.status()).toBe(200)
    await expect(page).toHaveTitle('Joinery')
    await expect(page.getByRole('heading', { level: 1, name: 'Joinery' })).toBeVisible()
    await page.screenshot({ path: `${SCREENSHOTS}app-shell.png`, fullPage: true })
    expect(problems).toEqual([])
  })

  test('refuses the URL without its token', async ({ page, request }) => {
    const withoutToken = new URL('/', server.url)
    expect((await page.goto(withoutToken.href))?.status()).toBe(403)
    const wrongToken = new URL('/?token=wrong', server.url)
    expect((await request.get(wrongToken.href)).status()).toBe(403)
  })
})
