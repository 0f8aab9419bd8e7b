// MySQL/MariaDB bundled as a Dialect.

import type { Dialect } from '../dialect'
import { nativeIntegerRange } from '../integer-ranges'
import { columnDecoder } from '../decoders'
import { MYSQL_ROW_DIGEST } from './row-digest'
import { MYSQL_DECODING } from './decoders'
import { MysqlCompiler } from '../../sql/mysql-compiler'
import { createMysqlDdl } from './ddl'
import { MAX_BOUND_PARAMETERS, createMysqlDriver } from './driver'
import { createMysqlIntrospector } from './introspect'

/** Bits of each integer type (MySQL: `unsigned` doubles the positive range). */
const MYSQL_INTEGER_BITS: Readonly<Record<string, number>> = { tinyint: 8, smallint: 16, mediumint: 24, int: 32, integer: 32, bigint: 64 }

export function createMysqlDialect(): Dialect {
  return {
    backend: 'mysql',
    capabilities: {
      uuidAsBinary: true,
      boolAsInteger: true,
      limitInInSubquery: false,
      beginTransaction: 'START TRANSACTION WITH CONSISTENT SNAPSHOT',
      statementLimits: {
        // Values are bound on the server, whose prepared statements count placeholders in 16 bits (the driver
        // escapes a longer statement's values into its text instead). The byte bound is the server's
        // max_allowed_packet, 16 MiB by default on MariaDB 10.11 (64 MiB on MySQL 8.0); the driver reads the
        // server's actual value when it connects, which replaces this default.
        maxParameters: MAX_BOUND_PARAMETERS,
        maxStatementBytes: 16 * 1024 * 1024,
      },
      // Bound on the server, 100,000 five-column rows took 0.28 s in 2,000-row statements (each batch runs the
      // statement prepared for the first), 0.33 s in 1,000-row and 0.52-0.56 s in 5,000- to 13,107-row ones.
      bulkInsertSize: { parameters: 10_000, bytes: 4 * 1024 * 1024 },
      // LOAD DATA LOCAL INFILE needs local_infile on the server and the client: off by default on both.
      bulkLoadMinRows: null,
    },
    defaultPort: 3306,
    defaultUser: 'root',
    ddl: createMysqlDdl(),
    createCompiler: () => new MysqlCompiler(),
    createDriver: createMysqlDriver,
    createIntrospector: createMysqlIntrospector,
    rowDigest: MYSQL_ROW_DIGEST,
    integerRange: (sqlType) => nativeIntegerRange(MYSQL_INTEGER_BITS, sqlType),
    columnDecoder: (attribute, field, options) => columnDecoder(MYSQL_DECODING, attribute, field, options),
  }
}
