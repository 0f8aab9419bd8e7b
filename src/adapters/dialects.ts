// The dialect of each backend, for code that holds a backend name and needs what differs (ports, users, SQL).

import type { Backend } from '../backend'
import type { Dialect } from './dialect'
import { createMysqlDialect } from './mysql/dialect'
import { createPostgresDialect } from './postgres/dialect'

const DIALECTS: Readonly<Record<Backend, Dialect>> = {
  mysql: createMysqlDialect(),
  postgresql: createPostgresDialect(),
}

/** The backend's dialect. Dialects hold no state, so one per backend is shared. */
export function dialectFor(backend: Backend): Dialect {
  return DIALECTS[backend]
}
