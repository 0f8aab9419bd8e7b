// The engine's one error class: a code, a message, typed details and the original cause.

import type { ErrorCode, ErrorDetails } from './codes'

export class DataJointError extends Error {
  override readonly name = 'DataJointError'
  readonly code: ErrorCode
  readonly details: ErrorDetails

  constructor(code: ErrorCode, message: string, details: ErrorDetails = {}, options?: { cause?: unknown }) {
    super(message, options)
    this.code = code
    this.details = details
  }

  /** A copy with a hint appended, like Python's `err.suggest(...)`. */
  suggest(hint: string): DataJointError {
    return new DataJointError(this.code, this.message, { ...this.details, hint }, { cause: this.cause })
  }
}

export function isDataJointError(value: unknown, code?: ErrorCode): value is DataJointError {
  return value instanceof DataJointError && (code === undefined || value.code === code)
}

/** Raised when global state (`dj.config`, `dj.conn()`, `dj.schema()`) is used with `DJ_THREAD_SAFE` on. */
export class ThreadSafetyError extends DataJointError {
  constructor() {
    super(
      'THREAD_SAFETY',
      'Global DataJoint state is disabled in thread-safe mode. Use dj.Instance() to create an isolated instance.',
    )
  }
}
