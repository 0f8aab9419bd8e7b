// MySQL/MariaDB bundled as a Dialect.

import type { Dialect } from '../dialect'
import { nativeIntegerRange } from '../integer-ranges'
import { columnDecoder } from '../decoders'
import { MYSQL_ROW_DIGEST } from './row-digest'
import { MYSQL_DECODING } from './decoders'
import { MysqlCompiler } from '../../sql/mysql-compiler'
import { createMysqlDdl } from './ddl'
import { createMysqlDriver } from './driver'
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
        // mysql2's query() writes the values into the text, so the server sees no placeholders; the bound is the
        // server's max_allowed_packet, 16 MiB by default on MariaDB 10.11 (64 MiB on MySQL 8.0). The driver
        // reads the server's actual value when it connects, which replaces this default.
        maxParameters: null,
        maxStatementBytes: 16 * 1024 * 1024,
      },
      // 100,000 five-column rows (4 MB of text) took about 0.9 s on MariaDB in statements of 256 KiB to 4 MiB and
      // 1.2 s as one statement.
      bulkInsertSize: { parameters: null, bytes: 1024 * 1024 },
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
