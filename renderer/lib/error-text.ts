// Turns a wire error (code + message + details) into what a person reads: a short title, the message and,
// where the code suggests one, what to do next. Pure, so every code's wording is unit-tested.

import { isErrorCode, type ErrorCode } from '../../src/errors/codes'

/** The shape every error reaching the renderer is normalised to (a RemoteError carries the same fields). */
export interface ErrorInfo {
  readonly code: ErrorCode
  readonly message: string
  readonly details: Readonly<Record<string, unknown>>
}

export interface ErrorText {
  readonly title: string
  readonly message: string
  readonly hint: string | null
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null
}

function endpoint(details: Readonly<Record<string, unknown>>): string | null {
  const host = text(details['host'])
  const port = details['port']
  if (host === null) return null
  return typeof port === 'number' ? `${host}:${port}` : host
}

/** A user-facing description of an error, specific to its code. */
export function describeError(error: ErrorInfo): ErrorText {
  const { code, message, details } = error
  const hint = text(details['hint'])
  switch (code) {
    case 'ACCESS_DENIED':
      return {
        title: 'Access denied',
        message,
        hint: hint ?? 'Check the user name and password, and that this user may connect from this machine.',
      }
    case 'CONNECTION_FAILED': {
      const where = endpoint(details)
      return {
        title: where === null ? 'Could not connect' : `Could not connect to ${where}`,
        message,
        hint: hint ?? 'Is the server running, and are the host and port right? A firewall or VPN may also be in the way.',
      }
    }
    case 'TLS_REQUIRED':
      return {
        title: 'Encryption required',
        message,
        hint: hint ?? 'The server did not accept an encrypted connection. Set TLS to "auto" to allow a plain connection.',
      }
    case 'HOST_KEY_UNKNOWN':
      return {
        title: `Unknown SSH host ${endpoint(details) ?? ''}`.trim(),
        message,
        hint: hint ?? 'Compare the fingerprint with the one the server\'s administrator gives (ssh-keygen -lf on the server\'s host key), then trust it.',
      }
    case 'HOST_KEY_CHANGED':
      return {
        title: `The SSH host key of ${endpoint(details) ?? 'the server'} changed`,
        message,
        hint:
          hint ??
          'Someone may be intercepting the connection, or the server was reinstalled. Joinery refuses to connect; ask the server\'s administrator before trusting a new key.',
      }
    case 'LOST_CONNECTION':
      return { title: 'Connection lost', message, hint: hint ?? 'Joinery reconnects automatically.' }
    case 'READ_ONLY':
      return { title: 'Read-only connection', message, hint: hint ?? 'This tab was opened read-only; changes are disabled.' }
    case 'CANCELLED':
      return { title: 'Query cancelled', message, hint: null }
    case 'MISSING_TABLE':
      return { title: 'Table not found', message, hint: hint ?? 'It may have been dropped or renamed; refresh the schema tree.' }
    case 'UNKNOWN_ATTRIBUTE':
      return { title: 'Unknown attribute', message, hint: hint ?? 'Check the attribute names used in the filters.' }
    case 'INVALID_QUERY':
    case 'QUERY_SYNTAX':
      return { title: 'Invalid query', message, hint }
    case 'VAULT_UNAVAILABLE':
      return {
        title: 'Password store unavailable',
        message,
        hint: hint ?? 'The operating system keychain could not be used; the password was not saved.',
      }
    case 'NOT_FOUND':
      return { title: 'Not found', message, hint }
    case 'INVALID_INPUT':
      return { title: 'Invalid input', message, hint }
    case 'CONFIG':
      return { title: 'Configuration problem', message, hint }
    case 'INTERNAL':
      return { title: 'Something went wrong inside Joinery', message, hint: hint ?? 'This is a bug; please report it.' }
    default:
      return { title: code.toLowerCase().replaceAll('_', ' ').replace(/^./, (c) => c.toUpperCase()), message, hint }
  }
}

const FALLBACK_CODE: ErrorCode = 'INTERNAL'

/** Normalises anything thrown (a RemoteError, a plain Error, a string) into `ErrorInfo`. */
export function toErrorInfo(error: unknown): ErrorInfo {
  if (typeof error === 'object' && error !== null && 'code' in error && isErrorCode(error.code)) {
    const message = 'message' in error && typeof error.message === 'string' ? error.message : String(error.code)
    const details =
      'details' in error && typeof error.details === 'object' && error.details !== null
        ? (error.details as Readonly<Record<string, unknown>>)
        : {}
    return { code: error.code, message, details }
  }
  return { code: FALLBACK_CODE, message: error instanceof Error ? error.message : String(error), details: {} }
}
