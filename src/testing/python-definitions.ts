// The definitions behind the reference catalogs DataJoint Python wrote (fixtures/python-catalogs),
// reconstructed from the dumps, plus the probe schema (PROBE_DEFINITIONS). Test data for golden and
// round-trip tests; not exported from src/index.ts.

import type { Tier } from '../heading/table-info'

export interface PythonTableDefinition {
  readonly className: string
  readonly tier: Tier
  readonly definition: string
  /** Class name of the master, for parts. */
  readonly master?: string
}

const ORACLE_TYPES: readonly PythonTableDefinition[] = [
  {
    className: 'Subject',
    tier: 'manual',
    definition: `
    # experimental subject: table comment
    subject_id : int32 # subject id
    ---
    species = "mouse" : varchar(32) # species name
    sex : enum('F', 'M', 'U')
    weight = null : float32
    height : float64
    alive = 1 : bool
    dob : date
    created = CURRENT_TIMESTAMP : datetime
    t3 = null : datetime(3)
    uid = null : uuid
    meta = null : json
    raw = null : bytes
    code : char(4)
    price : decimal(6,2)
    small : int16
    tiny : int8
    big : int64
    arr = null : <blob>
    unique index (code)
    index (sex, species)
    `,
  },
  {
    className: 'Session',
    tier: 'manual',
    definition: `
    # recording session
    -> Subject
    session : int16
    ---
    -> [nullable] Subject.proj(ref_subject='subject_id')
    note = '' : varchar(255)
    `,
  },
  {
    className: 'Epoch',
    tier: 'part',
    master: 'Session',
    definition: `
    -> master
    epoch : int8
    ---
    duration : float64
    `,
  },
  {
    className: 'SessionStats',
    tier: 'computed',
    definition: `
    # derived statistics
    -> Session
    ---
    n_epochs : int32
    total = null : float64
    `,
  },
]

const TUTORIAL_INSTANCES: readonly PythonTableDefinition[] = [
  {
    className: 'Lab',
    tier: 'manual',
    definition: `
    lab_id : int32
    ---
    lab_name : varchar(100)
    institution : varchar(200)
    `,
  },
  {
    className: 'Researcher',
    tier: 'manual',
    definition: `
    -> Lab
    researcher_id : int32
    ---
    researcher_name : varchar(100)
    `,
  },
]

const TUTORIAL_INSTANCES_2: readonly PythonTableDefinition[] = [
  {
    className: 'Project',
    tier: 'manual',
    definition: `
    project_id : int32
    ---
    project_name : varchar(200)
    `,
  },
]

const TUTORIAL_UNIVERSITY: readonly PythonTableDefinition[] = [
  {
    className: 'Student',
    tier: 'manual',
    definition: `
    student_id : int64 # university-wide ID
    ---
    first_name : varchar(40)
    last_name : varchar(40)
    sex : enum('F', 'M', 'U')
    date_of_birth : date
    home_city : varchar(60)
    home_state : char(2) # US state code
    `,
  },
  {
    className: 'Department',
    tier: 'manual',
    definition: `
    dept : varchar(6) # e.g. BIOL, CS, MATH
    ---
    dept_name : varchar(200)
    `,
  },
  {
    className: 'StudentMajor',
    tier: 'manual',
    definition: `
    -> Student
    ---
    -> Department
    declare_date : date
    `,
  },
  {
    className: 'Course',
    tier: 'manual',
    definition: `
    -> Department
    course : int16 # course number, e.g. 1010
    ---
    course_name : varchar(200)
    credits : decimal(3,1)
    `,
  },
  {
    className: 'Term',
    tier: 'manual',
    definition: `
    term_year : int16
    term : enum('Spring', 'Summer', 'Fall')
    `,
  },
  {
    className: 'Section',
    tier: 'manual',
    definition: `
    -> Course
    -> Term
    section : char(1)
    ---
    auditorium : varchar(12)
    `,
  },
  {
    className: 'Enroll',
    tier: 'manual',
    definition: `
    -> Student
    -> Section
    `,
  },
  {
    className: 'LetterGrade',
    tier: 'lookup',
    definition: `
    grade : char(2)
    ---
    points : decimal(3,2)
    `,
  },
  {
    className: 'Grade',
    tier: 'manual',
    definition: `
    -> Enroll
    ---
    -> LetterGrade
    `,
  },
]

/** Schemas DataJoint Python declared on both MariaDB and PostgreSQL, each in declaration order. */
export const PYTHON_CATALOG_DEFINITIONS: Readonly<Record<string, readonly PythonTableDefinition[]>> = {
  oracle_types: ORACLE_TYPES,
  tutorial_instances: TUTORIAL_INSTANCES,
  tutorial_instances_2: TUTORIAL_INSTANCES_2,
  tutorial_university: TUTORIAL_UNIVERSITY,
}

/** DataJoint's test-suite university schema (`tests/schema_university.py`): native MySQL types, MariaDB only. */
export const PYTHON_MYSQL_ONLY_DEFINITIONS: Readonly<Record<string, readonly PythonTableDefinition[]>> = {
  oracle_university: [
    {
      className: 'Student',
      tier: 'manual',
      definition: `
      student_id : int64   # university-wide ID number
      ---
      first_name      : varchar(40)
      last_name       : varchar(40)
      sex             : enum('F', 'M', 'U')
      date_of_birth   : date
      home_address    : varchar(120) # mailing street address
      home_city       : varchar(60)  # mailing address
      home_state      : char(2)      # US state acronym: e.g. OH
      home_zip        : char(10)     # zipcode e.g. 93979-4979
      home_phone      : varchar(20)  # e.g. 414.657.6883x0881
      `,
    },
    {
      className: 'Department',
      tier: 'manual',
      definition: `
      dept : varchar(6)   # abbreviated department name, e.g. BIOL
      ---
      dept_name    : varchar(200)  # full department name
      dept_address : varchar(200)  # mailing address
      dept_phone   : varchar(20)
      `,
    },
    {
      className: 'StudentMajor',
      tier: 'manual',
      definition: `
      -> Student
      ---
      -> Department
      declare_date :  date  # when student declared her major
      `,
    },
    {
      className: 'Course',
      tier: 'manual',
      definition: `
      -> Department
      course  : int64   # course number, e.g. 1010
      ---
      course_name :  varchar(200)  # e.g. "Neurobiology of Sensation and Movement."
      credits     :  decimal(3,1)  # number of credits earned by completing the course
      `,
    },
    {
      className: 'Term',
      tier: 'manual',
      definition: `
      term_year : year
      term      : enum('Spring', 'Summer', 'Fall')
      `,
    },
    {
      className: 'Section',
      tier: 'manual',
      definition: `
      -> Course
      -> Term
      section : char(1)
      ---
      auditorium   :  varchar(12)
      `,
    },
    {
      className: 'CurrentTerm',
      tier: 'manual',
      definition: `
      omega=0 : tinyint
      ---
      -> Term
      `,
    },
    {
      className: 'Enroll',
      tier: 'manual',
      definition: `
      -> Student
      -> Section
      `,
    },
    {
      className: 'LetterGrade',
      tier: 'lookup',
      definition: `
      grade : char(2)
      ---
      points : decimal(3,2)
      `,
    },
    {
      className: 'Grade',
      tier: 'manual',
      definition: `
      -> Enroll
      ---
      -> LetterGrade
      `,
    },
  ],
}

/**
 * The probe schema (`probe_main`), declared with DataJoint Python 2.2.4 to observe what it writes: a lab pipeline
 * of manual, lookup, part and computed tables with most core types, `<blob>`, `<attach>`, and renamed, nullable and
 * unique foreign keys. As run on MariaDB; on PostgreSQL the run used the
 * comments `Research "labs" with 'quotes'` and `lab "id"`, which `PROBE_PG_LAB` gives.
 */
export const PROBE_DEFINITIONS: readonly PythonTableDefinition[] = [
  {
    className: 'Lab',
    tier: 'manual',
    definition: `
    # Research labs with 'quotes'
    lab_id : int32 # lab id
    ---
    lab_name : varchar(100)
    institution = 'MIT' : varchar(200) # where
    founded = null : date
    `,
  },
  {
    className: 'Researcher',
    tier: 'manual',
    definition: `
    -> Lab
    researcher_id : int16
    ---
    researcher_name : varchar(100)
    `,
  },
  {
    className: 'Species',
    tier: 'lookup',
    definition: `
    species : varchar(32)
    ---
    latin = "" : varchar(64)
    `,
  },
  {
    className: 'Subject',
    tier: 'manual',
    definition: `
    subject_id : int64
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
    doc = null : <attach>
    legacy_native : int
    index (sex, dob)
    unique index (code)
    `,
  },
  {
    className: 'Session',
    tier: 'manual',
    definition: `
    -> Subject
    session : int32
    ---
    -> [nullable, unique] Lab.proj(host_lab='lab_id')
    note = '' : varchar(1000)
    `,
  },
  {
    className: 'Trial',
    tier: 'part',
    master: 'Session',
    definition: `
    -> master
    trial : int32
    ---
    score : float64
    `,
  },
  {
    className: 'Pair',
    tier: 'manual',
    definition: `
    -> Subject.proj(subj_a='subject_id')
    -> Subject.proj(subj_b='subject_id')
    `,
  },
  {
    className: 'Settings',
    tier: 'lookup',
    definition: `
    # singleton
    ---
    param : int32
    `,
  },
  {
    className: 'SessionStats',
    tier: 'computed',
    definition: `
    -> Session
    ---
    n_trials : int32
    `,
  },
]

/** `Lab` as the PostgreSQL probe run declared it (quotes in both comments). */
export const PROBE_PG_LAB: PythonTableDefinition = {
  className: 'Lab',
  tier: 'manual',
  definition: `
    # Research "labs" with 'quotes'
    lab_id : int32 # lab "id"
    ---
    lab_name : varchar(100)
    institution = 'MIT' : varchar(200) # where
    founded = null : date
    `,
}
