// The only module importing @electric-sql/*: an embedded PostgreSQL (PGlite) served over a loopback socket,
// so the ordinary pg driver talks to it. All connections share ONE backend session (PGlite is
// single-user): a transaction or SET on one connection is seen by all.

import { PGlite } from '@electric-sql/pglite'
import { PGLiteSocketServer } from '@electric-sql/pglite-socket'

export interface PgliteServerOptions {
  /** A data directory, or `memory://` for a throwaway database. */
  readonly dataDir: string
  readonly host?: string
  /** 0 picks a free port. */
  readonly port?: number
}

export interface PgliteServer {
  readonly host: string
  readonly port: number
  stop(): Promise<void>
}

/** pglite-socket's default is 1: a pool's second connection would get a raw "Too many connections". */
const MAX_CONNECTIONS = 8

export async function startPgliteServer(options: PgliteServerOptions): Promise<PgliteServer> {
  const host = options.host ?? '127.0.0.1'
  const db = await PGlite.create(options.dataDir)
  const requested = options.port ?? 0
  const server = new PGLiteSocketServer({ db, host, port: requested, maxConnections: MAX_CONNECTIONS })
  try {
    await server.start()
  } catch (err) {
    await db.close()
    throw err
  }
  const port = listeningPort(server)
  let stopped = false
  return {
    host,
    port,
    async stop(): Promise<void> {
      if (stopped) return
      stopped = true
      await server.stop()
      await db.close()
    },
  }
}

function listeningPort(server: PGLiteSocketServer): number {
  // The bound port is kept in a private field; getServerConn() reports it as `host:port` once listening.
  const conn = server.getServerConn()
  const port = Number(conn.slice(conn.lastIndexOf(':') + 1))
  if (!Number.isInteger(port) || port <= 0) throw new Error(`PGlite socket server reported no port (${conn})`)
  return port
}
