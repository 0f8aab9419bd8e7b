// The merge of two sides read by key, over sides held in memory that order their keys as a server would (a binary
// collation, a case-insensitive one): every key of either side comes out once whatever the page size, paired when
// both sides have it; in one shared order when the two orders agree; led by the left's order when they do not.

import { describe, expect, it } from 'vitest'
import { MERGE_START, mergePage, type MergeCursor, type MergeSide, type MergeSources, type SideRow } from './compare-merge'

type Row = { readonly side: 'left' | 'right'; readonly label: string }
type Order = (a: string, b: string) => number

const binary: Order = (a, b) => (a < b ? -1 : a > b ? 1 : 0)
const caseInsensitive: Order = (a, b) => binary(a.toLowerCase(), b.toLowerCase())

/** A side of labels its server sorts by `order`, counting its reads and look-ups. */
function side(name: 'left' | 'right', labels: readonly string[], order: Order): MergeSide<Row> & { reads: number; lookups: number } {
  const sorted = [...labels].sort(order)
  const row = (label: string): SideRow<Row> => ({ key: [label], row: { side: name, label } })
  return {
    reads: 0,
    lookups: 0,
    async read(cursor, limit) {
      this.reads += 1
      const after = cursor.key === null ? sorted : sorted.filter((label) => order(label, cursor.key?.[0] as string) > 0)
      return after.slice(0, limit).map(row)
    },
    async find(keys) {
      this.lookups += 1
      return keys.map((key) => key[0] as string).filter((label) => labels.includes(label)).map(row)
    },
  }
}

function sources(left: readonly string[], right: readonly string[], leftOrder: Order, rightOrder: Order): MergeSources<Row> & { left: ReturnType<typeof side>; right: ReturnType<typeof side> } {
  return {
    left: side('left', left, leftOrder),
    right: side('right', right, rightOrder),
    async order(keys) {
      return keys.map((_, i) => i).sort((a, b) => leftOrder(keys[a]?.[0] as string, keys[b]?.[0] as string) || a - b)
    },
    keyText: (key) => JSON.stringify(key),
  }
}

/** Every page from the start; the labels of each merged row, as `left|right` (`-` where a side lacks it). */
async function allPages(merge: MergeSources<Row>, limit: number): Promise<{ rows: string[]; pages: number[] }> {
  const rows: string[] = []
  const pages: number[] = []
  let cursor: MergeCursor = MERGE_START
  for (let guard = 0; guard < 10_000; guard += 1) {
    const page = await mergePage(merge, cursor, limit)
    pages.push(page.rows.length)
    rows.push(...page.rows.map((r) => `${r.left?.label ?? '-'}|${r.right?.label ?? '-'}`))
    if (!page.hasMore) return { rows, pages }
    cursor = page.next
  }
  throw new Error('the pages never end')
}

/** A deterministic pseudo-random stream (a linear congruential generator). */
function random(seed: number): () => number {
  let state = seed
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31
    return state / 2 ** 31
  }
}

function labels(next: () => number, count: number): string[] {
  const letters = 'aAbBcC_'
  const made = new Set<string>()
  while (made.size < count) {
    const length = 1 + Math.floor(next() * 3)
    made.add(Array.from({ length }, () => letters[Math.floor(next() * letters.length)]).join(''))
  }
  return [...made]
}

/** Labels no two of which a case-insensitive server would take as the same key. */
function caseDistinct(all: readonly string[]): string[] {
  const seen = new Set<string>()
  return all.filter((label) => !seen.has(label.toLowerCase()) && seen.add(label.toLowerCase()))
}

describe('merging two sides read by key', () => {
  it('pairs the keys both sides have and keeps the ones of either side alone, in key order', async () => {
    const merge = sources(['a', 'b', 'c', 'e'], ['b', 'c', 'd', 'e', 'f'], binary, binary)
    const { rows, pages } = await allPages(merge, 2)
    expect(rows).toEqual(['a|-', 'b|b', 'c|c', '-|d', 'e|e', '-|f'])
    expect(pages).toEqual([2, 2, 2])
  })

  it('ends without an empty last page when a page ends exactly at the last row', async () => {
    const merge = sources(['a', 'b', 'c', 'd'], ['a', 'b', 'c', 'd'], binary, binary)
    expect((await allPages(merge, 2)).pages).toEqual([2, 2])
    expect((await allPages(merge, 4)).pages).toEqual([4])
    expect((await allPages(sources([], [], binary, binary), 3)).pages).toEqual([0])
  })

  it('reads each side a page at a time: a page of equal sides costs one read of each and no look-up', async () => {
    const same = Array.from({ length: 50 }, (_, i) => `k${String(i).padStart(3, '0')}`)
    const merge = sources(same, same, binary, binary)
    const page = await mergePage(merge, MERGE_START, 10)
    expect(page.rows.map((r) => r.left?.label)).toEqual(same.slice(0, 10))
    expect(page.hasMore).toBe(true)
    expect([merge.left.reads, merge.right.reads, merge.left.lookups, merge.right.lookups]).toEqual([1, 1, 0, 0])
    const deep = await mergePage(merge, page.next, 10)
    expect(deep.rows.map((r) => r.left?.label)).toEqual(same.slice(10, 20))
  })

  for (const seed of [1, 2, 3, 4, 5, 6]) {
    it(`gives every key once whatever the page size, both orders alike (seed ${seed})`, async () => {
      const next = random(seed)
      const all = labels(next, 40)
      const left = all.filter(() => next() < 0.7)
      const right = all.filter((label) => (left.includes(label) ? next() < 0.8 : true))
      const expected = [...new Set([...left, ...right])].sort(binary).map((label) => `${left.includes(label) ? label : '-'}|${right.includes(label) ? label : '-'}`)
      for (const limit of [1, 2, 3, 7, 100]) expect((await allPages(sources(left, right, binary, binary), limit)).rows).toEqual(expected)
    })

    it(`gives every key once, paired, when the right server orders case-insensitively (seed ${seed})`, async () => {
      const next = random(seed + 100)
      const all = labels(next, 40)
      const right = caseDistinct(all.filter(() => next() < 0.7))
      const left = all.filter((label) => (right.includes(label) ? next() < 0.8 : next() < 0.6))
      for (const [leftOrder, rightOrder, leftLabels, rightLabels] of [
        [binary, caseInsensitive, left, right],
        [caseInsensitive, binary, right, left],
      ] as const) {
        const one = await allPages(sources(leftLabels, rightLabels, leftOrder, rightOrder), 1000)
        const union = [...new Set([...leftLabels, ...rightLabels])]
        expect([...one.rows].sort()).toEqual(union.map((label) => `${leftLabels.includes(label) ? label : '-'}|${rightLabels.includes(label) ? label : '-'}`).sort())
        // The left's rows in the left's order; the right-only rows in the right's.
        expect(one.rows.map((r) => r.split('|')[0]).filter((label) => label !== '-')).toEqual([...leftLabels].sort(leftOrder))
        const rightOnly = one.rows.filter((r) => r.startsWith('-|')).map((r) => r.slice(2))
        expect(rightOnly).toEqual([...rightLabels].filter((label) => !leftLabels.includes(label)).sort(rightOrder))
        for (const limit of [1, 2, 5, 9]) expect((await allPages(sources(leftLabels, rightLabels, leftOrder, rightOrder), limit)).rows).toEqual(one.rows)
      }
    })
  }
})
