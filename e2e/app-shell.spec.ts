import { request as httpRequest } from 'node:http'
import { expect, test } from './fixtures'

const SCREENSHOTS = new URL('./screenshots/', import.meta.url).pathname

/** A GET with headers a browser would not let a page set (Host). */
function rawGet(url: URL, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, headers }, (res) => {
      res.resume()
      resolve(res.statusCode ?? 0)
    })
    req.on('error', reject)
    req.end()
  })
}

test.describe('app shell in browser mode', () => {
  test('opens the tokenised URL and shows Joinery', async ({ page, joinery }) => {
    const problems: string[] = []
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text())
    })
    page.on('pageerror', (error) => problems.push(error.message))

    const response = await page.goto(joinery.url)
    expect(response?.status()).toBe(200)
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'")
    await expect(page).toHaveTitle('Joinery')
    await page.screenshot({ path: `${SCREENSHOTS}app-shell.png`, fullPage: true })
    expect(problems).toEqual([])
  })

  test('refuses a request without the token (403), with a wrong token, or from a foreign Host', async ({ page, request, joinery }) => {
    const url = new URL(joinery.url)
    expect((await page.goto(new URL('/', url).href))?.status()).toBe(403)
    expect((await request.get(new URL('/?token=wrong', url).href)).status()).toBe(403)
    expect(await rawGet(url, { Host: `rebound.example:${url.port}` })).toBe(403)
    expect(await rawGet(url, { Host: url.host, Origin: 'https://evil.example' })).toBe(403)
    expect(await rawGet(url, { Host: url.host })).toBe(200)
  })

  test('the page reaches the main-process services over the token-checked WebSocket', async ({ page, browser, joinery }) => {
    const url = new URL(joinery.url)
    await page.goto(url.href)
    const token = url.searchParams.get('token') ?? ''
    const call = (socketToken: string, from = page) =>
      from.evaluate(
        async ({ socketToken, host }) =>
          new Promise<string>((resolve) => {
            const socket = new WebSocket(`ws://${host}/ipc?token=${encodeURIComponent(socketToken)}`)
            socket.onopen = () => socket.send(JSON.stringify({ id: 1, channel: 'app.info', input: {} }))
            // Pushed events (a tab's state) may arrive first; the reply is the message carrying our id.
            socket.onmessage = (event) => {
              const text = String(event.data)
              if ((JSON.parse(text) as { id?: number }).id !== 1) return
              resolve(text)
              socket.close()
            }
            socket.onerror = () => resolve('refused')
          }),
        { socketToken, host: url.host },
      )
    expect(JSON.parse(await call(token))).toEqual({ id: 1, result: { ok: true, value: { mode: 'browser', version: expect.any(String), vault: 'memory' } } })
    // A page of our origin that never had the token (no cookie either) is refused.
    const stranger = await (await browser.newContext()).newPage()
    expect((await stranger.goto(new URL('/', url).href))?.status()).toBe(403)
    expect(await call('wrong', stranger)).toBe('refused')
    expect(await call('', stranger)).toBe('refused')
    expect(JSON.parse(await call(token, stranger))).toMatchObject({ id: 1, result: { ok: true } })
    await stranger.context().close()
  })
})
