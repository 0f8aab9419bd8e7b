// Test data made with the engine itself: a uniquely named schema with a small pipeline, on the machine's
// PostgreSQL or MariaDB, dropped again after the test.
import * as dj from '../../src/index'

export type Backend = 'postgresql' | 'mysql'

export interface ServerLogin {
  readonly backend: Backend
  readonly host: string
  readonly port: number
  readonly user: string
  readonly password: string
}

export const LOCAL_POSTGRES: ServerLogin = { backend: 'postgresql', host: '127.0.0.1', port: 5432, user: 'postgres', password: '' }
export const LOCAL_MARIADB: ServerLogin = { backend: 'mysql', host: '127.0.0.1', port: 3306, user: 'root', password: '' }

export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`
}

export function connect(login: ServerLogin): dj.Instance {
  return new dj.Instance({ ...login, config: new dj.Config(), safemode: false })
}

export interface LabSchema {
  readonly instance: dj.Instance
  readonly name: string
  drop(): Promise<void>
}

/**
 * Declares `name` with a lookup (Species) and a manual table (Animal) of `subjects` rows, filled
 * deterministically: every 10th weight is NULL, every 4th note (from the second) is the empty string.
 */
export async function createLabSchema(login: ServerLogin, name: string, subjects = 120): Promise<LabSchema> {
  const instance = connect(login)
  await instance.connect()
  const schema = await instance.schema(name)
  await schema.lookup(
    'Species',
    `
    species : varchar(32)
    ---
    latin : varchar(64)
    `,
    {
      contents: [
        { species: 'mouse', latin: 'Mus musculus' },
        { species: 'rat', latin: 'Rattus norvegicus' },
      ],
    },
  )
  const Animal = await schema.manual(
    'Animal',
    `
    # Animals of the e2e lab
    animal_id : int32
    ---
    -> Species
    name : varchar(40)
    weight = null : float64   # grams
    notes = "" : varchar(200)
    `,
  )
  await Animal.insert(
    Array.from({ length: subjects }, (_, i) => ({
      animal_id: i + 1,
      species: i % 3 === 0 ? 'rat' : 'mouse',
      name: `${login.backend === 'mysql' ? 'my' : 'pg'}-animal-${String(i + 1).padStart(3, '0')}`,
      weight: i % 10 === 9 ? null : 20 + ((i * 37) % 100) / 10,
      notes: i % 4 === 1 ? '' : `note ${i + 1}`,
    })),
  )
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
