// Test-only: finds code that decides on a backend by name. The dialects (src/adapters/**, with the compilers in
// src/sql/**) are the only place allowed to know MySQL from PostgreSQL; everywhere else asks the dialect.

export interface BackendComparison {
  /** 1-based. */
  readonly line: number
  readonly text: string
}

const BACKEND_NAME = String.raw`['"\`](?:mysql|mariadb|postgresql|postgres|pglite)['"\`]`
const EQUALITY = String.raw`(?:===|!==|==|!=)`

/**
 * A backend name compared with `===`/`!==` (either side), a `case` on one, or something called `backend` compared
 * with a string literal. A comparison of two backend values (`form.backend === option`, a radio group's selection)
 * is not flagged: it says nothing about either backend.
 */
const PATTERNS: readonly RegExp[] = [
  new RegExp(String.raw`${EQUALITY}\s*${BACKEND_NAME}`),
  new RegExp(String.raw`${BACKEND_NAME}\s*${EQUALITY}`),
  new RegExp(String.raw`\bcase\s+${BACKEND_NAME}\s*:`),
  new RegExp(String.raw`\bbackend\s*${EQUALITY}\s*['"\`]`, 'i'),
  new RegExp(String.raw`['"\`]\s*${EQUALITY}\s*[\w.]*backend\b`, 'i'),
]

/** Lines of `source` that compare backends by name; comment lines are skipped (they may describe the rule). */
export function findBackendComparisons(source: string): BackendComparison[] {
  const found: BackendComparison[] = []
  source.split('\n').forEach((text, index) => {
    const code = text.trim()
    if (code.startsWith('//') || code.startsWith('*') || code.startsWith('/*')) return
    if (PATTERNS.some((pattern) => pattern.test(text))) found.push({ line: index + 1, text: code })
  })
  return found
}

/** Where backend comparisons belong: the dialects and the SQL compilers they create. */
const DIALECT_ZONES = ['src/adapters/', 'src/sql/']

/** Whether a repository path is source code the rule applies to: not a dialect, not a test or test support. */
export function isCheckedSource(path: string): boolean {
  if (!/^(src|electron|renderer)\/.*\.tsx?$/.test(path)) return false
  if (DIALECT_ZONES.some((zone) => path.startsWith(zone))) return false
  if (path.startsWith('src/testing/')) return false
  const file = path.slice(path.lastIndexOf('/') + 1)
  // `*.test.ts`, `*.db.test.ts`, `*.test-d.ts`, and the `testing-*.ts` helpers only tests import.
  return !/\.test(-d)?\.tsx?$/.test(file) && !file.startsWith('testing-')
}
