// Point-and-click data entry: a master's rows with its part rows inserted in one transaction, pages of a parent's
// rows for the foreign-key pickers (searched and paged on the server), update1 of one row, and a cascade delete
// that commits only what its preview showed. Refusals name the table, row and attribute they belong to, so the form
// can mark the field and keep what was typed.

import {
  afterKey,
  attributeLiteral,
  DataJointError,
  Diagram,
  isDataJointError,
  KEY_ORDER,
  restrictedTableOf,
  Table,
  type Attribute,
  type Condition,
  type Instance,
  type QueryExpr,
  type TableInfo,
} from '../../src/index'
import type { Handlers } from './handlers'
import type { RunningQueries } from './query'
import type { TabRegistry } from './tabs'
import { toEngineRow, type EntryValue } from './entry-values'
import { toWireAttribute, toWireRows } from './wire-values'

/** Secondary attributes a picker shows (and searches) beside the parent's primary key. */
const PICKER_SECONDARY = 2
/** Keys looked up per statement when finding which rows a failed insert refers to. */
const DIAGNOSE_BATCH = 500

type EntryRow = Readonly<Record<string, EntryValue>>

export async function definedTable(instance: Instance, schema: string, table: string): Promise<TableInfo> {
  const info = await instance.tableInfo(schema, table)
  if (info.tier === null) throw new DataJointError('MISSING_TABLE', `The table \`${schema}\`.\`${table}\` is not defined.`, { table })
  return info
}

export function visibleAttributes(info: TableInfo): Map<string, Attribute> {
  return new Map(info.attributes.filter((a) => !a.hidden).map((a) => [a.name, a]))
}

/** The error with the table it belongs to, so a master-and-parts form can tell which grid holds the field. */
function inTable(error: unknown, table: string): unknown {
  if (!(error instanceof DataJointError) || error.details.table !== undefined) return error
  return new DataJointError(error.code, error.message, { ...error.details, table }, { cause: error })
}

function keyMatch(attributes: readonly Attribute[], names: readonly string[], row: Readonly<Record<string, unknown>>): Condition {
  return { kind: 'match', values: Object.fromEntries(attributes.map((a, i) => [a.name, attributeLiteral(a, row[names[i] as string])])) }
}

function keyText(names: readonly string[], row: Readonly<Record<string, unknown>>): string {
  return JSON.stringify(names.map((name) => String(row[name] as string)))
}

/** Rows (of `keys`, in `names` order) that exist in `table`, looked up in batches; key text of each found row. */
async function existingKeys(instance: Instance, info: TableInfo, attributes: readonly Attribute[], names: readonly string[], rows: readonly Record<string, unknown>[]): Promise<Set<string>> {
  const found = new Set<string>()
  const own = attributes.map((a) => a.name)
  for (let start = 0; start < rows.length; start += DIAGNOSE_BATCH) {
    const batch = rows.slice(start, start + DIAGNOSE_BATCH)
    const expr: QueryExpr = {
      kind: 'restrict',
      input: { kind: 'proj', input: { kind: 'table', schema: info.schema, table: info.table }, keepAll: false, keep: own, exclude: [], rename: {}, compute: {} },
      condition: { kind: 'or', conditions: batch.map((row) => keyMatch(attributes, names, row)) },
      semanticCheck: false,
    }
    for (const row of await instance.pipeline.fetchDicts(expr)) found.add(keyText(own, row))
  }
  return found
}

/**
 * After a DUPLICATE or INTEGRITY refusal the server may name no column (PostgreSQL's messages, a batch of
 * thousands of rows): find the first row whose key is taken or whose parent is missing, with the attribute to mark.
 * Foreign keys to `pending` tables (the master inserted in the same call, now rolled back) are not checked.
 */
async function locate(instance: Instance, info: TableInfo, rows: readonly Record<string, unknown>[], error: DataJointError, pending: ReadonlySet<string>): Promise<DataJointError> {
  if (error.details.attribute !== undefined && error.details.row !== undefined) return error
  const byName = visibleAttributes(info)
  const table = info.table
  const at = (row: number, attribute: string, message: string) =>
    new DataJointError(error.code, message, { ...error.details, table, row, attribute }, { cause: error })
  if (error.code === 'DUPLICATE') {
    const key = info.primaryKey.filter((name) => byName.has(name))
    const attributes = key.map((name) => byName.get(name) as Attribute)
    const seen = new Map<string, number>()
    for (const [index, row] of rows.entries()) {
      const text = keyText(key, row)
      const first = seen.get(text)
      if (first !== undefined) return at(index, key.at(-1) ?? '', `Rows ${first + 1} and ${index + 1} have the same primary key.`)
      seen.set(text, index)
    }
    const taken = await existingKeys(instance, info, attributes, key, rows)
    const index = rows.findIndex((row) => taken.has(keyText(key, row)))
    if (index >= 0) return at(index, key.at(-1) ?? '', `A row with this primary key already exists in ${info.className}.`)
    return error
  }
  if (error.code === 'INTEGRITY') {
    for (const fk of info.foreignKeys) {
      if (pending.has(`${fk.parentSchema}.${fk.parentTable}`)) continue
      const given = rows.filter((row) => fk.attributes.every((name) => row[name] !== null && row[name] !== undefined))
      if (given.length === 0) continue
      const parent = await instance.tableInfo(fk.parentSchema, fk.parentTable)
      const parentByName = visibleAttributes(parent)
      const parentAttributes = fk.parentAttributes.map((name) => parentByName.get(name) as Attribute)
      const present = await existingKeys(instance, parent, parentAttributes, fk.attributes, given)
      const index = rows.findIndex((row) => given.includes(row) && !present.has(keyText(fk.attributes, row)))
      if (index >= 0) return at(index, fk.attributes[0] ?? '', `There is no ${parent.className} row with this key: insert the parent first.`)
    }
  }
  return error
}

export interface PartRows {
  readonly table: string
  readonly rows: readonly EntryRow[]
}

export interface InsertRequest {
  readonly schema: string
  readonly table: string
  readonly rows: readonly EntryRow[]
  readonly parts: readonly PartRows[]
  readonly skipDuplicates: boolean
  readonly allowDirectInsert: boolean
}

/**
 * Inserts a master's rows and its parts' rows in one transaction: every value checked first, nothing written
 * unless all of it is. With exactly one master row, the part rows take the master's key from it.
 */
export async function insertEntry(instance: Instance, request: InsertRequest): Promise<Record<string, number>> {
  const master = await definedTable(instance, request.schema, request.table)
  const masterByName = visibleAttributes(master)
  const masterRows = request.rows.map((row, index) => {
    try {
      return toEngineRow(masterByName, row, index, instance.dialect)
    } catch (error) {
      throw inTable(error, master.table)
    }
  })
  const parts: { info: TableInfo; rows: Record<string, unknown>[] }[] = []
  for (const part of request.parts) {
    const info = await definedTable(instance, request.schema, part.table)
    if (info.master !== master.table) {
      throw new DataJointError('INVALID_INPUT', `${info.className} is not a part table of ${master.className}.`, { table: part.table })
    }
    const byName = visibleAttributes(info)
    const only = masterRows.length === 1 ? masterRows[0] : undefined
    const rows = part.rows.map((row, index) => {
      try {
        const values = toEngineRow(byName, row, index, instance.dialect)
        if (only !== undefined) for (const name of master.primaryKey) if (byName.has(name) && !(name in row)) values[name] = only[name] ?? null
        return values
      } catch (error) {
        throw inTable(error, info.table)
      }
    })
    if (rows.length > 0) parts.push({ info, rows })
  }
  const options = { skipDuplicates: request.skipDuplicates, allowDirectInsert: request.allowDirectInsert }
  const inserted: Record<string, number> = {}
  let current: { info: TableInfo; rows: readonly Record<string, unknown>[] } = { info: master, rows: masterRows }
  try {
    await instance.transaction(async () => {
      inserted[master.table] = await new Table(instance, master.schema, master.table).insert(masterRows, options)
      for (const part of parts) {
        current = part
        inserted[part.info.table] = await new Table(instance, part.info.schema, part.info.table).insert(part.rows, options)
      }
    })
  } catch (error) {
    const located =
      isDataJointError(error, 'DUPLICATE') || isDataJointError(error, 'INTEGRITY')
        ? await locate(instance, current.info, current.rows, error, new Set([`${master.schema}.${master.table}`])).catch(() => error)
        : error
    throw inTable(located, current.info.table)
  }
  return inserted
}

export interface ParentPageRequest {
  readonly schema: string
  readonly table: string
  readonly search: string
  /** The primary key of the last row of the previous page (keyset paging), or null for the first page. */
  readonly after: Readonly<Record<string, string | number | boolean | null>> | null
  readonly limit: number
  /** An earlier complete search and the keys of every row it matched (see `entry.parentPage`). */
  readonly narrow?: { readonly search: string; readonly keys: readonly Readonly<Record<string, string | number | boolean | null>>[] } | null | undefined
}

const SEARCHABLE = new Set(['string', 'enum', 'integer', 'decimal', 'float', 'date', 'datetime', 'uuid'])

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`)
}

/** What a picker's search text matches in one attribute, or null where it cannot match. */
function searchCondition(attribute: Attribute, text: string): Condition | null {
  const operand = { kind: 'attr', name: attribute.name } as const
  switch (attribute.category) {
    case 'string':
      return {
        kind: 'like',
        ...(text.toLowerCase() === text.toUpperCase()
          ? // Text with no letters (an id, a date) matches alike by bytes: no lower() on each row, and on MariaDB no
            // collation either, when the search finds few rows and reads the whole table.
            { operand, bytewise: true }
          : { operand: { kind: 'fn', name: 'lower', args: [operand], distinct: false, star: false, separator: null } }),
        pattern: { kind: 'lit', type: 'string', value: `%${escapeLike(text.toLowerCase())}%` },
        negated: false,
      }
    case 'enum':
      return attribute.enumValues?.includes(text) === true ? { kind: 'match', values: { [attribute.name]: { kind: 'lit', type: 'string', value: text } } } : null
    case 'integer':
      return /^-?\d{1,18}$/.test(text) ? { kind: 'match', values: { [attribute.name]: attributeLiteral(attribute, text) } } : null
    case 'decimal':
    case 'float':
      return /^-?\d+(\.\d+)?$/.test(text) ? { kind: 'match', values: { [attribute.name]: attributeLiteral(attribute, text) } } : null
    case 'date':
      return /^\d{4}-\d\d-\d\d$/.test(text) ? { kind: 'match', values: { [attribute.name]: attributeLiteral(attribute, text) } } : null
    case 'uuid':
      return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text) ? { kind: 'match', values: { [attribute.name]: attributeLiteral(attribute, text) } } : null
    default:
      return null
  }
}

/** One of these rows, by their whole primary key (no rows: nothing). */
function keysCondition(key: readonly Attribute[], rows: readonly Readonly<Record<string, unknown>>[]): Condition {
  if (rows.length === 0) return { kind: 'const', value: false }
  return {
    kind: 'or',
    conditions: rows.map((row): Condition => ({ kind: 'match', values: Object.fromEntries(key.map((attribute) => [attribute.name, attributeLiteral(attribute, row[attribute.name])])) })),
  }
}

/** A page of a parent's rows for a foreign-key picker: its primary key and first secondary attributes, in key order. */
export async function parentPage(instance: Instance, request: ParentPageRequest) {
  const info = await definedTable(instance, request.schema, request.table)
  const visible = info.attributes.filter((a) => !a.hidden)
  const key = visible.filter((a) => a.inKey)
  const secondary = visible.filter((a) => !a.inKey && SEARCHABLE.has(a.category)).slice(0, PICKER_SECONDARY)
  const shown = [...key, ...secondary]
  const conditions: Condition[] = []
  const text = request.search.trim()
  if (text !== '') {
    // Text contained in a longer search matches only rows the shorter one matched: with every one of those at hand,
    // the longer search's text matches are looked up among them by key. Exact matches (numbers, dates, uuids) are
    // not narrowed: a row matching exactly may not have contained the shorter text.
    const narrow = request.narrow
    const within =
      narrow !== null && narrow !== undefined && narrow.search.trim() !== '' && text.toLowerCase().includes(narrow.search.trim().toLowerCase())
        ? keysCondition(key, narrow.keys)
        : null
    const matches = shown.flatMap((a): Condition[] => {
      const condition = searchCondition(a, text)
      if (condition === null) return []
      return [within !== null && condition.kind === 'like' ? { kind: 'and', conditions: [within, condition] } : condition]
    })
    conditions.push(matches.length === 0 ? { kind: 'const', value: false } : { kind: 'or', conditions: matches })
  }
  if (request.after !== null) {
    const after = request.after
    conditions.push(afterKey(key.map((attribute) => ({ attribute, descending: false })), key.map((attribute) => after[attribute.name])))
  }
  let expr: QueryExpr = {
    kind: 'proj',
    input: { kind: 'table', schema: info.schema, table: info.table },
    keepAll: false,
    keep: secondary.map((a) => a.name),
    exclude: [],
    rename: {},
    compute: {},
  }
  if (conditions.length > 0) expr = { kind: 'restrict', input: expr, condition: { kind: 'and', conditions }, semanticCheck: false }
  await instance.pipeline.load(expr)
  // One row beyond the page says whether there is a next one without counting a million rows.
  const result = await instance.pipeline.fetchRaw(expr, { orderBy: KEY_ORDER, limit: request.limit + 1 })
  const rows = toWireRows(result.heading.attributes, result.decoders, result.rows)
  return {
    attributes: result.heading.attributes.map(toWireAttribute),
    primaryKey: key.map((a) => a.name),
    rows: rows.slice(0, request.limit),
    hasMore: rows.length > request.limit,
  }
}

/** DataJoint's update1 of one row's secondary attributes, the row found by its whole primary key. */
export async function updateEntry(instance: Instance, schema: string, table: string, row: EntryRow): Promise<void> {
  const info = await definedTable(instance, schema, table)
  const byName = visibleAttributes(info)
  const values = toEngineRow(byName, row, 0, instance.dialect)
  // An emptied field of update1 means its default, as the engine's null does.
  await new Table(instance, schema, table).update1(values)
}

export interface DeleteRequest {
  readonly expr: QueryExpr
  readonly partIntegrity: 'enforce' | 'ignore' | 'cascade'
  /** The total the confirmed preview showed; the delete is refused (nothing deleted) when the rows changed since. */
  readonly expectedTotal: number
}

/** A cascade delete in one transaction, refused when it would remove other rows than the preview counted. */
export async function deleteEntry(instance: Instance, request: DeleteRequest): Promise<{ counts: Record<string, number>; total: number }> {
  const { schema, table } = restrictedTableOf(request.expr)
  await definedTable(instance, schema, table)
  const target = new Table(instance, schema, table, request.expr)
  return instance.transaction(async () => {
    const counts = await (await Diagram.cascade(target, { partIntegrity: request.partIntegrity })).counts()
    const total = Object.values(counts).reduce((sum, n) => sum + n, 0)
    if (total !== request.expectedTotal) {
      throw new DataJointError(
        'INVALID_INPUT',
        `The rows changed since the preview: the delete would now remove ${total} rows, not ${request.expectedTotal}. Nothing was deleted; preview again.`,
        { table },
      )
    }
    await target.delete({ prompt: false, partIntegrity: request.partIntegrity })
    return { counts, total }
  })
}

export function dataEntryHandlers(tabs: TabRegistry, running: RunningQueries) {
  return {
    // The plain insert of rows, now the form insert without parts (the same checks, the same errors).
    'table.insert': ({ tabId, schema, table, rows, skipDuplicates }) =>
      tabs.use(tabId, async (instance) => {
        const inserted = await insertEntry(instance, { schema, table, rows, parts: [], skipDuplicates: skipDuplicates ?? false, allowDirectInsert: false })
        return { inserted: inserted[table] ?? 0 }
      }),
    'entry.insert': ({ tabId, schema, table, rows, parts, skipDuplicates, allowDirectInsert }) =>
      tabs.use(tabId, async (instance) => ({
        inserted: await insertEntry(instance, { schema, table, rows, parts, skipDuplicates: skipDuplicates ?? false, allowDirectInsert: allowDirectInsert ?? false }),
      })),
    'entry.parentPage': ({ tabId, schema, table, search, after, limit, narrow, requestId }) =>
      tabs.use(tabId, (instance) => {
        const page = () => parentPage(instance, { schema, table, search, after, limit, narrow })
        return requestId === undefined ? page() : running.track(tabId, requestId, instance, page)
      }),
    'entry.update': ({ tabId, schema, table, row }) =>
      tabs.use(tabId, async (instance) => {
        await updateEntry(instance, schema, table, row)
        return {}
      }),
    'entry.delete': ({ tabId, expr, partIntegrity, expectedTotal }) => tabs.use(tabId, (instance) => deleteEntry(instance, { expr, partIntegrity, expectedTotal })),
  } satisfies Partial<Handlers>
}
