// Test-only: the university golden corpus (fixtures/university/golden.json) and each of its queries written with
// the engine's API, shared by the tests that run the corpus (table/golden.db.test.ts, codegen/codegen.db.test.ts).

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import * as dj from '../index'
import type { QueryExpression } from '../table/expression'
import { FIXTURES_DIR } from './fixtures'
import type { University } from './university'

export interface GoldenQuery {
  readonly id: string
  readonly python: string
  readonly fetch: null | { order_by?: string | string[]; limit?: number; offset?: number; method?: 'fetch1' }
  readonly primary_key: readonly string[] | null
  readonly attributes: readonly string[] | null
  readonly count: number | null
  readonly expression_len?: number
  readonly ordered: boolean
  readonly error: string | null
  readonly error_mysql?: string | null
  readonly verified_on?: readonly string[]
  readonly rows: readonly Record<string, unknown>[] | null
  readonly rows_mysql?: readonly Record<string, unknown>[]
  readonly rows_postgresql?: readonly Record<string, unknown>[]
  readonly notes?: string | null
}

export const golden = JSON.parse(readFileSync(join(FIXTURES_DIR, 'university', 'golden.json'), 'utf8')) as { queries: GoldenQuery[] }

/** Each golden query in the engine's API; a function so that errors raised while building are caught too. */
export const QUERIES: Record<string, (u: University) => QueryExpression> = {
  restrict_dict_state: ({ Student }) => Student.restrict({ home_state: 'UT' }),
  restrict_dict_two_attrs: ({ Student }) => Student.restrict({ sex: 'F', home_state: 'OH' }),
  restrict_list_of_dicts: ({ Student }) => Student.restrict([{ home_state: 'OK' }, { home_state: 'NM' }, { home_state: 'TX' }]),
  restrict_sql_equal: ({ Student }) => Student.restrict("home_state = 'UT'"),
  restrict_sql_between_dates: ({ Student }) => Student.restrict("date_of_birth between '1995-01-01' and '1995-12-31'"),
  restrict_sql_decimal_compare: ({ Course }) => Course.restrict('credits > 3.5'),
  restrict_sql_unknown_attribute: ({ Student }) => Student.restrict('no_such_attr = 1'),
  restrict_andlist: ({ Student }) => Student.restrict(dj.and([{ sex: 'M' }, "home_state = 'CA'"])),
  restrict_andlist_of_queries: ({ Student, Enroll }) =>
    Student.restrict(dj.and([Enroll.restrict({ dept: 'MATH' }), Enroll.restrict({ dept: 'PHYS' })])).proj('last_name'),
  antijoin_dict: ({ Department }) => Department.exclude({ dept: 'BIOL' }),
  not_dict: ({ Student }) => Student.restrict({ home_state: 'AK' }).restrict(dj.not({ sex: 'F' })),
  antijoin_table: ({ Student, StudentMajor }) => Student.exclude(StudentMajor),
  antijoin_restricted_query: ({ Student, Enroll, CurrentTerm }) =>
    Student.exclude(Enroll.restrict(CurrentTerm)).proj('first_name', 'last_name'),
  antijoin_ungraded_current: ({ Enroll, CurrentTerm, Grade }) => Enroll.join(CurrentTerm).exclude(Grade),
  semijoin_math: ({ Student, Enroll }) => Student.restrict(Enroll.restrict({ dept: 'MATH' })).proj('first_name', 'last_name'),
  semijoin_nested: ({ Student, StudentMajor, Department }) => Student.restrict(StudentMajor.restrict(Department.restrict({ dept: 'CS' }))),
  top_default: ({ Student }) => Student.proj('last_name').restrict(dj.top({ limit: 5 })),
  top_order_desc: ({ Student }) => Student.proj('date_of_birth').restrict(dj.top({ limit: 3, orderBy: ['date_of_birth DESC', 'KEY'] })),
  top_offset: ({ Course }) => Course.restrict(dj.top({ limit: 4, orderBy: ['credits DESC', 'KEY'], offset: 2 })),
  proj_keep: ({ Student }) => Student.restrict({ home_state: 'CA' }).proj('first_name', 'last_name'),
  proj_exclude: ({ Student }) => Student.restrict({ home_state: 'WA' }).proj('...', '-home_address', '-home_phone', '-home_zip'),
  proj_rename_secondary: ({ Course }) => Course.restrict({ dept: 'BIOL' }).proj({ name: 'course_name' }),
  proj_rename_key: ({ Department }) => Department.proj('dept_name', { department: 'dept' }),
  proj_computed_decimal: ({ Course }) => Course.restrict({ dept: 'CS' }).proj('credits', { double_credits: 'credits * 2' }),
  proj_exclude_key_error: ({ Student }) => Student.proj('...', '-student_id'),
  join_fk: ({ Course, Department }) => Course.join(Department),
  join_restricted: ({ Section, Course }) => Section.join(Course).restrict({ dept: 'MATH', term_year: 2020 }),
  join_grade_letter: ({ Grade, LetterGrade }) => Grade.join(LetterGrade).restrict({ student_id: 101 }),
  join_three_way: ({ Student, Enroll, Course }) =>
    Student.join(Enroll).join(Course).restrict({ student_id: 102 }).proj('last_name', 'course_name'),
  join_cross: ({ Department, Term }) => Department.proj().join(Term),
  join_semantic_error_lineage: ({ Student, Course }) => Student.proj({ course: 'student_id' }).join(Course),
  left_join_major: ({ Enroll, CurrentTerm, Grade, StudentMajor }) =>
    Enroll.join(CurrentTerm).exclude(Grade).join(StudentMajor.proj('...', { major: 'dept' }), { left: true }),
  left_join_student_major: ({ Student, StudentMajor }) => Student.restrict({ home_state: 'NY' }).proj('last_name').join(StudentMajor, { left: true }),
  aggr_count_column: ({ Course, Section }) => Course.aggr(Section, { n: 'count(section)' }),
  aggr_sum_count: ({ Department, Course }) => Department.aggr(Course, { n: 'count(*)', total_credits: 'sum(credits)' }),
  aggr_exclude_nonmatching: ({ Student, Enroll, CurrentTerm }) =>
    Student.aggr(Enroll.restrict(CurrentTerm), { n: 'count(*)' }, { excludeNonmatching: true }),
  aggr_avg_round: ({ Course, Grade, LetterGrade }) => Course.aggr(Grade.join(LetterGrade), { avg_grade: 'round(avg(points), 2)' }),
  aggr_having: ({ Section, Enroll }) => Section.restrict({ dept: 'BIOL' }).aggr(Enroll, { n: 'count(student_id)' }).restrict('n = 0'),
  aggr_avg_decimal: ({ Department, Course }) => Department.aggr(Course, { avg_credits: 'avg(credits)' }),
  aggr_min_max_date: ({ Department, StudentMajor }) => Department.aggr(StudentMajor, { first: 'min(declare_date)', last: 'max(declare_date)' }),
  aggr_missing_key_error: ({ Student, Department }) => Student.aggr(Department, { n: 'count(*)' }),
  union_keys: ({ Enroll }) => Enroll.restrict('student_id = 101').union(Enroll.restrict('student_id = 102')),
  union_disjoint_secondaries: ({ Student }) =>
    Student.restrict('student_id < 105').proj('first_name').union(Student.restrict('student_id > 102 and student_id < 108').proj('last_name')),
  union_pk_error: ({ Student, Department }) => Student.union(Department),
  u_restrict: ({ Student }) => dj.U('home_state').restrict(Student),
  u_restrict_two: ({ Student }) => dj.U('sex', 'home_state').restrict(Student.restrict("home_state in ('CA', 'TX', 'NY')")),
  u_aggr: ({ Student }) => dj.U('home_state').aggr(Student, { n: 'count(*)' }),
  u_aggr_empty: ({ Student }) => dj.U().aggr(Student, { n: 'count(*)' }),
  fetch_key_desc_limit: ({ Student }) => Student.proj('last_name'),
  fetch_order_limit_offset: ({ Course }) => Course,
  fetch_enum_key_order: ({ Term }) => Term,
  fetch_offset_only: ({ Department }) => Department.proj('dept_name'),
  fetch1_student: ({ Student }) => Student.restrict({ student_id: 100 }),
  fetch1_course: ({ Course, Department }) => Course.join(Department).restrict({ dept: 'CS', course: 1410 }),
  fetch1_multiple_error: ({ Student }) => Student.restrict({ home_state: 'UT' }),
  table_letter_grade: ({ LetterGrade }) => LetterGrade,
}
