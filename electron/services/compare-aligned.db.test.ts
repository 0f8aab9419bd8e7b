// The side-by-side view read by key (`compare.aligned`) through the real dispatcher, on PostgreSQL and MariaDB:
// two schemas on one server (both sides order keys alike) and across the two servers (a binary collation against
// a case-insensitive one). A composite key of text, date and 64-bit integer, words that differ only by case, space
// or accent, a run of one word across page boundaries: at every page size each row of either side comes out once,
// paired with its other side, its differing cells marked; one server's pages follow its own ORDER BY exactly. A
// page deep into a large table is read after its key, with no cap; a key that cannot be paged by key (an enum) is
// paged by position instead.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Instance } from '../../src/instance/instance'
import { startTestServer, testInstance, uniqueSchemaName, type TestServer } from '../../src/testing/backends'
import { fillSeries } from '../../src/testing/compare-pipeline'
import type { Input, Output, Tab, WireValue } from '../ipc/contract'
import { createHarness, type Harness } from '../testing/service-harness'

const WORD = 'word : varchar(16)\nday : date\nn : int64\n---\nnote : varchar(16)'
/** Words a binary collation keeps apart and a case- and accent-insensitive one (MariaDB's default) partly does not. */
const WORDS = ['ab', 'Ab', 'AB', 'a b', 'a-b', 'abc', 'B', 'b', 'dup', 'é', 'e', 'Zed', 'zed', '_x']
/** One word of each group MariaDB takes as the same key. */
const MARIADB_WORDS = ['ab', 'a b', 'a-b', 'abc', 'B', 'dup', 'é', 'Zed', '_x']
const DAYS = ['2023-12-31', '2024-01-01']
const BIG = 2n ** 60n

interface WordRow {
  readonly word: string
  readonly day: string
  readonly n: number | bigint
  readonly note: string
}

/** Every word on both days; `dup` with four numbers (a run across page boundaries), the others with one. */
function wordRows(words: readonly string[]): WordRow[] {
  return words.flatMap((word) => DAYS.flatMap((day) => (word === 'dup' ? [1, 2, 3, BIG] : [1]).map((n) => ({ word, day, n, note: `${word}@${day}` }))))
}

/** The left keeps rows 0, 1, 3, 4, 6…; the right drops every fifth and changes the note of every seventh. */
function sides(words: readonly string[]): { left: WordRow[]; right: WordRow[] } {
  const all = wordRows(words)
  return {
    left: all.filter((_, i) => i % 3 !== 2),
    right: all.filter((_, i) => i % 5 !== 4).map((row, i) => (i % 7 === 3 ? { ...row, note: 'changed' } : row)),
  }
}

const rowKey = (row: WordRow): string => `${row.word}|${row.day}|${String(row.n)}`

function cell(value: WireValue | undefined): string {
  if (value !== null && typeof value === 'object') return '$bigint' in value ? value.$bigint : JSON.stringify(value)
  return String(value)
}

describe('the side-by-side view read by key, PostgreSQL and MariaDB', () => {
  const servers: TestServer[] = []
  const seeders: Instance[] = []
  let harness: Harness
  let pg: Tab
  let my: Tab
  const a = uniqueSchemaName('cmp_a')
  const b = uniqueSchemaName('cmp_b')
  /** Per server and schema, the rows of `word`. */
  const data = new Map<string, WordRow[]>()
  /** Per server, every key of schemas a and b in that server's ORDER BY. */
  const serverOrder = new Map<string, string[]>()

  beforeAll(async () => {
    harness = createHarness()
    const opened: Tab[] = []
    for (const backend of ['postgresql', 'mysql'] as const) {
      const server = await startTestServer(backend)
      servers.push(server)
      const seeder = testInstance(server, { poolSize: 2 })
      seeders.push(seeder)
      const { left, right } = sides(backend === 'mysql' ? MARIADB_WORDS : WORDS)
      for (const [schemaName, rows] of [
        [a, left],
        [b, right],
      ] as const) {
        const schema = await seeder.schema(schemaName)
        await (await schema.manual('Word', WORD)).insert(rows.map((row) => ({ ...row })))
        data.set(`${backend}/${schemaName}`, rows)
      }
      // The server's own order of both schemas' keys together, read back from a table holding all of them.
      const all = await (await seeder.schema(a)).manual('AllWords', 'word : varchar(16)\nday : date\nn : int64')
      await all.insert([...left, ...right].map(({ word, day, n }) => ({ word, day, n })), { skipDuplicates: true })
      const ordered = await seeder.pipeline.fetchDicts(all.expr, { orderBy: [{ by: 'key', descending: false }] })
      serverOrder.set(backend, ordered.map((row) => `${String(row['word'])}|${String(row['day'])}|${String(row['n'])}`))
      const profile = await harness.value('connections.save', {
        profile: { name: backend, backend: server.backend, host: server.host, port: server.port, user: server.user, tls: 'disabled', readOnly: false, color: '#000000' },
        password: server.password,
      })
      opened.push(await harness.value('tabs.open', { profileId: profile.id }))
    }
    ;[pg, my] = opened as [Tab, Tab]
  }, 300_000)

  afterAll(async () => {
    await harness?.dispose()
    for (const seeder of seeders) {
      for (const schemaName of [a, b]) if ((await seeder.listSchemas()).includes(schemaName)) await (await seeder.schema(schemaName, { create: false })).drop({ prompt: false })
      await seeder.close()
    }
    for (const server of servers) await server.stop()
  })

  type Sides = Pick<Input<'compare.aligned'>, 'left' | 'right'>
  const pair = (left: [Tab, string], right: [Tab, string], table = 'word'): Sides => ({
    left: { tabId: left[0].tabId, schema: left[1], table },
    right: { tabId: right[0].tabId, schema: right[1], table },
  })

  /** Every page from the first, `limit` rows each; each merged row as `key`, both sides' notes and the marks. */
  async function allPages(sidesOf: Sides, limit: number, restriction = '') {
    const rows: { key: string; left: string | null; right: string | null; changed: string[] }[] = []
    const sizes: number[] = []
    let after: Output<'compare.aligned'>['next'] | null = null
    for (let guard = 0; guard < 1_000; guard += 1) {
      const page: Output<'compare.aligned'> = await harness.value('compare.aligned', { ...sidesOf, restriction, after, limit })
      expect(page.attributes.map((attribute) => attribute.name)).toEqual(['word', 'day', 'n', 'note'])
      sizes.push(page.rows.length)
      for (const row of page.rows) {
        const values = row.left ?? row.right ?? []
        rows.push({
          key: `${cell(values[0])}|${cell(values[1])}|${cell(values[2])}`,
          left: row.left === null ? null : cell(row.left[3]),
          right: row.right === null ? null : cell(row.right[3]),
          changed: row.changed,
        })
      }
      if (!page.hasMore) return { rows, sizes }
      after = page.next
    }
    throw new Error('the pages never end')
  }

  /** What the merged rows must hold: every key of either side once, each side's note where it has the row. */
  function expected(left: readonly WordRow[], right: readonly WordRow[]) {
    const byKey = new Map<string, { left: string | null; right: string | null }>()
    for (const row of left) byKey.set(rowKey(row), { left: row.note, right: null })
    for (const row of right) byKey.set(rowKey(row), { left: byKey.get(rowKey(row))?.left ?? null, right: row.note })
    return byKey
  }

  function checkRows(rows: Awaited<ReturnType<typeof allPages>>['rows'], left: readonly WordRow[], right: readonly WordRow[]): void {
    const want = expected(left, right)
    expect(rows.map((row) => row.key).sort()).toEqual([...want.keys()].sort())
    for (const row of rows) {
      expect({ key: row.key, left: row.left, right: row.right }).toEqual({ key: row.key, ...want.get(row.key) })
      expect(row.changed).toEqual(row.left !== null && row.right !== null && row.left !== row.right ? ['note'] : [])
    }
  }

  for (const backend of ['postgresql', 'mysql'] as const) {
    it(`pages two schemas of one ${backend} server in its own key order, every row once at every page size`, async () => {
      const tab = backend === 'postgresql' ? pg : my
      const left = data.get(`${backend}/${a}`) ?? []
      const right = data.get(`${backend}/${b}`) ?? []
      const whole = await allPages(pair([tab, a], [tab, b]), 1_000)
      checkRows(whole.rows, left, right)
      expect(whole.rows.map((row) => row.key)).toEqual(serverOrder.get(backend))
      expect(whole.rows.some((row) => row.changed.length > 0)).toBe(true)
      for (const limit of [1, 3, 7]) {
        const paged = await allPages(pair([tab, a], [tab, b]), limit)
        expect(paged.rows).toEqual(whole.rows)
        // Full pages, then the rest: no empty page at the end.
        expect(paged.sizes.slice(0, -1).every((size) => size === limit)).toBe(true)
        expect(paged.sizes.at(-1)).toBeGreaterThan(0)
      }
    })
  }

  it('pages PostgreSQL against MariaDB (binary against case-insensitive keys) and back: every row once, paired, each side in its order', async () => {
    for (const [leftTab, rightTab, leftBackend, rightBackend] of [
      [pg, my, 'postgresql', 'mysql'],
      [my, pg, 'mysql', 'postgresql'],
    ] as const) {
      const left = data.get(`${leftBackend}/${a}`) ?? []
      const right = data.get(`${rightBackend}/${a}`) ?? []
      const whole = await allPages(pair([leftTab, a], [rightTab, a]), 1_000)
      checkRows(whole.rows, left, right)
      // The left's rows in the left server's order, the right-only rows in the right server's.
      const leftKeys = new Set(left.map(rowKey))
      const rightOnly = new Set(right.map(rowKey).filter((key) => !leftKeys.has(key)))
      expect(whole.rows.filter((row) => row.left !== null).map((row) => row.key)).toEqual(serverOrder.get(leftBackend)?.filter((key) => leftKeys.has(key)))
      expect(whole.rows.filter((row) => row.left === null).map((row) => row.key)).toEqual(serverOrder.get(rightBackend)?.filter((key) => rightOnly.has(key)))
      for (const limit of [1, 4]) expect((await allPages(pair([leftTab, a], [rightTab, a]), limit)).rows).toEqual(whole.rows)
    }
  })

  it('restricts both sides alike before paging', async () => {
    const { rows } = await allPages(pair([pg, a], [my, a]), 2, "word = 'dup' and n > 1")
    expect(rows.map((row) => row.key)).toEqual(
      ['2023-12-31', '2024-01-01'].flatMap((day) => [2, 3, BIG].map((n) => `dup|${day}|${String(n)}`)).filter((key) => expected(data.get(`postgresql/${a}`) ?? [], data.get(`mysql/${a}`) ?? []).has(key)),
    )
  })

  it('refuses a place that does not fit the key', async () => {
    const result = await harness.call('compare.aligned', { ...pair([pg, a], [my, a]), restriction: '', after: { left: { key: ['ab'], offset: 1 }, right: { key: null, offset: 0 } }, limit: 5 })
    expect(result.ok ? 'ok' : result.error.code).toBe('INVALID_INPUT')
  })

  it('pages a key with an enum (which cannot be paged by key) by row position: every row once', async () => {
    const rowsOf = (backend: string) => ['zeta', 'alpha'].flatMap((kind) => [1, 2, 3].map((n) => ({ kind, n, note: backend === 'mysql' && n === 2 ? 'other' : 'same' })))
    for (const [i, seeder] of seeders.entries()) {
      const table = await (await seeder.schema(b)).manual('Tagged', "kind : enum('zeta','alpha')\nn : int32\n---\nnote : varchar(8)")
      await table.insert(rowsOf(i === 0 ? 'postgresql' : 'mysql').filter((row) => !(i === 1 && row.n === 3)))
    }
    const keys: string[] = []
    let after: Output<'compare.aligned'>['next'] | null = null
    for (;;) {
      const page: Output<'compare.aligned'> = await harness.value('compare.aligned', { ...pair([pg, b], [my, b], 'tagged'), restriction: '', after, limit: 2 })
      for (const row of page.rows) keys.push(`${cell((row.left ?? row.right)?.[0])}${cell((row.left ?? row.right)?.[1])}:${row.right === null ? 'left only' : row.changed.join(',')}`)
      if (!page.hasMore) break
      after = page.next
    }
    expect(keys).toEqual(['zeta1:', 'zeta2:note', 'zeta3:left only', 'alpha1:', 'alpha2:note', 'alpha3:left only'])
  })

  it('reaches a page far beyond the first 100,000 rows, read after its key', async () => {
    for (const seeder of seeders) {
      await (await seeder.schema(b)).manual('Big', 'id : int32\n---\nval : float64\nlabel : varchar(32)')
      await fillSeries(seeder, b, 'big', 150_000)
    }
    await seeders[1]?.run({ sql: `UPDATE \`${b}\`.\`big\` SET label = 'changed' WHERE id = 140002`, params: [] })
    const started = performance.now()
    const page = await harness.value('compare.aligned', {
      ...pair([pg, b], [my, b], 'big'),
      restriction: '',
      after: { left: { key: [140_000], offset: 140_000 }, right: { key: [140_000], offset: 140_000 } },
      limit: 3,
    })
    expect(page.rows.map((row) => [row.left?.[0], row.right?.[0], row.changed])).toEqual([
      [140_001, 140_001, []],
      [140_002, 140_002, ['label']],
      [140_003, 140_003, []],
    ])
    expect(page.next).toEqual({ left: { key: [140_003], offset: 140_003 }, right: { key: [140_003], offset: 140_003 } })
    expect(page.hasMore).toBe(true)
    // A page by key costs what the first page does: nowhere near reading 140,000 rows of each side.
    expect(performance.now() - started).toBeLessThan(5_000)
  }, 180_000)
})
