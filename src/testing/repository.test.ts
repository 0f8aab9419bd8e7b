// The repository stands alone (no file names a path of one machine, a folder or a document beside the checkout),
// and only the dialects know MySQL from PostgreSQL. The scan runs over every file git tracks (plus new, unignored
// ones), so it guards docs, configs and fixtures as well as code.

import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import {
  BACKEND_COMPARISON,
  MACHINE_PATHS,
  OUTSIDE_DOCUMENTS,
  OUTSIDE_SHARED_FOLDER,
  isDialectCheckedSource,
  REPOSITORY_CHECKS,
  formatFindings,
  repositoryFiles,
  scanFile,
  walkFiles,
  type RepositoryCheck,
} from './repository-checks'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))

/**
 * A sample text as the checks must see it. The samples are written with a `|` inside every spelling the checks
 * flag, so that this file itself names no machine path, outside folder or outside document.
 */
const s = (text: string): string => text.replaceAll('|', '')

const flagged = (check: RepositoryCheck, text: string, file = 'src/sample.ts'): string[] =>
  scanFile(file, text, [check]).map((finding) => finding.text)

describe('MACHINE_PATHS', () => {
  it.each([
    [s('/wo|rk/x'), s("const dir = '/wo|rk/x'")],
    [s('/ho|me/alice/data.json'), s('open /ho|me/alice/data.json now')],
    [s('/Us|ers/bob/lab'), s('cd "/Us|ers/bob/lab"')],
    [s('/ro|ot/.config'), s('`/ro|ot/.config`')],
    [s('/m|nt/data/raw'), s('mount at /m|nt/data/raw')],
    [s('C:|\\Users\\lab'), s("path = 'C:|\\Users\\lab'")],
    [s('/wo|rk/sha|red/fixtures/a.csv'), s("new URL('file:///wo|rk/sha|red/fixtures/a.csv')")],
  ])('flags %s', (path, line) => {
    expect(flagged(MACHINE_PATHS, line)).toEqual([path])
  })

  it.each([
    "const chromium = process.env['CHROMIUM'] ?? '/usr/bin/chromium'",
    'exec 2>/dev/null',
    "readFileSync('/proc/self/status')",
    "'/etc/hosts'",
    s("import { x } from './wo|rk/y'"),
    s("src/ro|ot/index.ts and ../ho|me/page and my-work/a"),
    s('https://docs.datajoint.com/wo|rk/'),
    "console.log('NOTE:\\n')",
  ])('passes %s', (line) => {
    expect(flagged(MACHINE_PATHS, line)).toEqual([])
  })
})

describe('OUTSIDE_SHARED_FOLDER', () => {
  it.each([
    [s('../sha|red'), s("new URL('../../sha|red/fixtures/university/', import.meta.url)")],
    [s('sha|red/datajoint'), s('// read from sha|red/datajoint/python-catalogs')],
    [s('/sha|red/'), s('see /srv/sha|red/notes')],
  ])('flags %s', (match, line) => {
    expect(flagged(OUTSIDE_SHARED_FOLDER, line)).toEqual([match])
  })

  it.each(['the shared compiler', 'shared state between instances', 'a shared_buffers setting'])(
    'passes %s',
    (line) => {
      expect(flagged(OUTSIDE_SHARED_FOLDER, line)).toEqual([])
    },
  )
})

describe('OUTSIDE_DOCUMENTS', () => {
  it.each([
    [s('house-|style'), s('// Layering zones of house-|style 3.1')],
    [s('spec |§'), s('/** DataJoint’s Mermaid classes (spec |§8.4). */')],
    [s('toolchain|.md'), s('see toolchain|.md 3.2')],
    [s('product|.md'), s('the goals of product|.md')],
  ])('flags %s', (match, line) => {
    expect(flagged(OUTSIDE_DOCUMENTS, line)).toEqual([match])
  })

  it.each(["DataJoint Python's `declare.py`", 'https://docs.datajoint.com/', 'the house style of this file', 'a product of two'])('passes %s', (line) => {
    expect(flagged(OUTSIDE_DOCUMENTS, line)).toEqual([])
  })
})

describe('BACKEND_COMPARISON', () => {
  it.each([
    ["if (backend === 'mysql') return x", 1],
    ['const port = config.backend !== "postgresql" ? 3306 : 5432', 1],
    ["return 'postgresql' === dialect.backend", 1],
    ["    case 'mysql':", 1],
    ['switch (kind) {\n  case `postgres`: return 1\n}', 1],
    ["const pg = database.backend == 'postgres'", 1],
    ["if (options.Backend !== 'pglite') {}", 1],
    ["const a = backend === 'x'\nconst b = backend === 'y'", 2],
  ])('flags %j', (source, count) => {
    expect(scanFile('src/sample.ts', source, [BACKEND_COMPARISON])).toHaveLength(count)
  })

  it.each([
    'checked={form.backend === option}',
    'if (backend !== undefined) config.set(backend)',
    "const name = 'mysql'",
    "const labels = { mysql: 'MySQL', postgresql: 'PostgreSQL' }",
    "// here backend === 'mysql' would be a leak",
    " * and never `case 'mysql':` outside the dialect",
    "if (kind === 'select') return",
  ])('leaves %j alone', (source) => {
    expect(scanFile('src/sample.ts', source, [BACKEND_COMPARISON])).toEqual([])
  })

  it.each([
    ['src/instance/config.ts', true],
    ['electron/services/connections.ts', true],
    ['renderer/features/connections/components/connection-dialog.tsx', true],
    ['src/adapters/postgres/ddl.ts', false],
    ['src/sql/mysql-compiler.ts', false],
    ['src/testing/expect-sql.ts', false],
    ['electron/testing/service-harness.ts', false],
    ['src/declare/to-ddl.test.ts', false],
    ['src/table/drop.db.test.ts', false],
    ['src/algebra/ast.schema.test-d.ts', false],
    ['renderer/features/connections/profile-form.test.tsx', false],
    ['e2e/connect.spec.ts', false],
    ['src/sql/__golden__/aggr.mysql.sql', false],
  ])('applies to %s: %s', (path, checked) => {
    expect(isDialectCheckedSource(path)).toBe(checked)
  })

  it('reads the source of all three trees', () => {
    const files = repositoryFiles(ROOT).filter(isDialectCheckedSource)
    for (const tree of ['src/', 'electron/', 'renderer/']) expect(files.filter((path) => path.startsWith(tree)).length).toBeGreaterThan(10)
  })
})

describe('scanFile', () => {
  it('names the line of every finding, several on one line too', () => {
    const text = s('fine\n/wo|rk/a and /ho|me/b/c\r\nfine')
    expect(scanFile('docs/x.md', text, [MACHINE_PATHS])).toEqual([
      { check: 'machine path', file: 'docs/x.md', line: 2, text: s('/wo|rk/a') },
      { check: 'machine path', file: 'docs/x.md', line: 2, text: s('/ho|me/b/c') },
    ])
  })

  it('skips files a check does not apply to, and comment lines where the check says so', () => {
    const scoped: RepositoryCheck = {
      name: 'scoped',
      advice: 'none',
      pattern: /forbidden/,
      appliesTo: (file) => file.startsWith('src/'),
      skipsComments: true,
    }
    expect(scanFile('e2e/a.ts', 'forbidden', [scoped])).toEqual([])
    expect(scanFile('src/b.ts', '// forbidden\nforbidden', [scoped]).map((f) => f.line)).toEqual([2])
  })

  it('formats findings as file:line per check, with the advice', () => {
    const findings = scanFile('a.md', s('x\n/m|nt/y'), REPOSITORY_CHECKS)
    expect(formatFindings(findings, REPOSITORY_CHECKS)).toBe(
      s(`machine path (1):\n  a.md:2: /m|nt/y\n  → ${MACHINE_PATHS.advice}`),
    )
    expect(formatFindings([], REPOSITORY_CHECKS)).toBe('')
  })
})

describe('listing the repository', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'joinery-walk-'))
  afterAll(() => rmSync(scratch, { recursive: true, force: true }))

  it('walks regular files without git, skipping dependencies and build output', () => {
    const files = ['README.md', 'src/a/b.ts', 'node_modules/pkg/index.js', 'out/main/index.js', 'reports/x.json']
    for (const file of files) {
      mkdirSync(dirname(join(scratch, file)), { recursive: true })
      writeFileSync(join(scratch, file), '')
    }
    symlinkSync(join(scratch, 'src'), join(scratch, 'linked'))
    expect(walkFiles(scratch)).toEqual(['README.md', 'src/a/b.ts'])
    expect(repositoryFiles(scratch)).toEqual(walkFiles(scratch)) // not a git checkout: the walk
  })

  it('lists this checkout, this file included', () => {
    const files = repositoryFiles(ROOT)
    expect(files).toContain('src/testing/repository.test.ts')
    expect(files).toContain('package.json')
    expect(files.some((file) => file.startsWith('node_modules/'))).toBe(false)
  })
})

describe('the repository', () => {
  it('has no machine paths, no references to a shared folder or documents beside it, no backend comparison outside the dialects', () => {
    const findings = repositoryFiles(ROOT).flatMap((file) => {
      const text = readFileSync(join(ROOT, file), 'utf8')
      return text.includes('\0') ? [] : scanFile(file, text, REPOSITORY_CHECKS)
    })
    expect(formatFindings(findings, REPOSITORY_CHECKS)).toBe('')
  })
})
