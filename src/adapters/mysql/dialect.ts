// MySQL/MariaDB bundled as a Dialect.

import type { Dialect } from '../dialect'
import { columnDecoder } from '../decoders'
import { MYSQL_DECODING } from './decoders'
import { MysqlCompiler } from '../../sql/mysql-compiler'
import { createMysqlDriver } from './driver'
import { createMysqlIntrospector } from './introspect'

export function createMysqlDialect(): Dialect {
  const compiler = new MysqlCompiler()
  return {
    backend: 'mysql',
    capabilities: {
      uuidAsBinary: true,
      boolAsInteger: true,
      limitInInSubquery: false,
      beginTransaction: 'START TRANSACTION WITH CONSISTENT SNAPSHOT',
      defaultPort: 3306,
    },
    ddl: { backend: 'mysql', quote: (id) => compiler.quote(id), stringLiteral: (text) => compiler.stringLiteral(text) },
    createCompiler: () => new MysqlCompiler(),
    createDriver: createMysqlDriver,
    createIntrospector: createMysqlIntrospector,
    createSchema: (schema) => ({ sql: `CREATE DATABASE ${compiler.quote(schema)}`, params: [] }),
    dropSchema: (schema) => ({ sql: `DROP DATABASE IF EXISTS ${compiler.quote(schema)}`, params: [] }),
    columnDecoder: (attribute, field) => columnDecoder(MYSQL_DECODING, attribute, field),
  }
}
