// Test-only: how many statements every Instance runs while `body` runs (all go through `Instance.prototype.run`),
// for the checks that a channel costs a constant number of statements.

import type { CompiledQuery, QueryResult } from '../../src/adapters/driver'
import { Instance } from '../../src/instance/instance'

export async function countStatements(body: () => Promise<unknown>): Promise<number> {
  let count = 0
  // oxlint-disable-next-line typescript/unbound-method -- called on its own instance below (original.call(this, …)).
  const original = Instance.prototype.run
  Instance.prototype.run = function countedRun(this: Instance, query: CompiledQuery): Promise<QueryResult> {
    count += 1
    return original.call(this, query)
  }
  try {
    await body()
  } finally {
    Instance.prototype.run = original
  }
  return count
}
