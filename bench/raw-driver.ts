// The baseline of every benchmark: the raw driver (mysql2 / pg) in this process, with its default row format
// (objects). Fetches run the engine's own SQL, so ratios measure only what the engine adds; inserts use the
// driver's best bulk form, so the ratio also shows what the engine's statement sizing costs.

import mysql from 'mysql2/promise'
import pg from 'pg'
import type { CompiledQuery } from '../src/adapters/driver'

export interface RawClient {
  query(query: CompiledQuery): Promise<unknown[]>
  /**
   * Inserts rows in one transaction as the driver does it best: mysql2's nested-array `VALUES ?` with 10,000 rows
   * per statement; pg's multi-row INSERT of 5,000 parameters per statement.
   */
  bulkInsert(table: string, columns: readonly string[], rows: readonly (readonly unknown[])[]): Promise<void>
  close(): Promise<void>
}

const MYSQL_BULK_ROWS = 10_000
// 100,000 five-column rows took about 0.7 s in statements of 2,500-5,000 parameters, 1.4 s at 10,000-20,000
// and 1.9 s at the protocol's 65,535.
const PG_BULK_PARAMETERS = 5_000

export interface RawConnection {
  readonly backend: 'mysql' | 'postgresql'
  readonly host: string
  readonly port: number
  readonly user: string
  readonly password: string
}

export async function openRawClient(connection: RawConnection): Promise<RawClient> {
  if (connection.backend === 'mysql') {
    const client = await mysql.createConnection({
      host: connection.host,
      port: connection.port,
      user: connection.user,
      password: connection.password,
      dateStrings: true,
      supportBigNumbers: true,
    })
    return {
      query: async (q) => (await client.query(q.sql, [...q.params]))[0] as unknown[],
      bulkInsert: async (table, columns, rows) => {
        const sql = `INSERT INTO ${table} (${columns.map((c) => `\`${c}\``).join(', ')}) VALUES ?`
        await client.query('START TRANSACTION')
        for (let start = 0; start < rows.length; start += MYSQL_BULK_ROWS) await client.query(sql, [rows.slice(start, start + MYSQL_BULK_ROWS)])
        await client.query('COMMIT')
      },
      close: () => client.end(),
    }
  }
  const client = new pg.Client({ host: connection.host, port: connection.port, user: connection.user, password: connection.password, database: 'postgres' })
  await client.connect()
  return {
    query: async (q) => (await client.query(q.sql, [...q.params])).rows as unknown[],
    bulkInsert: async (table, columns, rows) => {
      const perStatement = Math.floor(PG_BULK_PARAMETERS / columns.length)
      const head = `INSERT INTO ${table} (${columns.map((c) => `"${c}"`).join(', ')}) VALUES `
      await client.query('BEGIN')
      for (let start = 0; start < rows.length; start += perStatement) {
        const chunk = rows.slice(start, start + perStatement)
        const tuples: string[] = []
        let n = 0
        for (const row of chunk) tuples.push(`(${row.map(() => `$${(n += 1)}`).join(', ')})`)
        await client.query(head + tuples.join(', '), chunk.flat())
      }
      await client.query('COMMIT')
    },
    close: () => client.end(),
  }
}
