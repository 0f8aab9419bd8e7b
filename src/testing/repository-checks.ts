// Test-only: checks over the repository's own files, run by repository.test.ts as part of `npm test`. Each check
// is a line pattern plus the files it reads; scanning is pure (text in, findings out) so that every check can be
// tested on sample text, and a new check is one more entry in REPOSITORY_CHECKS.

import { spawnSync } from 'node:child_process'
import { lstatSync, readdirSync } from 'node:fs'
import { join, relative, sep } from 'node:path'

export interface RepositoryCheck {
  /** Names the check in failures. */
  readonly name: string
  /** What to do instead, shown once under the check's findings. */
  readonly advice: string
  /** Matches the offending text on one line. */
  readonly pattern: RegExp
  /** Which repository-relative paths the check reads; all files when absent. */
  readonly appliesTo?: (file: string) => boolean
  /** Comment lines (`//`, `/*`, ` *`) are not read: they may describe the rule. */
  readonly skipsComments?: boolean
}

export interface Finding {
  readonly check: string
  readonly file: string
  /** 1-based. */
  readonly line: number
  /** The matched text. */
  readonly text: string
}

/**
 * Paths that exist on one machine only: home folders (Linux, macOS, root's), the work and mnt mounts, and Windows
 * drive letters. System paths that every machine has (the chromium binary under usr/bin, dev/null, proc, etc) are
 * not matched. A path is matched where it starts: not after a letter, digit, `_`, `.`
 * or `-` (so `src/root/` is not a machine path), but after `file://` it is.
 */
export const MACHINE_PATHS: RepositoryCheck = {
  name: 'machine path',
  advice:
    'A path of one machine breaks every other checkout. Compute it from import.meta.url or the repository root, ' +
    'or take it from an environment variable with a portable default.',
  pattern: /(?<![\w.-])(?:\/(?:work|home|Users|root|mnt)\/|[A-Z]:\\)[^\s'"`)]*/,
}

/**
 * References to a folder beside the repository (the parent's shared folder) that a fresh clone does not have.
 * A folder named shared inside the repository would be matched too: none exists.
 */
export const OUTSIDE_SHARED_FOLDER: RepositoryCheck = {
  name: 'shared folder outside the repository',
  advice:
    'Everything the code, tests and docs need lives in the repository: test fixtures in src/testing/fixtures ' +
    '(FIXTURES_DIR), facts stated in place rather than cited from documents outside it.',
  pattern: /\.\.\/shared\b|\bshared\/(?:fixtures|datajoint)\b|\/shared\//,
}

/** Reference documents the authors read beside the repository; a clone has none of them. */
export const OUTSIDE_DOCUMENTS: RepositoryCheck = {
  name: 'citation of a document outside the repository',
  advice: 'State the fact itself, or cite DataJoint’s public documentation or DataJoint Python’s source by file name.',
  pattern: /\bhouse-style\b|\bspec(?:\.md)? §|\btoolchain\.md\b|\bproduct\.md\b/,
}

const BACKEND_NAME = String.raw`['"\`](?:mysql|mariadb|postgresql|postgres|pglite)['"\`]`
const EQUALITY = String.raw`(?:===|!==|==|!=)`

/** Where backend comparisons belong: the dialects and the SQL compilers they create. */
const DIALECT_ZONES = ['src/adapters/', 'src/sql/']

/** Source code the dialect boundary applies to: src, electron and renderer, but not a dialect, a test or test support. */
export function isDialectCheckedSource(path: string): boolean {
  if (!/^(src|electron|renderer)\/.*\.tsx?$/.test(path)) return false
  if (DIALECT_ZONES.some((zone) => path.startsWith(zone))) return false
  if (path.startsWith('src/testing/') || path.startsWith('electron/testing/')) return false
  return !/\.test(-d)?\.tsx?$/.test(path)
}

/**
 * Code that decides on a backend by name: a backend name compared with `===`/`!==` (either side), a `case` on one,
 * or something called `backend` compared with a string literal. The dialects are the only place that knows MySQL
 * from PostgreSQL; everywhere else asks the dialect. Comparing two backend values (`form.backend === option`, a
 * radio group's selection) says nothing about either backend and is not flagged.
 */
export const BACKEND_COMPARISON: RepositoryCheck = {
  name: 'backend comparison outside the dialects',
  advice: 'Ask the dialect (src/adapters/<db>/dialect.ts, dialectFor(backend)) instead of comparing backend names.',
  pattern: new RegExp(
    [
      String.raw`${EQUALITY}\s*${BACKEND_NAME}`,
      String.raw`${BACKEND_NAME}\s*${EQUALITY}`,
      String.raw`\bcase\s+${BACKEND_NAME}\s*:`,
      String.raw`\b[Bb]ackend\s*${EQUALITY}\s*['"\`]`,
      String.raw`['"\`]\s*${EQUALITY}\s*[\w.]*[Bb]ackend\b`,
    ].join('|'),
  ),
  appliesTo: isDialectCheckedSource,
  skipsComments: true,
}

export const REPOSITORY_CHECKS: readonly RepositoryCheck[] = [MACHINE_PATHS, OUTSIDE_SHARED_FOLDER, OUTSIDE_DOCUMENTS, BACKEND_COMPARISON]

function isComment(line: string): boolean {
  const code = line.trimStart()
  return code.startsWith('//') || code.startsWith('*') || code.startsWith('/*')
}

/** The findings of `checks` in one file's text; `file` is its repository-relative, `/`-separated path. */
export function scanFile(file: string, text: string, checks: readonly RepositoryCheck[]): Finding[] {
  const applicable = checks.filter((check) => check.appliesTo === undefined || check.appliesTo(file))
  if (applicable.length === 0) return []
  const findings: Finding[] = []
  text.split(/\r?\n/).forEach((line, index) => {
    for (const check of applicable) {
      if (check.skipsComments === true && isComment(line)) continue
      const flags = check.pattern.flags.includes('g') ? check.pattern.flags : `${check.pattern.flags}g`
      for (const match of line.matchAll(new RegExp(check.pattern.source, flags))) {
        findings.push({ check: check.name, file, line: index + 1, text: match[0] })
      }
    }
  })
  return findings
}

/** One paragraph per check: its `file:line: text` findings, then its advice. Empty when there are none. */
export function formatFindings(findings: readonly Finding[], checks: readonly RepositoryCheck[]): string {
  return checks
    .map((check) => {
      const own = findings.filter((f) => f.check === check.name)
      if (own.length === 0) return ''
      const lines = own.map((f) => `  ${f.file}:${f.line}: ${f.text}`)
      return [`${check.name} (${own.length}):`, ...lines, `  → ${check.advice}`].join('\n')
    })
    .filter((paragraph) => paragraph !== '')
    .join('\n\n')
}

/** Folders a filesystem walk skips: dependencies, build and test output, git's own. */
const UNTRACKED_FOLDERS = new Set([
  '.git',
  'node_modules',
  'out',
  'dist',
  'reports',
  'test-results',
  'playwright-report',
])

/**
 * The repository's files, repository-relative and `/`-separated: what git tracks plus new files it does not
 * ignore; without git (or outside a checkout), a walk of `root` that skips UNTRACKED_FOLDERS.
 * Only regular files are listed (no symlinks, no deleted-but-tracked paths).
 */
export function repositoryFiles(root: string): string[] {
  const git = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  })
  if (git.error !== undefined || git.status !== 0) return walkFiles(root)
  const listed = new Set(git.stdout.split('\0').filter((file) => file !== ''))
  return [...listed].filter((file) => isRegularFile(join(root, file))).sort()
}

/** Regular files under `root` (skipping UNTRACKED_FOLDERS), repository-relative and `/`-separated. */
export function walkFiles(root: string): string[] {
  const files: string[] = []
  const visit = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name)
      if (entry.isDirectory() && !UNTRACKED_FOLDERS.has(entry.name)) visit(path)
      else if (entry.isFile()) files.push(relative(root, path).split(sep).join('/'))
    }
  }
  visit(root)
  return files.sort()
}

function isRegularFile(path: string): boolean {
  try {
    return lstatSync(path).isFile()
  } catch {
    return false
  }
}
