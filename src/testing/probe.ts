// Test-only: the probe pipeline (PROBE_DEFINITIONS) declared through the public API, plus what the cascade tests
// need beyond it: a part of the computed table with a nullable foreign key to a lookup, and a child in a second
// schema. Rows are chosen so that `Lab & 'lab_id=1'` cascades like DataJoint Python's
// `dj.Diagram.cascade(Lab & 'lab_id=1')` did: 1 lab, 2 researchers, 1 subject, 2 sessions,
// 3 trials, 1 pair and 2 session stats.

import type { Instance } from '../instance/instance'
import type { Schema } from '../schema/schema'
import type { Table } from '../table/table'

export interface Probe {
  readonly main: Schema
  readonly other: Schema
  readonly Lab: Table
  readonly Researcher: Table
  readonly Species: Table
  readonly Rig: Table
  readonly Subject: Table
  readonly Session: Table
  readonly Trial: Table
  readonly Pair: Table
  readonly Settings: Table
  readonly SessionStats: Table
  readonly Detail: Table
  readonly Note: Table
  /** Every table, parents before children. */
  readonly all: readonly Table[]
}

/** Declares the pipeline in `mainName` and `otherName` (Note: `-> main.Session`). */
export async function declareProbe(inst: Instance, mainName: string, otherName: string): Promise<Probe> {
  const main = await inst.schema(mainName)
  const Lab = await main.manual(
    'Lab',
    `# Research labs with 'quotes'
    lab_id : int32 # lab id
    ---
    lab_name : varchar(100)
    institution = 'MIT' : varchar(200) # where
    founded = null : date`,
  )
  const Researcher = await main.manual('Researcher', '-> Lab\nresearcher_id : int16\n---\nresearcher_name : varchar(100)')
  const Species = await main.lookup('Species', 'species : varchar(32)\n---\nlatin = "" : varchar(64)', {
    contents: [{ species: 'mouse', latin: 'Mus musculus' }],
  })
  const Rig = await main.lookup('Rig', 'rig_id : int32\n---\nrig_name : varchar(20)', {
    contents: [
      { rig_id: 1, rig_name: 'one' },
      { rig_id: 2, rig_name: 'two' },
    ],
  })
  const Subject = await main.manual(
    'Subject',
    `subject_id : int64
    ---
    -> Species
    -> [nullable] Researcher
    sex : enum('F', 'M', 'U')
    weight = null : float32
    height : float64
    price : decimal(8,3)
    alive = 1 : bool
    code : char(4)
    tiny : int8
    uid : uuid
    info = null : json
    raw = null : bytes
    dob : date
    seen = CURRENT_TIMESTAMP : datetime
    seen3 = null : datetime(3)
    pic = null : <blob>
    legacy_native : int
    index (sex, dob)
    unique index (code)`,
  )
  const Session = await main.manual(
    'Session',
    "-> Subject\nsession : int32\n---\n-> [nullable, unique] Lab.proj(host_lab='lab_id')\nnote = '' : varchar(1000)",
  )
  const Trial = await main.part(Session, 'Trial', '-> master\ntrial : int32\n---\nscore : float64')
  const Pair = await main.manual('Pair', "-> Subject.proj(subj_a='subject_id')\n-> Subject.proj(subj_b='subject_id')")
  const Settings = await main.lookup('Settings', '# singleton\n---\nparam : int32')
  const SessionStats = await main.computed('SessionStats', '-> Session\n---\nn_trials : int32')
  const Detail = await main.part(SessionStats, 'Detail', '-> master\ndetail : int32\n---\n-> [nullable] Rig')
  const other = await inst.schema(otherName)
  const Note = await other.manual('Note', `-> ${mainName}.Session\nnote_id : int32\n---\ntext : varchar(100)`)
  const all = [Lab, Researcher, Species, Rig, Subject, Session, Trial, Pair, Settings, SessionStats, Detail, Note]
  return { main, other, Lab, Researcher, Species, Rig, Subject, Session, Trial, Pair, Settings, SessionStats, Detail, Note, all }
}

function subject(id: number, researcher: readonly [number, number] | null, code: string) {
  return {
    subject_id: id,
    species: 'mouse',
    lab_id: researcher?.[0] ?? null,
    researcher_id: researcher?.[1] ?? null,
    sex: 'F',
    height: 1.5,
    price: '2.500',
    code,
    tiny: 1,
    uid: `00000000-0000-0000-0000-0000000000${String(id).padStart(2, '0')}`,
    dob: '2020-01-01',
    legacy_native: 0,
  }
}

/** Empties every table (leaves first) and inserts the rows of the cascade tests. */
export async function fillProbe(probe: Probe): Promise<void> {
  for (const table of [...probe.all].reverse()) await table.deleteQuick()
  await probe.Species.insert1({ species: 'mouse', latin: 'Mus musculus' })
  await probe.Rig.insert([
    { rig_id: 1, rig_name: 'one' },
    { rig_id: 2, rig_name: 'two' },
  ])
  await probe.Lab.insert([
    { lab_id: 1, lab_name: 'One' },
    { lab_id: 2, lab_name: 'Two' },
  ])
  await probe.Researcher.insert([
    { lab_id: 1, researcher_id: 1, researcher_name: 'a' },
    { lab_id: 1, researcher_id: 2, researcher_name: 'b' },
    { lab_id: 2, researcher_id: 3, researcher_name: 'c' },
  ])
  await probe.Subject.insert([subject(10, [1, 1], 's010'), subject(20, [2, 3], 's020'), subject(30, null, 's030')])
  await probe.Session.insert([
    { subject_id: 10, session: 1, host_lab: null },
    { subject_id: 20, session: 1, host_lab: 1 },
    { subject_id: 20, session: 2, host_lab: 2 },
    { subject_id: 30, session: 1, host_lab: null },
  ])
  await probe.Trial.insert([
    { subject_id: 10, session: 1, trial: 1, score: 1 },
    { subject_id: 10, session: 1, trial: 2, score: 2 },
    { subject_id: 20, session: 1, trial: 1, score: 3 },
    { subject_id: 20, session: 2, trial: 1, score: 4 },
    { subject_id: 30, session: 1, trial: 1, score: 5 },
  ])
  await probe.Pair.insert([
    { subj_a: 10, subj_b: 20 },
    { subj_a: 20, subj_b: 30 },
  ])
  await probe.Settings.insert1({ param: 7 })
  await probe.SessionStats.insert(
    [
      { subject_id: 10, session: 1, n_trials: 2 },
      { subject_id: 20, session: 1, n_trials: 1 },
      { subject_id: 20, session: 2, n_trials: 1 },
    ],
    { allowDirectInsert: true },
  )
  await probe.Detail.insert(
    [
      { subject_id: 10, session: 1, detail: 1, rig_id: 1 },
      { subject_id: 20, session: 2, detail: 1, rig_id: 2 },
      { subject_id: 20, session: 2, detail: 2, rig_id: 1 },
    ],
    { allowDirectInsert: true },
  )
  await probe.Note.insert([
    { subject_id: 10, session: 1, note_id: 1, text: 'x' },
    { subject_id: 20, session: 2, note_id: 2, text: 'y' },
  ])
}

/** Row counts of every table, by full table name. */
export async function countAll(probe: Probe): Promise<Record<string, number>> {
  const counts: Record<string, number> = {}
  for (const table of probe.all) counts[table.fullTableName] = await table.count()
  return counts
}
