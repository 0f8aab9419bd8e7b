// Tables of many generated rows, filled on the server (`INSERT … SELECT` from generate_series / MariaDB's
// sequence engine) so a test or a benchmark times the app, not the load. Shared by the big-table e2e journey
// and bench:app.
import type * as dj from '../../src/index'
import type { Backend } from './lab-schema'

/** A manual table of numbered rows: `id` 1..n, a label, a value and a timestamp. */
export const ROWS_DEFINITION = `
  # numbered rows
  id : int64
  ---
  label : varchar(40)
  value : float64
  created : datetime
  `

/** Fills `schema`.`table` (declared with ROWS_DEFINITION) with rows 1..count on the server. */
export async function fillRows(instance: dj.Instance, backend: Backend, schema: string, table: string, count: number): Promise<void> {
  const sql =
    backend === 'postgresql'
      ? `INSERT INTO "${schema}"."${table}" (id, label, value, created) ` +
        `SELECT g, 'row ' || g, g * 0.5, timestamp '2024-01-01' + g * interval '1 second' FROM generate_series(1, ${count}) g`
      : `INSERT INTO \`${schema}\`.\`${table}\` (id, label, value, created) ` +
        `SELECT seq, CONCAT('row ', seq), seq * 0.5, TIMESTAMP '2024-01-01 00:00:00' + INTERVAL seq SECOND FROM \`${schema}\`.seq_1_to_${count}`
  await instance.run({ sql, params: [] })
}
