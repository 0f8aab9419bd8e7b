// The Demo lab's content: a small extracellular-electrophysiology pipeline declared and filled through the
// engine itself (schema.lookup/manual/imported/computed/part + insert), deterministic from a seeded PRNG.

import type { BlobNdarray, Instance, Schema, Table } from '../../src/index'

/** Bump when the pipeline or its data change: an older demo data folder is then rebuilt. */
export const DEMO_SEED_VERSION = 2

const SEED = 20_240_115

/** mulberry32: tiny, fast and good enough for demo data; the same seed always gives the same lab. */
export function createPrng(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

interface Random {
  readonly next: () => number
  int(min: number, max: number): number
  pick<T>(items: readonly T[]): T
  normal(mean: number, sd: number): number
  uuid(): string
}

function createRandom(seed: number): Random {
  const next = createPrng(seed)
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1))
  return {
    next,
    int,
    pick: <T>(items: readonly T[]): T => items[int(0, items.length - 1)] as T,
    normal: (mean, sd) => mean + sd * Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next()),
    uuid: () => {
      const hex = Array.from({ length: 32 }, () => int(0, 15).toString(16))
      hex[12] = '4'
      hex[16] = (8 + int(0, 3)).toString(16)
      const s = hex.join('')
      return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`
    },
  }
}

// `+ 0` turns -0 into 0.
const round = (value: number, digits: number): number => Number(value.toFixed(digits)) + 0

/** A numpy float64 vector, as a Python pipeline would store it (a plain JS array would become a Python list). */
function float64Vector(data: readonly number[]): BlobNdarray {
  return { __blob__: 'ndarray', dtype: 'float64', shape: [data.length], data }
}

function isoDate(base: Date, days: number): string {
  return new Date(base.getTime() + days * 86_400_000).toISOString().slice(0, 10)
}

function isoDatetime(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ' ')
}

export interface SeedSummary {
  readonly tables: number
  readonly rows: number
}

/** Declares and fills the demo pipeline in `lab` and `ephys` (other names for tests on shared servers). */
export async function seedDemoLab(inst: Instance, names: { readonly lab: string; readonly ephys: string } = { lab: 'lab', ephys: 'ephys' }): Promise<SeedSummary> {
  const random = createRandom(SEED)
  const lab = await inst.schema(names.lab)
  const ephys = await inst.schema(names.ephys)
  const tables = await declare(lab, ephys)
  let rows = 0
  const insert = async (table: Table, data: readonly Record<string, unknown>[], direct = false): Promise<void> => {
    if (data.length === 0) return
    rows += await table.insert(data, direct ? { allowDirectInsert: true } : {})
  }

  rows += await tables.Species.count()
  rows += await tables.BrainRegion.count()
  rows += await tables.StimulusType.count()
  rows += await tables.Probe.count()

  await insert(tables.Lab, [
    { lab_id: 1, lab_name: 'Neural Dynamics Lab', institution: 'MIT', founded: '2009-09-01' },
    { lab_id: 2, lab_name: 'Visual Circuits Lab', institution: 'Stanford University', founded: '2014-03-15' },
    { lab_id: 3, lab_name: 'Systems Neuroscience Unit', institution: 'UCL', founded: '2017-06-01' },
  ])

  const people = [
    ['alice', 1, 'Alice Chen', '0000-0002-1825-0097'],
    ['bob', 1, 'Bob Park', null],
    ['carol', 2, 'Carol Ruiz', '0000-0001-5109-3700'],
    ['dmitri', 2, 'Dmitri Volkov', null],
    ['esther', 3, 'Esther Okafor', '0000-0003-1415-9265'],
    ['farid', 3, 'Farid Haddad', null],
    ['grace', 1, 'Grace Liu', null],
    ['hiro', 2, 'Hiro Tanaka', '0000-0002-7182-8182'],
  ] as const
  await insert(
    tables.Researcher,
    people.map(([id, labId, name, orcid], i) => ({
      researcher_id: id,
      lab_id: labId,
      full_name: name,
      email: `${id}@lab${labId}.example.org`,
      orcid,
      joined: isoDate(new Date('2015-01-01T00:00:00Z'), i * 211),
    })),
  )

  const researcherIds = people.map(([id]) => id)
  const genotypes = ['wild type', 'PV-Cre', 'SST-Cre', 'VIP-Cre', 'Thy1-GCaMP6s', 'Ai32']
  const speciesOf = ['mouse', 'mouse', 'mouse', 'mouse', 'rat', 'mouse']
  const subjects: Record<string, unknown>[] = []
  const birth = new Date('2023-09-01T00:00:00Z')
  for (let i = 0; i < 24; i += 1) {
    const species = speciesOf[i % speciesOf.length] as string
    subjects.push({
      subject_id: 1001 + i,
      species,
      sex: random.pick(['F', 'M', 'M', 'F', 'U'] as const),
      date_of_birth: isoDate(birth, random.int(0, 120)),
      surgeon: i % 7 === 3 ? null : random.pick(researcherIds),
      weight_g: i % 9 === 4 ? null : round(species === 'rat' ? random.normal(310, 25) : random.normal(24, 3), 2).toFixed(2),
      genotype: species === 'rat' ? 'wild type' : random.pick(genotypes),
      subject_uuid: random.uuid(),
      notes: i % 5 === 0 ? 'Head-post implanted; habituated for 5 days.' : '',
    })
  }
  await insert(tables.Subject, subjects)

  const stimulusTypes = ['drifting_gratings', 'natural_movies', 'white_noise', 'tone_pips', 'whisker_deflection', 'spontaneous']
  const rigs = ['rig-A', 'rig-B', 'rig-C']
  const sessions: Record<string, unknown>[] = []
  const trials: Record<string, unknown>[] = []
  const sessionStart = new Date('2024-02-05T09:00:00Z')
  for (const subject of subjects) {
    const count = random.int(2, 4)
    for (let s = 1; s <= count; s += 1) {
      const start = new Date(sessionStart.getTime() + random.int(0, 120) * 86_400_000 + random.int(0, 8 * 60) * 60_000)
      const stimulus = random.pick(stimulusTypes)
      const session = {
        subject_id: subject['subject_id'],
        session_idx: s,
        session_start: isoDatetime(start),
        experimenter: random.pick(researcherIds),
        stimulus_type: stimulus,
        rig: random.pick(rigs),
        session_notes: random.next() < 0.2 ? 'Animal restless during the first 10 minutes.' : '',
        metadata: {
          temperature_c: round(random.normal(22, 0.6), 1),
          water_ml: round(random.normal(1.1, 0.2), 2),
          software: { name: 'bonsai', version: `2.${random.int(6, 8)}.${random.int(0, 3)}` },
          tags: stimulus === 'spontaneous' ? ['baseline'] : ['task', stimulus],
        },
      }
      sessions.push(session)
      if (stimulus === 'spontaneous') continue
      const n = random.int(18, 36)
      for (let t = 1; t <= n; t += 1) {
        const hit = random.next() < 0.68
        const responded = hit || random.next() < 0.2
        trials.push({
          subject_id: subject['subject_id'],
          session_idx: s,
          trial_idx: t,
          stimulus_onset_s: round(t * 6.5 + random.next() * 2, 3),
          contrast: random.pick([0, 0.06, 0.12, 0.25, 0.5, 1]),
          outcome: hit ? 'hit' : responded ? 'false_alarm' : random.pick(['miss', 'correct_reject'] as const),
          reaction_ms: responded ? round(Math.max(120, random.normal(420, 90)), 1) : null,
        })
      }
    }
  }
  await insert(tables.Session, sessions)
  await insert(tables.Trial, trials)

  const probes = ['neuropixels_1.0', 'neuropixels_2.0', 'cambridge_h2']
  const regions = ['VISp', 'VISl', 'CA1', 'DG', 'MOp', 'SSp-bfd', 'LGd', 'AUDp']
  const channelsPerProbe: Record<string, number> = { 'neuropixels_1.0': 32, 'neuropixels_2.0': 32, cambridge_h2: 16 }
  const recordings: Record<string, unknown>[] = []
  const channels: Record<string, unknown>[] = []
  const sortings: Record<string, unknown>[] = []
  const units: Record<string, unknown>[] = []
  for (const session of sessions) {
    if (random.next() < 0.15) continue
    const probe = random.pick(probes)
    const region = random.pick(regions)
    const key = { subject_id: session['subject_id'], session_idx: session['session_idx'] }
    const duration = round(random.normal(1800, 300), 1)
    recordings.push({
      ...key,
      probe_type: probe,
      region_acronym: region,
      sampling_rate: probe === 'cambridge_h2' ? 20_000 : 30_000,
      duration_s: duration,
      raw_file: `raw/${String(key.subject_id)}/session${String(key.session_idx)}/ephys_g0_t0.imec0.ap.bin`,
    })
    const channelCount = channelsPerProbe[probe] ?? 16
    for (let c = 0; c < channelCount; c += 1) {
      const broken = random.next() < 0.05
      channels.push({
        ...key,
          channel_idx: c,
        impedance_kohm: broken ? null : round(random.normal(150, 40), 2),
        x_um: (c % 2) * 32,
        y_um: Math.floor(c / 2) * 20,
        is_good: !broken,
      })
    }
    const sorter = random.pick(['kilosort2.5', 'kilosort4', 'mountainsort5'] as const)
    const n = random.int(4, 14)
    let good = 0
    for (let u = 1; u <= n; u += 1) {
      const label = random.next() < 0.6 ? 'good' : random.next() < 0.7 ? 'mua' : 'noise'
      if (label === 'good') good += 1
      const amplitude = random.normal(-80, 20)
      units.push({
        ...key,
          unit_id: u,
        peak_channel: random.int(0, channelCount - 1),
        firing_rate: round(Math.abs(random.normal(6, 4)) + 0.1, 3),
        isi_violation: round(random.next() * 0.05, 4),
        label,
        // A Python list (the PSTH below is a numpy array): the demo shows both kinds of blob.
        waveform: Array.from({ length: 40 }, (_, i) => round(amplitude * Math.exp(-((i - 12) ** 2) / 8) + (i > 12 ? 12 * Math.exp(-(i - 12) / 8) : 0), 2)),
      })
    }
    sortings.push({
      ...key,
      sorter,
      n_units: n,
      n_good: good,
      sorted_at: isoDatetime(new Date(sessionStart.getTime() + random.int(130, 200) * 86_400_000)),
      params: {
        detect_threshold: sorter === 'mountainsort5' ? 5.5 : 6,
        freq_min: 300,
        freq_max: 6000,
        car: true,
        channel_groups: [[0, 1, 2, 3], [4, 5, 6, 7]],
        sorter_version: sorter === 'kilosort4' ? '4.0.12' : sorter === 'kilosort2.5' ? '2.5.1' : '0.5.2',
      },
      quality_metrics: { median_snr: round(random.normal(4.5, 1), 2), drift_um: round(Math.abs(random.normal(8, 4)), 1) },
    })
  }
  await insert(tables.Recording, recordings, true)
  await insert(tables.Channel, channels, true)
  await insert(tables.SpikeSorting, sortings, true)
  await insert(tables.Unit, units, true)

  const statsRows: Record<string, unknown>[] = []
  const outcomeRows: Record<string, unknown>[] = []
  const trialsBySession = new Map<string, Record<string, unknown>[]>()
  for (const trial of trials) {
    const key = `${String(trial['subject_id'])}/${String(trial['session_idx'])}`
    const list = trialsBySession.get(key) ?? []
    list.push(trial)
    trialsBySession.set(key, list)
  }
  for (const session of sessions) {
    const list = trialsBySession.get(`${String(session['subject_id'])}/${String(session['session_idx'])}`)
    if (list === undefined) continue
    const key = { subject_id: session['subject_id'], session_idx: session['session_idx'] }
    const reactions = list.map((t) => t['reaction_ms']).filter((r): r is number => typeof r === 'number')
    const hits = list.filter((t) => t['outcome'] === 'hit').length
    statsRows.push({
      ...key,
      n_trials: list.length,
      hit_rate: (hits / list.length).toFixed(4),
      mean_reaction_ms: reactions.length === 0 ? null : round(reactions.reduce((a, b) => a + b, 0) / reactions.length, 2),
      psth: float64Vector(Array.from({ length: 25 }, (_, i) => round(Math.max(0, 4 + 18 * Math.exp(-((i - 8) ** 2) / 10) + random.normal(0, 1)), 2))),
      summary: { outcomes: countBy(list.map((t) => String(t['outcome']))) },
    })
    for (const [outcome, count] of Object.entries(countBy(list.map((t) => String(t['outcome']))))) {
      outcomeRows.push({ ...key, outcome, n: count })
    }
  }
  await insert(tables.TrialStats, statsRows, true)
  await insert(tables.OutcomeCount, outcomeRows, true)
  return { tables: Object.keys(tables).length, rows }
}

function countBy(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1
  return counts
}

async function declare(lab: Schema, ephys: Schema) {
  const Species = await lab.lookup(
    'Species',
    `
    # Species used in the lab
    species : varchar(32)
    ---
    latin_name : varchar(64)
    `,
    {
      contents: [
        { species: 'mouse', latin_name: 'Mus musculus' },
        { species: 'rat', latin_name: 'Rattus norvegicus' },
        { species: 'macaque', latin_name: 'Macaca mulatta' },
        { species: 'zebra finch', latin_name: 'Taeniopygia guttata' },
      ],
    },
  )
  const BrainRegion = await lab.lookup(
    'BrainRegion',
    `
    # Allen CCF brain regions
    region_acronym : varchar(16)
    ---
    region_name : varchar(100)
    parent_acronym = null : varchar(16)  # coarser region; null at the top
    `,
    {
      contents: [
        { region_acronym: 'VISp', region_name: 'Primary visual area', parent_acronym: 'VIS' },
        { region_acronym: 'VISl', region_name: 'Lateral visual area', parent_acronym: 'VIS' },
        { region_acronym: 'VIS', region_name: 'Visual areas', parent_acronym: null },
        { region_acronym: 'CA1', region_name: 'Field CA1', parent_acronym: 'HPF' },
        { region_acronym: 'DG', region_name: 'Dentate gyrus', parent_acronym: 'HPF' },
        { region_acronym: 'HPF', region_name: 'Hippocampal formation', parent_acronym: null },
        { region_acronym: 'MOp', region_name: 'Primary motor area', parent_acronym: null },
        { region_acronym: 'SSp-bfd', region_name: 'Primary somatosensory area, barrel field', parent_acronym: null },
        { region_acronym: 'LGd', region_name: 'Dorsal part of the lateral geniculate complex', parent_acronym: null },
        { region_acronym: 'AUDp', region_name: 'Primary auditory area', parent_acronym: null },
      ],
    },
  )
  const StimulusType = await lab.lookup(
    'StimulusType',
    `
    stimulus_type : varchar(32)
    ---
    modality : enum('visual', 'auditory', 'somatosensory', 'none')
    description : varchar(255)
    `,
    {
      contents: [
        { stimulus_type: 'drifting_gratings', modality: 'visual', description: 'Full-field drifting sinusoidal gratings, 8 directions' },
        { stimulus_type: 'natural_movies', modality: 'visual', description: 'Natural movie clips, 30 s each' },
        { stimulus_type: 'white_noise', modality: 'visual', description: 'Sparse noise for receptive-field mapping' },
        { stimulus_type: 'tone_pips', modality: 'auditory', description: 'Pure tones, 4-64 kHz, 50 ms' },
        { stimulus_type: 'whisker_deflection', modality: 'somatosensory', description: 'Piezo deflection of the C2 whisker' },
        { stimulus_type: 'spontaneous', modality: 'none', description: 'Grey screen, no task' },
      ],
    },
  )
  const Lab = await lab.manual(
    'Lab',
    `
    lab_id : int32
    ---
    lab_name : varchar(100)
    institution : varchar(200)
    founded : date
    `,
  )
  const Researcher = await lab.manual(
    'Researcher',
    `
    researcher_id : varchar(16)   # short login name
    ---
    -> Lab
    full_name : varchar(100)
    email : varchar(120)
    orcid = null : char(19)
    joined : date
    unique index (email)
    `,
  )
  const Subject = await lab.manual(
    'Subject',
    `
    # Experimental animals
    subject_id : int32
    ---
    -> Species
    sex : enum('F', 'M', 'U')
    date_of_birth : date
    -> [nullable] Researcher.proj(surgeon='researcher_id')
    weight_g = null : decimal(6,2)   # at surgery
    genotype = "wild type" : varchar(100)
    subject_uuid : uuid               # id in the animal facility's database
    notes = "" : varchar(1000)
    `,
  )
  const Session = await lab.manual(
    'Session',
    `
    -> Subject
    session_idx : int16
    ---
    session_start : datetime
    -> Researcher.proj(experimenter='researcher_id')
    -> StimulusType
    rig : varchar(16)
    session_notes = "" : varchar(1000)
    metadata : json   # rig and environment settings
    `,
  )
  const Trial = await lab.part(
    Session,
    'Trial',
    `
    -> master
    trial_idx : int32
    ---
    stimulus_onset_s : float64
    contrast : float32
    outcome : enum('hit', 'miss', 'false_alarm', 'correct_reject')
    reaction_ms = null : float32
    `,
  )
  const context = { Session, Subject, BrainRegion }
  const Probe = await ephys.lookup(
    'Probe',
    `
    probe_type : varchar(32)
    ---
    channel_count : int16
    manufacturer : varchar(64)
    `,
    {
      contents: [
        { probe_type: 'neuropixels_1.0', channel_count: 384, manufacturer: 'IMEC' },
        { probe_type: 'neuropixels_2.0', channel_count: 384, manufacturer: 'IMEC' },
        { probe_type: 'cambridge_h2', channel_count: 64, manufacturer: 'Cambridge NeuroTech' },
      ],
    },
  )
  const Recording = await ephys.imported(
    'Recording',
    `
    # An extracellular recording of one session
    -> Session
    ---
    -> Probe
    -> BrainRegion
    sampling_rate : float64   # Hz
    duration_s : float64
    raw_file : varchar(255)
    `,
    { context },
  )
  const Channel = await ephys.part(
    Recording,
    'Channel',
    `
    -> master
    channel_idx : int16
    ---
    impedance_kohm = null : float32
    x_um : float32
    y_um : float32
    is_good : bool
    `,
  )
  const SpikeSorting = await ephys.computed(
    'SpikeSorting',
    `
    -> Recording
    ---
    sorter : enum('kilosort2.5', 'kilosort4', 'mountainsort5')
    n_units : int32
    n_good : int32
    sorted_at : datetime
    params : <blob>            # sorter parameters
    quality_metrics : json
    `,
  )
  const Unit = await ephys.part(
    SpikeSorting,
    'Unit',
    `
    -> master
    unit_id : int32
    ---
    -> Recording.Channel.proj(peak_channel='channel_idx')
    firing_rate : float64   # Hz
    isi_violation : float32
    label : enum('good', 'mua', 'noise')
    waveform : <blob>       # mean waveform on the peak channel, µV
    `,
  )
  const TrialStats = await ephys.computed(
    'TrialStats',
    `
    # Behavioural summary of a session
    -> Session
    ---
    n_trials : int32
    hit_rate : decimal(5,4)
    mean_reaction_ms = null : float64
    psth : <blob>         # population PSTH, 25 bins of 100 ms
    summary : json
    `,
    { context },
  )
  const OutcomeCount = await ephys.part(
    TrialStats,
    'OutcomeCount',
    `
    -> master
    outcome : varchar(16)
    ---
    n : int32
    `,
  )
  return { Species, BrainRegion, StimulusType, Lab, Researcher, Subject, Session, Trial, Probe, Recording, Channel, SpikeSorting, Unit, TrialStats, OutcomeCount }
}
