// Test-only: one small pipeline declared alike on any backend, for comparing schemas and rows across servers:
// a lookup, a manual chain with a renamed foreign key and a part, and a table with a column of every DataJoint
// core type (and `<blob>`, and a native `time`).

import type { Instance } from '../instance/instance'
import type { Schema } from '../schema/schema'
import type { Table } from '../table/table'

export interface ComparePipeline {
  readonly Lab: Table
  readonly Subject: Table
  readonly Session: Table
  readonly Trial: Table
  readonly Typed: Table
}

/** Every core type, its column name in `Typed` (`v_<name>`). */
export const CORE_TYPE_COLUMNS = {
  v_float32: 'float32',
  v_float64: 'float64',
  v_int64: 'int64',
  v_int32: 'int32',
  v_int16: 'int16',
  v_int8: 'int8',
  v_bool: 'bool',
  v_uuid: 'uuid',
  v_json: 'json',
  v_bytes: 'bytes',
  v_date: 'date',
  v_datetime: 'datetime(3)',
  v_char: 'char(4)',
  v_varchar: 'varchar(32)',
  v_enum: "enum('low','high')",
  v_decimal: 'decimal(8,3)',
  v_blob: '<blob>',
  v_time: 'time',
} as const

export async function declareComparePipeline(schema: Schema): Promise<ComparePipeline> {
  const Lab = await schema.lookup('Lab', 'lab : varchar(16)\n---\nlab_name : varchar(64)  # full name')
  const Subject = await schema.manual(
    'Subject',
    'subject_id : int32\n---\n-> Lab\nsex = "U" : enum(\'F\',\'M\',\'U\')\nweight = null : float32  # grams\nindex(sex)',
  )
  const Session = await schema.manual(
    'Session',
    '-> Subject\nsession : int16\n---\n-> [nullable] Lab.proj(host_lab="lab")\nsession_date : date\nnote = "" : varchar(255)',
  )
  const Trial = await schema.part(Session, 'Trial', '-> master\ntrial : int32\n---\nscore : float64')
  const columns = Object.entries(CORE_TYPE_COLUMNS)
    .map(([name, type]) => `${name} = null : ${type}`)
    .join('\n')
  const Typed = await schema.manual('Typed', `typed_id : int32\n---\n${columns}`)
  return { Lab, Subject, Session, Trial, Typed }
}

/**
 * Fills `table` (columns `id`, `val`, `label`) with rows 1..count built on the server (generate_series on
 * PostgreSQL, a sequence table on MariaDB), not sent from the client: `val` is `id * 0.5`, `label` `'row <id>'`.
 */
export async function fillSeries(inst: Instance, schema: string, table: string, count: number): Promise<void> {
  const whole = Math.floor(count)
  const sql =
    inst.dialect.backend === 'mysql'
      ? `INSERT INTO \`${schema}\`.\`${table}\` (id, val, label) SELECT seq, seq * 0.5, CONCAT('row ', seq) FROM \`${schema}\`.seq_1_to_${whole}`
    : `INSERT INTO "${schema}"."${table}" (id, val, label) SELECT n, n * 0.5, 'row ' || n FROM generate_series(1, ${whole}) AS n`
  await inst.run({ sql, params: [] })
}
