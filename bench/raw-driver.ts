// The baseline of every benchmark: the raw driver (mysql2 / pg) running the engine's own SQL, in this process,
// with its default row format (objects), so ratios measure only what the engine adds.

import mysql from 'mysql2/promise'
import pg from 'pg'
import type { CompiledQuery } from '../src/adapters/driver'

export interface RawClient {
  query(query: CompiledQuery): Promise<unknown[]>
  transaction(statements: readonly CompiledQuery[]): Promise<void>
  close(): Promise<void>
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
      transaction: async (statements) => {
        await client.query('START TRANSACTION')
        for (const s of statements) await client.query(s.sql, [...s.params])
        await client.query('COMMIT')
      },
      close: () => client.end(),
    }
  }
  const client = new pg.Client({ host: connection.host, port: connection.port, user: connection.user, password: connection.password, database: 'postgres' })
  await client.connect()
  return {
    query: async (q) => (await client.query(q.sql, [...q.params])).rows as unknown[],
    transaction: async (statements) => {
      await client.query('BEGIN')
      for (const s of statements) await client.query(s.sql, [...s.params])
      await client.query('COMMIT')
    },
    close: () => client.end(),
  }
}
