// PostgreSQL bundled as a Dialect (also used for the embedded PGlite server).

import type { Dialect } from '../dialect'
import { columnDecoder } from '../decoders'
import { POSTGRES_DECODING } from './decoders'
import { PostgresCompiler } from '../../sql/postgres-compiler'
import { createPostgresDriver } from './driver'
import { createPostgresIntrospector } from './introspect'

export function createPostgresDialect(): Dialect {
  const compiler = new PostgresCompiler()
  return {
    backend: 'postgresql',
    capabilities: {
      uuidAsBinary: false,
      boolAsInteger: false,
      limitInInSubquery: true,
      beginTransaction: 'BEGIN',
      defaultPort: 5432,
    },
    ddl: { backend: 'postgresql', quote: (id) => compiler.quote(id), stringLiteral: (text) => compiler.stringLiteral(text) },
    createCompiler: () => new PostgresCompiler(),
    createDriver: createPostgresDriver,
    createIntrospector: createPostgresIntrospector,
    createSchema: (schema) => ({ sql: `CREATE SCHEMA ${compiler.quote(schema)}`, params: [] }),
    dropSchema: (schema) => ({ sql: `DROP SCHEMA IF EXISTS ${compiler.quote(schema)} CASCADE`, params: [] }),
    columnDecoder: (attribute, field) => columnDecoder(POSTGRES_DECODING, attribute, field),
  }
}
