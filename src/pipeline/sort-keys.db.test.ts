// Keys sorted by the server (`pipeline.sortKeys`) on every backend: literal key values come back in exactly the
// order the server's ORDER BY gives the same keys as rows (strings in the columns' collation, mixed case included;
// decimals as numbers; dates; 64-bit integers; composite keys), whether or not the values are rows of the tree.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Table } from '../table/table'
import { TEST_BACKENDS, closeTestSchema, openTestSchema, uniqueSchemaName, type TestSchema } from '../testing/backends'

const LABELS = ['apple', 'Apple2', 'banana', 'Banana2', 'b', 'B3', '_x', 'zed', 'Zed2', 'a b', 'a-b', 'ab', 'é', 'E2']
const AMOUNTS = ['9.50', '10.25', '-3.00', '100.00']

describe.each(TEST_BACKENDS)('keys sorted by the server on %s', (backendName) => {
  let setup: TestSchema
  let Item: Table
  const keys: unknown[][] = []

  beforeAll(async () => {
    setup = await openTestSchema(backendName, uniqueSchemaName('sortk'))
    Item = await setup.schema.manual('Item', 'label : varchar(16)\nday : date\namount : decimal(8,2)\nn : int64\n---\nnote = "" : varchar(8)')
    const rows = []
    for (const [i, label] of LABELS.entries()) {
      const amount = AMOUNTS[i % AMOUNTS.length] as string
      rows.push({ label, day: i % 2 === 0 ? '2024-01-02' : '2023-12-31', amount, n: i % 3 === 0 ? 2n ** 60n : i })
      // The same label twice: the rest of the key decides.
      rows.push({ label, day: '2024-01-02', amount: '9.50', n: 7 }, { label, day: '2024-01-02', amount: '10.25', n: 7 })
    }
    await Item.insert(rows, { skipDuplicates: true })
    const ordered = await setup.inst.pipeline.fetchDicts(Item.expr, { orderBy: [{ by: 'key', descending: false }] })
    for (const row of ordered) keys.push([row['label'], row['day'], row['amount'], row['n']])
  })
  afterAll(async () => closeTestSchema(setup))

  const text = (key: readonly unknown[]) => key.map(String).join('/')

  it('orders keys as the server orders the rows, collation included', async () => {
    // Shuffled the same way every run: reversed, then every third moved to the front.
    const reversed = [...keys].reverse()
    const shuffled = [...reversed.filter((_, i) => i % 3 === 0), ...reversed.filter((_, i) => i % 3 !== 0)]
    const positions = await setup.inst.pipeline.sortKeys(Item.expr, shuffled)
    expect(positions.map((p) => text(shuffled[p] as unknown[]))).toEqual(keys.map(text))
  })

  it('orders values that are not rows of the tree: a restriction that holds none lends only its types', async () => {
    const none = Item.restrict('n < 0').expr
    const positions = await setup.inst.pipeline.sortKeys(none, [...keys].reverse())
    expect(positions.map((p) => text([...keys].reverse()[p] as unknown[]))).toEqual(keys.map(text))
  })

  it('keeps the given order of keys the server sorts alike, and answers small lists without a statement', async () => {
    const one = keys[0] as unknown[]
    expect(await setup.inst.pipeline.sortKeys(Item.expr, [one, one])).toEqual([0, 1])
    expect(await setup.inst.pipeline.sortKeys(Item.expr, [one])).toEqual([0])
    expect(await setup.inst.pipeline.sortKeys(Item.expr, [])).toEqual([])
  })

  // Only MariaDB's collation orders text unlike JavaScript: the check exists there alone (not a skip elsewhere).
  if (backendName === 'mysql') {
    it('differs from JavaScript\'s code-unit order where the collation does (case-insensitive on MariaDB)', () => {
      const labels = [...new Set(keys.map((key) => key[0] as string))]
      expect(labels).not.toEqual([...labels].sort())
      expect(labels.indexOf('apple')).toBeLessThan(labels.indexOf('Banana2'))
    })
  }
})
