// `dj.diffRows(left, right, options)`: the rows of two query expressions with the same primary key, on two
// Instances, compared without moving them. Each server reduces key-ordered segments of its rows to a count and a
// checksum of their canonical text (the dialect's `rowDigest`, equal across backends for equal DataJoint values);
// segments that differ are split at keys of the side with more rows (keyset boundaries, never OFFSET) and compared
// again, and only the rows of small differing segments ("leaves") travel to the client, where they are matched by
// key and compared attribute by attribute.

import type { CompiledQuery } from '../adapters/driver'
import type { ComparisonOperator, Condition, QueryExpr } from '../algebra/ast'
import * as build from '../algebra/build'
import { DataJointError } from '../errors/datajoint-error'
import type { Attribute } from '../heading/attribute'
import type { QueryExpression } from '../table/expression'
import { toLiteral } from '../table/restriction'
import { instanceOf, ServerRunner } from './server-runner'

export interface DiffRowsOptions {
  /** Secondary attributes to compare (default: every secondary attribute both sides have). */
  readonly attributes?: readonly string[]
  /** Secondary attributes to leave out. */
  readonly ignore?: readonly string[]
  /**
   * Relative tolerance for floats: values within it are equal. Checksums compare floats at the significant digits
   * the tolerance allows (default: 6 for float32, 15 for float64), the client then applies the tolerance itself.
   */
  readonly floatTolerance?: number
  /** Rows per top-level segment (default 10,000). */
  readonly segmentSize?: number
  /** A differing segment with at most this many rows on each side is fetched rather than split (default 64). */
  readonly leafSize?: number
  /** Sub-segments a differing segment is split into (default 16). */
  readonly fanout?: number
  /** Statements run at once on each server (default 3). */
  readonly concurrency?: number
  /** Stops the comparison: running statements are cancelled on both servers before the promise rejects (CANCELLED). */
  readonly signal?: AbortSignal
  /** Told each time a segment's checksums have been compared (the total grows as differing segments are split). */
  readonly onProgress?: (progress: RowDiffProgress) => void
}

export interface RowDiffProgress {
  /** Segments whose checksums both servers have given and that were compared. */
  readonly segmentsDone: number
  /** Segments known so far: the top-level ones and the sub-segments of those that differed. */
  readonly segmentsTotal: number
}

export type RowKey = Readonly<Record<string, unknown>>

export interface AttributeChange {
  readonly name: string
  readonly left: unknown
  readonly right: unknown
}

export interface ChangedRow {
  readonly key: RowKey
  readonly attributes: readonly AttributeChange[]
}

export type RowDiffKind = 'onlyLeft' | 'onlyRight' | 'changed'

export interface RowDiff {
  readonly primaryKey: readonly string[]
  /** Secondary attributes compared. */
  readonly compared: readonly string[]
  /** Secondary attributes of one side only (not compared). */
  readonly attributesOnlyLeft: readonly string[]
  readonly attributesOnlyRight: readonly string[]
  readonly counts: { readonly onlyLeft: number; readonly onlyRight: number; readonly changed: number; readonly equal: number }
  /** Rows that travelled from the servers to the client, both sides together. */
  readonly rowsMoved: number
  /** Segments checksummed (both sides at once count one), those that differed, and those fetched as leaves. */
  readonly segments: { readonly compared: number; readonly differing: number; readonly leaves: number }
  /** Statements run on each server. */
  readonly statements: { readonly left: number; readonly right: number }
  /**
   * Milliseconds per phase: the top-level boundaries; the descent through the segments (checksums, splits and leaf
   * fetches); of that, the time spent fetching leaf rows (summed over concurrent fetches); matching the leaf rows on
   * the client; and in all.
   */
  readonly phases: {
    readonly boundaries: number
    readonly segments: number
    readonly leafRows: number
    readonly match: number
    readonly total: number
  }
  /** Differing keys of each kind, in the left side's key order. */
  readonly onlyLeft: readonly RowKey[]
  readonly onlyRight: readonly RowKey[]
  readonly changed: readonly ChangedRow[]
}

/** One page of the differing rows of a kind. */
export function rowDiffPage(diff: RowDiff, kind: 'changed', page: { offset?: number; limit?: number }): ChangedRow[]
export function rowDiffPage(diff: RowDiff, kind: 'onlyLeft' | 'onlyRight', page: { offset?: number; limit?: number }): RowKey[]
export function rowDiffPage(diff: RowDiff, kind: RowDiffKind, page: { offset?: number; limit?: number } = {}): (RowKey | ChangedRow)[] {
  const offset = page.offset ?? 0
  return diff[kind].slice(offset, offset + (page.limit ?? 100))
}

/** A key range: from `low` (included; none: unbounded) to `high` (excluded; none: unbounded). */
interface KeyRange {
  readonly low: readonly unknown[] | null
  readonly high: readonly unknown[] | null
}

interface Checksum {
  readonly count: number
  readonly sum: string
}

interface LeafRow {
  readonly key: readonly unknown[]
  readonly values: readonly unknown[]
  readonly texts: readonly (string | null)[]
}

/** Keys looked up per statement when a key found on one side only is checked on the other. */
const KEY_BATCH = 500
const FLOAT32_DIGITS = 6
const FLOAT64_DIGITS = 15
const MAX_DEPTH = 24

/** One side: its expression, the columns compared, and the SQL pieces its dialect spells. */
class DiffSide {
  readonly runner: ServerRunner
  readonly #expr: QueryExpr
  readonly #keyAttributes: readonly Attribute[]
  readonly #attributes: readonly Attribute[]
  readonly #quote: (identifier: string) => string
  readonly #rowText: string
  readonly #canonical: readonly string[]

  constructor(
    runner: ServerRunner,
    expr: QueryExpr,
    keyAttributes: readonly Attribute[],
    attributes: readonly Attribute[],
    floatDigits: (attribute: Attribute) => number,
  ) {
    this.runner = runner
    this.#expr = expr
    this.#keyAttributes = keyAttributes
    this.#attributes = attributes
    const dialect = runner.instance.dialect
    const compiler = dialect.createCompiler()
    this.#quote = (identifier) => compiler.quote(identifier)
    this.#canonical = [...keyAttributes, ...attributes].map((a) => dialect.rowDigest.canonicalText(this.#quote(a.name), a, floatDigits(a)))
    this.#rowText = dialect.rowDigest.rowText(this.#canonical)
  }

  get #pipeline() {
    return this.runner.instance.pipeline
  }

  #keyList(): string {
    return this.#keyAttributes.map((a) => this.#quote(a.name)).join(', ')
  }

  /** The expression restricted to a key range, compiled: values of the boundaries are bound parameters. */
  #statement(range: KeyRange): CompiledQuery {
    const conditions: Condition[] = []
    if (range.low !== null) conditions.push(...this.#keyBound(range.low, 'low'))
    if (range.high !== null) conditions.push(...this.#keyBound(range.high, 'high'))
    return this.#restricted(conditions.length === 0 ? null : build.and(conditions))
  }

  #restricted(condition: Condition | null): CompiledQuery {
    const expr = condition === null ? this.#expr : build.restrict(this.#expr, condition, { semanticCheck: false })
    return this.#pipeline.prepare(expr).statement
  }

  /**
   * `key >= bound` (low) or `key < bound` (high), lexicographic over the key attributes, plus the first attribute's
   * own bound, which the servers' range scans of the primary key's index start from.
   */
  #keyBound(bound: readonly unknown[], side: 'low' | 'high'): Condition[] {
    // A bound may be a prefix of the key (a range of the first attribute's values).
    const names = this.#keyAttributes.slice(0, bound.length).map((a) => a.name)
    const compare = (i: number, op: ComparisonOperator): Condition => ({
      kind: 'compare',
      op,
      left: build.attr(names[i] as string),
      right: toLiteral(bound[i]),
    })
    const last = names.length - 1
    const strict: ComparisonOperator = side === 'low' ? '>' : '<'
    const alternatives: Condition[] = names.map((_, i) =>
      build.and([...names.slice(0, i).map((__, j) => compare(j, '=')), compare(i, i === last ? (side === 'low' ? '>=' : '<') : strict)]),
    )
    const leading = compare(0, side === 'low' ? '>=' : last === 0 ? '<' : '<=')
    return last === 0 ? [leading] : [leading, build.or(alternatives)]
  }

  /** Whether the first key attribute is an integer, so that fixed-width value ranges of it can segment the rows. */
  get integerKey(): boolean {
    return this.#keyAttributes[0]?.category === 'integer'
  }

  /** The first key attribute's least and greatest values and the row count. */
  async keySpan(): Promise<{ min: bigint | null; max: bigint | null; count: number }> {
    const statement = this.#statement({ low: null, high: null })
    const first = this.#quote(this.#keyAttributes[0]?.name ?? '')
    const sql = `SELECT MIN(${first}), MAX(${first}), COUNT(*) FROM (${statement.sql}) AS dj_rows`
    const row = (await this.runner.query({ sql, params: statement.params })).rows[0] ?? [null, null, 0]
    return { min: wholeNumber(row[0]), max: wholeNumber(row[1]), count: Number(row[2]) }
  }

  /** Checksums of the rows of `range` by `floor(first key attribute / width)`, in one pass. */
  async buckets(range: KeyRange, width: bigint): Promise<Map<bigint, Checksum>> {
    const statement = this.#statement(range)
    const first = this.#quote(this.#keyAttributes[0]?.name ?? '')
    const sql = this.runner.instance.dialect.rowDigest.bucketChecksums(statement.sql, this.#rowText, first, width)
    const result = await this.runner.query({ sql, params: statement.params })
    return new Map(result.rows.map((row) => [wholeNumber(row[0]) ?? 0n, { count: Number(row[1]), sum: cellText(row[2]) ?? '0' }]))
  }

  async checksum(range: KeyRange): Promise<Checksum> {
    const statement = this.#statement(range)
    const sql = this.runner.instance.dialect.rowDigest.segmentChecksum(statement.sql, this.#rowText)
    const result = await this.runner.query({ sql, params: statement.params })
    const row = result.rows[0] ?? [0, '0']
    return { count: Number(row[0]), sum: cellText(row[1]) ?? '0' }
  }

  /** Keys of this side within `range` at every `step`-th row after the first, in key order: where to split it. */
  async boundaries(range: KeyRange, step: number): Promise<unknown[][]> {
    const statement = this.#statement(range)
    const keys = this.#keyList()
    const wholeStep = Math.max(1, Math.floor(step))
    const sql =
      `SELECT ${keys} FROM (SELECT ${keys}, ROW_NUMBER() OVER (ORDER BY ${keys}) AS dj_rn FROM (${statement.sql}) AS dj_rows) AS dj_numbered ` +
      `WHERE dj_rn > 1 AND MOD(dj_rn - 1, ${wholeStep}) = 0 ORDER BY ${keys}`
    const result = await this.runner.query({ sql, params: statement.params })
    const decoders = this.#pipeline.decoders(this.#keyAttributes, result.fields)
    return result.rows.map((row) => row.map((cell, i) => (decoders[i] ?? ((x: unknown) => x))(cell)))
  }

  /** Every row of `range` with its values decoded and each column's canonical text. */
  async count(): Promise<number> {
    const statement = this.#statement({ low: null, high: null })
    const result = await this.runner.query({ sql: `SELECT COUNT(*) FROM (${statement.sql}) AS dj_rows`, params: statement.params })
    return Number(result.rows[0]?.[0] ?? 0)
  }

  /** The rows of these keys, as `rows` gives them. */
  async rowsWithKeys(keys: readonly (readonly unknown[])[]): Promise<LeafRow[]> {
    const names = this.#keyAttributes.map((a) => a.name)
    const found: LeafRow[] = []
    for (let start = 0; start < keys.length; start += KEY_BATCH) {
      const matches = keys.slice(start, start + KEY_BATCH).map((key) => build.match(Object.fromEntries(names.map((name, i) => [name, toLiteral(key[i])]))))
      found.push(...(await this.#fetchRows(this.#restricted(build.or(matches)))))
    }
    return found
  }

  async rows(range: KeyRange): Promise<LeafRow[]> {
    return this.#fetchRows(this.#statement(range))
  }

  async #fetchRows(statement: CompiledQuery): Promise<LeafRow[]> {
    const all = [...this.#keyAttributes, ...this.#attributes]
    const columns = all.map((a) => this.#quote(a.name))
    const texts = this.#canonical.map((text, i) => `${text} AS ${this.#quote(`dj_c${i}`)}`)
    const sql = `SELECT ${[...columns, ...texts].join(', ')} FROM (${statement.sql}) AS dj_rows ORDER BY ${this.#keyList()}`
    const result = await this.runner.query({ sql, params: statement.params })
    const decoders = this.#pipeline.decoders(all, result.fields)
    const width = all.length
    const keyWidth = this.#keyAttributes.length
    return result.rows.map((row) => {
      const values = all.map((_, i) => (decoders[i] ?? ((x: unknown) => x))(row[i]))
      const textCells = row.slice(width).map(cellText)
      return { key: values.slice(0, keyWidth), values: values.slice(keyWidth), texts: textCells }
    })
  }
}

/** An integer cell (number, bigint or digits) as a bigint; null for NULL. */
function wholeNumber(cell: unknown): bigint | null {
  if (typeof cell === 'number' || typeof cell === 'bigint') return BigInt(cell)
  const text = cellText(cell)
  return text === null ? null : BigInt(text)
}

/** A canonical text as the driver returned it: text, or bytes where the server typed it binary. */
function cellText(cell: unknown): string | null {
  if (cell === null || cell === undefined) return null
  if (cell instanceof Uint8Array) return Buffer.from(cell).toString('utf8')
  return typeof cell === 'string' ? cell : JSON.stringify(cell)
}

/** JSON text in one normal form whatever the server's: keys sorted, numbers as JavaScript prints them. */
function normalJson(text: string): string {
  const sortKeys = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(sortKeys)
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]))
    }
    return value
  }
  try {
    return JSON.stringify(sortKeys(JSON.parse(text)))
  } catch {
    return text
  }
}

function isJson(attribute: Attribute): boolean {
  return attribute.category === 'json' || (attribute.category === 'codec' && /^jsonb?$/.test(attribute.sqlType))
}

function withinTolerance(a: unknown, b: unknown, tolerance: number): boolean {
  if (typeof a !== 'number' || typeof b !== 'number') return false
  return Math.abs(a - b) <= tolerance * Math.max(Math.abs(a), Math.abs(b))
}

function floatDigitsFor(tolerance: number | undefined): (attribute: Attribute) => number {
  return (attribute) => {
    const native = attribute.coreType === 'float32' || /^(float|real)$/.test(attribute.sqlType) ? FLOAT32_DIGITS : FLOAT64_DIGITS
    if (tolerance === undefined || tolerance <= 0) return native
    return Math.max(1, Math.min(native, Math.floor(-Math.log10(tolerance))))
  }
}

function checkAttributes(names: readonly string[] | undefined, available: ReadonlySet<string>, option: string): void {
  for (const name of names ?? []) {
    if (!available.has(name)) throw new DataJointError('UNKNOWN_ATTRIBUTE', `${option}: \`${name}\` is not a secondary attribute of both sides.`, { attribute: name })
  }
}

/**
 * Compares the rows of two expressions with the same primary key (tables or restricted queries, of one Instance or
 * two, same backend or not): keys on one side only, and rows whose compared attributes differ, with both values.
 * @example const diff = await dj.diffRows(Session.restrict({ subject_id: 1 }), otherSession.restrict({ subject_id: 1 }))
 */
export async function diffRows(left: QueryExpression, right: QueryExpression, options: DiffRowsOptions = {}): Promise<RowDiff> {
  const started = performance.now()
  const leftInstance = instanceOf(left.context)
  const rightInstance = instanceOf(right.context)
  await Promise.all([leftInstance.pipeline.load(left.expr), rightInstance.pipeline.load(right.expr)])
  const leftHeading = left.heading
  const rightHeading = right.heading
  const primaryKey = leftHeading.primaryKey
  const rightKey = new Set(rightHeading.primaryKey)
  if (primaryKey.length !== rightKey.size || !primaryKey.every((name) => rightKey.has(name))) {
    throw new DataJointError(
      'INCOMPATIBLE_OPERANDS',
      `Rows can only be compared between expressions with the same primary key: (${primaryKey.join(', ')}) and (${rightHeading.primaryKey.join(', ')}).`,
    )
  }
  const secondaryRight = new Set(rightHeading.secondaryAttributes)
  const secondaryLeft = new Set(leftHeading.secondaryAttributes)
  const shared = leftHeading.secondaryAttributes.filter((name) => secondaryRight.has(name))
  checkAttributes(options.attributes, new Set(shared), 'attributes')
  checkAttributes(options.ignore, new Set(shared), 'ignore')
  const ignored = new Set(options.ignore ?? [])
  const compared = (options.attributes ?? shared).filter((name) => !ignored.has(name))
  const floatDigits = floatDigitsFor(options.floatTolerance)
  const concurrency = options.concurrency ?? 3
  const sides = [
    new DiffSide(
      new ServerRunner(leftInstance, options.signal, concurrency),
      left.expr,
      primaryKey.map((name) => leftHeading.require(name)),
      compared.map((name) => leftHeading.require(name)),
      floatDigits,
    ),
    new DiffSide(
      new ServerRunner(rightInstance, options.signal, concurrency),
      right.expr,
      primaryKey.map((name) => rightHeading.require(name)),
      compared.map((name) => rightHeading.require(name)),
      floatDigits,
    ),
  ] as const
  const [leftSide, rightSide] = sides
  const leftAttributes = compared.map((name) => leftHeading.require(name))
  // Servers that normalise JSON differently cannot agree on a checksum: such rows are compared on the client.
  const jsonApart =
    leftInstance.dialect.rowDigest.jsonForm !== rightInstance.dialect.rowDigest.jsonForm && leftAttributes.some(isJson)
  const leafSize = jsonApart ? Number.POSITIVE_INFINITY : (options.leafSize ?? 64)
  const fanout = Math.max(2, options.fanout ?? 16)
  const segmentSize = Math.max(1, options.segmentSize ?? 10_000)

  const stats = { compared: 0, differing: 0, leaves: 0, rowsMoved: 0 }
  const progress = { segmentsDone: 0, segmentsTotal: 0 }
  const planned = (segments: number): void => {
    progress.segmentsTotal += segments
    options.onProgress?.({ ...progress })
  }
  const checked = (): void => {
    progress.segmentsDone += 1
    options.onProgress?.({ ...progress })
  }
  const leftRows = new Map<string, LeafRow>()
  const rightRows = new Map<string, LeafRow>()
  const keyText = (row: LeafRow) => row.texts.slice(0, primaryKey.length).join('\u0000')

  let leafRowsMs = 0
  const fetchLeaf = async (range: KeyRange): Promise<void> => {
    stats.leaves += 1
    const fetchStarted = performance.now()
    const [l, r] = await Promise.all([leftSide.rows(range), rightSide.rows(range)])
    leafRowsMs += performance.now() - fetchStarted
    stats.rowsMoved += l.length + r.length
    for (const row of l) leftRows.set(keyText(row), row)
    for (const row of r) rightRows.set(keyText(row), row)
  }

  const byValue = leftSide.integerKey && rightSide.integerKey
  // `parentRows`: the larger side's rows of the range this one was cut from. A cut that leaves as many rows (text
  // keys the two servers order differently) makes no progress: such a range is fetched whole instead.
  const compareRange = async (range: KeyRange, depth: number, known?: readonly [Checksum, Checksum], parentRows = Number.POSITIVE_INFINITY): Promise<void> => {
    const [l, r] = known ?? (await Promise.all([leftSide.checksum(range), rightSide.checksum(range)]))
    if (known === undefined) stats.compared += 1
    checked()
    if (l.count === r.count && l.sum === r.sum) return
    stats.differing += 1
    const rows = Math.max(l.count, r.count)
    if (rows <= leafSize || depth >= MAX_DEPTH || rows >= parentRows) return fetchLeaf(range)
    const span = valueSpan(range)
    // Value ranges always progress (each cut narrows the span), whatever the rows' spread.
    if (byValue && span !== null && span > 1n) return splitByValue(range, depth, ceilDivide(span, BigInt(fanout)))
    const larger = l.count >= r.count ? leftSide : rightSide
    const bounds = await larger.boundaries(range, Math.ceil(rows / fanout))
    if (bounds.length === 0) return fetchLeaf(range)
    const subs = splitRange(range, bounds)
    planned(subs.length)
    await Promise.all(subs.map((sub) => compareRange(sub, depth + 1, undefined, rows)))
  }

  /** Both sides' checksums of `range` by fixed-width ranges of the first key attribute, each compared in turn. */
  const splitByValue = async (range: KeyRange, depth: number, width: bigint): Promise<void> => {
    const [l, r] = await Promise.all([leftSide.buckets(range, width), rightSide.buckets(range, width)])
    const low = range.low === null ? null : BigInt(range.low[0] as bigint)
    const high = range.high === null ? null : BigInt(range.high[0] as bigint)
    const buckets = [...new Set([...l.keys(), ...r.keys()])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    planned(buckets.length)
    await Promise.all(
      buckets.map((bucket) => {
        stats.compared += 1
        const from = low === null || bucket * width > low ? bucket * width : low
        const to = high === null || (bucket + 1n) * width < high ? (bucket + 1n) * width : high
        const sub: KeyRange = { low: [keyValue(from)], high: [keyValue(to)] }
        return compareRange(sub, depth + 1, [l.get(bucket) ?? NO_ROWS, r.get(bucket) ?? NO_ROWS])
      }),
    )
  }

  let boundariesMs = 0
  let segmentsMs = 0
  let leftTotal: number | null = null
  try {
    const t0 = performance.now()
    const whole: KeyRange = { low: null, high: null }
    if (byValue) {
      // Fixed-width ranges of the first key attribute: each side checksums all of them in one pass, independently.
      const [ls, rs] = await Promise.all([leftSide.keySpan(), rightSide.keySpan()])
      leftTotal = ls.count
      const mins = [ls.min, rs.min].filter((v): v is bigint => v !== null)
      const maxes = [ls.max, rs.max].filter((v): v is bigint => v !== null)
      boundariesMs = performance.now() - t0
      const t1 = performance.now()
      if (mins.length > 0) {
        const min = mins.reduce((a, b) => (a < b ? a : b))
        const max = maxes.reduce((a, b) => (a > b ? a : b))
        const segments = BigInt(Math.max(1, Math.ceil(Math.max(ls.count, rs.count) / segmentSize)))
        const top: KeyRange = { low: [keyValue(min)], high: [keyValue(max + 1n)] }
        await splitByValue(top, 0, ceilDivide(max + 1n - min, segments))
      }
      segmentsMs = performance.now() - t1
    } else {
      const topBounds = await leftSide.boundaries(whole, segmentSize)
      boundariesMs = performance.now() - t0
      const t1 = performance.now()
      const ranges = splitRange(whole, topBounds)
      planned(ranges.length)
      await Promise.all(ranges.map((range) => compareRange(range, 0)))
      segmentsMs = performance.now() - t1
    }
  } catch (error) {
    await Promise.all(sides.map((side) => side.runner.settle()))
    throw error
  }

  // Leaves were fetched during the descent. A key found in one side's leaves only is looked up on the other side:
  // servers that order text keys differently (collations) do not cut key ranges alike, so it may sit elsewhere there.
  const matchStarted = performance.now()
  let leftCount: number
  try {
    const missingRight = [...leftRows].filter(([key]) => !rightRows.has(key)).map(([, row]) => row.key)
    const missingLeft = [...rightRows].filter(([key]) => !leftRows.has(key)).map(([, row]) => row.key)
    const [foundRight, foundLeft, count] = await Promise.all([
      missingRight.length === 0 ? [] : rightSide.rowsWithKeys(missingRight),
      missingLeft.length === 0 ? [] : leftSide.rowsWithKeys(missingLeft),
      leftTotal ?? leftSide.count(),
    ])
    stats.rowsMoved += foundRight.length + foundLeft.length
    for (const row of foundRight) rightRows.set(keyText(row), row)
    for (const row of foundLeft) leftRows.set(keyText(row), row)
    leftCount = count
  } catch (error) {
    await Promise.all(sides.map((side) => side.runner.settle()))
    throw error
  }
  const onlyLeft: RowKey[] = []
  const onlyRight: RowKey[] = []
  const changed: ChangedRow[] = []
  const keyObject = (row: LeafRow): RowKey => Object.fromEntries(primaryKey.map((name, i) => [name, row.key[i]]))
  const width = primaryKey.length
  for (const [key, row] of leftRows) {
    const other = rightRows.get(key)
    if (other === undefined) {
      onlyLeft.push(keyObject(row))
      continue
    }
    const changes: AttributeChange[] = []
    compared.forEach((name, i) => {
      const a = row.texts[width + i] ?? null
      const b = other.texts[width + i] ?? null
      if (a === b) return
      const attribute = leftAttributes[i] as Attribute
      if (a !== null && b !== null && isJson(attribute) && normalJson(a) === normalJson(b)) return
      if (attribute.category === 'float' && options.floatTolerance !== undefined && withinTolerance(row.values[i], other.values[i], options.floatTolerance)) return
      changes.push({ name, left: row.values[i], right: other.values[i] })
    })
    if (changes.length > 0) changed.push({ key: keyObject(row), attributes: changes })
  }
  for (const [key, row] of rightRows) if (!leftRows.has(key)) onlyRight.push(keyObject(row))
  const compareKeys = (a: RowKey, b: RowKey): number => {
    for (const name of primaryKey) {
      const order = compareValues(a[name], b[name])
      if (order !== 0) return order
    }
    return 0
  }
  onlyLeft.sort(compareKeys)
  onlyRight.sort(compareKeys)
  changed.sort((a, b) => compareKeys(a.key, b.key))
  const matchMs = performance.now() - matchStarted
  return {
    primaryKey,
    compared,
    attributesOnlyLeft: [...secondaryLeft].filter((name) => !secondaryRight.has(name)),
    attributesOnlyRight: [...secondaryRight].filter((name) => !secondaryLeft.has(name)),
    counts: { onlyLeft: onlyLeft.length, onlyRight: onlyRight.length, changed: changed.length, equal: leftCount - onlyLeft.length - changed.length },
    rowsMoved: stats.rowsMoved,
    segments: { compared: stats.compared, differing: stats.differing, leaves: stats.leaves },
    statements: { left: leftSide.runner.statements, right: rightSide.runner.statements },
    phases: { boundaries: boundariesMs, segments: segmentsMs, leafRows: leafRowsMs, match: matchMs, total: performance.now() - started },
    onlyLeft,
    onlyRight,
    changed,
  }
}

/** Numbers (and bigints) by value, anything else by its text: the order the differences are listed in. */
function compareValues(x: unknown, y: unknown): number {
  if (x === y) return 0
  const numeric = (v: unknown) => typeof v === 'number' || typeof v === 'bigint'
  if (numeric(x) && numeric(y)) return (x as number) < (y as number) ? -1 : 1
  const a = String(x)
  const b = String(y)
  return a === b ? 0 : a < b ? -1 : 1
}

const NO_ROWS: Checksum = { count: 0, sum: '0' }

function ceilDivide(a: bigint, b: bigint): bigint {
  return (a + b - 1n) / b
}

/** A whole number as a key value: a number where it is exact, else a bigint. */
function keyValue(value: bigint): number | bigint {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value
}

/** How many first-attribute values a range of fixed-width value bounds spans; null for ranges between keys. */
function valueSpan(range: KeyRange): bigint | null {
  if (range.low === null || range.high === null || range.low.length !== 1 || range.high.length !== 1) return null
  const [low] = range.low
  const [high] = range.high
  if ((typeof low !== 'number' && typeof low !== 'bigint') || (typeof high !== 'number' && typeof high !== 'bigint')) return null
  return BigInt(high) - BigInt(low)
}

/** `range` cut at `bounds` (ascending keys inside it). */
function splitRange(range: KeyRange, bounds: readonly (readonly unknown[])[]): KeyRange[] {
  const ranges: KeyRange[] = []
  let low = range.low
  for (const bound of bounds) {
    ranges.push({ low, high: bound })
    low = bound
  }
  ranges.push({ low, high: range.high })
  return ranges
}
