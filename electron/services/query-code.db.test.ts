// A query as code, both ways, through the real dispatcher on every backend: the Python printed for a tree reads back
// as the same rows, the TypeScript names the engine's API, bare class names resolve against a schema, and code the
// engine cannot read fails with the line and column.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { QueryExpr } from '../../src/algebra/ast'
import { TEST_BACKENDS, startTestServer, testInstance, uniqueSchemaName, type TestServer } from '../../src/testing/backends'
import type { Tab } from '../ipc/contract'
import { createHarness, type Harness } from '../testing/service-harness'
import { seedDemoLab } from './demo-seed'

describe.each(TEST_BACKENDS)('query code on %s', (backend) => {
  let server: TestServer
  let harness: Harness
  let tab: Tab
  const names = { lab: uniqueSchemaName('code_lab'), ephys: uniqueSchemaName('code_ephys') }

  beforeAll(async () => {
    server = await startTestServer(backend)
    const seeder = testInstance(server)
    await seedDemoLab(seeder, names)
    await seeder.close()
    harness = createHarness()
    const profile = await harness.value('connections.save', {
      profile: { name: backend, backend: server.backend, host: server.host, port: server.port, user: server.user, tls: 'disabled', readOnly: false, color: '#000000' },
      password: server.password,
    })
    tab = await harness.value('tabs.open', { profileId: profile.id })
  })

  afterAll(async () => {
    await harness?.dispose()
    const cleaner = testInstance(server)
    for (const schema of [names.ephys, names.lab]) await (await cleaner.schema(schema, { create: true })).drop({ prompt: false })
    await cleaner.close()
    await server?.stop()
  })

  const rowsOf = async (expr: QueryExpr) => {
    const page = await harness.value('query.fetch', { tabId: tab.tabId, requestId: 'rows', expr, orderBy: [], limit: 1000, offset: 0 })
    return page.rows
  }

  // The female subjects.
  const females: QueryExpr = {
    kind: 'restrict',
    input: { kind: 'table', schema: names.lab, table: 'subject' },
    condition: { kind: 'compare', op: '=', left: { kind: 'attr', name: 'sex' }, right: { kind: 'lit', type: 'string', value: 'F' } },
    semanticCheck: true,
  }

  it('prints Python that reads back as the same rows', async () => {
    const { text } = await harness.value('query.code', { tabId: tab.tabId, expr: females, language: 'python' })
    expect(text).toContain(`dj.VirtualModule(`)
    expect(text).toContain(`'${names.lab}'`)
    expect(text).toMatch(/\nquery = .*\.Subject & /)
    const { expr } = await harness.value('query.fromPython', { tabId: tab.tabId, code: text, schema: null })
    const [before, after] = [await rowsOf(females), await rowsOf(expr)]
    expect(before.length).toBeGreaterThan(0)
    expect(after).toEqual(before)
  })

  it('prints TypeScript on the engine’s API', async () => {
    const { text } = await harness.value('query.code', { tabId: tab.tabId, expr: females, language: 'typescript' })
    expect(text).toContain('const query = ')
    expect(text).toContain('.restrict(')
  })

  it('reads bare class names against the given schema, parts as Master.Part', async () => {
    const { expr } = await harness.value('query.fromPython', { tabId: tab.tabId, code: "Session * Session.Trial & 'outcome = \"hit\"'", schema: names.lab })
    const rows = await rowsOf(expr)
    expect(rows.length).toBeGreaterThan(0)
  })

  it('refuses code it cannot read, and tables that do not exist, at their line and column', async () => {
    const syntax = await harness.call('query.fromPython', { tabId: tab.tabId, code: 'query = Subject &\n  & Session', schema: names.lab })
    expect(syntax.ok).toBe(false)
    if (!syntax.ok) {
      expect(syntax.error.code).toBe('PYTHON_SYNTAX')
      expect(syntax.error.details).toMatchObject({ line: 2 })
    }
    const unknown = await harness.call('query.fromPython', { tabId: tab.tabId, code: "m = dj.VirtualModule('m', 'no_such_schema_here')\nquery = m.Subject", schema: null })
    expect(unknown.ok).toBe(false)
    if (!unknown.ok) expect(unknown.error.details).toMatchObject({ line: expect.any(Number), column: expect.any(Number) })
    const noTable = await harness.call('query.fromPython', { tabId: tab.tabId, code: 'Nope & Subject', schema: names.lab })
    expect(noTable.ok).toBe(false)
    if (!noTable.ok) expect(noTable.error.details).toMatchObject({ line: 1, column: 1 })
  })

  it('refuses to print a tree the engine refuses, with DataJoint’s error', async () => {
    const bad: QueryExpr = { ...females, condition: { kind: 'compare', op: '=', left: { kind: 'attr', name: 'no_such_attribute' }, right: { kind: 'lit', type: 'number', value: 1 } } }
    const result = await harness.call('query.code', { tabId: tab.tabId, expr: bad, language: 'python' })
    expect(result.ok ? 'ok' : result.error.message).toMatch(/no_such_attribute/)
  })
})
