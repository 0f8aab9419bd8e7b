// Errors as plain data for crossing process boundaries (IPC, WebSocket).

import { isErrorCode, type ErrorCode, type ErrorDetails } from './codes'
import { DataJointError } from './datajoint-error'

export interface WireError {
  readonly code: ErrorCode
  readonly message: string
  readonly details: ErrorDetails
}

/** Converts anything thrown into a WireError; unknown errors become INTERNAL without their stack. */
export function toWire(error: unknown, options: { includeSql?: boolean } = {}): WireError {
  if (error instanceof DataJointError) {
    const { sql, ...rest } = error.details
    const details = options.includeSql && sql !== undefined ? { ...rest, sql } : rest
    return { code: error.code, message: error.message, details }
  }
  const message = error instanceof Error ? error.message : String(error)
  return { code: 'INTERNAL', message, details: {} }
}

export function fromWire(wire: WireError): DataJointError {
  const code = isErrorCode(wire.code) ? wire.code : 'INTERNAL'
  return new DataJointError(code, wire.message, wire.details)
}
