// Backend-neutral pieces of driver-error translation: reading fields off unknown driver errors, building
// connection-failure errors that name user@host:port, and stripping secrets. No mysql2/pg imports here.

import { DataJointError } from '../errors/datajoint-error'
import type { ErrorCode, ErrorDetails } from '../errors/codes'

/** Where a connection attempt went; `password` is only used to scrub it from anything we keep. */
export interface Endpoint {
  readonly user: string
  readonly host: string
  readonly port: number
  readonly password?: string
}

export function errorField(err: unknown, key: string): unknown {
  if (typeof err !== 'object' || err === null) return undefined
  return (err as Record<string, unknown>)[key]
}

export function errorString(err: unknown, key: string): string | undefined {
  const value = errorField(err, key)
  return typeof value === 'string' ? value : undefined
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message
  const message = errorField(err, 'message')
  return typeof message === 'string' ? message : String(err)
}

/** Socket-level failures: the peer went away or was never reachable. */
export const NETWORK_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_FAIL',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'EADDRNOTAVAIL',
])

/** Codes that mean an established connection broke (as opposed to never being made). */
export const LOST_CONNECTION_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
])

/** A socket or protocol code saying an established connection broke. */
export function hasLostConnectionCode(err: unknown): boolean {
  const code = errorString(err, 'code')
  return code !== undefined && LOST_CONNECTION_CODES.has(code)
}

/** Short secrets would mangle ordinary words if scrubbed, and cannot be told apart from them anyway. */
const MIN_SCRUBBED_SECRET = 4

export function scrub(text: string, secret: string | undefined): string {
  if (secret === undefined || secret.length < MIN_SCRUBBED_SECRET) return text
  return text.split(secret).join('***')
}

/**
 * A plain copy of a driver error holding only its name, message and codes. Driver errors can reference
 * sockets, configs or connection objects; the copy is safe to keep as `cause`, log, or serialise.
 */
export function sanitizeCause(err: unknown, secret?: string): Error {
  const copy = new Error(scrub(errorMessage(err), secret))
  const name = errorString(err, 'name')
  if (name !== undefined) copy.name = name
  const extra: Record<string, unknown> = {}
  for (const key of ['code', 'errno', 'sqlState', 'severity', 'syscall'] as const) {
    const value = errorField(err, key)
    if (typeof value === 'string' || typeof value === 'number') extra[key] = value
  }
  return Object.assign(copy, extra)
}

export function describeEndpoint(endpoint: Endpoint): string {
  return `${endpoint.user}@${endpoint.host}:${endpoint.port}`
}

/** A connection-phase error: names user@host:port, carries `{ host, port }`, never the password. */
export function connectError(
  code: Extract<ErrorCode, 'CONNECTION_FAILED' | 'ACCESS_DENIED' | 'TLS_REQUIRED'>,
  err: unknown,
  endpoint: Endpoint,
  driverCode?: string | number,
): DataJointError {
  const where = describeEndpoint(endpoint)
  const reason = scrub(errorMessage(err), endpoint.password) || 'unknown error'
  const message =
    code === 'ACCESS_DENIED'
      ? `Access denied for ${where}: ${reason}`
      : code === 'TLS_REQUIRED'
        ? `TLS was required but could not be established with ${where}: ${reason}`
        : `Connection failed ${where}: ${reason}`
  const details: ErrorDetails = {
    host: endpoint.host,
    port: endpoint.port,
    ...(driverCode === undefined ? {} : { driverCode }),
  }
  return new DataJointError(code, message, details, { cause: sanitizeCause(err, endpoint.password) })
}

/** What a backend's errors module reads off a connection-phase error for {@link translateConnectError}. */
export interface ConnectFailure {
  readonly driverCode: string | number | undefined
  /** The server refused the login (bad user or password, no privilege to connect). */
  readonly accessDenied: boolean
  /** TLS was required and could not be negotiated. */
  readonly tlsRequiredButFailed: boolean
}

/** ACCESS_DENIED, TLS_REQUIRED or CONNECTION_FAILED for an error raised while opening a connection. */
export function translateConnectError(err: unknown, endpoint: Endpoint, failure: ConnectFailure): DataJointError {
  if (err instanceof DataJointError) return err
  const { driverCode } = failure
  if (failure.accessDenied) return connectError('ACCESS_DENIED', err, endpoint, driverCode)
  if (failure.tlsRequiredButFailed) return connectError('TLS_REQUIRED', err, endpoint, driverCode)
  return connectError('CONNECTION_FAILED', err, endpoint, driverCode)
}

/** Node's TLS and certificate error codes (`ERR_SSL_…`, `EPROTO`, `SELF_SIGNED_CERT_IN_CHAIN`…). */
export function hasTlsErrorCode(err: unknown): boolean {
  return /^ERR_(SSL|TLS)_|^EPROTO$|CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(errorString(err, 'code') ?? '')
}

/** A message about TLS itself (the server does not support it, a certificate was refused). */
export function mentionsTls(err: unknown): boolean {
  return /\b(SSL|TLS)\b|certificate/i.test(errorMessage(err))
}

export function queryDetails(driverCode: string | number | undefined, sql: string | undefined): ErrorDetails {
  return {
    ...(driverCode === undefined ? {} : { driverCode }),
    ...(sql === undefined ? {} : { sql }),
  }
}
