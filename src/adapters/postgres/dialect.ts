// PostgreSQL bundled as a Dialect (also used for the embedded PGlite server).

import type { Dialect } from '../dialect'
import { columnDecoder } from '../decoders'
import { POSTGRES_DECODING } from './decoders'
import { PostgresCompiler } from '../../sql/postgres-compiler'
import { createPostgresDdl } from './ddl'
import { createPostgresDriver } from './driver'
import { createPostgresIntrospector } from './introspect'

export function createPostgresDialect(): Dialect {
  return {
    backend: 'postgresql',
    capabilities: {
      uuidAsBinary: false,
      boolAsInteger: false,
      limitInInSubquery: true,
      beginTransaction: 'BEGIN',
      statementLimits: {
        // The extended protocol's Bind message counts parameters in 16 bits; a message is at most 1 GiB.
        maxParameters: 65_535,
        maxStatementBytes: 1024 * 1024 * 1024 - 1,
      },
    },
    defaultPort: 5432,
    defaultUser: 'postgres',
    ddl: createPostgresDdl(),
    createCompiler: () => new PostgresCompiler(),
    createDriver: createPostgresDriver,
    createIntrospector: createPostgresIntrospector,
    columnDecoder: (attribute, field) => columnDecoder(POSTGRES_DECODING, attribute, field),
  }
}
