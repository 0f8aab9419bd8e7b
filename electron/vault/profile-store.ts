// Saved connection profiles (never passwords: those are in the vault). Electron keeps them with electron-store;
// Node tests and browser mode use the JSON-file store here, which writes the same file electron-store does
// (`<userData>/config.json`, tab-indented JSON, profiles under `profiles`), so one can read the other's data.

import { randomBytes } from 'node:crypto'
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { z } from 'zod'
import { ProfileSchema, type Profile } from '../ipc/contract'

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
  const readDocument = async (): Promise<Record<string, unknown>> => {
    let text: string
    try {
      text = await readFile(file, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {}
      throw error
    }
    const parsed = Document.safeParse(JSON.parse(text))
    return parsed.success ? parsed.data : {}
  }
  return {
    read: async () => parseProfiles((await readDocument())[PROFILES_KEY]),
    write: async (profiles) => {
      // Other keys of the document (written by other parts of the app) are kept.
      const document = { ...(await readDocument()), [PROFILES_KEY]: profiles }
      await mkdir(dirname(file), { recursive: true })
      const temporary = `${file}.${randomBytes(4).toString('hex')}.tmp`
      await writeFile(temporary, JSON.stringify(document, null, '\t'), { mode: 0o600 })
      await rename(temporary, file)
    },
  }
}
