// The pending-changes panel's service: staged edits (update1) and deletes committed in one transaction, in the
// order they were staged — all of them or none — and printed as the DataJoint Python or TypeScript that would make
// the same changes. A refusal names the change it belongs to, so the panel can mark it and keep the list.

import {
  attributeLiteral,
  changesToPython,
  changesToTypeScript,
  DataJointError,
  Diagram,
  restrictedTableOf,
  Table,
  type ChangeCode,
  type Instance,
  type Literal,
  type TableInfo,
} from '../../src/index'
import type { StagedChange } from '../ipc/contract'
import type { Handlers } from './handlers'
import type { TabRegistry } from './tabs'
import { definedTable, visibleAttributes } from './data-entry'
import { toEngineRow } from './entry-values'

type Prepared =
  | { readonly kind: 'update'; readonly info: TableInfo; readonly values: Record<string, unknown>; readonly typed: StagedChange & { kind: 'update' } }
  | { readonly kind: 'delete'; readonly info: TableInfo; readonly change: StagedChange & { kind: 'delete' } }

/** What a change is, in words, for a refusal: "edit of Subject", "delete from Subject". */
function describe(prepared: Prepared | null, change: StagedChange): string {
  const name = prepared?.info.className ?? (change.kind === 'update' ? change.table : restrictedTableOf(change.expr).table)
  return change.kind === 'update' ? `edit of ${name}` : `delete from ${name}`
}

/** The refusal with the change it belongs to: `details.change` is its index; the message says which one. */
function atChange(error: unknown, index: number, count: number, prepared: Prepared | null, change: StagedChange): unknown {
  if (!(error instanceof DataJointError)) return error
  const message = `Change ${index + 1} of ${count} (${describe(prepared, change)}) failed: ${error.message}`
  return new DataJointError(error.code, message, { ...error.details, change: index }, { cause: error })
}

async function prepare(instance: Instance, change: StagedChange): Promise<Prepared> {
  if (change.kind === 'update') {
    const info = await definedTable(instance, change.schema, change.table)
    const values = toEngineRow(visibleAttributes(info), change.row, 0, instance.dialect)
    const missing = info.primaryKey.filter((name) => values[name] === null || values[name] === undefined)
    if (missing.length > 0) throw new DataJointError('INVALID_INPUT', `An edit names its row by the whole primary key; \`${missing.join('`, `')}\` is missing.`, { table: info.table })
    return { kind: 'update', info, values, typed: change }
  }
  const { schema, table } = restrictedTableOf(change.expr)
  return { kind: 'delete', info: await definedTable(instance, schema, table), change }
}

const rowsText = (n: number): string => `${n.toLocaleString('en-US')} ${n === 1 ? 'row' : 'rows'}`

/** Runs one prepared change inside the open transaction; the rows it changed. */
async function apply(instance: Instance, prepared: Prepared): Promise<number> {
  const { info } = prepared
  if (prepared.kind === 'update') {
    await new Table(instance, info.schema, info.table).update1(prepared.values)
    return 1
  }
  const { change } = prepared
  const target = new Table(instance, info.schema, info.table, change.expr)
  const counts = await (await Diagram.cascade(target, { partIntegrity: change.partIntegrity })).counts()
  const total = Object.values(counts).reduce((sum, n) => sum + n, 0)
  if (total !== change.expectedTotal) {
    throw new DataJointError(
      'INVALID_INPUT',
      `the delete would now remove ${rowsText(total)}, not the ${rowsText(change.expectedTotal)} its preview counted (the rows changed since, or an earlier change took some). Undo it and stage it again.`,
      { table: info.table },
    )
  }
  await target.delete({ prompt: false, partIntegrity: change.partIntegrity })
  return total
}

/**
 * Commits the changes in one transaction, in order. Every edit's values are checked before anything is sent; any
 * refusal, lost connection or changed cascade count rolls all of them back and names the change.
 */
export async function commitChanges(instance: Instance, changes: readonly StagedChange[]): Promise<number[]> {
  const prepared: Prepared[] = []
  for (const [index, change] of changes.entries()) {
    try {
      prepared.push(await prepare(instance, change))
    } catch (error) {
      throw atChange(error, index, changes.length, null, change)
    }
  }
  return instance.transaction(async () => {
    const rows: number[] = []
    for (const [index, change] of prepared.entries()) {
      try {
        rows.push(await apply(instance, change))
      } catch (error) {
        throw atChange(error, index, changes.length, change, changes[index] as StagedChange)
      }
    }
    return rows
  })
}

/** An edit's value as a code literal: typed as its attribute (json and `<blob>` text as the value it spells). */
function codeLiteral(info: TableInfo, name: string, text: string | number | boolean | null, value: unknown): Literal {
  const attribute = visibleAttributes(info).get(name)
  if (attribute === undefined || value === null || value === undefined) return { kind: 'lit', type: 'null' }
  if ((attribute.category === 'json' || attribute.category === 'codec') && typeof text === 'string') return { kind: 'lit', type: 'json', value: text }
  return attributeLiteral(attribute, value)
}

/** The changes as code that makes them: DataJoint Python 2.2, or this engine's TypeScript. */
export async function changesCode(instance: Instance, changes: readonly StagedChange[], language: 'python' | 'typescript'): Promise<string> {
  const codes: ChangeCode[] = []
  for (const [index, change] of changes.entries()) {
    let prepared: Prepared
    try {
      prepared = await prepare(instance, change)
    } catch (error) {
      throw atChange(error, index, changes.length, null, change)
    }
    if (prepared.kind === 'update') {
      const { info, values, typed } = prepared
      codes.push({
        kind: 'update',
        schema: info.schema,
        table: info.table,
        values: Object.fromEntries(Object.keys(values).map((name) => [name, codeLiteral(info, name, typed.row[name] ?? null, values[name])])),
      })
    } else {
      codes.push({ kind: 'delete', expr: prepared.change.expr, partIntegrity: prepared.change.partIntegrity })
    }
  }
  return language === 'python' ? changesToPython(codes, { backend: instance.dialect.backend }) : changesToTypeScript(codes)
}

export function pendingChangesHandlers(tabs: TabRegistry) {
  return {
    'entry.commit': ({ tabId, changes }) => tabs.use(tabId, async (instance) => ({ rows: await commitChanges(instance, changes) })),
    'entry.changesCode': ({ tabId, changes, language }) => tabs.use(tabId, async (instance) => ({ text: await changesCode(instance, changes, language) })),
  } satisfies Partial<Handlers>
}
