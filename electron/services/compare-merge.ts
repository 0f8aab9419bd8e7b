// Both sides of a table pair merged by primary key, a page at a time. Each side is read in its own server's key
// order from its own place (its cursor: the key of the last row read from it), so a page deep into a million rows
// costs what the first does, and a side whose server orders keys differently (a case-insensitive collation against
// a binary one) is never skipped through: every row of either side comes out exactly once.
//
// A row on both sides comes out where the left side's reading reaches it, with its right row beside it (found in
// the right rows at hand, else looked up there by key); the right side's reading passes over it silently. Rows on
// the right only come out where the right side's reading reaches them. Between the two readings the left server
// decides (`order`: the keys as it sorts them), so when both servers order the keys alike the merged rows are in
// exactly that order; when they do not, the left server's order leads and right-only rows keep the right's order.
// Pure: the sides, the order and the look-ups are given.

/** Where one side's reading is: the primary key of the last row read from it (null: none yet), and how many. */
export interface SideCursor {
  readonly key: readonly unknown[] | null
  readonly offset: number
}

export interface MergeCursor {
  readonly left: SideCursor
  readonly right: SideCursor
}

export const MERGE_START: MergeCursor = { left: { key: null, offset: 0 }, right: { key: null, offset: 0 } }

export interface SideRow<TRow> {
  /** The row's primary-key values. */
  readonly key: readonly unknown[]
  readonly row: TRow
}

export interface MergeSide<TRow> {
  /** Up to `limit` rows after the cursor, in this side's key order. */
  read(cursor: SideCursor, limit: number): Promise<readonly SideRow<TRow>[]>
  /** This side's rows with these exact keys, in any order (keys it lacks give nothing). */
  find(keys: readonly (readonly unknown[])[]): Promise<readonly SideRow<TRow>[]>
}

export interface MergeSources<TRow> {
  readonly left: MergeSide<TRow>
  readonly right: MergeSide<TRow>
  /** Positions of these keys in the order the left server sorts them (ties in their given order). */
  readonly order: (keys: readonly (readonly unknown[])[]) => Promise<readonly number[]>
  /** One text per key, equal for the same key read from either side. */
  readonly keyText: (key: readonly unknown[]) => string
}

export interface MergedRow<TRow> {
  readonly left: TRow | null
  readonly right: TRow | null
}

export interface MergedPage<TRow> {
  readonly rows: MergedRow<TRow>[]
  /** Where the next page starts. */
  readonly next: MergeCursor
  /** Whether another row follows this page. */
  readonly hasMore: boolean
}

/** One side's rows at hand and its place. */
class Reading<TRow> {
  rows: readonly SideRow<TRow>[] = []
  cursor: SideCursor
  done = false
  #at = 0

  constructor(
    readonly side: MergeSide<TRow>,
    cursor: SideCursor,
    readonly batch: number,
  ) {
    this.cursor = cursor
  }

  get head(): SideRow<TRow> | undefined {
    return this.rows[this.#at]
  }

  get rest(): readonly SideRow<TRow>[] {
    return this.rows.slice(this.#at)
  }

  get empty(): boolean {
    return this.head === undefined && !this.done
  }

  async fill(): Promise<readonly SideRow<TRow>[]> {
    this.rows = await this.side.read(this.cursor, this.batch)
    this.#at = 0
    this.done = this.rows.length < this.batch
    return this.rows
  }

  take(): void {
    const row = this.head
    if (row === undefined) return
    this.#at += 1
    this.cursor = { key: row.key, offset: this.cursor.offset + 1 }
  }
}

/** The `limit` merged rows after `cursor`. */
export async function mergePage<TRow>(sources: MergeSources<TRow>, cursor: MergeCursor, limit: number): Promise<MergedPage<TRow>> {
  const { keyText } = sources
  // One row beyond the page usually tells whether another page follows without a further read.
  const left = new Reading(sources.left, cursor.left, limit + 1)
  const right = new Reading(sources.right, cursor.right, limit + 1)
  /** Left keys' right rows, found when the left rows were read. */
  const partners = new Map<string, TRow>()
  /** Right keys that are rows of the left too: the left's reading brings them out. */
  const onLeft = new Set<string>()
  let ranks: Map<string, number> | null = null
  const rows: MergedRow<TRow>[] = []

  const fill = async (): Promise<void> => {
    const [newLeft, newRight] = await Promise.all([left.empty ? left.fill() : [], right.empty ? right.fill() : []])
    ranks = null
    const rightAtHand = new Map(right.rest.map((r) => [keyText(r.key), r.row]))
    const leftAtHand = new Set(left.rest.map((r) => keyText(r.key)))
    const missingRight = newLeft.filter((r) => {
      const partner = rightAtHand.get(keyText(r.key))
      if (partner !== undefined) partners.set(keyText(r.key), partner)
      return partner === undefined
    })
    const missingLeft = newRight.filter((r) => {
      const there = leftAtHand.has(keyText(r.key))
      if (there) onLeft.add(keyText(r.key))
      return !there
    })
    await Promise.all([
      missingRight.length === 0
        ? null
        : sources.right.find(missingRight.map((r) => r.key)).then((found) => {
            for (const r of found) partners.set(keyText(r.key), r.row)
          }),
      missingLeft.length === 0
        ? null
        : sources.left.find(missingLeft.map((r) => r.key)).then((found) => {
            for (const r of found) onLeft.add(keyText(r.key))
          }),
    ])
  }

  const rankOf = async (key: readonly unknown[]): Promise<number> => {
    if (ranks === null) {
      const keys = [...left.rest, ...right.rest].map((r) => r.key)
      const positions = await sources.order(keys)
      ranks = new Map()
      positions.forEach((position, rank) => {
        const text = keyText(keys[position] as readonly unknown[])
        if (!ranks?.has(text)) ranks?.set(text, rank)
      })
    }
    return ranks.get(keyText(key)) ?? Number.POSITIVE_INFINITY
  }

  for (;;) {
    if (left.empty || right.empty) {
      await fill()
      continue
    }
    const l = left.head
    const r = right.head
    if (l === undefined && r === undefined) return { rows, next: { left: left.cursor, right: right.cursor }, hasMore: false }
    let take: 'left' | 'right' | 'both'
    if (r === undefined) take = 'left'
    else if (l === undefined) take = 'right'
    else if (keyText(l.key) === keyText(r.key)) take = 'both'
    // Keys the left server sorts alike (case-insensitively equal, say) come out left first.
    else take = (await rankOf(l.key)) <= (await rankOf(r.key)) ? 'left' : 'right'
    const passedOver = take === 'right' && r !== undefined && onLeft.has(keyText(r.key))
    if (!passedOver && rows.length === limit) return { rows, next: { left: left.cursor, right: right.cursor }, hasMore: true }
    if (take === 'both' && l !== undefined && r !== undefined) {
      rows.push({ left: l.row, right: r.row })
      left.take()
      right.take()
    } else if (take === 'left' && l !== undefined) {
      rows.push({ left: l.row, right: partners.get(keyText(l.key)) ?? null })
      left.take()
    } else if (r !== undefined) {
      if (!passedOver) rows.push({ left: null, right: r.row })
      right.take()
    }
  }
}
