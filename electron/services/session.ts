// Where the user was, kept across reloads and restarts in `session.json` of the app's data folder: the connection
// tabs that were open (reopened at the next start), and the views' state as the renderer describes it (selected
// table, filters, sort, expanded tree nodes, layout) under keys it chooses. The main process stores the view state
// without reading it: it checks only the shape and the size, and the renderer validates what it reads back.

import { join } from 'node:path'
import { z } from 'zod'
import type { Logger } from '../../src/index'
import { UI_STATE_MAX_ENTRIES, UiStateEntrySchema, UiStateKeySchema, type Tab, type UiStateValue } from '../ipc/contract'
import { readJsonFile, writeJsonFile } from '../vault/json-file'
import type { Handlers } from './handlers'

/** An open tab as the session remembers it: its profile, or the Demo lab. */
const OpenTabSchema = z.strictObject({ profileId: z.string().min(1).max(100).nullable() })
export type OpenTab = z.infer<typeof OpenTabSchema>

const SessionFileSchema = z.strictObject({
  tabs: z.array(OpenTabSchema).max(64),
  ui: z.record(UiStateKeySchema, UiStateEntrySchema),
})
type SessionFile = z.infer<typeof SessionFileSchema>

const EMPTY: SessionFile = { tabs: [], ui: {} }
const WRITE_DELAY_MS = 250

export class SessionStore {
  readonly #file: string
  #state: Promise<SessionFile> | null = null
  #timer: ReturnType<typeof setTimeout> | null = null
  #writing: Promise<void> = Promise.resolve()

  readonly #logger: Logger

  constructor(dataDir: string, logger: Logger) {
    this.#file = join(dataDir, 'session.json')
    this.#logger = logger
  }

  #load(): Promise<SessionFile> {
    this.#state ??= readJsonFile(this.#file, SessionFileSchema, EMPTY).then((s) => structuredClone(s))
    return this.#state
  }

  /** The tabs open when the app last changed them. */
  async openTabs(): Promise<readonly OpenTab[]> {
    return (await this.#load()).tabs
  }

  async recordTabs(tabs: readonly Tab[]): Promise<void> {
    const state = await this.#load()
    state.tabs = tabs
      .filter((tab) => tab.isDemo || tab.profileId !== null)
      .slice(0, 64)
      .map((tab) => ({ profileId: tab.isDemo ? null : tab.profileId }))
    this.#schedule()
  }

  async uiState(): Promise<Readonly<Record<string, z.infer<typeof UiStateEntrySchema>>>> {
    return (await this.#load()).ui
  }

  /** Sets (or, with null, forgets) view state entries; beyond the limit the least recently saved are forgotten. */
  async saveUiState(entries: Readonly<Record<string, UiStateValue | null>>): Promise<void> {
    const state = await this.#load()
    const now = Date.now()
    for (const [key, value] of Object.entries(entries)) {
      if (value === null) delete state.ui[key]
      else state.ui[key] = { value, savedAt: now }
    }
    const keys = Object.keys(state.ui)
    if (keys.length > UI_STATE_MAX_ENTRIES) {
      const oldest = keys.sort((a, b) => (state.ui[a]?.savedAt ?? 0) - (state.ui[b]?.savedAt ?? 0)).slice(0, keys.length - UI_STATE_MAX_ENTRIES)
      for (const key of oldest) delete state.ui[key]
    }
    this.#schedule()
  }

  #schedule(): void {
    if (this.#timer !== null) return
    this.#timer = setTimeout(() => {
      this.#timer = null
      void this.flush()
    }, WRITE_DELAY_MS)
  }

  /** Writes what is pending now (at quit). */
  async flush(): Promise<void> {
    if (this.#timer !== null) {
      clearTimeout(this.#timer)
      this.#timer = null
    }
    const state = await this.#load()
    // A failed write loses only where the user was; say so and keep the app going.
    this.#writing = this.#writing
      .then(() => writeJsonFile(this.#file, state))
      .catch((error: unknown) => this.#logger.warning(`Saving the session failed: ${error instanceof Error ? error.message : String(error)}`))
    await this.#writing
  }
}

export function sessionHandlers(session: SessionStore) {
  return {
    'session.uiState': async () => session.uiState(),
    'session.saveUiState': async ({ entries }) => {
      await session.saveUiState(entries)
      return {}
    },
  } satisfies Partial<Handlers>
}
