// Test-only: DataJoint's university schema (fixtures/university) declared with the engine and loaded
// from its CSV files — the cross-backend fixture of the algebra tests.

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import Papa from 'papaparse'
import type { Instance } from '../instance/instance'
import type { Schema } from '../schema/schema'
import type { Table } from '../table/table'
import { FIXTURES_DIR } from './fixtures'

export interface University {
  readonly schema: Schema
  readonly Student: Table
  readonly Department: Table
  readonly StudentMajor: Table
  readonly Course: Table
  readonly Term: Table
  readonly Section: Table
  readonly CurrentTerm: Table
  readonly Enroll: Table
  readonly LetterGrade: Table
  readonly Grade: Table
}

function readCsv(name: string): Record<string, string>[] {
  const text = readFileSync(join(FIXTURES_DIR, 'university', `${name}.csv`), 'utf8')
  const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true })
  if (parsed.errors.length > 0) throw new Error(`${name}.csv: ${parsed.errors[0]?.message}`)
  return parsed.data
}

/** Declares the university schema (the portable definitions of the fixture README). */
export async function declareUniversity(instance: Instance, schemaName: string): Promise<University> {
  const schema = await instance.schema(schemaName)
  const Student = await schema.manual(
    'Student',
    `
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
  )
  const Department = await schema.manual(
    'Department',
    `
    dept : varchar(6)   # abbreviated department name, e.g. BIOL
    ---
    dept_name    : varchar(200)  # full department name
    dept_address : varchar(200)  # mailing address
    dept_phone   : varchar(20)
    `,
  )
  const StudentMajor = await schema.manual(
    'StudentMajor',
    `
    -> Student
    ---
    -> Department
    declare_date :  date  # when student declared her major
    `,
  )
  const Course = await schema.manual(
    'Course',
    `
    -> Department
    course  : int64   # course number, e.g. 1010
    ---
    course_name :  varchar(200)  # e.g. "Neurobiology of Sensation and Movement."
    credits     :  decimal(3,1)  # number of credits earned by completing the course
    `,
  )
  const Term = await schema.manual(
    'Term',
    `
    term_year : int16    # calendar year
    term      : enum('Spring', 'Summer', 'Fall')
    `,
  )
  const Section = await schema.manual(
    'Section',
    `
    -> Course
    -> Term
    section : char(1)
    ---
    auditorium   :  varchar(12)
    `,
  )
  const CurrentTerm = await schema.manual(
    'CurrentTerm',
    `
    omega=0 : int8    # singleton key
    ---
    -> Term
    `,
  )
  const Enroll = await schema.manual('Enroll', '-> Student\n-> Section')
  const LetterGrade = await schema.lookup('LetterGrade', 'grade : char(2)\n---\npoints : decimal(3,2)', {
    contents: readCsv('LetterGrade'),
  })
  const Grade = await schema.manual('Grade', '-> Enroll\n---\n-> LetterGrade')
  return { schema, Student, Department, StudentMajor, Course, Term, Section, CurrentTerm, Enroll, LetterGrade, Grade }
}

/** Inserts the CSV data in the fixture's load order. */
export async function loadUniversity(university: University): Promise<void> {
  const order: (keyof Omit<University, 'schema' | 'LetterGrade'>)[] = [
    'Student',
    'Department',
    'StudentMajor',
    'Course',
    'Term',
    'CurrentTerm',
    'Section',
    'Enroll',
    'Grade',
  ]
  for (const name of order) await university[name].insert(readCsv(name))
}
