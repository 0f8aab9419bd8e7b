// Where a Config comes from (settings.py `_create_config`): DJ_* variables, datajoint.json, the secrets
// directory. The only module that reads the environment or configuration files; always through parameters.

import * as nodeFs from 'node:fs'
import * as nodePath from 'node:path'
import { Config, ConfigError, SecretStr, resolveSetting, toSnakeCase, validationError } from './config'
import type { ConfigInput, ConfigIssue } from './config'
import { LOG_LEVELS } from './logger'
import type { Logger, LogLevel } from './logger'

/** An environment: `process.env` or a test's object. */
export type Env = Readonly<Record<string, string | undefined>>

export const CONFIG_FILENAME = 'datajoint.json'
export const SECRETS_DIRNAME = '.secrets'
export const SYSTEM_SECRETS_DIR = '/run/secrets/datajoint'

/** The file operations configuration loading needs; `NODE_FILE_SYSTEM` is the real one. */
export interface ConfigFileSystem {
  /** True for a file, following symlinks (Kubernetes secrets are symlinks). */
  isFile(path: string): boolean
  isDirectory(path: string): boolean
  exists(path: string): boolean
  readText(path: string): string
  listDirectory(path: string): readonly string[]
  /** The path with symlinks resolved; the path unchanged if it does not exist. */
  realPath(path: string): string
  /** Creates the file; fails if it exists. */
  createFile(path: string, text: string, mode?: number): void
  /** Creates one directory level; does nothing if it exists. */
  ensureDirectory(path: string): void
}

function statOf(path: string): nodeFs.Stats | undefined {
  return nodeFs.statSync(path, { throwIfNoEntry: false })
}

export const NODE_FILE_SYSTEM: ConfigFileSystem = {
  isFile: (path) => statOf(path)?.isFile() ?? false,
  isDirectory: (path) => statOf(path)?.isDirectory() ?? false,
  exists: (path) => nodeFs.existsSync(path),
  readText: (path) => nodeFs.readFileSync(path, 'utf8'),
  listDirectory: (path) => nodeFs.readdirSync(path),
  realPath: (path) => {
    try {
      return nodeFs.realpathSync(path)
    } catch {
      return nodePath.resolve(path)
    }
  },
  createFile: (path, text, mode) =>
    nodeFs.writeFileSync(path, text, { flag: 'wx', ...(mode === undefined ? {} : { mode }) }),
  ensureDirectory: (path) => {
    if (statOf(path)?.isDirectory() !== true) nodeFs.mkdirSync(path)
  },
}

/** The process environment. The one place that reads `process.env`; pass its result, or your own object. */
export function readProcessEnv(): Env {
  return process.env
}

/** The process working directory, as a default for `cwd` options. */
export function readProcessCwd(): string {
  return process.cwd()
}

interface EnvBinding {
  readonly path: readonly [string, ...string[]]
  readonly name: string
  /** In settings.py's ENV_VAR_MAPPING: a set variable makes `datajoint.json` skip the key. */
  readonly winsOverFile: boolean
}

// What pydantic-settings binds: explicit aliases (`validation_alias` in
// DataJoint Python's `settings.py`) and the implicit prefix names
// (DJ_RECONNECT, DJ_SAFEMODE, DJ_JOBS_*, …). Deliberately not ported: the bare names that prefix-less
// groups bind to (LIMIT, WIDTH, SHOW_TUPLE_COUNT, CHARSET), which silently configure DataJoint from
// unrelated variables, and JSON-valued group variables (DJ_DISPLAY, DJ_JOBS, DJ_CONNECTION).
const ENV_BINDINGS: readonly EnvBinding[] = [
  { path: ['database', 'host'], name: 'DJ_HOST', winsOverFile: true },
  { path: ['database', 'user'], name: 'DJ_USER', winsOverFile: true },
  { path: ['database', 'password'], name: 'DJ_PASS', winsOverFile: true },
  { path: ['database', 'backend'], name: 'DJ_BACKEND', winsOverFile: true },
  { path: ['database', 'port'], name: 'DJ_PORT', winsOverFile: true },
  { path: ['database', 'name'], name: 'DJ_DATABASE_NAME', winsOverFile: true },
  { path: ['database', 'reconnect'], name: 'DJ_RECONNECT', winsOverFile: false },
  { path: ['database', 'useTls'], name: 'DJ_USE_TLS', winsOverFile: false },
  { path: ['database', 'databasePrefix'], name: 'DJ_DATABASE_PREFIX', winsOverFile: true },
  { path: ['database', 'createTables'], name: 'DJ_CREATE_TABLES', winsOverFile: true },
  { path: ['display', 'diagramDirection'], name: 'DJ_DIAGRAM_DIRECTION', winsOverFile: true },
  { path: ['jobs', 'autoRefresh'], name: 'DJ_JOBS_AUTO_REFRESH', winsOverFile: false },
  { path: ['jobs', 'keepCompleted'], name: 'DJ_JOBS_KEEP_COMPLETED', winsOverFile: false },
  { path: ['jobs', 'staleTimeout'], name: 'DJ_JOBS_STALE_TIMEOUT', winsOverFile: false },
  { path: ['jobs', 'defaultPriority'], name: 'DJ_JOBS_DEFAULT_PRIORITY', winsOverFile: false },
  { path: ['jobs', 'versionMethod'], name: 'DJ_JOBS_VERSION_METHOD', winsOverFile: false },
  {
    path: ['jobs', 'allowNewPkFieldsInComputedTables'],
    name: 'DJ_JOBS_ALLOW_NEW_PK_FIELDS_IN_COMPUTED_TABLES',
    winsOverFile: false,
  },
  { path: ['jobs', 'addJobMetadata'], name: 'DJ_JOBS_ADD_JOB_METADATA', winsOverFile: false },
  { path: ['loglevel'], name: 'DJ_LOG_LEVEL', winsOverFile: true },
  { path: ['safemode'], name: 'DJ_SAFEMODE', winsOverFile: false },
  { path: ['ignoreConfigFile'], name: 'DJ_IGNORE_CONFIG_FILE', winsOverFile: false },
  { path: ['queryCache'], name: 'DJ_QUERY_CACHE', winsOverFile: false },
  { path: ['downloadPath'], name: 'DJ_DOWNLOAD_PATH', winsOverFile: false },
]

const GROUP_MODELS: Readonly<Record<string, string>> = {
  database: 'DatabaseSettings',
  display: 'DisplaySettings',
  jobs: 'JobsSettings',
}

/** Canonical snake_case key (`database.host`) → the variable that beats the file for it. */
const ENV_VAR_MAPPING: ReadonlyMap<string, string> = new Map(
  ENV_BINDINGS.filter((binding) => binding.winsOverFile).map((binding) => [
    binding.path.map(toSnakeCase).join('.'),
    binding.name,
  ]),
)

export interface LoadConfigOptions {
  /** Defaults to `readProcessEnv()`. */
  readonly env?: Env
  /** Where the `datajoint.json` search starts. Defaults to `readProcessCwd()`. */
  readonly cwd?: string
  /** Receives `Loading configuration from …`, the not-found and load-failure warnings, and debug notes. */
  readonly logger: Logger
  readonly fs?: ConfigFileSystem
  /** The system secrets directory, `/run/secrets/datajoint` unless a test points elsewhere. */
  readonly systemSecretsDir?: string
}

/**
 * Builds a Config from DataJoint's sources, exactly as `_create_config` (`settings.py`) does:
 * 1. defaults + `DJ_*` variables;
 * 2. unless `ignore_config_file`: the nearest `datajoint.json` from `cwd` upward (stopping at a directory
 *    with `.git`/`.hg`, or the root). Keys whose mapped variable (DJ_HOST, DJ_USER, DJ_PASS, DJ_BACKEND,
 *    DJ_PORT, DJ_DATABASE_NAME, DJ_DATABASE_PREFIX, DJ_CREATE_TABLES, DJ_LOG_LEVEL, DJ_DIAGRAM_DIRECTION) is
 *    set are skipped; every other key overwrites what the environment set (DataJoint's quirk, kept);
 * 3. `DJ_STORES` (a JSON object) replaces `stores`;
 * 4. unless `ignore_config_file`: `.secrets/` beside the file, else the system secrets directory, fills
 *    `database.user`, `database.password` and `stores.<name>.<attr>` only where still unset.
 *
 * A missing or unreadable file is a warning, not an error.
 * @throws ConfigError when a `DJ_*` variable or `DJ_STORES` is invalid (Python raises too)
 */
export function loadConfig(options: LoadConfigOptions): Config {
  const {
    env = readProcessEnv(),
    cwd = readProcessCwd(),
    logger,
    fs = NODE_FILE_SYSTEM,
    systemSecretsDir = SYSTEM_SECRETS_DIR,
  } = options
  const config = configFromEnv(env)

  let configPath: string | null = null
  if (!config.ignoreConfigFile) {
    configPath = findConfigFile(cwd, fs)
    if (configPath === null) {
      logger.warning(
        `No ${CONFIG_FILENAME} found. Using defaults and environment variables. ` +
          'Run `dj.config.save_template()` to create a template configuration.',
      )
    } else {
      try {
        loadConfigFile(config, configPath, { env, logger, fs })
      } catch (error) {
        logger.warning(`Failed to load config from ${configPath}: ${messageOf(error)}`)
      }
    }
  }

  applyStoresEnv(config, env, logger)

  // Re-read: the file itself may have set ignore_config_file.
  if (!config.ignoreConfigFile) {
    const secretsDir = findSecretsDir(configPath, systemSecretsDir, fs)
    if (secretsDir !== null) {
      try {
        loadSecrets(config, secretsDir, { logger, fs })
      } catch (error) {
        logger.warning(`Failed to load secrets from ${secretsDir}: ${messageOf(error)}`)
      }
    }
  }
  return config
}

/**
 * Defaults plus the `DJ_*` variables (pydantic-settings' part of `Config()`). Variable names match
 * case-insensitively, as pydantic's `case_sensitive=False` does; an empty value is a value.
 * @throws ConfigError naming the variable (never its value when it is the password)
 */
export function configFromEnv(env: Env): Config {
  const lowerCased = new Map(Object.entries(env).map(([name, value]) => [name.toLowerCase(), value]))
  const init: Record<string, unknown> = {}
  for (const { path, name } of ENV_BINDINGS) {
    const value = lowerCased.get(name.toLowerCase())
    if (value === undefined) continue
    const [group, field] = path
    if (field === undefined) {
      init[group] = value
    } else {
      const section = (init[group] ??= {}) as Record<string, unknown>
      section[field] = value
    }
  }
  try {
    return new Config(init as ConfigInput)
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    throw envValidationError(error)
  }
}

function envValidationError(error: ConfigError): ConfigError {
  const issues = error.issues.map((issue): ConfigIssue => {
    const binding = ENV_BINDINGS.find((candidate) => candidate.path.join('.') === issue.path.join('.'))
    return binding === undefined ? issue : { ...issue, loc: binding.name }
  })
  const group = issues[0]?.path[0]
  const model = group !== undefined && group in GROUP_MODELS ? GROUP_MODELS[group] : 'Config'
  return validationError(model ?? 'Config', issues)
}

/**
 * The nearest `datajoint.json`, searching `start` and its parents; null at a directory holding `.git` or
 * `.hg` (the project boundary) or at the filesystem root.
 */
export function findConfigFile(start: string, fs: ConfigFileSystem = NODE_FILE_SYSTEM): string | null {
  let current = fs.realPath(nodePath.resolve(start))
  for (;;) {
    const candidate = nodePath.join(current, CONFIG_FILENAME)
    if (fs.isFile(candidate)) return candidate
    if (fs.exists(nodePath.join(current, '.git')) || fs.exists(nodePath.join(current, '.hg'))) return null
    const parent = nodePath.dirname(current)
    if (parent === current) return null
    current = parent
  }
}

/** `.secrets/` beside the config file if it is a directory, else the system directory if present. */
export function findSecretsDir(
  configPath: string | null,
  systemSecretsDir: string = SYSTEM_SECRETS_DIR,
  fs: ConfigFileSystem = NODE_FILE_SYSTEM,
): string | null {
  if (configPath !== null) {
    const projectSecrets = nodePath.join(nodePath.dirname(configPath), SECRETS_DIRNAME)
    if (fs.isDirectory(projectSecrets)) return projectSecrets
  }
  return fs.isDirectory(systemSecretsDir) ? systemSecretsDir : null
}

/**
 * Applies a `datajoint.json` to `config` (Python's `Config.load`). Keys are applied in file order, so a
 * bad value leaves the keys before it applied. Unknown keys are ignored, as in Python (including the
 * flat 2-part `stores.<x>` form, which Python never applies; use nested `stores` or `stores.<name>.<attr>`).
 * @throws on unreadable or invalid JSON, or an invalid value
 */
function loadConfigFile(
  config: Config,
  path: string,
  context: { readonly env: Env; readonly logger: Logger; readonly fs: ConfigFileSystem },
): void {
  const { env, logger, fs } = context
  logger.info(`Loading configuration from ${nodePath.resolve(path)}`)
  const data: unknown = JSON.parse(fs.readText(path))
  if (!isPlainObject(data)) throw new Error(`${CONFIG_FILENAME} must contain a JSON object`)

  const envWins = (key: string): boolean => {
    const name = ENV_VAR_MAPPING.get(key)
    // Python tests `os.environ.get(name)`: exact case, and an empty value does not count.
    if (name === undefined || !env[name]) return false
    logger.debug(`Skipping ${key} from file (env var ${name} takes precedence)`)
    return true
  }
  const setFromFile = (path: string, value: unknown): void => {
    const setting = resolveSetting(path)
    if (setting === null || setting.kind === 'store' || envWins(setting.key)) return
    config.set(setting.path, value)
  }

  for (const [key, value] of Object.entries(data)) {
    if (key === 'stores' && isPlainObject(value)) {
      for (const [name, spec] of Object.entries(value)) config.stores[name] = spec
      continue
    }
    const parts = key.split('.')
    const head = resolveSetting(parts[0] ?? '')
    if (parts.length === 1 && head !== null && isPlainObject(value)) {
      // A dict under a non-group key (`"safemode": {…}`) names no attributes, so Python applies nothing.
      if (head.kind !== 'group') continue
      for (const [field, fieldValue] of Object.entries(value)) setFromFile(`${key}.${field}`, fieldValue)
      continue
    }
    if (parts.length === 1) {
      if (!key.startsWith('_')) setFromFile(key, value)
    } else if (parts.length === 2) {
      if (head?.kind === 'group') setFromFile(key, value)
    } else if (parts.length === 3 && parts[0] === 'stores') {
      const [, name = '', attribute = ''] = parts
      const spec = (config.stores[name] ??= {})
      if (!isPlainObject(spec)) throw new Error(`stores.${name} is not an object; cannot set ${key}`)
      spec[attribute] = value
    }
  }
}

/**
 * Replaces `stores` with the JSON object in `DJ_STORES`, if set and non-empty.
 * @throws ConfigError `DJ_STORES contains invalid JSON: …` / `DJ_STORES must be a JSON object, got list`
 */
export function applyStoresEnv(config: Config, env: Env, logger: Logger): void {
  const raw = env.DJ_STORES
  if (!raw) return
  let data: unknown
  try {
    data = JSON.parse(raw)
  } catch (error) {
    throw new ConfigError('invalidStores', `DJ_STORES contains invalid JSON: ${messageOf(error)}`)
  }
  if (!isPlainObject(data)) {
    throw new ConfigError('invalidStores', `DJ_STORES must be a JSON object, got ${pythonTypeName(data)}`)
  }
  config.stores = data
  logger.debug('Loaded stores from DJ_STORES env var')
}

/**
 * Fills gaps from a secrets directory: `database.user` and `database.password` files (content trimmed)
 * only while those settings are null, and `stores.<name>.<attr>` files only where the attribute is missing.
 */
function loadSecrets(
  config: Config,
  secretsDir: string,
  context: { readonly logger: Logger; readonly fs: ConfigFileSystem },
): void {
  const { logger, fs } = context
  const read = (name: string): string | null => {
    const path = nodePath.join(secretsDir, name)
    return fs.isFile(path) ? fs.readText(path).trim() : null
  }

  const user = read('database.user')
  if (user !== null && config.database.user === null) {
    config.database.user = user
    logger.debug(`Loaded database.user from ${secretsDir}`)
  }
  const password = read('database.password')
  if (password !== null && config.database.password === null) {
    config.database.password = new SecretStr(password)
    logger.debug(`Loaded database.password from ${secretsDir}`)
  }

  for (const entry of fs.listDirectory(secretsDir)) {
    const parts = entry.split('.')
    if (entry.startsWith('.') || parts.length !== 3 || parts[0] !== 'stores') continue
    if (!fs.isFile(nodePath.join(secretsDir, entry))) continue
    const [, name = '', attribute = ''] = parts
    const spec = (config.stores[name] ??= {})
    // A non-object store (e.g. `stores.default = "main"`) cannot take attributes.
    if (!isPlainObject(spec) || Object.hasOwn(spec, attribute)) continue
    spec[attribute] = read(entry)
    logger.debug(`Loaded stores.${name}.${attribute} from ${secretsDir}`)
  }
}

export interface SaveTemplateOptions {
  /** Only `database.host` and `database.port` (default), or every documented setting with examples. */
  readonly minimal?: boolean
  /** Also create `.secrets/` beside the file: placeholder credentials and a `.gitignore` (default true). */
  readonly createSecretsDir?: boolean
  readonly logger?: Logger
  readonly fs?: ConfigFileSystem
  /** Base for a relative `path`; defaults to `readProcessCwd()`. */
  readonly cwd?: string
}

/**
 * Writes a `datajoint.json` template (Python's `Config.save_template`) and returns its absolute path.
 * Credentials belong in `.secrets/` or `DJ_USER`/`DJ_PASS`, never in the file.
 * @throws ConfigError `File already exists: <path>. Remove it first or choose a different path.`
 */
export function saveTemplate(path: string, options: SaveTemplateOptions = {}): string {
  const { minimal = true, createSecretsDir = true, logger, fs = NODE_FILE_SYSTEM } = options
  const absolute = nodePath.resolve(options.cwd ?? readProcessCwd(), path)
  if (fs.exists(absolute)) {
    const message = `File already exists: ${path}. Remove it first or choose a different path.`
    throw new ConfigError('fileExists', message)
  }
  fs.createFile(absolute, `${JSON.stringify(minimal ? MINIMAL_TEMPLATE : FULL_TEMPLATE, null, 2)}\n`)
  logger?.info(`Created template configuration at ${absolute}`)

  if (createSecretsDir) {
    const secretsDir = nodePath.join(nodePath.dirname(absolute), SECRETS_DIRNAME)
    fs.ensureDirectory(secretsDir)
    const placeholders = [
      ['database.user', 'your_username'],
      ['database.password', 'your_password'],
    ] as const
    for (const [name, placeholder] of placeholders) {
      const secretPath = nodePath.join(secretsDir, name)
      if (!fs.exists(secretPath)) fs.createFile(secretPath, placeholder, 0o600)
    }
    const gitignore = nodePath.join(secretsDir, '.gitignore')
    if (!fs.exists(gitignore)) fs.createFile(gitignore, '# Never commit secrets\n*\n!.gitignore\n')
    logger?.info(
      `Created ${SECRETS_DIRNAME}/ directory with credential templates. ` +
        `Edit the files in ${secretsDir}/ to set your credentials.`,
    )
  }
  return absolute
}

const MINIMAL_TEMPLATE = { database: { host: 'localhost', port: 3306 } }

const FULL_TEMPLATE = {
  database: { host: 'localhost', port: 3306, reconnect: true, use_tls: null },
  connection: { charset: '' },
  display: { limit: 12, width: 14, show_tuple_count: true },
  stores: {
    default: 'main',
    filepath_default: 'raw_data',
    main: {
      protocol: 'file',
      location: '/data/my-project/main',
      partition_pattern: null,
      token_length: 8,
      subfolding: null,
    },
    raw_data: { protocol: 'file', location: '/data/my-project/raw' },
  },
  loglevel: 'INFO',
  safemode: true,
  query_cache: null,
  download_path: '.',
}

/**
 * DataJoint's thread-safe mode (`instance.py`): `DJ_THREAD_SAFE` is `true`, `1` or `yes` (any case).
 * Read at each call, never cached.
 */
export function isThreadSafe(env: Env = readProcessEnv()): boolean {
  return ['true', '1', 'yes'].includes((env.DJ_THREAD_SAFE ?? '').toLowerCase())
}

/**
 * The console logger settings DataJoint takes from the environment at import: `DJ_LOG_LEVEL` (any case;
 * INFO when unset or unknown) and `DJ_LOG_STREAM` (`stdout` unless it says `stderr`).
 */
export function logSettingsFromEnv(env: Env = readProcessEnv()): {
  readonly level: LogLevel
  readonly stream: 'stdout' | 'stderr'
} {
  const wanted = (env.DJ_LOG_LEVEL ?? 'info').toUpperCase()
  const level = LOG_LEVELS.find((candidate) => candidate === wanted) ?? 'INFO'
  return { level, stream: (env.DJ_LOG_STREAM ?? 'stdout').toLowerCase() === 'stderr' ? 'stderr' : 'stdout' }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function pythonTypeName(value: unknown): string {
  if (value === null) return 'NoneType'
  if (Array.isArray(value)) return 'list'
  if (typeof value === 'string') return 'str'
  if (typeof value === 'boolean') return 'bool'
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float'
  return typeof value
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
