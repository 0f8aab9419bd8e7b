// The baseline of every benchmark: the raw driver (mysql2 / pg) in this process, with its default row format
// (objects). Fetches run the engine's own SQL, so ratios measure only what the engine adds; inserts use the
// driver's best bulk form, so the ratio also shows what the engine's statement sizing costs.

import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import mysql from 'mysql2/promise'
import pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import type { CompiledQuery } from '../src/adapters/driver'

export interface RawClient {
  query(query: CompiledQuery): Promise<unknown[]>
  /**
   * Inserts rows in one transaction as the driver does it best: mysql2's nested-array `VALUES ?` with 10,000 rows
   * per statement; pg's COPY FROM STDIN (pg-copy-streams), all rows in one COPY.
   */
  bulkInsert(table: string, columns: readonly string[], rows: readonly (readonly unknown[])[]): Promise<void>
  close(): Promise<void>
}

const MYSQL_BULK_ROWS = 10_000
/** Rows of COPY text per write to the stream. */
const PG_COPY_ROWS = 5_000

/** A value in COPY's text format, as a user of pg-copy-streams writes it for the bench's columns. */
function copyValue(value: unknown): string {
  if (value === null || value === undefined) return '\\N'
  if (typeof value === 'boolean') return value ? 't' : 'f'
  return String(value as string | number | bigint).replace(/[\\\n\r\t]/g, (c) => ({ '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' })[c] as string)
}

function* copyLines(rows: readonly (readonly unknown[])[]): Generator<string> {
  for (let start = 0; start < rows.length; start += PG_COPY_ROWS) {
    let text = ''
    for (const row of rows.slice(start, start + PG_COPY_ROWS)) text += `${row.map(copyValue).join('\t')}\n`
    yield text
  }
}

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
      await client.query('BEGIN')
      await pipeline(Readable.from(copyLines(rows)), client.query(copyFrom(`COPY ${table} (${columns.map((c) => `"${c}"`).join(', ')}) FROM STDIN`)))
      await client.query('COMMIT')
    },
    close: () => client.end(),
  }
}
