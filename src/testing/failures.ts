// Test-only: provoking and inspecting failures. A port nothing listens on, the DataJointError a call must raise,
// and every text an error reaches (to check that no secret leaks into any of them). Not exported from the engine.

import { createServer } from 'node:net'
import { expect } from 'vitest'
import { DataJointError } from '../errors/datajoint-error'
import { toWire } from '../errors/wire'

/** A local port that was free a moment ago: connecting to it is refused at once. */
export async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  await new Promise<void>((resolve) => server.close(() => resolve()))
  if (address === null || typeof address === 'string') throw new Error('no port')
  return address.port
}

/** The DataJointError `promise` rejects with; anything else (or no rejection) fails the test. */
export async function caught(promise: Promise<unknown>): Promise<DataJointError> {
  try {
    await promise
  } catch (err) {
    if (err instanceof DataJointError) return err
    throw err
  }
  throw new Error('expected a DataJointError')
}

/** Every way an error reaches a log, a bug report or the IPC wire; `logged` is what a logger recorded meanwhile. */
function renderings(err: DataJointError, logged?: unknown): string[] {
  return [
    err.message,
    JSON.stringify(err.details),
    JSON.stringify(err),
    String(err),
    String(err.cause),
    JSON.stringify(err.cause),
    err.cause instanceof Error ? (err.cause.stack ?? '') : '',
    err.stack ?? '',
    JSON.stringify(toWire(err)),
    ...(logged === undefined ? [] : [JSON.stringify(logged)]),
  ]
}

/** Fails the test when any of `secrets` shows in any rendering of the error (or in what was `logged`). */
export function expectNoLeak(err: DataJointError, secrets: readonly string[], logged?: unknown): void {
  for (const text of renderings(err, logged)) {
    for (const secret of secrets) expect(text).not.toContain(secret)
  }
}
