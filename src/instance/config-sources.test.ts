import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ConfigError } from './config'
import {
  NODE_FILE_SYSTEM,
  findConfigFile,
  isThreadSafe,
  loadConfig,
  logSettingsFromEnv,
  saveTemplate,
} from './config-sources'
import type { Env } from './config-sources'
import { createMemoryLogger } from './logger'

const NOT_FOUND_WARNING =
  'No datajoint.json found. Using defaults and environment variables. ' +
  'Run `dj.config.save_template()` to create a template configuration.'

const roots: string[] = []

afterEach(() => {
  for (const root of roots.splice(0)) fs.rmSync(root, { recursive: true, force: true })
})

/**
 * A temporary project: `files` maps relative paths to contents (objects are written as JSON). The root
 * holds `.git`, so the upward search never leaves it.
 */
function project(files: Readonly<Record<string, unknown>> = {}): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'joinery-config-')))
  roots.push(root)
  fs.mkdirSync(path.join(root, '.git'))
  for (const [relative, content] of Object.entries(files)) {
    const target = path.join(root, relative)
    fs.mkdirSync(path.dirname(target), { recursive: true })
    fs.writeFileSync(target, typeof content === 'string' ? content : JSON.stringify(content))
  }
  return root
}

function load(cwd: string, env: Env = {}, systemSecretsDir = path.join(cwd, 'no-system-secrets')) {
  const logger = createMemoryLogger()
  const config = loadConfig({ env, cwd, logger, systemSecretsDir })
  return { config, logger }
}

describe('loadConfig precedence', () => {
  it('reproduces the verified example: env host wins, file values and secrets apply', () => {
    const root = project({
      'datajoint.json': {
        database: { host: 'h.example', port: 5433, backend: 'postgresql' },
        display: { limit: 7 },
        safemode: false,
      },
      '.secrets/database.user': ' fileuser \n',
      '.secrets/database.password': 'pw\n',
    })
    const { config, logger } = load(root, { DJ_HOST: 'envhost' })
    expect(config.database).toMatchObject({
      host: 'envhost',
      port: 5433,
      backend: 'postgresql',
      user: 'fileuser',
    })
    expect(config.get('database.password')).toBe('pw')
    expect(config.display.limit).toBe(7)
    expect(config.safemode).toBe(false)
    const file = path.join(root, 'datajoint.json')
    expect(logger.messages('INFO')).toEqual([`Loading configuration from ${file}`])
    expect(logger.messages('WARNING')).toEqual([])
    expect(logger.messages('DEBUG')).toContain(
      'Skipping database.host from file (env var DJ_HOST takes precedence)',
    )
  })

  it('reads flat dotted keys the same as nested ones', () => {
    const nested = { database: { use_tls: false, port: 1 }, display: { show_tuple_count: false } }
    const dotted = { 'database.use_tls': false, 'database.port': 1, 'display.show_tuple_count': false }
    const fromNested = load(project({ 'datajoint.json': nested })).config
    const flat = load(project({ 'datajoint.json': dotted }))
    expect(flat.config.toJSON()).toEqual(fromNested.toJSON())
    expect(flat.config.database.useTls).toBe(false)
    expect(flat.config.display.showTupleCount).toBe(false)
  })

  it('lets mapped env vars beat the file, and lets the file overwrite the others (Python quirk)', () => {
    const root = project({
      'datajoint.json': { database: { port: 5433, use_tls: false }, safemode: true, loglevel: 'ERROR' },
    })
    const env = { DJ_PORT: '6000', DJ_USE_TLS: 'true', DJ_SAFEMODE: 'false', DJ_LOG_LEVEL: 'DEBUG' }
    const { config } = load(root, env)
    expect(config.database.port).toBe(6000)
    expect(config.loglevel).toBe('DEBUG')
    expect(config.database.useTls).toBe(false)
    expect(config.safemode).toBe(true)
  })

  it('does not let an empty mapped env var beat the file', () => {
    const root = project({ 'datajoint.json': { database: { host: 'filehost' } } })
    const { config } = load(root, { DJ_HOST: '' })
    expect(config.database.host).toBe('filehost')
  })

  it('keeps the port derived before the file changed the backend (Python quirk)', () => {
    const { config } = load(project({ 'datajoint.json': { database: { backend: 'postgresql' } } }))
    expect(config.database).toMatchObject({ backend: 'postgresql', port: 3306 })
    expect(load(project(), { DJ_BACKEND: 'postgresql' }).config.database.port).toBe(5432)
  })

  it('ignores unknown keys and the flat 2-part stores form, and applies 3-part store keys', () => {
    const root = project({
      'datajoint.json': {
        database: { bogus: 1, host: 'h' },
        unknownkey: 3,
        'display.bogus': 1,
        'a.b.c.d': 1,
        'stores.default': 'main',
        'stores.main.location': '/x',
        stores: { other: { protocol: 'file' } },
      },
    })
    const { config, logger } = load(root)
    expect(config.database.host).toBe('h')
    expect(config.stores).toEqual({ main: { location: '/x' }, other: { protocol: 'file' } })
    expect(logger.messages('WARNING')).toEqual([])
  })
})

describe('finding datajoint.json', () => {
  it('searches upward from cwd', () => {
    const root = project({ 'datajoint.json': { display: { limit: 4 } }, 'a/b/keep': '' })
    const { config } = load(path.join(root, 'a', 'b'))
    expect(config.display.limit).toBe(4)
    expect(findConfigFile(path.join(root, 'a', 'b'))).toBe(path.join(root, 'datajoint.json'))
  })

  it('stops at a directory holding .git or .hg, warning with Python text', () => {
    const root = project({
      'datajoint.json': { display: { limit: 4 } },
      'repo/.git/HEAD': '',
      'hg/.hg/x': '',
    })
    const { config, logger } = load(path.join(root, 'repo'))
    expect(config.display.limit).toBe(12)
    expect(logger.messages('WARNING')).toEqual([NOT_FOUND_WARNING])
    expect(findConfigFile(path.join(root, 'hg'))).toBeNull()
  })

  it('finds a file in the boundary directory itself', () => {
    const root = project({ 'datajoint.json': { display: { limit: 4 } } })
    expect(findConfigFile(root)).toBe(path.join(root, 'datajoint.json'))
  })

  it('skips the file and the secrets with DJ_IGNORE_CONFIG_FILE', () => {
    const root = project({ 'datajoint.json': { display: { limit: 4 } }, '.secrets/database.user': 'u' })
    const { config, logger } = load(root, { DJ_IGNORE_CONFIG_FILE: 'TRUE' }, path.join(root, '.secrets'))
    expect(config.ignoreConfigFile).toBe(true)
    expect(config.display.limit).toBe(12)
    expect(config.database.user).toBeNull()
    expect(logger.records).toEqual([])
  })

  it('skips the secrets when the file itself sets ignore_config_file', () => {
    const root = project({ 'datajoint.json': { ignore_config_file: true }, '.secrets/database.user': 'u' })
    expect(load(root).config.database.user).toBeNull()
  })
})

describe('load errors', () => {
  it('turns bad JSON into a warning and keeps defaults', () => {
    const root = project({ 'datajoint.json': '{"database": ', '.secrets/database.user': 'u' })
    const { config, logger } = load(root)
    const [warning] = logger.messages('WARNING')
    expect(warning).toMatch(new RegExp(`^Failed to load config from ${path.join(root, 'datajoint.json')}: `))
    expect(config.display.limit).toBe(12)
    // Secrets are still read beside a file that failed to load, as in Python.
    expect(config.database.user).toBe('u')
  })

  it('keeps the keys before an invalid value applied, like Python', () => {
    const root = project({
      'datajoint.json': { database: { host: 'a' }, display: { limit: 'x' }, safemode: false },
    })
    const { config, logger } = load(root)
    expect(config.database.host).toBe('a')
    expect(config.safemode).toBe(true)
    expect(logger.messages('WARNING')[0]).toContain(
      '1 validation error for DisplaySettings\nlimit\n' +
        '  Input should be a valid integer, unable to parse string as an integer ' +
        "[type=int_parsing, input_value='x'",
    )
  })

  it('throws on an invalid DJ_* value, naming the variable', () => {
    const error = (() => {
      try {
        load(project(), { DJ_PORT: 'abc' })
      } catch (caught) {
        return caught
      }
      return undefined
    })()
    expect(error).toBeInstanceOf(ConfigError)
    expect((error as ConfigError).message).toBe(
      '1 validation error for DatabaseSettings\nDJ_PORT\n' +
        '  Input should be a valid integer, unable to parse string as an integer ' +
        "[type=int_parsing, input_value='abc', input_type=str]",
    )
  })
})

describe('environment variables', () => {
  it('binds the explicit aliases and the implicit prefix names', () => {
    const { config } = load(project(), {
      DJ_USER: 'u',
      DJ_PASS: 'p',
      DJ_BACKEND: 'postgresql',
      DJ_DATABASE_NAME: 'lab',
      DJ_USE_TLS: 'false',
      DJ_DATABASE_PREFIX: 'x_',
      DJ_CREATE_TABLES: 'no',
      DJ_RECONNECT: 'false',
      DJ_DIAGRAM_DIRECTION: 'TB',
      DJ_JOBS_STALE_TIMEOUT: '7',
      DJ_SAFEMODE: 'no',
      DJ_LOG_LEVEL: 'WARNING',
      DJ_QUERY_CACHE: '/qc',
      DJ_DOWNLOAD_PATH: '/dl',
    })
    expect(config.toJSON()).toMatchObject({
      database: {
        user: 'u',
        password: '***',
        backend: 'postgresql',
        port: 5432,
        name: 'lab',
        useTls: false,
        databasePrefix: 'x_',
        createTables: false,
        reconnect: false,
      },
      display: { diagramDirection: 'TB' },
      jobs: { staleTimeout: 7 },
      safemode: false,
      loglevel: 'WARNING',
      queryCache: '/qc',
      downloadPath: '/dl',
    })
    expect(config.get('database.password')).toBe('p')
  })

  it('matches names case-insensitively like pydantic, and does not port the bare LIMIT quirk', () => {
    const { config } = load(project(), { dj_host: 'lower', LIMIT: '4', WIDTH: '9', CHARSET: 'latin1' })
    expect(config.database.host).toBe('lower')
    expect(config.display.limit).toBe(12)
    expect(config.connection.charset).toBe('')
  })

  it('replaces stores with DJ_STORES after the file', () => {
    const root = project({ 'datajoint.json': { stores: { fromfile: { protocol: 'file' } } } })
    const { config } = load(root, { DJ_STORES: '{"main": {"protocol": "file", "location": "/m"}}' })
    expect(config.stores).toEqual({ main: { protocol: 'file', location: '/m' } })
  })

  it('rejects DJ_STORES that is not a JSON object', () => {
    expect(() => load(project(), { DJ_STORES: '{nope' })).toThrow(/^DJ_STORES contains invalid JSON: /)
    expect(() => load(project(), { DJ_STORES: '[1]' })).toThrow('DJ_STORES must be a JSON object, got list')
    expect(load(project(), { DJ_STORES: '' }).config.stores).toEqual({})
  })
})

describe('secrets', () => {
  it('fill only values that are still unset', () => {
    const root = project({
      'datajoint.json': { database: { password: 'filepw' }, stores: { main: { secret_key: 'fromfile' } } },
      '.secrets/database.user': 'secretuser',
      '.secrets/database.password': 'secretpw',
      '.secrets/stores.main.secret_key': 'secretsk',
      '.secrets/stores.main.access_key': 'secretak',
      '.secrets/stores.s3.token': ' t \n',
      '.secrets/stores.bad': 'two parts',
      '.secrets/.stores.hidden.key': 'hidden',
    })
    const { config } = load(root, { DJ_USER: 'envuser' })
    expect(config.database.user).toBe('envuser')
    expect(config.get('database.password')).toBe('filepw')
    expect(config.stores).toEqual({
      main: { secret_key: 'fromfile', access_key: 'secretak' },
      s3: { token: 't' },
    })
  })

  it('fall back to the system secrets directory without a project one', () => {
    const root = project({ 'datajoint.json': {}, 'system/database.password': 'syspw' })
    const { config } = load(root, {}, path.join(root, 'system'))
    expect(config.get('database.password')).toBe('syspw')
  })

  it('never reach the logs', () => {
    const root = project({ 'datajoint.json': {}, '.secrets/database.password': 'Sup3r-Secret' })
    const { logger } = load(root, { DJ_PASS: '' })
    expect(JSON.stringify(logger.records)).not.toContain('Sup3r-Secret')
  })
})

describe('saveTemplate', () => {
  it('writes the minimal template and a .secrets directory, and refuses to overwrite', () => {
    const root = project()
    const logger = createMemoryLogger()
    const written = saveTemplate('datajoint.json', { cwd: root, logger })
    expect(written).toBe(path.join(root, 'datajoint.json'))
    expect(fs.readFileSync(written, 'utf8')).toBe(
      '{\n  "database": {\n    "host": "localhost",\n    "port": 3306\n  }\n}\n',
    )
    expect(fs.readFileSync(path.join(root, '.secrets', 'database.user'), 'utf8')).toBe('your_username')
    expect(fs.readFileSync(path.join(root, '.secrets', 'database.password'), 'utf8')).toBe('your_password')
    expect(fs.readFileSync(path.join(root, '.secrets', '.gitignore'), 'utf8')).toBe(
      '# Never commit secrets\n*\n!.gitignore\n',
    )
    expect(logger.messages('INFO')[0]).toBe(`Created template configuration at ${written}`)

    expect(() => saveTemplate('datajoint.json', { cwd: root })).toThrow(
      'File already exists: datajoint.json. Remove it first or choose a different path.',
    )
    const reloaded = load(root).config
    expect(reloaded.database.user).toBe('your_username')
  })

  it('writes the full template without secrets on request', () => {
    const root = project()
    const written = saveTemplate(path.join(root, 'full.json'), { minimal: false, createSecretsDir: false })
    const template = JSON.parse(fs.readFileSync(written, 'utf8')) as Record<string, unknown>
    expect(Object.keys(template)).toEqual([
      'database',
      'connection',
      'display',
      'stores',
      'loglevel',
      'safemode',
      'query_cache',
      'download_path',
    ])
    expect(NODE_FILE_SYSTEM.exists(path.join(root, '.secrets'))).toBe(false)
  })
})

describe('isThreadSafe', () => {
  it.each([
    ['true', true],
    ['TRUE', true],
    ['1', true],
    ['Yes', true],
    ['false', false],
    ['0', false],
    ['', false],
    [' true', false],
    [undefined, false],
  ])('DJ_THREAD_SAFE=%j → %s', (value, expected) => {
    expect(isThreadSafe(value === undefined ? {} : { DJ_THREAD_SAFE: value })).toBe(expected)
  })

  it('reads the variable at each call', () => {
    const env: Record<string, string> = {}
    expect(isThreadSafe(env)).toBe(false)
    env.DJ_THREAD_SAFE = 'yes'
    expect(isThreadSafe(env)).toBe(true)
  })
})

describe('logSettingsFromEnv', () => {
  it('reads DJ_LOG_LEVEL in any case and DJ_LOG_STREAM', () => {
    expect(logSettingsFromEnv({})).toEqual({ level: 'INFO', stream: 'stdout' })
    expect(logSettingsFromEnv({ DJ_LOG_LEVEL: 'debug', DJ_LOG_STREAM: 'STDERR' })).toEqual({
      level: 'DEBUG',
      stream: 'stderr',
    })
  })
})
