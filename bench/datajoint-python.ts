// The engine against DataJoint Python on the same insert workload (issue 8's goal: at least 4× faster): a 1k-row
// lookup and 100k rows of (id, a, b, c) inserted into a manual table, once where `a` is a foreign key to the lookup
// and once where it is a plain column. The Python side is datajoint-python/insert_workload.py, run by the interpreter
// in JOINERY_DATAJOINT_PYTHON (default `python3`); where it cannot import datajoint the section says so and skips.

import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { Config, Instance } from '../src/index'

type Backend = 'postgresql' | 'mysql'

interface Connection {
  readonly host: string
  readonly port: number
  readonly user: string
  readonly password: string
}

interface Timing {
  readonly scenario: string
  readonly ms: number
}

/** What insert_workload.py prints: its timings, or why DataJoint Python is unavailable (exit status 3). */
interface PythonReport {
  readonly datajoint?: string
  readonly python?: string
  readonly results?: readonly Timing[]
  readonly unavailable?: string
}

const SCRIPT = fileURLToPath(new URL('./datajoint-python/insert_workload.py', import.meta.url))
const UNAVAILABLE_STATUS = 3
const LOOKUP_ROWS = 1000
const DEFINITIONS = {
  lookup: 'a : int32\n---\nname : varchar(64)',
  'with foreign key': 'id : int64\n---\n-> BenchLookup\nb : float64\nc : varchar(64)',
  'without foreign key': 'id : int64\n---\na : int32\nb : float64\nc : varchar(64)',
} as const
const SCENARIOS = ['with foreign key', 'without foreign key'] as const

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] as number
}

/** The same rows insert_workload.py makes. */
function makeRows(count: number): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, i) => ({ id: i, a: i % LOOKUP_ROWS, b: i * 0.5, c: `row ${i}` }))
}

/** The workload through the engine, timed as the Python script times it: one warm-up, then the median of `repeats`. */
async function engineWorkload(backend: Backend, connection: Connection, rows: number, repeats: number): Promise<Timing[]> {
  const inst = new Instance({ ...connection, backend, config: new Config({ safemode: false, loglevel: 'WARNING' }), useTls: false })
  const schema = await inst.schema(`jbench_djpy_${process.pid}_${Date.now().toString(36)}`)
  try {
    const lookup = await schema.lookup('BenchLookup', DEFINITIONS.lookup)
    await lookup.insert(Array.from({ length: LOOKUP_ROWS }, (_, i) => ({ a: i, name: `lookup ${i}` })))
    const data = makeRows(rows)
    const timings: Timing[] = []
    for (const scenario of SCENARIOS) {
      const table = await schema.manual(scenario === 'with foreign key' ? 'BenchWithForeignKey' : 'BenchWithoutForeignKey', DEFINITIONS[scenario])
      const empty = async (): Promise<void> => {
        await inst.run({ sql: `DELETE FROM ${table.fullTableName}`, params: [] })
      }
      await table.insert(data)
      await empty()
      const runs: number[] = []
      for (let i = 0; i < repeats; i += 1) {
        const start = performance.now()
        await table.insert(data)
        runs.push(performance.now() - start)
        await empty()
      }
      timings.push({ scenario, ms: median(runs) })
    }
    return timings
  } finally {
    await schema.drop({ prompt: false })
    await inst.close()
  }
}

/** Runs insert_workload.py against the same server; DataJoint reads the server from its own DJ_* variables. */
async function pythonWorkload(interpreter: string, backend: Backend, connection: Connection, rows: number, repeats: number): Promise<PythonReport> {
  const env = {
    ...process.env,
    DJ_BACKEND: backend,
    DJ_HOST: connection.host,
    DJ_PORT: String(connection.port),
    DJ_USER: connection.user,
    DJ_PASS: connection.password,
    DJ_IGNORE_CONFIG_FILE: 'true',
  }
  try {
    const { stdout } = await promisify(execFile)(interpreter, [SCRIPT, '--rows', String(rows), '--repeats', String(repeats)], { env, maxBuffer: 16 * 1024 * 1024 })
    return JSON.parse(stdout) as PythonReport
  } catch (error) {
    const failure = error as { code?: unknown; stdout?: string }
    if (failure.code === 'ENOENT') return { unavailable: `no interpreter \`${interpreter}\`` }
    if (failure.code === UNAVAILABLE_STATUS && failure.stdout) return JSON.parse(failure.stdout) as PythonReport
    throw error
  }
}

export async function benchDataJointPython(connections: Record<Backend, Connection>, backends: readonly Backend[], rows: number, repeats: number): Promise<string[]> {
  const interpreter = process.env['JOINERY_DATAJOINT_PYTHON'] ?? 'python3'
  const lines = [`${'backend'.padEnd(11)} ${'insert'.padEnd(22)} ${'engine ms'.padStart(10)} ${'DataJoint ms'.padStart(13)} ${'speed-up'.padStart(9)}`]
  for (const backend of backends) {
    const python = await pythonWorkload(interpreter, backend, connections[backend], rows, repeats)
    if (python.unavailable !== undefined) {
      return [
        '*** SKIPPED: DataJoint Python is not available, so nothing was compared. ***',
        `*** \`${interpreter}\` could not import datajoint: ${python.unavailable}`,
        '*** Enable it with `pip install datajoint` (2.2 or later) into that interpreter, or point',
        '*** JOINERY_DATAJOINT_PYTHON at a Python that has it (e.g. a virtualenv\'s bin/python).',
      ]
    }
    const engine = await engineWorkload(backend, connections[backend], rows, repeats)
    for (const { scenario, ms } of engine) {
      const theirs = python.results?.find((timing) => timing.scenario === scenario)?.ms ?? Number.NaN
      lines.push(`${backend.padEnd(11)} ${scenario.padEnd(22)} ${ms.toFixed(1).padStart(10)} ${theirs.toFixed(1).padStart(13)} ${(theirs / ms).toFixed(2).padStart(8)}×`)
    }
    lines.push(`${''.padEnd(11)} (DataJoint ${python.datajoint} on Python ${python.python})`)
  }
  return lines
}
