import { describe, expect, it } from 'vitest'
import { isDataJointError } from '../../errors/datajoint-error'
import type { ErrorCode } from '../../errors/codes'
import { isMysqlTlsFailure, translateMysqlConnectError, translateMysqlError } from './errors'

/** The shape mysql2 gives server errors (lib/packets/packet.js asError). */
function serverError(errno: number, message: string, code = 'ER_X'): Error {
  const fields = { errno, code, sqlState: 'HY000', sqlMessage: message, sql: 'SELECT 1' }
  return Object.assign(new Error(message), fields)
}

describe('translateMysqlError', () => {
  const table: [number, ErrorCode][] = [
    [0, 'LOST_CONNECTION'],
    [2006, 'LOST_CONNECTION'],
    [2013, 'LOST_CONNECTION'],
    [1927, 'LOST_CONNECTION'],
    [1044, 'ACCESS_DENIED'],
    [1142, 'ACCESS_DENIED'],
    [1045, 'ACCESS_DENIED'],
    [1062, 'DUPLICATE'],
    [1217, 'INTEGRITY'],
    [1451, 'INTEGRITY'],
    [1452, 'INTEGRITY'],
    [3730, 'INTEGRITY'],
    [4025, 'INTEGRITY'],
    [1064, 'QUERY_SYNTAX'],
    [1146, 'MISSING_TABLE'],
    [1364, 'MISSING_ATTRIBUTE'],
    [1048, 'MISSING_ATTRIBUTE'],
    [1054, 'UNKNOWN_ATTRIBUTE'],
    [1317, 'CANCELLED'],
    [1969, 'CANCELLED'],
    [1265, 'DATA_TYPE'],
    [1406, 'DATA_TYPE'],
    [1050, 'INVALID_QUERY'], // table exists: untranslated server error
    [1213, 'INVALID_QUERY'], // deadlock
  ]
  it.each(table)('errno %i → %s', (errno, code) => {
    const err = translateMysqlError(serverError(errno, `server says ${errno}`), 'SELECT x')
    expect(err.code).toBe(code)
    expect(err.message).toContain(`server says ${errno}`)
    expect(err.details).toMatchObject({ driverCode: errno, sql: 'SELECT x' })
  })

  it('keeps the server message verbatim for translated errors', () => {
    const msg = "Duplicate entry '1' for key 'PRIMARY'"
    expect(translateMysqlError(serverError(1062, msg)).message).toBe(msg)
  })

  it('leaves out details.sql when no SQL is given', () => {
    expect(translateMysqlError(serverError(1062, 'dup')).details).toEqual({ driverCode: 1062 })
  })

  it.each(['PROTOCOL_CONNECTION_LOST', 'ECONNRESET', 'EPIPE'])('%s → LOST_CONNECTION', (code) => {
    const err = translateMysqlError(Object.assign(new Error('gone'), { code, fatal: true }))
    expect(err.code).toBe('LOST_CONNECTION')
    expect(err.details.driverCode).toBe(code)
  })

  it('a fatal client error (closed connection) → LOST_CONNECTION', () => {
    const err = translateMysqlError(
      Object.assign(new Error("Can't add new command when connection is in closed state"), { fatal: true }),
    )
    expect(err.code).toBe('LOST_CONNECTION')
  })

  it('a client-side bug is INTERNAL, not a query error', () => {
    const bug = new TypeError('Bind parameters must not contain undefined')
    expect(translateMysqlError(bug).code).toBe('INTERNAL')
  })

  it('keeps a sanitized copy of the driver error as cause', () => {
    const err = translateMysqlError(serverError(1062, 'dup'))
    expect(err.cause).toBeInstanceOf(Error)
    expect(err.cause).toMatchObject({ message: 'dup', errno: 1062, code: 'ER_X', sqlState: 'HY000' })
    expect((err.cause as Record<string, unknown>)['sql']).toBeUndefined()
  })

  it('passes DataJointErrors through', () => {
    const original = translateMysqlError(serverError(1062, 'dup'))
    expect(translateMysqlError(original)).toBe(original)
  })
})

describe('translateMysqlConnectError', () => {
  const endpoint = { user: 'alice', host: 'db.example', port: 3306, password: 'hunter22' }

  it('access denied names user@host:port and never the password', () => {
    const message = "Access denied for user 'alice'@'10.0.0.1' (using password: YES) hunter22"
    const raw = Object.assign(new Error(message), {
      errno: 1045,
      code: 'ER_ACCESS_DENIED_ERROR',
      sqlState: '28000',
      sqlMessage: message,
    })
    const err = translateMysqlConnectError(raw, endpoint)
    expect(err.code).toBe('ACCESS_DENIED')
    expect(err.message).toContain('alice@db.example:3306')
    expect(err.details).toEqual({ host: 'db.example', port: 3306, driverCode: 1045 })
    const everything = JSON.stringify(err) + String(err) + String(err.cause) + JSON.stringify(err.cause)
    expect(everything).not.toContain('hunter22')
  })

  it.each(['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'EHOSTUNREACH'])('%s → CONNECTION_FAILED', (code) => {
    const raw = Object.assign(new Error(`connect ${code}`), { code, errno: -111 })
    const err = translateMysqlConnectError(raw, endpoint)
    expect(err.code).toBe('CONNECTION_FAILED')
    expect(err.message).toBe(`Connection failed alice@db.example:3306: connect ${code}`)
  })

  it('TLS failures become TLS_REQUIRED only when TLS was required', () => {
    const raw = Object.assign(new Error('Server does not support secure connection'), {
      code: 'HANDSHAKE_NO_SSL_SUPPORT',
    })
    expect(isMysqlTlsFailure(raw)).toBe(true)
    expect(translateMysqlConnectError(raw, endpoint, true).code).toBe('TLS_REQUIRED')
    expect(translateMysqlConnectError(raw, endpoint, false).code).toBe('CONNECTION_FAILED')
    expect(isDataJointError(translateMysqlConnectError(raw, endpoint, true), 'TLS_REQUIRED')).toBe(true)
  })

  it('credential and reachability errors are not TLS failures', () => {
    expect(isMysqlTlsFailure(serverError(1045, 'Access denied'))).toBe(false)
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })
    expect(isMysqlTlsFailure(refused)).toBe(false)
  })
})
