// DataJoint's "Working with Instances" tutorial in TypeScript: two Instances, two schemas, insert,
// restriction, join, aggregation, toDicts, drop.
//
//   npx tsx examples/instances.ts --backend postgresql|mysql|pglite
//
// Connection settings come from DJ_HOST / DJ_USER / DJ_PASS / DJ_PORT like DataJoint's, defaulting to the
// local services (PostgreSQL as `postgres`, MariaDB as `root`); `pglite` starts an embedded server.

import * as dj from '../src/index'
import { startPgliteServer } from '../src/adapters/postgres/pglite-server'

export interface Connection {
  readonly backend: 'mysql' | 'postgresql'
  readonly host: string
  readonly port: number
  readonly user: string
  readonly password: string
}

export interface TutorialResults {
  readonly restricted: Record<string, unknown>[]
  readonly joined: Record<string, unknown>[]
  readonly aggregated: Record<string, unknown>[]
  readonly researchers: Record<string, unknown>[]
  readonly labs: Record<string, unknown>[]
  readonly projects: Record<string, unknown>[]
  readonly previews: Record<string, string>
}

/** Runs the tutorial against a server, printing as it goes; schemas are dropped at the end, even on failure. */
export async function runTutorial(
  connection: Connection,
  names = { first: 'tutorial_instances', second: 'tutorial_instances_2' },
  print: (text: string) => void = console.log,
): Promise<TutorialResults> {
  const settings = { host: connection.host, port: connection.port, user: connection.user, password: connection.password }
  // Each Instance has its own config: safemode off here leaves dj.config untouched.
  const inst = new dj.Instance({ ...settings, backend: connection.backend, config: new dj.Config(), safemode: false })
  const inst2 = new dj.Instance({ ...settings, backend: connection.backend, config: new dj.Config(), safemode: false })
  try {
    await inst.connect()
    print(inst.toString())
    const schema = await inst.schema(names.first)
    const Lab = await schema.manual(
      'Lab',
      `
      lab_id : int32
      ---
      lab_name : varchar(100)
      institution : varchar(200)
      `,
    )
    const Researcher = await schema.manual(
      'Researcher',
      `
      -> Lab
      researcher_id : int32
      ---
      researcher_name : varchar(100)
      `,
    )
    await Lab.insert([
      { lab_id: 1, lab_name: 'Neural Dynamics', institution: 'MIT' },
      { lab_id: 2, lab_name: 'Vision Lab', institution: 'Stanford' },
    ])
    await Researcher.insert([
      { lab_id: 1, researcher_id: 1, researcher_name: 'Alice Chen' },
      { lab_id: 1, researcher_id: 2, researcher_name: 'Bob Park' },
      { lab_id: 2, researcher_id: 3, researcher_name: 'Carol Ruiz' },
    ])

    const restricted = Researcher.restrict({ lab_id: 1 })
    const joined = Researcher.join(Lab)
    const aggregated = Lab.aggr(Researcher, { num_researchers: 'count(*)' })
    const previews: Record<string, string> = {
      restricted: await restricted.preview(),
      joined: await joined.preview(),
      aggregated: await aggregated.preview(),
    }
    print(`Researcher & {'lab_id': 1}\n${previews['restricted']}`)
    print(`Researcher * Lab\n${previews['joined']}`)
    print(`Lab.aggr(Researcher, num_researchers='count(*)')\n${previews['aggregated']}`)

    const schema2 = await inst2.schema(names.second)
    const Project = await schema2.manual(
      'Project',
      `
      project_id : int32
      ---
      project_name : varchar(200)
      `,
    )
    await Project.insert([
      { project_id: 1, project_name: 'Brain Mapping Initiative' },
      { project_id: 2, project_name: 'Visual Cortex Study' },
    ])

    const results: TutorialResults = {
      restricted: await restricted.toDicts(),
      joined: await joined.toDicts(),
      aggregated: await aggregated.toDicts(),
      researchers: await Researcher.toDicts(),
      labs: await Lab.toDicts(),
      projects: await Project.toDicts(),
      previews,
    }
    print(`Researcher.toDicts() → ${JSON.stringify(results.researchers)}`)
    print(`Lab.toDicts() → ${JSON.stringify(results.labs)}`)
    print(`Project.toDicts() (second Instance) → ${JSON.stringify(results.projects)}`)
    return results
  } finally {
    for (const [instance, name] of [
      [inst, names.first],
      [inst2, names.second],
    ] as const) {
      if (instance.isConnected) await (await instance.schema(name)).drop({ prompt: false })
      await instance.close()
    }
  }
}

async function main(): Promise<void> {
  const backendArg = process.argv[process.argv.indexOf('--backend') + 1] ?? 'postgresql'
  if (backendArg === 'pglite') {
    const server = await startPgliteServer({ dataDir: 'memory://', host: '127.0.0.1', port: 0 })
    try {
      await runTutorial({ backend: 'postgresql', host: server.host, port: server.port, user: 'postgres', password: '' })
    } finally {
      await server.stop()
    }
    return
  }
  const backend = backendArg === 'mysql' ? 'mysql' : 'postgresql'
  await runTutorial({
    backend,
    host: process.env['DJ_HOST'] ?? '127.0.0.1',
    port: Number(process.env['DJ_PORT'] ?? (backend === 'mysql' ? 3306 : 5432)),
    user: process.env['DJ_USER'] ?? (backend === 'mysql' ? 'root' : 'postgres'),
    password: process.env['DJ_PASS'] ?? '',
  })
}

if (process.argv[1]?.endsWith('instances.ts')) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? `${error.name}: ${error.message}` : error)
    process.exitCode = 1
  })
}
