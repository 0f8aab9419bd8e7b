// Table naming: class name <-> SQL table name, tier prefixes and their recognition. The only module that
// knows the on-disk prefixes ("", "#", "_", "__", master "__" part, "~" hidden); everyone else asks it.

import { DataJointError } from '../errors/datajoint-error'
import type { Tier } from '../heading/table-info'

/** DataJoint's snake_case word, the body of every user table name. */
const BASE = '[a-z][a-z0-9]*(?:_[a-z][a-z0-9]*)*'

const PREFIX: Readonly<Record<Exclude<Tier, 'part'>, string>> = {
  manual: '',
  lookup: '#',
  imported: '_',
  computed: '__',
}

const MASTER_PATTERN = `(?:${BASE}|#${BASE}|_${BASE}|__${BASE})`

/** Full-match recognition of a SQL table name per tier (DataJoint Python's `user_tables.py`). */
export const TIER_PATTERNS: Readonly<Record<Tier, RegExp>> = {
  manual: new RegExp(`^${BASE}$`),
  lookup: new RegExp(`^#${BASE}$`),
  imported: new RegExp(`^_${BASE}$`),
  computed: new RegExp(`^__${BASE}$`),
  part: new RegExp(`^(${MASTER_PATTERN})__(${BASE})$`),
}

/** Longest table name each backend accepts (MySQL 64, PostgreSQL 63). */
export const MAX_TABLE_NAME_LENGTH = { mysql: 64, postgresql: 63 } as const

const CLASS_NAME = /^[A-Z][A-Za-z0-9]*$/

/**
 * DataJoint's `from_camel_case`: the first letter is lower-cased, every later capital becomes `_` + lower case.
 * Underscores are removed first (Python warns about them; see `checkClassName`). Throws for names that are not
 * CamelCase after that.
 */
export function fromCamelCase(name: string): string {
  const cleaned = name.replaceAll('_', '')
  if (!CLASS_NAME.test(cleaned)) {
    throw new DataJointError('INVALID_DEFINITION', 'ClassName must be alphanumeric in CamelCase, begin with a capital letter')
  }
  return cleaned.replace(/[A-Z]/g, (letter, offset: number) => (offset === 0 ? '' : '_') + letter.toLowerCase())
}

/**
 * DataJoint's `to_camel_case`: drops leading non-letters and upper-cases the letter after each run of
 * underscores or other non-word characters (`#species` → `Species`, `session__trial` → `SessionTrial`).
 */
export function toCamelCase(name: string): string {
  return name.replace(/(?:^|[_\W])+[a-zA-Z]/g, (run) => run.slice(-1).toUpperCase())
}

/**
 * Validates a table class name the way `Table.declare` does. Returns the warnings Python would emit
 * (underscores are accepted and removed, with a warning).
 */
export function checkClassName(className: string): { readonly warnings: readonly string[] } {
  const warnings: string[] = []
  if (className.includes('_')) {
    warnings.push(
      `Table class name \`${className}\` contains underscores. CamelCase names without underscores are recommended.`,
    )
  }
  if (!CLASS_NAME.test(className.replaceAll('_', ''))) {
    throw new DataJointError(
      'INVALID_DEFINITION',
      `Table class name \`${className}\` is invalid. Class names must be in CamelCase, starting with a capital letter.`,
    )
  }
  return { warnings }
}

/**
 * SQL table name of a class. For a part, `master` is the master's SQL table name (`session`, `#look`, `__comp`).
 * @example tableNameOf('SessionStats', 'computed') // '__session_stats'
 * @example tableNameOf('Trial', 'part', 'session') // 'session__trial'
 */
export function tableNameOf(className: string, tier: Tier, master?: string): string {
  const snake = fromCamelCase(className)
  if (tier === 'part') {
    if (master === undefined || parseTableName(master)?.tier === 'part' || parseTableName(master) === null) {
      throw new DataJointError('INVALID_DEFINITION', `Part table ${className} needs the SQL name of a master table`)
    }
    return `${master}__${snake}`
  }
  return PREFIX[tier] + snake
}

export interface ParsedTableName {
  readonly tier: Tier
  /** The class name (for a part, the part's own class name, e.g. `Trial`). */
  readonly className: string
  /** SQL name of the master table, for parts. */
  readonly master: string | null
  /** snake_case name of the part (`trial`), for parts. */
  readonly partName: string | null
}

/**
 * Recognises a SQL table name. Parts are tested last, as in DataJoint: the master is the text before the last
 * `__` that has a non-empty word before it. Returns null for names outside DataJoint's naming, including hidden
 * `~` tables, jobs tables and upper-case names.
 */
export function parseTableName(table: string): ParsedTableName | null {
  for (const tier of ['manual', 'lookup', 'computed', 'imported'] as const) {
    if (TIER_PATTERNS[tier].test(table)) {
      return { tier, className: toCamelCase(table), master: null, partName: null }
    }
  }
  const part = TIER_PATTERNS.part.exec(table)
  if (part === null) return null
  const master = part[1] ?? ''
  const partName = part[2] ?? ''
  return { tier: 'part', className: toCamelCase(partName), master, partName }
}

/** True for DataJoint's hidden tables (`~lineage`, `~~jobs`, legacy `~log`), which are never user tables. */
export function isHiddenTableName(table: string): boolean {
  return table.startsWith('~')
}

/** Throws Python's error when a table name is too long for the backend. */
export function assertTableNameLength(table: string, backend: keyof typeof MAX_TABLE_NAME_LENGTH): void {
  const max = MAX_TABLE_NAME_LENGTH[backend]
  if (table.length > max) {
    throw new DataJointError('INVALID_DEFINITION', `Table name \`${table}\` exceeds the max length of ${max}`)
  }
}

/**
 * Whether a table receives the hidden job-metadata columns: DataJoint tests the SQL name, so Computed tables
 * (`__x`) and Imported tables *and their parts* (`_x`, `_x__p`) qualify, parts of Computed tables do not.
 */
export function receivesJobMetadata(table: string): boolean {
  const isComputed = table.startsWith('__') && !table.slice(2).includes('__')
  const isImported = table.startsWith('_') && !table.startsWith('__')
  return isComputed || isImported
}

/** Name of the jobs table of an auto-populated table (`__filter` → `~~filter`). */
export function jobsTableNameOf(table: string): string {
  return `~~${table.replace(/^_+/, '')}`
}
