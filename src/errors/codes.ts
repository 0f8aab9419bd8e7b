// The closed set of error codes the engine raises, and what each code's details carry.
// Codes survive IPC where classes do not; DataJoint's exception tree becomes groups of codes.

export const ERROR_CODES = [
  // ported from DataJoint's errors.py
  'LOST_CONNECTION',
  'ACCESS_DENIED',
  'QUERY_SYNTAX',
  'MISSING_TABLE',
  'DUPLICATE',
  'INTEGRITY',
  'UNKNOWN_ATTRIBUTE',
  'MISSING_ATTRIBUTE',
  'THREAD_SAFETY',
  // connection set-up
  'CONNECTION_FAILED',
  'TLS_REQUIRED',
  'HOST_KEY_UNKNOWN',
  'HOST_KEY_CHANGED',
  // engine validation
  'INVALID_INPUT',
  'INVALID_DEFINITION',
  'INVALID_QUERY',
  'INCOMPATIBLE_OPERANDS',
  'UNION_PK_MISMATCH',
  'MIXED_INSTANCES',
  'FETCH_CARDINALITY',
  'TIER_VIOLATION',
  'NOT_FOUND',
  'DATA_TYPE',
  'CONFIG',
  'BLOB_TOO_LARGE',
  /** Python code `dj.fromPython` cannot read: outside the supported subset, or naming what the context lacks. */
  'PYTHON_SYNTAX',
  // app level
  'READ_ONLY',
  'VAULT_UNAVAILABLE',
  'CANCELLED',
  'INTERNAL',
] as const

export type ErrorCode = (typeof ERROR_CODES)[number]

/** Structured facts attached to an error, per code. Never contains secrets. */
export interface ErrorDetails {
  /** Row index (0-based) and attribute an insert rejected. */
  readonly row?: number
  readonly attribute?: string
  /** Definition line (1-based) a declaration rejected. */
  readonly line?: number
  /** Character offset in a user-typed expression. */
  readonly position?: number
  readonly host?: string
  readonly port?: number
  readonly table?: string
  /** SQL text; only attached in development builds. */
  readonly sql?: string
  /** The driver's own code (MySQL errno or PostgreSQL SQLSTATE). */
  readonly driverCode?: string | number
  /** A suggestion, such as DataJoint's "set skip_duplicates=True". */
  readonly hint?: string
  /** An SSH server's host key: its type and SHA-256 fingerprint (HOST_KEY_UNKNOWN, HOST_KEY_CHANGED). */
  readonly keyType?: string
  readonly fingerprint?: string
  /** The fingerprint trusted before, which the server no longer presents (HOST_KEY_CHANGED). */
  readonly trustedFingerprint?: string
  /** Column (1-based) on `line` of Python code `dj.fromPython` refused, and the construct it names (PYTHON_SYNTAX). */
  readonly column?: number
  readonly construct?: string
  /** Index of the staged change a commit of pending changes failed at. */
  readonly change?: number
}

const QUERY_ERROR_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'QUERY_SYNTAX',
  'ACCESS_DENIED',
  'DUPLICATE',
  'INTEGRITY',
  'UNKNOWN_ATTRIBUTE',
  'MISSING_ATTRIBUTE',
])

/** DataJoint's `QueryError` group: errors the server raised while running a statement. */
export function isQueryErrorCode(code: ErrorCode): boolean {
  return QUERY_ERROR_CODES.has(code)
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value)
}
