// A query as code, both ways: any expression tree of a tab printed as DataJoint Python (runnable by itself against
// the same server) or as this engine's TypeScript, and Python from a notebook read back into a tree, its tables
// resolved against the tab's schemas. Checked by the engine first, so DataJoint's errors come back, not bad code.

import { fromPython, pythonSchemas, toPython, toTypeScript, type Instance, type PythonContext, type QueryExpr } from '../../src/index'
import type { Handlers } from './handlers'
import type { TabRegistry } from './tabs'

/** A tree the engine accepts (headings, lineage, functions), so the printed code runs. */
async function checked(instance: Instance, expr: QueryExpr): Promise<QueryExpr> {
  await instance.pipeline.load(expr)
  instance.pipeline.resolve(expr)
  return expr
}

/**
 * The names Python code may use: each schema its `VirtualModule` lines name (as a module), and the tables of
 * `schema` by class name, for a snippet that names bare classes (`Subject & ...`).
 */
async function contextFor(instance: Instance, code: string, schema: string | null): Promise<PythonContext> {
  const context: Record<string, unknown> = {}
  const named = new Set(pythonSchemas(code))
  const existing = new Set(await instance.listSchemas())
  // A schema the server lacks stays out: the code's own line naming it is then reported, at its position.
  for (const name of named) if (existing.has(name)) context[name] = await (await instance.schema(name, { create: false })).tables()
  if (schema !== null && existing.has(schema)) Object.assign(context, await (await instance.schema(schema, { create: false })).tables())
  return context
}

export function queryCodeHandlers(tabs: TabRegistry) {
  return {
    'query.code': ({ tabId, expr, language }) =>
      tabs.use(tabId, async (instance) => {
        const tree = await checked(instance, expr)
        const backend = instance.dialect.backend
        return { text: language === 'python' ? toPython(tree, { backend }) : toTypeScript(tree) }
      }),
    'query.fromPython': ({ tabId, code, schema }) =>
      tabs.use(tabId, async (instance) => ({ expr: fromPython(code, await contextFor(instance, code, schema)).expr })),
  } satisfies Partial<Handlers>
}
