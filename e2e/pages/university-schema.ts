// Test data for the query builder's journeys: DataJoint's university tutorial schema (src/testing/university) in a
// uniquely named schema on the machine's PostgreSQL or MariaDB, dropped again after the test.
import { test } from '../fixtures'
import { declareUniversity, loadUniversity } from '../../src/testing/university'
import { connect, LOCAL_MARIADB, LOCAL_POSTGRES, uniqueName, type LabSchema, type ServerLogin } from './lab-schema'

export async function createUniversitySchema(login: ServerLogin, name: string): Promise<LabSchema> {
  const instance = connect(login)
  await instance.connect()
  await loadUniversity(await declareUniversity(instance, name))
  return {
    instance,
    name,
    async drop() {
      try {
        await (await instance.schema(name, { create: false })).drop({ prompt: false })
      } finally {
        await instance.close()
      }
    },
  }
}

/**
 * The university schema on the machine's MariaDB and PostgreSQL for the tests of the enclosing `describe`: created
 * before them under names starting with `prefix`, dropped after them. The names are read once the tests run.
 */
export function universityOnBothServers(prefix: string): { readonly mysql: string; readonly postgresql: string } {
  const names = { mysql: uniqueName(prefix), postgresql: uniqueName(prefix) }
  const schemas: LabSchema[] = []
  test.beforeAll(async () => {
    test.setTimeout(180_000)
    schemas.push(await createUniversitySchema(LOCAL_MARIADB, names.mysql))
    schemas.push(await createUniversitySchema(LOCAL_POSTGRES, names.postgresql))
  })
  test.afterAll(async () => {
    test.setTimeout(120_000)
    for (const schema of schemas) await schema.drop()
  })
  return names
}
