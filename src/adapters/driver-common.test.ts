import { describe, expect, it } from 'vitest'
import { Abandonment, settledWithin } from './driver-common'

const never = new Promise<never>(() => undefined)

describe('settledWithin', () => {
  it('true when the work settles in time, false when it does not, rethrows its error', async () => {
    expect(await settledWithin(Promise.resolve(1), 50)).toBe(true)
    expect(await settledWithin(never, 20)).toBe(false)
    await expect(settledWithin(Promise.reject(new Error('boom')), 50)).rejects.toThrow('boom')
  })
})

describe('Abandonment', () => {
  it('passes results and errors through until abandoned', async () => {
    const a = new Abandonment()
    expect(await a.race(Promise.resolve(2), () => new Error('gone'))).toBe(2)
    await expect(a.race(Promise.reject(new Error('boom')), () => new Error('gone'))).rejects.toThrow('boom')
    expect(a.abandoned).toBe(false)
  })

  it('rejects pending and later races at once with the reason', async () => {
    const a = new Abandonment()
    const pending = a.race(never, () => new Error('gone'))
    a.abandon()
    await expect(pending).rejects.toThrow('gone')
    await expect(a.race(Promise.resolve(3), () => new Error('gone again'))).rejects.toThrow('gone again')
    expect(a.abandoned).toBe(true)
  })
})
