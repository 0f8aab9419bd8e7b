// dj.diffSchemas on real servers: one pipeline declared on PostgreSQL, MariaDB and PGlite compares equal across
// every pair; each kind of difference (a table on one side, tier, key, attribute type/nullability/default/comment,
// foreign key, index) is found and named; describe() texts come with every table.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Instance } from '../instance/instance'
import type { Schema } from '../schema/schema'
import { startTestServer, testInstance, uniqueSchemaName, type TestBackendName, type TestServer } from '../testing/backends'
import { declareComparePipeline } from '../testing/compare-pipeline'
import { diffSchemas } from './schema-diff'

interface Opened {
  readonly server: TestServer
  readonly inst: Instance
  readonly schemas: Schema[]
}

const opened = new Map<TestBackendName, Opened>()

async function open(name: TestBackendName): Promise<Opened> {
  const server = await startTestServer(name)
  const entry = { server, inst: testInstance(server), schemas: [] }
  opened.set(name, entry)
  return entry
}

async function newSchema(entry: Opened, prefix: string): Promise<Schema> {
  const schema = await entry.inst.schema(uniqueSchemaName(prefix))
  entry.schemas.push(schema)
  return schema
}

beforeAll(async () => {
  for (const name of ['postgresql', 'mysql', 'pglite'] as const) await open(name)
})

afterAll(async () => {
  for (const entry of opened.values()) {
    for (const schema of entry.schemas.reverse()) await schema.drop({ prompt: false })
    await entry.inst.close()
    await entry.server.stop()
  }
})

function get(name: TestBackendName): Opened {
  const entry = opened.get(name)
  if (entry === undefined) throw new Error(`${name} not opened`)
  return entry
}

describe('diffSchemas', () => {
  const pipelines = new Map<TestBackendName, Schema>()

  beforeAll(async () => {
    for (const name of ['postgresql', 'mysql', 'pglite'] as const) {
      const schema = await newSchema(get(name), 'sdiff')
      await declareComparePipeline(schema)
      pipelines.set(name, schema)
    }
  })

  const pairs: readonly (readonly [TestBackendName, TestBackendName])[] = [
    ['postgresql', 'mysql'],
    ['mysql', 'pglite'],
    ['postgresql', 'pglite'],
  ]

  it.each(pairs)('finds the same pipeline equal on %s and %s', async (a, b) => {
    const diff = await diffSchemas(pipelines.get(a) as Schema, pipelines.get(b) as Schema)
    expect(diff.onlyLeft).toEqual([])
    expect(diff.onlyRight).toEqual([])
    expect(diff.tables.filter((t) => t.differences.length > 0)).toEqual([])
    expect(diff.equal).toBe(true)
    expect(diff.tables.map((t) => t.className)).toEqual(['Lab', 'Session', 'Session.Trial', 'Subject', 'Typed'])
    for (const table of diff.tables) expect(table.describe.left).toBe(table.describe.right)
    const session = diff.tables.find((t) => t.className === 'Session')
    expect(session?.describe.left).toContain('-> [nullable] Lab.proj(host_lab="lab")')
  })

  it('names every kind of difference between MariaDB and PostgreSQL', async () => {
    const left = pipelines.get('mysql') as Schema
    const right = await newSchema(get('postgresql'), 'sdiff_changed')
    await right.lookup('Lab', 'lab : varchar(16)\n---\nlab_name : varchar(64)  # full name')
    await right.manual(
      'Subject',
      // sex: another default; weight: float64, not nullable, another comment; index on weight instead of sex.
      'subject_id : int32\n---\n-> Lab\nsex = "F" : enum(\'F\',\'M\',\'U\')\nweight : float64  # kilograms\nindex(weight)',
    )
    // Session keyed by its own id (another key, no foreign key to Subject), and a lookup tier.
    await right.lookup('Session', 'session : int16\n---\nsession_date : date\nnote = "" : varchar(255)')
    await right.manual('Extra', 'extra_id : int32')
    const diff = await diffSchemas(left, right)
    expect(diff.equal).toBe(false)
    expect(diff.onlyLeft).toEqual(['Session.Trial', 'Typed'])
    expect(diff.onlyRight).toEqual(['Extra'])
    const byTable = new Map(diff.tables.map((t) => [t.className, t.differences]))
    expect(byTable.get('Lab')).toEqual([])
    expect(byTable.get('Subject')).toEqual([
      { aspect: 'attribute', name: 'sex', property: 'default', left: '"U"', right: '"F"' },
      { aspect: 'attribute', name: 'weight', property: 'type', left: 'float32', right: 'float64' },
      { aspect: 'attribute', name: 'weight', property: 'nullable', left: 'true', right: 'false' },
      { aspect: 'attribute', name: 'weight', property: 'default', left: 'null', right: null },
      { aspect: 'attribute', name: 'weight', property: 'comment', left: 'grams', right: 'kilograms' },
      { aspect: 'index', name: 'index(sex)', left: 'index(sex)', right: null },
      { aspect: 'index', name: 'index(weight)', left: null, right: 'index(weight)' },
    ])
    expect(diff.tables.find((t) => t.className === 'Session')?.table).toEqual({ left: 'session', right: '#session' })
    const session = byTable.get('Session') ?? []
    expect(session).toContainEqual({ aspect: 'tier', left: 'manual', right: 'lookup' })
    expect(session).toContainEqual({ aspect: 'primaryKey', left: 'subject_id, session', right: 'session' })
    expect(session).toContainEqual({ aspect: 'attribute', name: 'subject_id', property: 'presence', left: 'int32', right: null })
    expect(session).toContainEqual({ aspect: 'foreignKey', name: 'subject(subject_id)', left: 'subject(subject_id)', right: null })
    expect(session).toContainEqual({ aspect: 'foreignKey', name: '#lab(host_lab=lab)', left: '#lab(host_lab=lab)', right: null })
    expect(session).toContainEqual({ aspect: 'lineage', name: 'session', left: 'session.session', right: '#session.session' })
  })
})
