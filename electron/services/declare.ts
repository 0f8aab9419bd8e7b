// Declaring and dropping as DataJoint does: a new schema, a new table declared by the engine from its definition
// (the DDL previewed per backend first, definition errors returned as data with their line), and drops with the
// cascade DataJoint's `drop()` would perform, committed only when it still matches the preview the user confirmed.

import { BACKENDS, DataJointError, isDataJointError, type Backend, type DependencyNode, type Instance, type Schema, type Table } from '../../src/index'
import type { DeclareInput, DefinitionError, DropNode } from '../ipc/contract'
import type { Handlers } from './handlers'
import type { TabRegistry } from './tabs'

async function existingSchema(instance: Instance, name: string): Promise<Schema> {
  if (!(await instance.listSchemas()).includes(name)) throw new DataJointError('NOT_FOUND', `Schema \`${name}\` does not exist.`)
  return instance.schema(name, { create: false })
}

async function masterOf(schema: Schema, input: DeclareInput): Promise<Table | undefined> {
  if (input.tier !== 'part') return undefined
  if (input.master === null) throw new DataJointError('INVALID_DEFINITION', 'A part table needs its master.')
  return schema.table(input.master)
}

/** A definition's refusal as the editor shows it; anything else (a lost connection) stays an error. */
function definitionError(error: unknown): DefinitionError {
  if (isDataJointError(error, 'INVALID_DEFINITION') || isDataJointError(error, 'NOT_FOUND')) {
    const line = error.details.line
    return { message: error.message, line: typeof line === 'number' ? line : null }
  }
  throw error
}

async function previewDdl(instance: Instance, input: DeclareInput) {
  const schema = await existingSchema(instance, input.schema)
  const own = instance.dialect.backend
  const backends: Backend[] = [own, ...BACKENDS.filter((b) => b !== own)]
  let master: Table | undefined
  try {
    master = await masterOf(schema, input)
  } catch (error) {
    const failure = definitionError(error)
    return { tableName: null, exists: false, ddl: [], warnings: [], error: failure }
  }
  const ddl = []
  let tableName: string | null = null
  let exists = false
  let warnings: readonly string[] = []
  let error: DefinitionError | null = null
  for (const backend of backends) {
    try {
      const plan = await schema.plan(input.className, input.tier, input.definition, { backend, ...(master === undefined ? {} : { master }) })
      ddl.push({ backend, statements: plan.statements.map((s) => s.sql), error: null })
      if (backend === own) ({ tableName, exists, warnings } = plan)
    } catch (caught) {
      const failure = definitionError(caught)
      ddl.push({ backend, statements: [], error: failure })
      if (backend === own) error = failure
    }
  }
  return { tableName, exists, ddl, warnings: [...warnings], error }
}

async function declareTable(instance: Instance, input: DeclareInput): Promise<{ tableName: string }> {
  const schema = await existingSchema(instance, input.schema)
  const master = await masterOf(schema, input)
  const plan = await schema.plan(input.className, input.tier, input.definition, master === undefined ? {} : { master })
  if (plan.exists) throw new DataJointError('DUPLICATE', `Table \`${input.schema}\`.\`${plan.tableName}\` exists already.`, { table: plan.tableName })
  const declared =
    master !== undefined
      ? await schema.part(master, input.className, input.definition)
      : await {
          manual: () => schema.manual(input.className, input.definition),
          lookup: () => schema.lookup(input.className, input.definition),
          imported: () => schema.imported(input.className, input.definition),
          computed: () => schema.computed(input.className, input.definition),
          part: () => Promise.reject(new DataJointError('INVALID_DEFINITION', 'A part table needs its master.')),
        }[input.tier]()
  return { tableName: declared.tableName }
}

function toDropNode(node: DependencyNode): DropNode {
  return { schema: node.schema, table: node.table, className: node.className, tier: node.tier }
}

const refKey = (ref: { readonly schema: string; readonly table: string }) => JSON.stringify([ref.schema, ref.table])

/** Refuses when what would be dropped now is not exactly what the user confirmed (someone declared or dropped since). */
function assertUnchanged(now: readonly DropNode[], expected: readonly { schema: string; table: string }[]): void {
  const a = new Set(now.map(refKey))
  const b = new Set(expected.map(refKey))
  if (a.size !== b.size || [...a].some((key) => !b.has(key))) {
    throw new DataJointError('INVALID_INPUT', 'The tables to drop have changed since the preview: review the new preview and confirm again.')
  }
}

async function tableOf(instance: Instance, schema: string, table: string): Promise<Table> {
  await instance.tableInfo(schema, table)
  return (await existingSchema(instance, schema)).table(table)
}

export function declareHandlers(tabs: TabRegistry) {
  return {
    'schema.create': ({ tabId, schema }) =>
      tabs.use(tabId, async (instance) => {
        if ((await instance.listSchemas()).includes(schema)) throw new DataJointError('DUPLICATE', `Schema \`${schema}\` exists already.`)
        await instance.schema(schema, { create: true })
        return {}
      }),
    'table.previewDdl': (input) => tabs.use(input.tabId, (instance) => previewDdl(instance, input)),
    'table.declare': (input) => tabs.use(input.tabId, (instance) => declareTable(instance, input)),
    'table.dropPreview': ({ tabId, schema, table }) =>
      tabs.use(tabId, async (instance) => ({ tables: (await (await tableOf(instance, schema, table)).dropPreview()).map(toDropNode) })),
    'table.drop': ({ tabId, schema, table, expected }) =>
      tabs.use(tabId, async (instance) => {
        const target = await tableOf(instance, schema, table)
        const now = (await target.dropPreview()).map(toDropNode)
        assertUnchanged(now, expected)
        await target.drop({ prompt: false })
        return { dropped: now.length }
      }),
    'schema.dropPreview': ({ tabId, schema }) =>
      tabs.use(tabId, async (instance) => {
        const preview = await (await existingSchema(instance, schema)).dropPreview()
        return { tables: preview.tables.map(toDropNode), dependents: preview.dependents.map(toDropNode) }
      }),
    'schema.drop': ({ tabId, schema, expected }) =>
      tabs.use(tabId, async (instance) => {
        const target = await existingSchema(instance, schema)
        const now = (await target.dropPreview()).tables.map(toDropNode)
        assertUnchanged(now, expected)
        await target.drop({ prompt: false })
        return { dropped: now.length }
      }),
  } satisfies Partial<Handlers>
}
