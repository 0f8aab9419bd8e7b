import { describe, expect, it } from 'vitest'
import type { Instance } from '../../src/index'
import { ESTIMATE_THRESHOLD, EXACT_COUNT_BUDGET, rowCounts } from './schema'

/**
 * An Instance that knows exact counts and (different) statistics; `known` are statistics the server vouches for
 * as exact (PostgreSQL's empty tables).
 */
function fakeInstance(exact: Record<string, number>, statistics: Record<string, number>, known: readonly string[] = []) {
  const calls: { tables: readonly string[]; estimate: boolean }[] = []
  const instance = {
    rowEstimates: async (_schema: string, tables: readonly string[]) => {
      calls.push({ tables, estimate: true })
      return new Map(tables.filter((t) => t in statistics).map((t) => [t, { count: statistics[t] as number, estimated: !known.includes(t) }]))
    },
    rowCounts: async (_schema: string, tables: readonly string[]) => {
      calls.push({ tables, estimate: false })
      return new Map(tables.filter((t) => t in exact).map((t) => [t, exact[t] as number]))
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
      { tables: ['fresh', 'small'], estimate: false },
    ])
  })

  it('takes a count the server vouches for as it is, without counting', async () => {
    const { instance, calls } = fakeInstance({ empty: 0, small: 3 }, { empty: 0, small: 2 }, ['empty'])
    expect(Object.fromEntries(await rowCounts(instance, 'lab', ['empty', 'small'], true))).toEqual({
      empty: { count: 0, estimated: false },
      small: { count: 3, estimated: false },
    })
    expect(calls).toEqual([
      { tables: ['empty', 'small'], estimate: true },
      { tables: ['small'], estimate: false },
    ])
  })

  it('counts everything exactly when no estimate is allowed', async () => {
    const { instance, calls } = fakeInstance({ big: 5_000_000 }, { big: 4_900_000 })
    expect(Object.fromEntries(await rowCounts(instance, 'lab', ['big'], false))).toEqual({ big: { count: 5_000_000, estimated: false } })
    expect(calls).toEqual([{ tables: ['big'], estimate: false }])
  })

  it('counts exactly, smallest first, only as many rows as the budget allows', async () => {
    const size = ESTIMATE_THRESHOLD / 2
    const fit = EXACT_COUNT_BUDGET / size
    const names = Array.from({ length: fit + 2 }, (_, i) => `t${i}`)
    const statistics = Object.fromEntries(names.map((t, i) => [t, i === 0 ? 5 : size]))
    const { instance, calls } = fakeInstance(Object.fromEntries(names.map((t) => [t, 7])), statistics)
    const counts = await rowCounts(instance, 'lab', names, true)
    const estimated = [...counts.values()].filter((c) => c.estimated)
    // `fit` tables of `size` rows would use the budget up, the 5-row table too: one fewer fits, and two stay estimated.
    expect(estimated).toEqual([
      { count: size, estimated: true },
      { count: size, estimated: true },
    ])
    expect(calls[1]?.tables).toHaveLength(fit)
    expect(counts.get('t0')).toEqual({ count: 7, estimated: false })
  })
})
