// pg error → DataJointError, keyed by SQLSTATE as DataJoint Python's `adapters/postgres.py` does, plus
// connection-phase classification.
// Pure: reads fields off unknown errors; does not import pg.

import { DataJointError } from '../../errors/datajoint-error'
import type { ErrorCode } from '../../errors/codes'
import {
  errorMessage,
  errorString,
  hasLostConnectionCode,
  hasTlsErrorCode,
  mentionsTls,
  queryDetails,
  sanitizeCause,
  translateConnectError,
  type Endpoint,
} from '../driver-errors'

/** SQLSTATEs translated one by one (https://www.postgresql.org/docs/15/errcodes-appendix.html). */
export const POSTGRES_SQLSTATE: ReadonlyMap<string, ErrorCode> = new Map<string, ErrorCode>([
  // DataJoint's own table (datajoint/errors.py translate_query_error for psycopg2)
  ['23505', 'DUPLICATE'],
  ['23503', 'INTEGRITY'],
  ['23502', 'MISSING_ATTRIBUTE'],
  ['42601', 'QUERY_SYNTAX'],
  ['42P01', 'MISSING_TABLE'],
  ['42703', 'UNKNOWN_ATTRIBUTE'],
  ['42501', 'ACCESS_DENIED'],
  ['57P01', 'LOST_CONNECTION'], // admin_shutdown: pg_terminate_backend
  // additions
  ['57P02', 'LOST_CONNECTION'], // crash_shutdown
  ['57P03', 'LOST_CONNECTION'], // cannot_connect_now
  ['23001', 'INTEGRITY'], // restrict_violation
  ['23514', 'INTEGRITY'], // check_violation
  ['2BP01', 'INTEGRITY'], // dependent_objects_still_exist: DROP of a table or type something still uses
  ['28000', 'ACCESS_DENIED'], // invalid_authorization_specification (unknown role, pg_hba reject)
  ['28P01', 'ACCESS_DENIED'], // invalid_password
  ['57014', 'CANCELLED'], // query_canceled: pg_cancel_backend, statement_timeout
])

/** Whole SQLSTATE classes: 08 connection exception, 22 data exception. */
const POSTGRES_SQLSTATE_CLASS: ReadonlyMap<string, ErrorCode> = new Map<string, ErrorCode>([
  ['08', 'LOST_CONNECTION'],
  ['22', 'DATA_TYPE'],
])

function sqlState(err: unknown): string | undefined {
  const code = errorString(err, 'code')
  return code !== undefined && /^[0-9A-Z]{5}$/.test(code) ? code : undefined
}

// pg raises these as plain Errors without a code when the socket dies under a client.
const LOST_CONNECTION_MESSAGES = new RegExp(
  [
    'Connection terminated',
    'not queryable',
    'Client was closed',
    'Connection closed',
    'connection is closed',
    'Cannot use a pool after calling end',
  ].join('|'),
  'i',
)

function isLostConnection(err: unknown): boolean {
  if (hasLostConnectionCode(err)) return true
  return sqlState(err) === undefined && LOST_CONNECTION_MESSAGES.test(errorMessage(err))
}

export function postgresErrorCode(state: string): ErrorCode | undefined {
  return POSTGRES_SQLSTATE.get(state) ?? POSTGRES_SQLSTATE_CLASS.get(state.slice(0, 2))
}

/**
 * The row a COPY error is about: the server names the input line in its context (`COPY t, line 2501, column c:
 * "x"`), and the engine's COPYs send a call's rows from the first line, so line N is row N - 1.
 */
function copiedRow(err: unknown): { readonly row: number; readonly attribute?: string } | null {
  const match = /\bCOPY [^\n]*?, line (\d+)(?:, column ([^:\n]+))?/.exec(errorString(err, 'where') ?? '')
  if (match === null) return null
  const row = Number(match[1]) - 1
  return match[2] === undefined ? { row } : { row, attribute: match[2] }
}

/** Translates an error raised while running a statement. */
export function translatePostgresError(err: unknown, sql?: string): DataJointError {
  if (err instanceof DataJointError) return err
  const state = sqlState(err)
  const copied = copiedRow(err)
  const message = copied === null ? errorMessage(err) : `${errorMessage(err)} (row ${copied.row})`
  const details = { ...queryDetails(state ?? errorString(err, 'code'), sql), ...copied }
  const cause = { cause: sanitizeCause(err) }
  const mapped = state === undefined ? undefined : postgresErrorCode(state)
  if (mapped === 'CANCELLED') {
    return new DataJointError('CANCELLED', `The query was cancelled: ${message}`, details, cause)
  }
  if (mapped === 'LOST_CONNECTION') {
    return new DataJointError('LOST_CONNECTION', `Server connection lost: ${message}`, details, cause)
  }
  if (mapped !== undefined) return new DataJointError(mapped, message, details, cause)
  if (isLostConnection(err)) {
    return new DataJointError('LOST_CONNECTION', `Server connection lost: ${message}`, details, cause)
  }
  if (state !== undefined) return new DataJointError('INVALID_QUERY', message, details, cause)
  return new DataJointError('INTERNAL', message, details, cause)
}

/** True when a connection attempt failed because TLS could not be negotiated. */
export function isPostgresTlsFailure(err: unknown): boolean {
  return sqlState(err) === undefined && (hasTlsErrorCode(err) || mentionsTls(err))
}

/** Translates an error raised while opening a connection. */
export function translatePostgresConnectError(
  err: unknown,
  endpoint: Endpoint,
  tlsRequired = false,
): DataJointError {
  const state = sqlState(err)
  return translateConnectError(err, endpoint, {
    driverCode: state ?? errorString(err, 'code'),
    accessDenied: state !== undefined && postgresErrorCode(state) === 'ACCESS_DENIED',
    tlsRequiredButFailed: tlsRequired && isPostgresTlsFailure(err),
  })
}
