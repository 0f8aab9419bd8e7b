import { describe, expect, it } from 'vitest'
import type { ErrorCode } from '../../errors/codes'
import { isPostgresTlsFailure, translatePostgresConnectError, translatePostgresError } from './errors'

/** The shape pg gives server errors (pg-protocol DatabaseError). */
function databaseError(code: string, message: string): Error {
  return Object.assign(new Error(message), { name: 'error', code, severity: 'ERROR', length: 100 })
}

describe('translatePostgresError', () => {
  const table: [string, ErrorCode][] = [
    ['23505', 'DUPLICATE'],
    ['23503', 'INTEGRITY'],
    ['23001', 'INTEGRITY'],
    ['2BP01', 'INTEGRITY'],
    ['23514', 'INTEGRITY'],
    ['23502', 'MISSING_ATTRIBUTE'],
    ['42601', 'QUERY_SYNTAX'],
    ['42P01', 'MISSING_TABLE'],
    ['42703', 'UNKNOWN_ATTRIBUTE'],
    ['42501', 'ACCESS_DENIED'],
    ['28P01', 'ACCESS_DENIED'],
    ['08000', 'LOST_CONNECTION'],
    ['08003', 'LOST_CONNECTION'],
    ['08006', 'LOST_CONNECTION'],
    ['57P01', 'LOST_CONNECTION'],
    ['57014', 'CANCELLED'],
    ['22P02', 'DATA_TYPE'],
    ['22001', 'DATA_TYPE'],
    ['42804', 'INVALID_QUERY'], // datatype mismatch: untranslated in DataJoint
    ['42P07', 'INVALID_QUERY'], // relation already exists
    ['40P01', 'INVALID_QUERY'], // deadlock
  ]
  it.each([
    ['COPY narrow, line 1235, column small: "40000"', { row: 1_234, attribute: 'small' }],
    ['COPY dj_stage_3, line 1', { row: 0 }],
    ['COPY t, line 2501', { row: 2_500 }],
  ])('a COPY error (%s) names its row, counted from 0, and the attribute when the server says', (where, named) => {
    const err = translatePostgresError(Object.assign(databaseError('22003', 'out of range'), { where }), 'COPY …')
    expect(err.details).toEqual({ driverCode: '22003', sql: 'COPY …', ...named })
    expect(err.message).toBe(`out of range (row ${named.row})`)
  })

  it('an error whose context names no COPY line names no row', () => {
    const err = translatePostgresError(Object.assign(databaseError('23505', 'duplicate'), { where: 'SQL statement "SELECT 1"' }))
    expect(err.details).toEqual({ driverCode: '23505' })
  })

  it.each(table)('SQLSTATE %s → %s', (state, code) => {
    const err = translatePostgresError(databaseError(state, `server says ${state}`), 'SELECT x')
    expect(err.code).toBe(code)
    expect(err.message).toContain(`server says ${state}`)
    expect(err.details).toEqual({ driverCode: state, sql: 'SELECT x' })
  })

  it('keeps the server message verbatim for translated errors', () => {
    const msg = 'duplicate key value violates unique constraint "t_pkey"'
    expect(translatePostgresError(databaseError('23505', msg)).message).toBe(msg)
  })

  it.each([
    Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }),
    Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }),
    new Error('Connection terminated unexpectedly'),
    new Error('Client has encountered a connection error and is not queryable'),
  ])('socket failure %# → LOST_CONNECTION', (raw) => {
    expect(translatePostgresError(raw).code).toBe('LOST_CONNECTION')
  })

  it('a client-side bug is INTERNAL', () => {
    expect(translatePostgresError(new TypeError('values must be an array')).code).toBe('INTERNAL')
  })
})

describe('translatePostgresConnectError', () => {
  const endpoint = { user: 'bob', host: 'pg.example', port: 5432, password: 's3cretpw' }

  it('unknown role / bad password → ACCESS_DENIED naming bob@pg.example:5432, no password', () => {
    const raw = databaseError('28P01', 'password authentication failed for user "bob"')
    const err = translatePostgresConnectError(raw, endpoint)
    expect(err.code).toBe('ACCESS_DENIED')
    expect(err.message).toContain('bob@pg.example:5432')
    expect(err.details).toEqual({ host: 'pg.example', port: 5432, driverCode: '28P01' })
    expect(JSON.stringify(err) + String(err) + String(err.cause)).not.toContain('s3cretpw')
  })

  it('a missing database is a connection failure', () => {
    const raw = databaseError('3D000', 'database "x" does not exist')
    expect(translatePostgresConnectError(raw, endpoint).code).toBe('CONNECTION_FAILED')
  })

  it('"server does not support SSL" is a TLS failure, TLS_REQUIRED only when required', () => {
    const raw = new Error('The server does not support SSL connections')
    expect(isPostgresTlsFailure(raw)).toBe(true)
    expect(translatePostgresConnectError(raw, endpoint, true).code).toBe('TLS_REQUIRED')
    expect(translatePostgresConnectError(raw, endpoint).code).toBe('CONNECTION_FAILED')
  })

  it('server errors are never TLS failures', () => {
    expect(isPostgresTlsFailure(databaseError('28000', 'no pg_hba.conf entry for host, SSL off'))).toBe(false)
  })
})
