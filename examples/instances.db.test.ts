import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FIXTURES_DIR } from '../src/testing/fixtures'
import { TEST_BACKENDS, startTestServer, uniqueSchemaName, type TestServer } from '../src/testing/backends'
import { runTutorial, type TutorialResults } from './instances'

interface GoldenQuery {
  readonly id: string
  readonly attributes: readonly string[]
  readonly rows: readonly Record<string, unknown>[]
}

const golden = JSON.parse(readFileSync(join(FIXTURES_DIR, 'university', 'golden.json'), 'utf8')) as {
  tutorial_queries: GoldenQuery[]
}
const expected = (id: string): GoldenQuery => {
  const query = golden.tutorial_queries.find((q) => q.id === id)
  if (query === undefined) throw new Error(`golden query ${id} missing`)
  return query
}

const byKey = (rows: readonly Record<string, unknown>[]): Record<string, unknown>[] =>
  [...rows].sort((a, b) => JSON.stringify(Object.values(a)).localeCompare(JSON.stringify(Object.values(b))))

describe.each(TEST_BACKENDS)('the Instances tutorial on %s', (backendName) => {
  let server: TestServer
  let results: TutorialResults
  const printed: string[] = []

  beforeAll(async () => {
    server = await startTestServer(backendName)
    results = await runTutorial(
      server,
      { first: uniqueSchemaName('tutorial'), second: uniqueSchemaName('tutorial2') },
      (text) => printed.push(text),
    )
  })
  afterAll(async () => server.stop())

  const cases: [keyof TutorialResults, string][] = [
    ['restricted', 'tutorial_restrict'],
    ['joined', 'tutorial_join'],
    ['aggregated', 'tutorial_aggr'],
    ['researchers', 'tutorial_researchers'],
    ['labs', 'tutorial_labs'],
    ['projects', 'tutorial_projects'],
  ]
  it.each(cases)('%s matches DataJoint Python (%s)', (key, id) => {
    const rows = results[key] as Record<string, unknown>[]
    const want = expected(id)
    expect(byKey(rows)).toEqual(byKey(want.rows))
    for (const row of rows) expect(Object.keys(row)).toEqual(want.attributes)
  })

  it('prints previews with DataJoint layout and totals', () => {
    expect(results.previews['restricted']).toContain('*lab_id')
    expect(results.previews['restricted']).toContain(' (Total: 2)')
    expect(results.previews['aggregated']).toMatch(/num_researchers|num_resear/)
    expect(printed.join('\n')).toContain('Carol Ruiz')
  })
})
