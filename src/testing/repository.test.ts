// The repository stands alone: no file names a path of one machine or a folder beside the checkout. The scan runs
// over every file git tracks (plus new, unignored ones), so it guards docs, configs and fixtures as well as code.

import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import {
  MACHINE_PATHS,
  OUTSIDE_SHARED_FOLDER,
  REPOSITORY_CHECKS,
  formatFindings,
  repositoryFiles,
  scanFile,
  walkFiles,
  type RepositoryCheck,
} from './repository-checks'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))

const flagged = (check: RepositoryCheck, text: string, file = 'src/sample.ts'): string[] =>
  scanFile(file, text, [check]).map((finding) => finding.text)

describe('MACHINE_PATHS', () => {
  it.each([
    ['/work/x', "const dir = '/work/x'"],
    ['/home/alice/data.json', 'open /home/alice/data.json now'],
    ['/Users/bob/lab', 'cd "/Users/bob/lab"'],
    ['/root/.config', '`/root/.config`'],
    ['/mnt/data/raw', 'mount at /mnt/data/raw'],
    ['C:\\Users\\lab', "path = 'C:\\Users\\lab'"],
    ['/work/shared/fixtures/a.csv', "new URL('file:///work/shared/fixtures/a.csv')"],
  ])('flags %s', (path, line) => {
    expect(flagged(MACHINE_PATHS, line)).toEqual([path])
  })

  it.each([
    "const chromium = process.env['CHROMIUM'] ?? '/usr/bin/chromium'",
    'exec 2>/dev/null',
    "readFileSync('/proc/self/status')",
    "'/etc/hosts'",
    "import { x } from './work/y'",
    "src/root/index.ts and ../home/page and my-work/a",
    'https://docs.datajoint.com/work/',
    "console.log('NOTE:\\n')",
  ])('passes %s', (line) => {
    expect(flagged(MACHINE_PATHS, line)).toEqual([])
  })
})

describe('OUTSIDE_SHARED_FOLDER', () => {
  it.each([
    ['../shared', "new URL('../../shared/fixtures/university/', import.meta.url)"],
    ['shared/datajoint', '// read from shared/datajoint/python-catalogs'],
    ['/shared/', 'see /srv/shared/notes'],
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

describe('scanFile', () => {
  it('names the line of every finding, several on one line too', () => {
    const text = 'fine\n/work/a and /home/b/c\r\nfine'
    expect(scanFile('docs/x.md', text, [MACHINE_PATHS])).toEqual([
      { check: 'machine path', file: 'docs/x.md', line: 2, text: '/work/a' },
      { check: 'machine path', file: 'docs/x.md', line: 2, text: '/home/b/c' },
    ])
  })

  it('skips files a check does not apply to, and allowed lines', () => {
    const scoped: RepositoryCheck = {
      name: 'scoped',
      advice: 'none',
      pattern: /forbidden/,
      appliesTo: (file) => file.startsWith('src/'),
      allowed: [{ file: 'src/b.ts', lineContains: 'known', reason: 'sample' }],
    }
    expect(scanFile('e2e/a.ts', 'forbidden', [scoped])).toEqual([])
    expect(scanFile('src/b.ts', 'forbidden known\nforbidden', [scoped]).map((f) => f.line)).toEqual([2])
  })

  it('formats findings as file:line per check, with the advice', () => {
    const findings = scanFile('a.md', 'x\n/mnt/y', REPOSITORY_CHECKS)
    expect(formatFindings(findings, REPOSITORY_CHECKS)).toBe(
      `machine path (1):\n  a.md:2: /mnt/y\n  → ${MACHINE_PATHS.advice}`,
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
  it('has no machine paths and no references to a shared folder beside it', () => {
    const findings = repositoryFiles(ROOT).flatMap((file) => {
      const text = readFileSync(join(ROOT, file), 'utf8')
      return text.includes('\0') ? [] : scanFile(file, text, REPOSITORY_CHECKS)
    })
    expect(formatFindings(findings, REPOSITORY_CHECKS)).toBe('')
  })
})
