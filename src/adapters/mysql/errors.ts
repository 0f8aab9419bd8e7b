// mysql2 error → DataJointError, keyed by MySQL/MariaDB errno as DataJoint Python's `adapters/mysql.py` does, plus
// connection-phase errors.
// Pure: reads fields off unknown errors; does not import mysql2.

import { DataJointError } from '../../errors/datajoint-error'
import type { ErrorCode } from '../../errors/codes'
import {
  errorField,
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

/** Server and client errnos DataJoint translates, plus the ones the engine needs to tell apart. */
export const MYSQL_ERRNO: ReadonlyMap<number, ErrorCode> = new Map<number, ErrorCode>([
  // DataJoint's own table (datajoint/errors.py translate_query_error)
  [0, 'LOST_CONNECTION'],
  [2006, 'LOST_CONNECTION'],
  [2013, 'LOST_CONNECTION'],
  [1044, 'ACCESS_DENIED'],
  [1142, 'ACCESS_DENIED'],
  [1062, 'DUPLICATE'],
  [1217, 'INTEGRITY'],
  [1451, 'INTEGRITY'],
  [1452, 'INTEGRITY'],
  [3730, 'INTEGRITY'],
  [1064, 'QUERY_SYNTAX'],
  [1146, 'MISSING_TABLE'],
  [1364, 'MISSING_ATTRIBUTE'],
  [1054, 'UNKNOWN_ATTRIBUTE'],
  // additions: the same conditions under other errnos
  [1053, 'LOST_CONNECTION'], // server shutdown in progress
  [1927, 'LOST_CONNECTION'], // MariaDB ER_CONNECTION_KILLED
  [4031, 'LOST_CONNECTION'], // MySQL 8.0.24+: disconnected by the server for inactivity
  [1045, 'ACCESS_DENIED'], // bad user or password
  [1143, 'ACCESS_DENIED'], // column privilege
  [1227, 'ACCESS_DENIED'], // needs SUPER / a dynamic privilege
  [1698, 'ACCESS_DENIED'], // unix_socket / no-password login refused
  [1586, 'DUPLICATE'], // duplicate entry, key name reported
  [1216, 'INTEGRITY'], // add child row: FK fails (old servers)
  [3819, 'INTEGRITY'], // MySQL CHECK constraint violated
  [4025, 'INTEGRITY'], // MariaDB CHECK constraint violated (e.g. json_valid on a JSON column)
  [1149, 'QUERY_SYNTAX'],
  [1051, 'MISSING_TABLE'], // DROP TABLE of an unknown table
  [1048, 'MISSING_ATTRIBUTE'], // column cannot be null (PostgreSQL 23502)
  [1317, 'CANCELLED'], // query execution was interrupted (KILL QUERY)
  [3024, 'CANCELLED'], // MySQL max_execution_time exceeded
  [1969, 'CANCELLED'], // MariaDB max_statement_time exceeded
  [1264, 'DATA_TYPE'], // out of range
  [1265, 'DATA_TYPE'], // data truncated (strict mode: bad enum value)
  [1292, 'DATA_TYPE'], // incorrect datetime/number value
  [1366, 'DATA_TYPE'], // incorrect value for column
  [1367, 'DATA_TYPE'],
  [1406, 'DATA_TYPE'], // data too long
  [3140, 'DATA_TYPE'], // MySQL invalid JSON text
])

function mysqlErrno(err: unknown): number | undefined {
  const errno = errorField(err, 'errno')
  // Socket errors carry negative libuv errnos; only non-negative ones are MySQL's.
  return typeof errno === 'number' && errno >= 0 ? errno : undefined
}

function isServerError(err: unknown): boolean {
  return mysqlErrno(err) !== undefined && errorString(err, 'sqlState') !== undefined
}

function isLostConnection(err: unknown): boolean {
  if (hasLostConnectionCode(err)) return true
  // mysql2 flags errors that closed the connection ("Can't add new command when connection is in closed
  // state").
  return errorField(err, 'fatal') === true && !isServerError(err)
}

/** Translates an error raised while running a statement. */
export function translateMysqlError(err: unknown, sql?: string): DataJointError {
  if (err instanceof DataJointError) return err
  const errno = mysqlErrno(err)
  const code = errorString(err, 'code')
  const driverCode = errno ?? code
  const message = errorString(err, 'sqlMessage') ?? errorMessage(err)
  const details = queryDetails(driverCode, sql)
  const cause = { cause: sanitizeCause(err) }
  const mapped = errno === undefined ? undefined : MYSQL_ERRNO.get(errno)
  if (mapped === 'CANCELLED') {
    return new DataJointError('CANCELLED', `The query was cancelled: ${message}`, details, cause)
  }
  if (mapped !== undefined && mapped !== 'LOST_CONNECTION') return new DataJointError(mapped, message, details, cause)
  if (mapped === 'LOST_CONNECTION' || isLostConnection(err)) {
    return new DataJointError('LOST_CONNECTION', `Server connection lost: ${message}`, details, cause)
  }
  if (isServerError(err) || (code !== undefined && code.startsWith('ER_'))) {
    return new DataJointError('INVALID_QUERY', message, details, cause)
  }
  return new DataJointError('INTERNAL', message, details, cause)
}

/** True when the attempt failed because TLS could not be negotiated (not credentials or reachability). */
export function isMysqlTlsFailure(err: unknown): boolean {
  if (errorString(err, 'code') === 'HANDSHAKE_NO_SSL_SUPPORT' || hasTlsErrorCode(err)) return true
  return mysqlErrno(err) === undefined && mentionsTls(err)
}

/** Translates an error raised while opening a connection. */
export function translateMysqlConnectError(
  err: unknown,
  endpoint: Endpoint,
  tlsRequired = false,
): DataJointError {
  const errno = mysqlErrno(err)
  return translateConnectError(err, endpoint, {
    driverCode: errno ?? errorString(err, 'code'),
    accessDenied: errno !== undefined && MYSQL_ERRNO.get(errno) === 'ACCESS_DENIED',
    tlsRequiredButFailed: tlsRequired && isMysqlTlsFailure(err),
  })
}
