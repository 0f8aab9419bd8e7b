// A small JSON file of the app's data folder, readable only by the user: read as `schema` (anything missing or
// unreadable as JSON of that shape reads as `empty`), written whole through a temporary file and a rename, so a
// crash mid-write never leaves half a file.

import { randomBytes } from 'node:crypto'
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { z } from 'zod'

export async function readJsonFile<T>(file: string, schema: z.ZodType<T>, empty: T): Promise<T> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return empty
    throw error
  }
  const parsed = schema.safeParse(JSON.parse(text))
  return parsed.success ? parsed.data : empty
}

export async function writeJsonFile(file: string, value: unknown, trailingNewline = false): Promise<void> {
  await mkdir(dirname(file), { recursive: true })
  const temporary = `${file}.${randomBytes(4).toString('hex')}.tmp`
  await writeFile(temporary, `${JSON.stringify(value, null, '\t')}${trailingNewline ? '\n' : ''}`, { mode: 0o600 })
  await rename(temporary, file)
}
