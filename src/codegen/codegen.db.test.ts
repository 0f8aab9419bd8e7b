// Code both ways on the university golden corpus, on PostgreSQL, MariaDB and PGlite: each golden query built with
// the engine is printed as Python and read back (the same tree, the same rows), printed as TypeScript and run (the
// same rows), and the corpus's own Python text, as DataJoint users write it, reads to a query with the same rows
// (its left joins also as `.extend`).

import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as dj from '../index'
import type { Instance } from '../instance/instance'
import { QueryExpression } from '../table/expression'
import { arbitraryQuery } from '../testing/arbitrary-query'
import type { Table } from '../table/table'
import { TEST_BACKENDS, startTestServer, testInstance, uniqueSchemaName, type TestServer } from '../testing/backends'
import { declareUniversity, loadUniversity, type University } from '../testing/university'
import { golden, QUERIES } from '../testing/university-golden'

type AsyncFunctionConstructor = new (...parameters: string[]) => (...args: unknown[]) => Promise<unknown>
const AsyncFunction = (async () => {}).constructor as AsyncFunctionConstructor

/** Runs toTypeScript output as written: its text is the body of an async function with `dj` and `inst` in scope. */
async function runTypeScript(code: string, instance: Instance): Promise<QueryExpression> {
  const run = new AsyncFunction('dj', 'inst', `${code}return query`)
  const query = await run(dj, instance)
  if (!(query instanceof dj.QueryExpression)) throw new Error('the generated code did not give a query')
  return query
}

/** The rows of a query, bigints as numbers, in one order (the comparison is of row multisets). */
async function rows(query: QueryExpression): Promise<string[]> {
  const found = await query.toDicts()
  const json = found.map((row) => JSON.stringify(row, (_, v: unknown) => (typeof v === 'bigint' ? Number(v) : v)))
  return json.sort()
}

function buildOrError(build: (u: University) => QueryExpression, university: University): QueryExpression | Error {
  try {
    return build(university)
  } catch (error) {
    return error as Error
  }
}

describe.each(TEST_BACKENDS)('code both ways on the golden corpus on %s', (backendName) => {
  let server: TestServer
  let instance: Instance
  let university: University
  let tables: Record<string, Table>
  const schemaName = uniqueSchemaName('codegen')

  beforeAll(async () => {
    server = await startTestServer(backendName)
    instance = testInstance(server)
    university = await declareUniversity(instance, schemaName)
    await loadUniversity(university)
    tables = await university.schema.tables()
  }, 300_000)

  afterAll(async () => {
    await university?.schema.drop({ prompt: false })
    await instance?.close()
    await server?.stop()
  })

  it('random trees: toTypeScript runs to the same tree, toPython reads back to the same rows', async () => {
    let checked = 0
    await fc.assert(
      fc.asyncProperty(arbitraryQuery(schemaName), async (tree) => {
        const original = new QueryExpression(instance, tree)
        try {
          original.resolve()
        } catch {
          return
        }
        checked += 1
        const typescript = await runTypeScript(dj.toTypeScript(tree, { instance: 'inst' }), instance)
        expect(typescript.expr).toEqual(tree)
        const readBack = dj.fromPython(dj.toPython(tree), { [schemaName]: tables })
        expect(await rows(readBack)).toEqual(await rows(original))
      }),
      { numRuns: 40 },
    )
    expect(checked).toBeGreaterThan(5)
  }, 120_000)

  it('.extend(q) is the left join DataJoint defines it to be: the golden left joins written with .extend give their rows', async () => {
    const leftJoin = /\.join\((.+), left=True\)$/
    const cases = golden.queries.filter((query) => leftJoin.test(query.python))
    expect(cases.map((query) => query.id)).toEqual(['left_join_major', 'left_join_student_major'])
    for (const query of cases) {
      const original = QUERIES[query.id]?.(university)
      if (original === undefined) throw new Error(`no engine translation for ${query.id}`)
      const extended = dj.fromPython(query.python.replace(leftJoin, '.extend($1)'), tables)
      expect(extended.expr, query.id).toEqual(original.expr)
      const found = await rows(extended)
      expect(found, query.id).toEqual(await rows(original))
      expect(found, query.id).toHaveLength(query.count ?? -1)
    }
  })

  for (const query of golden.queries) {
    it(`${query.id}: ${query.python}`, async () => {
      const build = QUERIES[query.id]
      if (build === undefined) throw new Error(`no engine translation for ${query.id}`)
      const original = buildOrError(build, university)
      if (original instanceof Error) {
        // Refused while building: the Python text is refused as DataJoint refuses it, with the engine's error.
        expect(original).toBeInstanceOf(dj.DataJointError)
        expect(() => dj.fromPython(query.python, tables)).toThrow(dj.DataJointError)
        return
      }
      const python = dj.toPython(original)
      expect(python).toMatch(new RegExp(`^import datajoint as dj\n\n${schemaName} = dj.VirtualModule\\('${schemaName}', '${schemaName}'\\)\n\nquery = `))
      const readBack = dj.fromPython(python, { [schemaName]: tables })
      expect(readBack.expr).toEqual(original.expr)
      const typescript = await runTypeScript(dj.toTypeScript(original, { instance: 'inst' }), instance)
      expect(typescript.expr).toEqual(original.expr)
      const notebook = dj.fromPython(query.python, tables)
      if (query.error !== null) {
        // Refused when run (fetch1 of several rows): the same trees fail the same way.
        expect(notebook.expr).toEqual(original.expr)
        return
      }
      const expected = await rows(original)
      expect(await rows(readBack)).toEqual(expected)
      expect(await rows(typescript)).toEqual(expected)
      expect(await rows(notebook)).toEqual(expected)
      expect(notebook.heading.names).toEqual(original.heading.names)
    })
  }
})
