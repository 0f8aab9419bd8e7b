// Test data for the query builder's journeys: DataJoint's university tutorial schema (src/testing/university) in a
// uniquely named schema on the machine's PostgreSQL or MariaDB, dropped again after the test.
import { declareUniversity, loadUniversity } from '../../src/testing/university'
import { connect, type LabSchema, type ServerLogin } from './lab-schema'

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
