// PostgreSQL bundled as a Dialect (also used for the embedded PGlite server).

import type { Dialect } from '../dialect'
import { nativeIntegerRange } from '../integer-ranges'
import { columnDecoder } from '../decoders'
import { POSTGRES_ROW_DIGEST } from './row-digest'
import { POSTGRES_DECODING } from './decoders'
import { PostgresCompiler } from '../../sql/postgres-compiler'
import { createPostgresDdl } from './ddl'
import { createPostgresDriver } from './driver'
import { createPostgresIntrospector } from './introspect'

/** Bits of each integer type. */
const POSTGRES_INTEGER_BITS: Readonly<Record<string, number>> = { smallint: 16, int2: 16, integer: 32, int: 32, int4: 32, bigint: 64, int8: 64 }

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
      // 100,000 five-column rows over a local socket took about 0.7 s in statements of 2,500-5,000 parameters,
      // 1.4 s at 10,000-20,000 and 1.8 s at 65,535: the server's cost per row grows with the VALUES list.
      // pg writes a statement's bound values into one Bind message in memory, so large values go a few MiB at a time.
      bulkInsertSize: { parameters: 5_000, bytes: 4 * 1024 * 1024 },
      // COPY FROM STDIN: one statement whatever the row count, no parameters to bind or plan.
      bulkLoadMinRows: 1_000,
    },
    defaultPort: 5432,
    defaultUser: 'postgres',
    ddl: createPostgresDdl(),
    createCompiler: () => new PostgresCompiler(),
    createDriver: createPostgresDriver,
    createIntrospector: createPostgresIntrospector,
    rowDigest: POSTGRES_ROW_DIGEST,
    integerRange: (sqlType) => nativeIntegerRange(POSTGRES_INTEGER_BITS, sqlType),
    columnDecoder: (attribute, field, options) => columnDecoder(POSTGRES_DECODING, attribute, field, options),
  }
}
