// Test data for the schema diagram, declared with the engine (so the catalog is DataJoint's own: tier prefixes,
// `:type:` comments, `~lineage`) in uniquely named schemas dropped again by `drop()`. Shared by the e2e journeys and
// `npm run bench:app`: one pipeline schema of any size, and three schemas tied by cross-schema foreign keys.
import * as dj from '../../src/index'
import type { ServerLogin } from './lab-schema'

function connect(login: ServerLogin): dj.Instance {
  // A silent logger: callers print their own lines, not the engine's connection notes.
  return new dj.Instance({ ...login, config: new dj.Config(), safemode: false, logger: dj.createMemoryLogger() })
}

/**
 * Drops schemas in the order given (a schema others reference goes last), each only if it exists. Tables go
 * first, one statement each, leaves first: PostgreSQL's `DROP SCHEMA … CASCADE` takes a lock per table, index and
 * constraint in one transaction, and runs out of lock memory (`max_locks_per_transaction`) at 2,000 tables.
 */
async function dropSchemas(login: ServerLogin, names: readonly string[]): Promise<void> {
  const instance = connect(login)
  try {
    const existing = new Set(await instance.listSchemas())
    for (const name of names) {
      if (!existing.has(name)) continue
      const schema = await instance.schema(name, { create: false })
      const { nodes } = (await dj.Diagram.of(schema)).graph()
      const tables = nodes.flatMap((node) => (node.kind === 'table' && !node.external ? [node] : [])).reverse()
      for (const { schema: owner, table } of tables) await instance.pipeline.execute({ kind: 'dropTable', table: { schema: owner, table } })
      await (await instance.schema(name, { create: false })).drop({ prompt: false })
    }
  } finally {
    await instance.close()
  }
}

type Declared = Record<string, dj.Table>

/** One table to declare: `declare` receives the tables declared before it, by class name (`Master.Part` for parts). */
interface TableSpec {
  readonly className: string
  declare(schema: dj.Schema, declared: Declared): Promise<dj.Table>
}

const LOOKUPS = ['Species', 'BrainRegion', 'ProbeType', 'SorterParams', 'StimulusType', 'Genotype', 'TaskProtocol', 'Rig', 'Hemisphere', 'Lab'] as const

/** `BrainRegion` → `brain_region`: the primary-key attribute of a lookup table. */
const snake = (className: string): string => className.replace(/(?<=[a-z0-9])([A-Z])/g, '_$1').toLowerCase()

const lookup = (className: string): TableSpec => ({
  className,
  declare: (schema) => schema.lookup(className, `# ${className} names\n${snake(className)} : varchar(32)\n---\ndescription = "" : varchar(255)\n`),
})

function get(declared: Declared, className: string): dj.Table {
  const table = declared[className]
  if (table === undefined) throw new Error(`${className} is declared after the tables that reference it`)
  return table
}

/**
 * The ten tables of one experiment module of the pipeline, `k` its number: a manual subject and session, an
 * imported recording with its channels, a computed spike sorting with its units, and computed summaries. They show
 * every edge style DataJoint draws: one-to-one (the whole primary key from the parent), primary many-to-one,
 * secondary (non-primary) foreign keys, renamed ones (`.proj(new='old')`), and part tables under their masters.
 */
function moduleSpecs(k: number): TableSpec[] {
  const n = String(k).padStart(4, '0')
  const name = (base: string): string => `${base}${n}`
  const [Subject, Session, Recording, Sorting] = [name('Subject'), name('Session'), name('Recording'), name('Sorting')]
  const previousSubject = k === 0 ? null : `Subject${String(k - 1).padStart(4, '0')}`
  return [
    {
      className: Subject,
      declare: (schema) =>
        schema.manual(
          Subject,
          `# animals of one cohort\nsubject_id : int32\n---\n-> Species\n-> Genotype\n` +
            (previousSubject === null ? '' : `-> [nullable] ${previousSubject}.proj(founder_id='subject_id')\n`) +
            `date_of_birth : date\nnotes = "" : varchar(255)\n`,
        ),
    },
    {
      className: Session,
      declare: (schema) =>
        schema.manual(Session, `-> ${Subject}\nsession_idx : int16\n---\n-> Researcher.proj(experimenter='researcher_id')\n-> TaskProtocol\n-> Rig\nsession_start : datetime\n`),
    },
    {
      className: Recording,
      declare: (schema) => schema.imported(Recording, `# raw recording of a session\n-> ${Session}\n---\n-> ProbeType\n-> BrainRegion\nduration_s : float64\nraw_file : varchar(255)\n`),
    },
    {
      className: `${Recording}.Channel`,
      declare: (schema, declared) => schema.part(get(declared, Recording), 'Channel', `-> master\nchannel_idx : int16\n---\n-> [nullable] Hemisphere\nimpedance_kohm = null : float32\n`),
    },
    {
      className: Sorting,
      declare: (schema) => schema.computed(Sorting, `-> ${Recording}\n-> SorterParams\n---\nn_units : int32\nsorted_at : datetime\n`),
    },
    {
      className: `${Sorting}.Unit`,
      declare: (schema, declared) =>
        schema.part(get(declared, Sorting), 'Unit', `-> master\nunit_id : int32\n---\n-> ${Recording}.Channel.proj(peak_channel='channel_idx')\nfiring_rate : float64\n`, {
          context: { [Recording]: get(declared, Recording) },
        }),
    },
    {
      className: name('UnitQuality'),
      declare: (schema, declared) => schema.computed(name('UnitQuality'), `-> ${Sorting}.Unit\n---\nsnr : float64\n`, { context: { [Sorting]: get(declared, Sorting) } }),
    },
    {
      className: name('Behavior'),
      declare: (schema) => schema.imported(name('Behavior'), `-> ${Session}\n---\n-> StimulusType\ntask_file : varchar(255)\nn_trials : int32\n`),
    },
    {
      className: name('SessionStats'),
      declare: (schema) => schema.computed(name('SessionStats'), `-> ${Session}\n---\nn_trials : int32\nhit_rate : float64\n`),
    },
    {
      className: name('SubjectSummary'),
      declare: (schema) => schema.computed(name('SubjectSummary'), `-> ${Subject}\n---\nn_sessions : int32\n-> [nullable] Researcher.proj(reviewer='researcher_id')\n`),
    },
  ]
}

const BASE_SPECS: readonly TableSpec[] = [
  ...LOOKUPS.map(lookup),
  { className: 'Researcher', declare: (schema) => schema.manual('Researcher', `researcher_id : varchar(16)\n---\n-> Lab\nfull_name : varchar(100)\n`) },
]

const MODULE_SIZE = moduleSpecs(0).length

/** The first `count` tables of the pipeline, parents before children. */
export function pipelineSpecs(count: number): TableSpec[] {
  const specs: TableSpec[] = [...BASE_SPECS]
  for (let k = 0; specs.length < count; k += 1) specs.push(...moduleSpecs(k))
  return specs.slice(0, count)
}

export interface DiagramSchema {
  readonly backend: ServerLogin['backend']
  readonly name: string
  /** Class names of the tables declared (`Master.Part` for parts), in declaration order. */
  readonly tables: readonly string[]
  /** Milliseconds the declaration took. */
  readonly declareMs: number
  drop(): Promise<void>
}

/**
 * A DataJoint pipeline of `count` tables in schema `name`: ten lookup tables (`#`), a manual `Researcher`, then
 * modules of ten tables (manual subject and session, imported recording and behaviour file, computed sorting and
 * summaries, two part tables) until `count` is reached; consecutive modules are chained by a renamed secondary
 * foreign key (`founder_id`). A failure drops what was declared.
 *
 * The engine reloads the schema's catalog after each declaration, so declaring N tables one by one takes time
 * quadratic in N (500 tables: about a minute). Only the base tables and the first two modules go through
 * `schema.manual` & co.; the engine's statements for module 1 (DDL, comments, `~lineage` rows) are recorded and
 * replayed for every later module with its number in place of 1 (and of 0 for the module it chains to), which is
 * exactly what the engine would have sent for those names.
 */
export async function createPipelineSchema(login: ServerLogin, name: string, count: number): Promise<DiagramSchema> {
  const instance = connect(login)
  const started = performance.now()
  const specs = pipelineSpecs(count)
  try {
    const schema = await instance.schema(name)
    const declared: Declared = {}
    const throughEngine = specs.slice(0, BASE_SPECS.length + MODULE_SIZE)
    for (const spec of throughEngine) declared[spec.className] = await spec.declare(schema, declared)
    const template = specs.slice(throughEngine.length, throughEngine.length + MODULE_SIZE)
    const recorded = await recordStatements(instance, template, async (spec) => {
      declared[spec.className] = await spec.declare(schema, declared)
    })
    const replayed = specs.length - throughEngine.length - template.length
    for (let i = 0; i < replayed; i += 1) {
      const module = 2 + Math.floor(i / MODULE_SIZE)
      for (const query of recorded[i % MODULE_SIZE] ?? []) await instance.run(renumber(query, module))
    }
  } catch (error) {
    await instance.close()
    await dropSchemas(login, [name])
    throw error
  }
  await instance.close()
  return {
    backend: login.backend,
    name,
    tables: specs.map((s) => s.className),
    declareMs: performance.now() - started,
    drop: () => dropSchemas(login, [name]),
  }
}

type Statement = Parameters<dj.Instance['run']>[0]

/** The statements that change the database while each spec is declared (catalog reads left out), per spec. */
async function recordStatements(instance: dj.Instance, specs: readonly TableSpec[], declare: (spec: TableSpec) => Promise<void>): Promise<Statement[][]> {
  const recorded: Statement[][] = []
  const run = instance.run.bind(instance)
  let current: Statement[] = []
  instance.run = (query) => {
    // Catalog reads change nothing; the `~lineage` table exists already and a new table has no lineage to delete.
    const replayable = !/^\s*(SELECT|SHOW)\b/i.test(query.sql) && !/^\s*(CREATE TABLE IF NOT EXISTS|DELETE FROM) \S+\.\S~lineage\S\s/i.test(query.sql)
    if (replayable) current.push(query)
    return run(query)
  }
  try {
    for (const spec of specs) {
      current = []
      await declare(spec)
      recorded.push(current)
    }
  } finally {
    // The instance is used only here: its own `run` comes back from the prototype.
    delete (instance as { run?: unknown }).run
  }
  return recorded
}

/** A statement of module 1 for module `k`: table, constraint and lineage names carry the module number. */
function renumber(query: Statement, k: number): Statement {
  const numbers: Record<string, string> = { '0001': String(k).padStart(4, '0'), '0000': String(k - 1).padStart(4, '0') }
  const swap = (text: string): string => text.replace(/(?<=[A-Za-z_])(0000|0001)(?![0-9])/g, (n) => numbers[n] ?? n)
  return { ...query, sql: swap(query.sql), params: query.params.map((p) => (typeof p === 'string' ? swap(p) : p)) }
}

export interface ThreeSchemas {
  readonly backend: ServerLogin['backend']
  readonly subject: string
  readonly acquisition: string
  readonly analysis: string
  drop(): Promise<void>
}

/**
 * Three schemas of one lab, `<prefix>_subject`, `<prefix>_acquisition` and `<prefix>_analysis`, each depending on
 * the ones before through cross-schema foreign keys, plain and renamed (`subject.Researcher` as experimenter,
 * reviewer and surgeon; a recording channel as a unit's peak channel). A failure drops what was declared.
 */
export async function createThreeSchemas(login: ServerLogin, prefix: string): Promise<ThreeSchemas> {
  const names = { subject: `${prefix}_subject`, acquisition: `${prefix}_acquisition`, analysis: `${prefix}_analysis` }
  const drop = (): Promise<void> => dropSchemas(login, [names.analysis, names.acquisition, names.subject])
  const instance = connect(login)
  try {
    await declareThreeSchemas(instance, names)
  } catch (error) {
    await instance.close()
    await drop()
    throw error
  }
  await instance.close()
  return { backend: login.backend, ...names, drop }
}

async function declareThreeSchemas(instance: dj.Instance, names: { readonly subject: string; readonly acquisition: string; readonly analysis: string }): Promise<void> {
  const subject = await instance.schema(names.subject)
  await subject.lookup('Species', `species : varchar(32)\n---\nlatin_name : varchar(64)\n`, {
    contents: [
      { species: 'mouse', latin_name: 'Mus musculus' },
      { species: 'rat', latin_name: 'Rattus norvegicus' },
    ],
  })
  await subject.lookup('Genotype', `genotype : varchar(32)\n---\ndescription = "" : varchar(255)\n`)
  await subject.manual('Lab', `lab_id : int32\n---\nlab_name : varchar(100)\ninstitution : varchar(200)\n`)
  const Researcher = await subject.manual('Researcher', `researcher_id : varchar(16)\n---\n-> Lab\nfull_name : varchar(100)\n`)
  const Subject = await subject.manual(
    'Subject',
    `# experimental animals\nsubject_id : int32\n---\n-> Species\n-> [nullable] Researcher.proj(surgeon='researcher_id')\nsex : enum('F', 'M', 'U')\ndate_of_birth : date\n`,
  )
  await subject.manual('SubjectGenotype', `-> Subject\n-> Genotype\n---\nconfirmed : bool\n`)
  await subject.manual('Weighing', `-> Subject\nweigh_date : date\n---\nweight_g : decimal(6,2)\n`)
  await subject.manual('Surgery', `-> Subject\nsurgery_idx : int16\n---\n-> Researcher.proj(surgeon='researcher_id')\nsurgery_date : date\n`)

  const acquisition = await instance.schema(names.acquisition)
  const fromSubject = { context: { Subject, Researcher } }
  await acquisition.lookup('Rig', `rig : varchar(16)\n---\nroom : varchar(16)\n`)
  await acquisition.lookup('ProbeType', `probe_type : varchar(32)\n---\nchannel_count : int16\n`)
  await acquisition.manual('Probe', `probe_id : varchar(32)\n---\n-> ProbeType\n`)
  const Session = await acquisition.manual(
    'Session',
    `-> Subject\nsession_idx : int16\n---\n-> Researcher.proj(experimenter='researcher_id')\n-> Rig\nsession_start : datetime\n`,
    fromSubject,
  )
  await acquisition.part(Session, 'Trial', `-> master\ntrial_idx : int32\n---\noutcome : enum('hit', 'miss')\n`)
  await acquisition.manual('ProbeInsertion', `-> Session\ninsertion_idx : int16\n---\n-> Probe\ndepth_um : float32\n`)
  const Recording = await acquisition.imported('Recording', `# raw ephys of one insertion\n-> ProbeInsertion\n---\nsampling_rate : float64\nduration_s : float64\n`)
  await acquisition.part(Recording, 'Channel', `-> master\nchannel_idx : int16\n---\nimpedance_kohm = null : float32\n`)

  const analysis = await instance.schema(names.analysis)
  const fromAcquisition = { context: { Session, Recording, Subject, Researcher } }
  await analysis.lookup('SortingParams', `params_id : int16\n---\nsorter : varchar(32)\nthreshold : float32\n`)
  const Sorting = await analysis.computed('Sorting', `-> Recording\n-> SortingParams\n---\nn_units : int32\n`, fromAcquisition)
  await analysis.part(Sorting, 'Unit', `-> master\nunit_id : int32\n---\n-> Recording.Channel.proj(peak_channel='channel_idx')\nfiring_rate : float64\n`, fromAcquisition)
  await analysis.computed('UnitQuality', `-> Sorting.Unit\n---\nsnr : float64\nisi_violation : float32\n`)
  await analysis.computed('SessionSummary', `-> Session\n---\nn_trials : int32\n-> [nullable] Researcher.proj(reviewer='researcher_id')\n`, fromAcquisition)
  await analysis.computed('TrialOutcome', `-> Session.Trial\n---\nreaction_ms = null : float32\n`, fromAcquisition)
  await analysis.computed('SubjectSummary', `-> Subject\n---\nn_sessions : int32\n`, fromAcquisition)
}

export interface DiagramSchemas {
  readonly pipelines: readonly DiagramSchema[]
  readonly three: ThreeSchemas
  drop(): Promise<void>
}

/**
 * Everything the diagram's journeys and benchmarks draw on one server: a pipeline schema per size
 * (`<prefix>_<size>`) and the three cross-schema schemas (`<prefix>_subject`, …). A failure drops what was made.
 */
export async function createDiagramSchemas(login: ServerLogin, prefix: string, sizes: readonly number[] = [5, 500, 2000]): Promise<DiagramSchemas> {
  const pipelines: DiagramSchema[] = []
  const dropPipelines = async (): Promise<void> => {
    for (const pipeline of pipelines) await pipeline.drop()
  }
  try {
    for (const size of sizes) pipelines.push(await createPipelineSchema(login, `${prefix}_${size}`, size))
    const three = await createThreeSchemas(login, prefix)
    return {
      pipelines,
      three,
      async drop() {
        await three.drop()
        await dropPipelines()
      },
    }
  } catch (error) {
    await dropPipelines()
    throw error
  }
}
