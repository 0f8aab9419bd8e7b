// Only the dialects know MySQL from PostgreSQL: no tracked source outside src/adapters and src/sql compares
// backends by name.

import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { findBackendComparisons, isCheckedSource } from './dialect-boundary'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))

function trackedFiles(): string[] {
  const listing = execFileSync('git', ['ls-files', '-z', '--', 'src', 'electron', 'renderer'], { cwd: ROOT, encoding: 'utf8' })
  return listing.split('\0').filter((path) => path !== '')
}

describe('findBackendComparisons', () => {
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
    expect(findBackendComparisons(source)).toHaveLength(count)
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
    expect(findBackendComparisons(source)).toEqual([])
  })

  it('reports the line and its text', () => {
    expect(findBackendComparisons("const a = 1\n  if (backend === 'mysql') {}\n")).toEqual([
      { line: 2, text: "if (backend === 'mysql') {}" },
    ])
  })
})

describe('isCheckedSource', () => {
  it.each([
    ['src/instance/config.ts', true],
    ['electron/services/connections.ts', true],
    ['renderer/features/connections/components/connection-dialog.tsx', true],
    ['src/adapters/postgres/ddl.ts', false],
    ['src/sql/mysql-compiler.ts', false],
    ['src/testing/expect-sql.ts', false],
    ['src/declare/to-ddl.test.ts', false],
    ['src/table/drop.db.test.ts', false],
    ['src/algebra/ast.schema.test-d.ts', false],
    ['renderer/features/connections/profile-form.test.tsx', false],
    ['src/declare/testing-ddl-simulator.ts', false],
    ['e2e/connect.spec.ts', false],
    ['src/sql/__golden__/aggr.mysql.sql', false],
  ])('%s: %s', (path, checked) => {
    expect(isCheckedSource(path)).toBe(checked)
  })
})

describe('the dialect boundary', () => {
  const files = trackedFiles().filter(isCheckedSource)
  const comparisons = new Map(files.map((path) => [path, findBackendComparisons(readFileSync(`${ROOT}${path}`, 'utf8'))]))

  it('scans the source of all three trees', () => {
    for (const tree of ['src/', 'electron/', 'renderer/']) expect(files.filter((path) => path.startsWith(tree)).length).toBeGreaterThan(10)
  })

  it('has no backend comparison outside src/adapters and src/sql', () => {
    const leaks = [...comparisons].flatMap(([path, found]) => found.map((c) => `${path}:${c.line}: ${c.text}`))
    expect(leaks, 'ask the dialect (src/adapters/<db>/dialect.ts) instead').toEqual([])
  })
})
