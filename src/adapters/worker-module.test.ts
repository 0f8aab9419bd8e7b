import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { outsideAsar, workerModulePath } from './worker-module'

describe('worker module paths', () => {
  it('reads a package inside app.asar from its unpacked copy', () => {
    expect(outsideAsar('/opt/Joinery/resources/app.asar/node_modules/elkjs/lib/elk.bundled.js')).toBe(
      '/opt/Joinery/resources/app.asar.unpacked/node_modules/elkjs/lib/elk.bundled.js',
    )
    expect(outsideAsar('C:\\Joinery\\resources\\app.asar\\node_modules\\@electric-sql\\pglite\\dist\\index.cjs')).toBe(
      'C:\\Joinery\\resources\\app.asar.unpacked\\node_modules\\@electric-sql\\pglite\\dist\\index.cjs',
    )
  })

  it('leaves other paths alone, an unpacked one included', () => {
    for (const path of ['/work/joinery/node_modules/elkjs/lib/elk.bundled.js', '/r/app.asar.unpacked/node_modules/x.js', '/r/my-app.asar-notes/x.js']) {
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
