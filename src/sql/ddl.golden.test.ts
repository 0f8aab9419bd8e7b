// Golden DDL per dialect: table declarations as the adapters print them, and the data-free statements the
// compilers print, frozen in __golden__/ddl-*.sql (review changes to those files).

import { describe, expect, it } from 'vitest'
import { dialectFor } from '../adapters/dialects'
import { BACKENDS, type Backend } from '../backend'
import { parseDefinition } from '../declare/parse'
import { lineageTableDeclaration, planDeclaration, type ResolvedParent } from '../declare/to-ddl'
import type { Tier } from '../heading/table-info'
import { testAttribute } from '../testing/attributes'
import type { StatementNode } from './nodes'

const SESSION = `# a recording session
-> Subject
session_id : int16                 # session number
---
session_date : date                # when it ran
operator = null : varchar(32)      # who ran it
quality = 'good' : enum('good', 'bad')
settings : json
raw = null : <blob>                # the recording
unique index (session_date, operator)
index (quality)
`

const TRIAL = `-> master
trial_id : int16
---
start_time : float32               # seconds from session start
`

/** The parent tables as the catalog would load them on each backend (PostgreSQL spells `int32` `integer`). */
function parents(backend: Backend): Record<'subject' | 'session', ResolvedParent> {
  const sqlType = backend === 'mysql' ? 'int' : 'integer'
  const subjectId = testAttribute('subject_id', { sqlType, comment: 'subject number' })
  return {
    subject: { schema: 'lab', table: 'subject', primaryKey: [subjectId] },
    session: {
      schema: 'lab',
      table: 'session',
      primaryKey: [subjectId, testAttribute('session_id', { type: 'int16', sqlType: 'smallint', coreType: 'int16' })],
    },
  }
}

function declaration(backend: Backend, table: string, tier: Tier, definition: string, parent: ResolvedParent): string {
  const plan = planDeclaration({
    definition: parseDefinition(definition),
    schema: 'lab',
    table,
    tier,
    dialect: dialectFor(backend).ddl,
    parents: [parent],
    options: { addJobMetadata: false, allowNewPkFieldsInComputed: false },
  })
  return plan.statements.map((s) => `${s.ignoreErrors ? '-- errors ignored\n' : ''}${s.sql};\n`).join('\n')
}

function statements(backend: Backend, nodes: readonly StatementNode[]): string {
  const compiler = dialectFor(backend).createCompiler()
  return nodes.map((node) => `${compiler.compile(node).sql};\n`).join('')
}

describe.each(BACKENDS)('golden DDL on %s', (backend) => {
  const golden = (name: string) => `./__golden__/ddl-${name}.${backend}.sql`

  it('CREATE TABLE of a manual table: foreign key, indexes, nullable, default, enum, json, <blob>', async () => {
    await expect(declaration(backend, 'session', 'manual', SESSION, parents(backend).subject)).toMatchFileSnapshot(golden('manual-table'))
  })

  it('CREATE TABLE of a part table', async () => {
    await expect(declaration(backend, 'session__trial', 'part', TRIAL, parents(backend).session)).toMatchFileSnapshot(golden('part-table'))
  })

  it('the ~lineage table', async () => {
    await expect(`${dialectFor(backend).ddl.print(lineageTableDeclaration('lab'))};\n`).toMatchFileSnapshot(golden('lineage-table'))
  })

  it('DROP TABLE', async () => {
    await expect(statements(backend, [{ kind: 'dropTable', table: { schema: 'lab', table: 'session__trial' } }])).toMatchFileSnapshot(
      golden('drop-table'),
    )
  })

  it('CREATE and DROP SCHEMA', async () => {
    const nodes: StatementNode[] = [
      { kind: 'createSchema', schema: 'lab' },
      { kind: 'dropSchema', schema: 'lab' },
    ]
    await expect(statements(backend, nodes)).toMatchFileSnapshot(golden('schema'))
  })

  it('savepoint, release, rollback to', async () => {
    const nodes: StatementNode[] = [
      { kind: 'savepoint', action: 'set', name: 'dj_atomic_1' },
      { kind: 'savepoint', action: 'release', name: 'dj_atomic_1' },
      { kind: 'savepoint', action: 'rollbackTo', name: 'dj_atomic_1' },
    ]
    await expect(statements(backend, nodes)).toMatchFileSnapshot(golden('savepoints'))
  })
})

describe('DROP TYPE', () => {
  it('drops a PostgreSQL enum type', async () => {
    const node: StatementNode = { kind: 'dropEnumType', type: { schema: 'lab', name: 'enum_e54fc739' } }
    await expect(statements('postgresql', [node])).toMatchFileSnapshot('./__golden__/ddl-drop-type.postgresql.sql')
  })

  it('is refused on MySQL, whose enums are column types', () => {
    const node: StatementNode = { kind: 'dropEnumType', type: { schema: 'lab', name: 'enum_e54fc739' } }
    expect(() => statements('mysql', [node])).toThrow('MySQL has no enum types to drop')
  })
})
