// When each schema's catalog was last read from the server, per Instance. The tree re-reads a schema at every
// listing (tables declared or dropped elsewhere show); a diagram drawn moments later — or redrawn as its view
// changes — uses that read instead of repeating it, which at 500 tables costs half a second each time.

import type { Instance } from '../../src/index'

/** How long a read stands for the server's catalog. */
export const CATALOG_REUSE_MS = 15_000

let lastRead = new WeakMap<Instance, Map<string, number>>()

export function recordCatalogRead(instance: Instance, schemas: Iterable<string>, now = Date.now()): void {
  let reads = lastRead.get(instance)
  if (reads === undefined) {
    reads = new Map()
    lastRead.set(instance, reads)
  }
  for (const schema of schemas) reads.set(schema, now)
}

/** Whether every one of `schemas` was read from the server within the last CATALOG_REUSE_MS. */
export function readRecently(instance: Instance, schemas: Iterable<string>, now = Date.now()): boolean {
  const reads = lastRead.get(instance)
  if (reads === undefined) return false
  for (const schema of schemas) {
    const at = reads.get(schema)
    if (at === undefined || now - at > CATALOG_REUSE_MS) return false
  }
  return true
}

/** Forgets every read (`npm run bench:app` counts the statements of a diagram whose catalog was not just read). */
export function forgetCatalogReads(): void {
  lastRead = new WeakMap()
}
