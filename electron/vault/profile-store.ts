// Saved connection profiles (never passwords: those are in the vault). Electron keeps them with electron-store;
// Node tests and browser mode use the JSON-file store here, which writes the same file electron-store does
// (`<userData>/config.json`, tab-indented JSON, profiles under `profiles`), so one can read the other's data.

import { join } from 'node:path'
import { z } from 'zod'
import { ProfileSchema, type Profile } from '../ipc/contract'
import { readJsonFile, writeJsonFile } from './json-file'

export interface ProfileStore {
  /** Every valid saved profile, in saving order. */
  read(): Promise<Profile[]>
  write(profiles: readonly Profile[]): Promise<void>
}

/** The key electron-store keeps the profiles under. */
export const PROFILES_KEY = 'profiles'

/** Drops entries that do not parse (hand edits, older versions) instead of failing the whole list. */
export function parseProfiles(value: unknown): Profile[] {
  if (!Array.isArray(value)) return []
  return value.flatMap((item) => {
    const parsed = ProfileSchema.safeParse(item)
    return parsed.success ? [parsed.data] : []
  })
}

const Document = z.record(z.string(), z.unknown())

export function createJsonProfileStore(userDataDir: string): ProfileStore {
  const file = join(userDataDir, 'config.json')
  const readDocument = (): Promise<Record<string, unknown>> => readJsonFile(file, Document, {})
  return {
    read: async () => parseProfiles((await readDocument())[PROFILES_KEY]),
    write: async (profiles) => {
      // Other keys of the document (written by other parts of the app) are kept.
      const document = { ...(await readDocument()), [PROFILES_KEY]: profiles }
      await writeJsonFile(file, document)
    },
  }
}
