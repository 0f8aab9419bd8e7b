// A server's version() text, shortened for tab tooltips and pane titles. Pure.

/** `PostgreSQL 15.20`, `MariaDB 10.11.19`, `MySQL 8.0.36`, `PGlite 0.5.14`; the text as is when unknown. */
export function shortVersion(serverVersion: string): string {
  const pglite = /\(PGlite ([\d.]+)\)/.exec(serverVersion)
  const postgres = /^PostgreSQL ([\d.]+)/.exec(serverVersion)
  if (postgres !== null) return pglite === null ? `PostgreSQL ${postgres[1]}` : `PostgreSQL ${postgres[1]} (PGlite ${pglite[1]})`
  const mysql = /^(\d+\.\d+\.\d+)(?:-(MariaDB))?/i.exec(serverVersion)
  if (mysql !== null) return `${mysql[2] === undefined ? 'MySQL' : 'MariaDB'} ${mysql[1]}`
  return serverVersion.length > 40 ? `${serverVersion.slice(0, 39)}…` : serverVersion
}
