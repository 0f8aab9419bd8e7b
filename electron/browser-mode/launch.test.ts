import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { homedir, tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { defaultDataDir, readRunning, removeRunning, RUNNING_FILE, writeRunning } from './launch.mjs'

describe('the data folder', () => {
  it('is JOINERY_DATA_DIR, else ~/.joinery (an empty setting counts as none)', () => {
    expect(defaultDataDir({ JOINERY_DATA_DIR: '/tmp/joinery-x' })).toBe('/tmp/joinery-x')
    expect(defaultDataDir({ JOINERY_DATA_DIR: '' })).toBe(join(homedir(), '.joinery'))
    expect(defaultDataDir({})).toBe(join(homedir(), '.joinery'))
  })
})

describe('the running server file', () => {
  let parent: string
  let dataDir: string
  const url = 'http://127.0.0.1:4321/?token=abc'

  beforeEach(() => {
    parent = mkdtempSync(join(tmpdir(), 'joinery-launch-'))
    dataDir = join(parent, 'data')
  })
  afterEach(() => rmSync(parent, { recursive: true, force: true }))

  it('is written 0600 in a 0700 folder it creates, read back while its process lives, and removed', () => {
    writeRunning(dataDir, { pid: process.pid, url })
    expect(statSync(dataDir).mode & 0o777).toBe(0o700)
    expect(statSync(join(dataDir, RUNNING_FILE)).mode & 0o777).toBe(0o600)
    expect(JSON.parse(readFileSync(join(dataDir, RUNNING_FILE), 'utf8'))).toEqual({ pid: process.pid, url })
    expect(readRunning(dataDir)).toEqual({ pid: process.pid, url })
    removeRunning(dataDir)
    expect(readRunning(dataDir)).toBeNull()
    removeRunning(dataDir)
  })

  it('names no server when missing, malformed, off loopback, or its process has ended', () => {
    expect(readRunning(dataDir)).toBeNull()
    writeRunning(dataDir, { pid: process.pid, url })
    const file = join(dataDir, RUNNING_FILE)
    for (const content of ['{', 'null', '[]', JSON.stringify({ pid: process.pid }), JSON.stringify({ pid: 0, url }), JSON.stringify({ pid: -1, url }), JSON.stringify({ pid: 1.5, url }), JSON.stringify({ pid: process.pid, url: 'http://example.org/' })]) {
      writeFileSync(file, content)
      expect(readRunning(dataDir), content).toBeNull()
    }
    // Beyond Linux's pid_max: no such process.
    writeFileSync(file, JSON.stringify({ pid: 2 ** 22 + 1, url }))
    expect(readRunning(dataDir)).toBeNull()
  })
})
