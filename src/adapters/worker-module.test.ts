import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { outsideAsar, workerModulePath } from './worker-module'

/** Where a packaged app may be installed, as each platform spells a path. */
const INSTALLED = { posix: ['', 'opt', 'Joinery', 'resources'].join('/'), windows: ['C:', 'Joinery', 'resources'].join('\\') }

describe('worker module paths', () => {
  it('reads a package inside app.asar from its unpacked copy', () => {
    expect(outsideAsar(`${INSTALLED.posix}/app.asar/node_modules/elkjs/lib/elk.bundled.js`)).toBe(
      `${INSTALLED.posix}/app.asar.unpacked/node_modules/elkjs/lib/elk.bundled.js`,
    )
    expect(outsideAsar(`${INSTALLED.windows}\\app.asar\\node_modules\\pglite\\index.cjs`)).toBe(
      `${INSTALLED.windows}\\app.asar.unpacked\\node_modules\\pglite\\index.cjs`,
    )
  })

  it('leaves other paths alone, an unpacked one included', () => {
    for (const path of [`${INSTALLED.posix}/node_modules/elkjs/lib/elk.bundled.js`, `${INSTALLED.posix}/app.asar.unpacked/x.js`, `${INSTALLED.posix}/my-app.asar-notes/x.js`]) {
      expect(outsideAsar(path)).toBe(path)
    }
  })

  it('resolves a package as require does outside a packaged app', () => {
    const path = workerModulePath('elkjs/lib/elk.bundled.js', import.meta.url)
    expect(path).toMatch(/node_modules[\\/]elkjs[\\/]lib[\\/]elk\.bundled\.js$/)
    expect(readFileSync(path).length).toBeGreaterThan(0)
  })

  it('unpacks every package a worker requires when the app is packaged', () => {
    // The workers: PGlite's (src/adapters/postgres/pglite-server.ts) and the diagram layout's (elkjs).
    const config = readFileSync(new URL('../../electron-builder.yml', import.meta.url), 'utf8')
    const unpacked = /^asarUnpack:\n((?:\s+- .+\n)+)/m.exec(config)?.[1] ?? ''
    for (const pattern of ['node_modules/@electric-sql/**', 'node_modules/elkjs/**']) expect(unpacked).toContain(`- ${pattern}`)
  })
})
