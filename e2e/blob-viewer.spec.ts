// Journey: numeric blobs worth looking at. On PostgreSQL, a table of numpy arrays stored by the engine: a 1-D
// trace is a zoomable line plot, a 2-D array a heatmap with its colour scale, a uint8 H×W×3 array an image; the
// trace is saved as .npy (read back by numpy when it is installed, and byte for byte here) and as .json.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { expect, test } from './fixtures'
import { connect, LOCAL_POSTGRES, uniqueName } from './pages/lab-schema'
import { JoineryApp } from './pages/joinery-app'
import type { BlobNdarray } from '../src/index'

const TRACE = Array.from({ length: 400 }, (_, i) => Math.sin(i / 12) + (i % 50 === 0 ? 1.5 : 0))
const ROWS = 24
const COLUMNS = 36
const HEATMAP = Array.from({ length: ROWS * COLUMNS }, (_, k) => Math.cos(Math.floor(k / COLUMNS) / 4) * Math.sin((k % COLUMNS) / 5))
const IMAGE_H = 32
const IMAGE_W = 48
const IMAGE = Array.from({ length: IMAGE_H * IMAGE_W * 3 }, (_, k) => {
  const pixel = Math.floor(k / 3)
  const channel = k % 3
  const row = Math.floor(pixel / IMAGE_W)
  const column = pixel % IMAGE_W
  return channel === 0 ? Math.round((255 * column) / (IMAGE_W - 1)) : channel === 1 ? Math.round((255 * row) / (IMAGE_H - 1)) : 128
})

const ndarray = (dtype: 'float64' | 'uint8', shape: number[], data: number[]): BlobNdarray => ({ __blob__: 'ndarray', dtype, shape, data })

test.describe('numeric blobs drawn and saved', () => {
  const name = uniqueName('e2e_blobs_pg')
  const instance = connect(LOCAL_POSTGRES)

  test.beforeAll(async () => {
    await instance.connect()
    const schema = await instance.schema(name)
    const Recording = await schema.manual(
      'Recording',
      `
      recording_id : int32
      ---
      trace : <blob>      # 1-D float64
      field : <blob>      # 2-D float64
      frame : <blob>      # uint8 H×W×3
      `,
    )
    await Recording.insert([
      { recording_id: 1, trace: ndarray('float64', [TRACE.length], TRACE), field: ndarray('float64', [ROWS, COLUMNS], HEATMAP), frame: ndarray('uint8', [IMAGE_H, IMAGE_W, 3], IMAGE) },
    ])
  })

  test.afterAll(async () => {
    try {
      await (await instance.schema(name, { create: false })).drop({ prompt: false })
    } finally {
      await instance.close()
    }
  })

  test('a trace zoomed and saved, a heatmap in both themes, an image', async ({ page, joinery }) => {
    test.setTimeout(180_000)
    await page.setViewportSize({ width: 1440, height: 900 })
    const app = new JoineryApp(page)
    await app.goto(joinery.url)
    await expect(app.tab('Demo lab')).toBeVisible({ timeout: 60_000 })
    const dialog = await app.openNewConnection()
    await dialog.fill({ name: 'Blobs PostgreSQL', backend: 'postgresql', user: 'postgres' })
    await dialog.saveAndConnect()
    const pane = app.pane('Blobs PostgreSQL')
    await pane.search.fill(name)
    await pane.openTable('Recording')
    await expect(pane.total()).toHaveText('Total: 1')

    // The 1-D trace: a line plot with axes, zoomed by the wheel and by the button.
    await pane.grid.getByRole('button', { name: 'Open blob value of trace' }).click()
    const viewer = page.getByRole('dialog', { name: /trace/ })
    const plot = viewer.getByRole('img', { name: 'Plot of float64 (400,)' })
    // ECharts is loaded on first use: its chunk may take a while on a busy machine.
    await expect(plot).toBeVisible({ timeout: 20_000 })
    const shown = viewer.getByRole('status', { name: 'Shown indices' })
    await expect(shown).toHaveText('all indices')
    await viewer.getByRole('button', { name: 'Zoom in' }).click()
    await expect(shown).toHaveText('indices 99–300')
    await plot.hover()
    await page.mouse.wheel(0, -400)
    await expect(shown).not.toHaveText('indices 99–300')
    await expect(shown).toHaveText(/^indices \d+–\d+$/)
    await app.screenshot('blobs-1-trace-zoomed')

    // Saved as .npy: a v1.0 header for a float64 (400,) array, then the 3,200 bytes of the values.
    const npyDownload = page.waitForEvent('download')
    await viewer.getByRole('button', { name: 'Save as .npy' }).click()
    const npy = await npyDownload
    expect(npy.suggestedFilename()).toBe('recording-trace.npy')
    const npyBytes = readFileSync(await npy.path())
    expect([...npyBytes.subarray(0, 8)]).toEqual([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0])
    const headerLength = npyBytes.readUInt16LE(8)
    expect((10 + headerLength) % 64).toBe(0)
    expect(npyBytes.subarray(10, 10 + headerLength).toString('latin1')).toMatch(/^\{'descr': '<f8', 'fortran_order': False, 'shape': \(400,\), \} *\n$/)
    const values = npyBytes.subarray(10 + headerLength)
    expect(values.length).toBe(TRACE.length * 8)
    expect(Array.from({ length: TRACE.length }, (_, i) => values.readDoubleLE(i * 8))).toEqual(TRACE)
    const numpy = numpyCheck(await npy.path())
    if (numpy !== null) expect(numpy).toBe('float64 (400,) ok')

    // Saved as .json: the decoded value, as the viewer shows it.
    const jsonDownload = page.waitForEvent('download')
    await viewer.getByRole('button', { name: 'Save as .json' }).click()
    const json = await jsonDownload
    expect(json.suggestedFilename()).toBe('recording-trace.json')
    const saved = JSON.parse(readFileSync(await json.path(), 'utf8')) as { __blob__: string; dtype: string; shape: number[]; data: number[] }
    expect(saved).toEqual({ __blob__: 'ndarray', dtype: 'float64', shape: [400], data: TRACE })
    await page.keyboard.press('Escape')
    await expect(viewer).toHaveCount(0)

    // The 2-D array: a heatmap with a colour scale, in light and in a small dark window.
    await pane.grid.getByRole('button', { name: 'Open blob value of field' }).click()
    const fieldViewer = page.getByRole('dialog', { name: /field/ })
    await expect(fieldViewer.getByRole('img', { name: 'Heatmap of float64 (24, 36)' })).toBeVisible({ timeout: 20_000 })
    await expect(fieldViewer.getByRole('button', { name: 'Save as .npy' })).toBeEnabled()
    await app.screenshot('blobs-2-heatmap')
    await page.setViewportSize({ width: 1024, height: 700 })
    await page.emulateMedia({ colorScheme: 'dark' })
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
    await expect(fieldViewer.getByRole('img', { name: 'Heatmap of float64 (24, 36)' })).toBeVisible()
    await app.screenshot('blobs-3-heatmap-dark')
    await page.emulateMedia({ colorScheme: 'light' })
    await page.setViewportSize({ width: 1440, height: 900 })
    await page.keyboard.press('Escape')
    await expect(fieldViewer).toHaveCount(0)

    // A uint8 H×W×3 array: an image, pixel for pixel.
    await pane.grid.getByRole('button', { name: 'Open blob value of frame' }).click()
    const frameViewer = page.getByRole('dialog', { name: /frame/ })
    const image = frameViewer.getByRole('img', { name: 'Image of uint8 (32, 48, 3)' })
    await expect(image).toBeVisible({ timeout: 20_000 })
    const corner = await page.evaluate(
      `[...document.querySelector('canvas[aria-label="Image of uint8 (32, 48, 3)"]').getContext('2d').getImageData(${IMAGE_W - 1}, ${IMAGE_H - 1}, 1, 1).data]`,
    )
    expect(corner).toEqual([255, 255, 128, 255])
    await app.screenshot('blobs-4-image')
    await page.keyboard.press('Escape')
    await app.closeTab('Blobs PostgreSQL')
  })
})

/** numpy's own reading of the file when Python with numpy is on this machine (null when it is not). */
function numpyCheck(path: string): string | null {
  try {
    execFileSync('python3', ['-c', 'import numpy'], { stdio: 'ignore' })
  } catch {
    return null
  }
  const script = `import numpy, sys\na = numpy.load(sys.argv[1], allow_pickle=False)\nprint(a.dtype, a.shape, 'ok' if abs(a.sum()) > 0 else 'zero')`
  return execFileSync('python3', ['-c', script, path], { encoding: 'utf8' }).trim()
}
