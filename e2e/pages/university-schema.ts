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

/** A server of `universityOnBothServers`: its login, its name in titles and screenshots, and its schema's name. */
export interface UniversityServer {
  readonly login: ServerLogin
  readonly label: 'MariaDB' | 'PostgreSQL'
  readonly key: 'mariadb' | 'postgresql'
  readonly schema: string
}

/**
 * The university schema on the machine's MariaDB and PostgreSQL for the tests of the enclosing `describe`: created
 * before them under names starting with `prefix`, dropped after them.
 */
export function universityOnBothServers(prefix: string): readonly UniversityServer[] {
  const servers: UniversityServer[] = [
    { login: LOCAL_MARIADB, label: 'MariaDB', key: 'mariadb', schema: uniqueName(prefix) },
    { login: LOCAL_POSTGRES, label: 'PostgreSQL', key: 'postgresql', schema: uniqueName(prefix) },
  ]
  const schemas: LabSchema[] = []
  test.beforeAll(async () => {
    test.setTimeout(180_000)
    for (const server of servers) schemas.push(await createUniversitySchema(server.login, server.schema))
  })
  test.afterAll(async () => {
    test.setTimeout(120_000)
    for (const schema of schemas) await schema.drop()
  })
  return servers
}
