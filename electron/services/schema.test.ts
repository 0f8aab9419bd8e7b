import { describe, expect, it } from 'vitest'
import type { Instance } from '../../src/instance/instance'
import { ESTIMATE_THRESHOLD, rowCounts } from './schema'

/** An Instance whose introspector knows exact counts and (different) statistics. */
function fakeInstance(exact: Record<string, number>, statistics: Record<string, number>) {
  const calls: { tables: readonly string[]; estimate: boolean }[] = []
  const instance = {
    catalog: {
      introspector: {
        rowCounts: async (_schema: string, tables: readonly string[], estimate: boolean) => {
          calls.push({ tables, estimate })
          const source = estimate ? statistics : exact
          return new Map(tables.filter((t) => t in source).map((t) => [t, source[t] as number]))
        },
      },
    },
  } as unknown as Instance
  return { instance, calls }
}

describe('row counts', () => {
  it('takes statistics only for huge tables and counts the rest exactly', async () => {
    const huge = ESTIMATE_THRESHOLD * 3
    const { instance, calls } = fakeInstance({ small: 10, big: huge + 7, fresh: 5 }, { small: 12, big: huge })
    const counts = await rowCounts(instance, 'lab', ['small', 'big', 'fresh'], true)
    expect(Object.fromEntries(counts)).toEqual({
      big: { count: huge, estimated: true },
      small: { count: 10, estimated: false },
      fresh: { count: 5, estimated: false },
    })
    expect(calls).toEqual([
      { tables: ['small', 'big', 'fresh'], estimate: true },
      { tables: ['small', 'fresh'], estimate: false },
    ])
  })

  it('counts everything exactly when no estimate is allowed', async () => {
    const { instance, calls } = fakeInstance({ big: 5_000_000 }, { big: 4_900_000 })
    expect(Object.fromEntries(await rowCounts(instance, 'lab', ['big'], false))).toEqual({ big: { count: 5_000_000, estimated: false } })
    expect(calls).toEqual([{ tables: ['big'], estimate: false }])
  })
})
