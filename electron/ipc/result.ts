// The envelope every channel returns: errors travel as data, never as thrown class instances.

import type { WireError } from '../../src/errors/wire'

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: WireError }

export function ok<T>(value: T): Result<T> {
  return { ok: true, value }
}

export function fail<T = never>(error: WireError): Result<T> {
  return { ok: false, error }
}
