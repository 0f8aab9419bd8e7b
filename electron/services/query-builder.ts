// The query builder's main-process side: each step's heading, its namesake matches (DataJoint's semantic check,
// attribute by attribute) and its typed error, all from the expression tree without running anything; and the
// saved queries and run history of each connection profile, as one JSON file per profile in the data folder.

import { join } from 'node:path'
import { z } from 'zod'
import { toWire, type Instance, type QueryExpr } from '../../src/index'
import { QueryHistoryEntrySchema, SavedQuerySchema, type Output, type ParsedInput } from '../ipc/contract'
import { readJsonFile, writeJsonFile } from '../vault/json-file'
import type { Handlers } from './handlers'
import type { TabRegistry } from './tabs'
import { toWireAttribute } from './wire-values'

/** How many runs the history keeps per profile (the newest first). */
export const HISTORY_LIMIT = 200

type StepCheck = Output<'query.check'>[number]
type StepInput = ParsedInput<'query.check'>['steps'][number]
type Match = StepCheck['matches'][number]

/** The namesake attributes of two operands and whether DataJoint's semantic check lets each one match. */
async function namesakes(instance: Instance, left: QueryExpr, right: QueryExpr): Promise<Match[]> {
  try {
    await instance.pipeline.load(left)
    await instance.pipeline.load(right)
    const a = instance.pipeline.resolve(left)
    const b = instance.pipeline.resolve(right)
    // Without `~lineage` on either side DataJoint matches every namesake (and warns).
    const checked = a.lineageAvailable && b.lineageAvailable
    return a.heading.attributes
      .filter((attribute) => b.heading.has(attribute.name))
      .map((attribute) => {
        const leftLineage = attribute.lineage
        const rightLineage = b.heading.require(attribute.name).lineage
        const matches = !checked || (leftLineage !== null && leftLineage === rightLineage)
        return { name: attribute.name, leftLineage, rightLineage, matches }
      })
  } catch {
    // An operand that does not resolve has its own error at its own step.
    return []
  }
}

async function checkStep(instance: Instance, step: StepInput): Promise<StepCheck> {
  const matches = step.operands === null ? [] : await namesakes(instance, step.operands.left, step.operands.right)
  try {
    await instance.pipeline.load(step.expr)
    const { heading } = instance.pipeline.resolve(step.expr)
    return { attributes: heading.attributes.map(toWireAttribute), primaryKey: heading.primaryKey, matches, error: null }
  } catch (error) {
    return { attributes: [], primaryKey: [], matches, error: wireError(error) }
  }
}

/** DataJoint's error as the contract carries it (its details as a plain record). */
function wireError(error: unknown): StepCheck['error'] {
  const { code, message, details } = toWire(error)
  return { code, message, details: { ...details } }
}

const QueryFileSchema = z.strictObject({ saved: z.array(SavedQuerySchema), history: z.array(QueryHistoryEntrySchema) })
type SavedQuery = z.output<typeof SavedQuerySchema>
type QueryFile = z.output<typeof QueryFileSchema>

/** Saved queries and history per connection profile: `queries/<profile id>.json` in the data folder. */
export class QueryStore {
  readonly #dir: string
  /** Writes to one file happen one after another: a read-modify-write never loses a concurrent one. */
  readonly #queue = new Map<string, Promise<unknown>>()

  constructor(dataDir: string) {
    this.#dir = join(dataDir, 'queries')
  }

  read(profile: string): Promise<QueryFile> {
    return readJsonFile(this.#file(profile), QueryFileSchema, { saved: [], history: [] })
  }

  update<T>(profile: string, change: (file: QueryFile) => { file: QueryFile; result: T }): Promise<T> {
    const file = this.#file(profile)
    const previous = this.#queue.get(file) ?? Promise.resolve()
    const next = previous.then(async () => {
      const { file: changed, result } = change(await this.read(profile))
      await writeJsonFile(file, changed)
      return result
    })
    this.#queue.set(
      file,
      next.catch(() => undefined),
    )
    return next
  }

  #file(profile: string): string {
    return join(this.#dir, `${profile}.json`)
  }
}

function newId(): string {
  return `q${Date.now().toString(36)}${Math.floor(Math.random() * 1e9).toString(36)}`
}

export function queryBuilderHandlers(tabs: TabRegistry, store: QueryStore) {
  // Tab ids and profile ids are both `Id`s (letters, digits, `_`, `-`): safe as file names. The Demo lab has no
  // profile; its queries live under `demo`.
  const profileOf = (tabId: string): string => tabs.tab(tabId).profileId ?? 'demo'
  return {
    'query.check': ({ tabId, steps }) =>
      tabs.use(tabId, async (instance) => {
        const results: StepCheck[] = []
        for (const step of steps) results.push(await checkStep(instance, step))
        return results
      }),
    'savedQueries.list': async ({ tabId }) => (await store.read(profileOf(tabId))).saved,
    'savedQueries.save': ({ tabId, id, name, tree, draft }) =>
      store.update(profileOf(tabId), (file) => {
        const now = new Date().toISOString()
        const existing = id === undefined ? undefined : file.saved.find((q) => q.id === id)
        const saved: SavedQuery =
          existing === undefined
            ? { id: newId(), name, tree, draft, createdAt: now, changedAt: now }
            : { ...existing, name, tree, draft, changedAt: now }
        const others = file.saved.filter((q) => q.id !== saved.id)
        return { file: { ...file, saved: [...others, saved] }, result: saved }
      }),
    'savedQueries.delete': ({ tabId, id }) =>
      store.update(profileOf(tabId), (file) => ({ file: { ...file, saved: file.saved.filter((q) => q.id !== id) }, result: {} })),
    'queryHistory.list': async ({ tabId }) => (await store.read(profileOf(tabId))).history,
    'queryHistory.add': ({ tabId, tree, draft, title }) =>
      store.update(profileOf(tabId), (file) => {
        const entry = { tree, draft, title, ranAt: new Date().toISOString() }
        return { file: { ...file, history: [entry, ...file.history].slice(0, HISTORY_LIMIT) }, result: {} }
      }),
  } satisfies Partial<Handlers>
}
