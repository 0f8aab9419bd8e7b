// A saved password goes only where it was saved for: each way a renderer could name another server (a test with a
// saved profile's id, a re-save with a new endpoint, an import token, another backend) meets a listener that asks
// for the password in clear text (as a PostgreSQL server may), and the listener must never receive it.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type AddressInfo, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { isDataJointError } from '../../src/errors/datajoint-error'
import { createMemoryLogger } from '../../src/instance/logger'
import { createKnownHostsStore } from '../vault/known-hosts'
import { createMemoryVault } from '../vault/memory-vault'
import { createJsonProfileStore } from '../vault/profile-store'
import { bindingOf } from './bound-secrets'
import { ConnectionService } from './connections'

const PASSWORD = 'B0und-Secret-91c2'
const SSL_REQUEST = 80877103

/** A PostgreSQL-speaking listener that refuses TLS and asks every client for its password in clear text. */
async function startPasswordCatcher(): Promise<{ server: Server; port: number; received: () => string }> {
  const chunks: Buffer[] = []
  const server = createServer((socket) => {
    let asked = false
    socket.on('error', () => undefined)
    socket.on('data', (chunk) => {
      chunks.push(chunk)
      if (chunk.length === 8 && chunk.readInt32BE(4) === SSL_REQUEST) return void socket.write('N')
      if (!asked) {
        asked = true
        const request = Buffer.alloc(9)
        request.write('R', 0)
        request.writeInt32BE(8, 1)
        request.writeInt32BE(3, 5)
        return void socket.write(request)
      }
      socket.destroy()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  return { server, port: (server.address() as AddressInfo).port, received: () => Buffer.concat(chunks).toString('latin1') }
}

describe('secrets bound to their endpoint', () => {
  let dir: string
  let service: ConnectionService
  let catcher: Awaited<ReturnType<typeof startPasswordCatcher>>
  const vault = createMemoryVault()
  const draft = {
    name: 'Lab',
    backend: 'postgresql',
    host: 'db.lab.example',
    port: 5432,
    user: 'alice',
    database: 'postgres',
    ssh: null,
    tls: 'disabled',
    readOnly: false,
    color: '#123abc',
  } as const

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'joinery-bound-'))
    service = new ConnectionService({
      profiles: createJsonProfileStore(dir),
      vault,
      knownHosts: createKnownHostsStore(dir),
      logger: createMemoryLogger(),
      systemSecretsDir: join(dir, 'none'),
    })
    catcher = await startPasswordCatcher()
  })
  afterEach(async () => {
    await new Promise<void>((resolve) => catcher.server.close(() => resolve()))
    rmSync(dir, { recursive: true, force: true })
  })

  const elsewhere = () => ({ host: '127.0.0.1', port: catcher.port })

  it('a test with a saved profile id and another host does not send the saved password', async () => {
    const saved = await service.save({ profile: draft, password: PASSWORD })
    const error: unknown = await service.test({ profile: { ...draft, ...elsewhere(), id: saved.id } }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(Error)
    expect(catcher.received()).toContain('alice')
    expect(catcher.received()).not.toContain(PASSWORD)
  })

  it('a re-save with a new endpoint forgets the password; typing it again binds it to the new one', async () => {
    const saved = await service.save({ profile: draft, password: PASSWORD })
    const moved = await service.save({ profile: { ...draft, ...elsewhere(), id: saved.id } })
    expect(moved.hasPassword).toBe(false)
    expect(await vault.read(saved.id)).toBeNull()
    expect((await (await service.target(saved.id)).connectOptions()).password).toBe('')
    await service.test({ profile: { ...draft, ...elsewhere(), id: saved.id } }).catch(() => undefined)
    expect(catcher.received()).not.toContain(PASSWORD)
    const retyped = await service.save({ profile: { ...draft, ...elsewhere(), id: saved.id }, password: PASSWORD })
    expect(retyped.hasPassword).toBe(true)
    expect((await (await service.target(saved.id)).connectOptions()).password).toBe(PASSWORD)
  })

  it('switching the backend, user or SSH endpoint also withholds it', async () => {
    const saved = await service.save({ profile: { ...draft, backend: 'mysql', ...elsewhere() }, password: PASSWORD })
    await service.test({ profile: { ...draft, ...elsewhere(), id: saved.id } }).catch(() => undefined)
    expect(catcher.received()).not.toContain(PASSWORD)
    const base = { ...draft, ...elsewhere() }
    const ssh = { host: 'gate.example', port: 22, user: 'alice', auth: 'agent', keyFile: null } as const
    expect(bindingOf({ ...base, user: 'bob' }, 'database')).not.toBe(bindingOf(base, 'database'))
    expect(bindingOf({ ...base, ssh }, 'database')).not.toBe(bindingOf(base, 'database'))
    expect(bindingOf({ ...base, ssh: { ...ssh, host: 'other.example' } }, 'ssh')).not.toBe(bindingOf({ ...base, ssh }, 'ssh'))
    expect(bindingOf({ ...base, host: 'DB.LAB.example' }, 'database')).toBe(bindingOf({ ...base, host: 'db.lab.example' }, 'database'))
  })

  it('an imported password is only used for the imported endpoint', async () => {
    const project = join(dir, 'pipeline')
    mkdirSync(join(project, '.secrets'), { recursive: true })
    writeFileSync(join(project, 'datajoint.json'), JSON.stringify({ database: { host: 'db.lab.example', backend: 'postgresql', user: 'alice' } }))
    writeFileSync(join(project, '.secrets', 'database.password'), PASSWORD)
    const imported = await service.import(project)
    const token = imported.importToken ?? ''
    await service.test({ profile: { ...imported.profile, ...elsewhere() }, importToken: token }).catch(() => undefined)
    expect(catcher.received()).not.toContain(PASSWORD)
    const refused: unknown = await service.save({ profile: { ...imported.profile, ...elsewhere() }, importToken: token }).catch((e: unknown) => e)
    expect(isDataJointError(refused, 'INVALID_INPUT')).toBe(true)
    expect(await service.list()).toEqual([])
    expect((await service.save({ profile: imported.profile, importToken: token })).hasPassword).toBe(true)
  })

  it('the control: the password does reach the endpoint it was saved for', async () => {
    const saved = await service.save({ profile: { ...draft, ...elsewhere() }, password: PASSWORD })
    await service.test({ profile: { ...draft, ...elsewhere(), id: saved.id } }).catch(() => undefined)
    expect(catcher.received()).toContain(PASSWORD)
  })

  it('a password saved before secrets were bound belongs to the profile as it was saved', async () => {
    const saved = await service.save({ profile: { ...draft, ...elsewhere() } })
    await createJsonProfileStore(dir).write([{ ...saved, hasPassword: true }])
    await vault.save(saved.id, PASSWORD)
    expect((await (await service.target(saved.id)).connectOptions()).password).toBe(PASSWORD)
    const moved = await service.save({ profile: { ...draft, user: 'bob', ...elsewhere(), id: saved.id } })
    expect(moved.hasPassword).toBe(false)
    await service.test({ profile: { ...draft, user: 'bob', ...elsewhere(), id: saved.id } }).catch(() => undefined)
    expect(catcher.received()).not.toContain(PASSWORD)
  })

  it('connections.import answers alike for a missing path and a folder without datajoint.json', async () => {
    const messages: string[] = []
    for (const path of [join(dir, 'nowhere'), dir]) {
      const error: unknown = await service.import(path).catch((e: unknown) => e)
      expect(isDataJointError(error, 'NOT_FOUND')).toBe(true)
      messages.push((error as Error).message.replace(path, '<path>'))
    }
    expect(messages[0]).toBe(messages[1])
  })
})
