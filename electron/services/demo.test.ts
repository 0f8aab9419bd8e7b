import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { isDataJointError } from '../../src/errors/datajoint-error'
import { acquireLock } from './demo'
import { createPrng } from './demo-seed'

describe('Demo lab lock file', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'joinery-lock-'))
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('takes a free lock and records this process', async () => {
    const file = join(dir, 'lock')
    await acquireLock(file)
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ pid: process.pid })
    await acquireLock(file)
  })

  it('refuses while another live process holds it, and replaces a stale one', async () => {
    const file = join(dir, 'lock')
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' })
    try {
      writeFileSync(file, JSON.stringify({ pid: other.pid, startedAt: new Date().toISOString() }))
      const error: unknown = await acquireLock(file).catch((e: unknown) => e)
      expect(isDataJointError(error, 'CONNECTION_FAILED')).toBe(true)
      expect((error as Error).message).toContain(`pid ${other.pid ?? ''}`)
    } finally {
      other.kill()
      await new Promise((resolve) => other.once('exit', resolve))
    }
    await acquireLock(file)
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ pid: process.pid })
  })

  it('treats an unreadable lock as stale', async () => {
    const file = join(dir, 'lock')
    writeFileSync(file, '{half')
    await acquireLock(file)
    expect(existsSync(file)).toBe(true)
  })
})

describe('demo PRNG', () => {
  it('is deterministic', () => {
    const a = createPrng(7)
    const b = createPrng(7)
    const seq = Array.from({ length: 5 }, () => a())
    expect(Array.from({ length: 5 }, () => b())).toEqual(seq)
    for (const x of seq) expect(x >= 0 && x < 1).toBe(true)
  })
})
