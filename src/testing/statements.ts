// Test-only: the statements one Instance runs while `body` runs (every statement goes through `run`).

import type { CompiledQuery } from '../adapters/driver'
import type { Instance } from '../instance/instance'

export async function statementsOf(inst: Instance, body: () => Promise<unknown>): Promise<string[]> {
  const seen: string[] = []
  const run = inst.run.bind(inst)
  Object.defineProperty(inst, 'run', {
    configurable: true,
    value: (query: CompiledQuery) => {
      seen.push(query.sql)
      return run(query)
    },
  })
  try {
    await body()
  } finally {
    Reflect.deleteProperty(inst, 'run')
  }
  return seen
}

/** The catalog's read of columns, its most expensive: information_schema.COLUMNS, or pg_attribute with format_type. */
export const readsColumns = (sql: string): boolean => /information_schema\.COLUMNS|format_type\(/.test(sql)
