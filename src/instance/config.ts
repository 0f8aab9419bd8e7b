// The DataJoint configuration model (settings.py `Config`): validated, mutable, one value per Instance.
// Pure: it never reads the environment or files (config-sources.ts does), and it never holds a global.

import { z } from 'zod'
import { LOG_LEVELS } from './logger'
import type { LogLevel } from './logger'

export type Backend = 'mysql' | 'postgresql'
export type DiagramDirection = 'TB' | 'LR'
export type VersionMethod = 'git' | 'none'

/** The `stores` block: store name → store spec (free-form, as in `datajoint.json`), plus `default` etc. */
export type StoresConfig = Record<string, unknown>

/** The text shown instead of a secret in JSON, `toString` and `inspect` output. */
export const SECRET_MASK = '***'

const INSPECT = Symbol.for('nodejs.util.inspect.custom')

/**
 * A string that never shows itself: `String()`, `JSON.stringify` and `util.inspect` print `***`.
 * Read the value with `getSecretValue()` (pydantic's `SecretStr`).
 */
export class SecretStr {
  readonly #value: string

  constructor(value: string) {
    this.#value = value
  }

  getSecretValue(): string {
    return this.#value
  }

  toString(): string {
    return SECRET_MASK
  }

  toJSON(): string {
    return SECRET_MASK
  }

  [INSPECT](): string {
    return `SecretStr('${SECRET_MASK}')`
  }
}

export type ConfigErrorReason = 'validation' | 'unknownSetting' | 'fileExists' | 'invalidStores'

/** One failed check, in pydantic's terms (`loc`, `type`, message, input repr). Never carries a secret. */
export interface ConfigIssue {
  /** Where, as the setting path in camelCase (`['display', 'limit']`). */
  readonly path: readonly string[]
  /** Where, as Python shows it: snake_case dotted (`limit`, `database.port`) or an env var name. */
  readonly loc: string
  /** pydantic's error type (`int_parsing`, `literal_error`, `no_such_attribute`, …). */
  readonly type: string
  readonly message: string
  /** Python `repr` of the rejected input; absent for secrets. */
  readonly inputValue?: string
  readonly inputType?: string
}

/**
 * A configuration problem: an invalid value, an unknown setting, a bad `DJ_STORES`, an existing template
 * file. Messages follow Python's (pydantic's for validation) and never contain the password.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError'
  readonly reason: ConfigErrorReason
  readonly issues: readonly ConfigIssue[]

  constructor(reason: ConfigErrorReason, message: string, issues: readonly ConfigIssue[] = []) {
    super(message)
    this.reason = reason
    this.issues = issues
  }
}

/**
 * A validation error worded like pydantic's `ValidationError`, without the documentation link:
 * `1 validation error for DisplaySettings\nlimit\n  Input should be a valid integer, … [type=…, …]`.
 */
export function validationError(model: string, issues: readonly ConfigIssue[]): ConfigError {
  const count = issues.length
  const lines = [`${count} validation error${count === 1 ? '' : 's'} for ${model}`]
  for (const issue of issues) {
    const details = [`type=${issue.type}`]
    if (issue.inputValue !== undefined) details.push(`input_value=${issue.inputValue}`)
    if (issue.inputType !== undefined) details.push(`input_type=${issue.inputType}`)
    lines.push(issue.loc, `  ${issue.message} [${details.join(', ')}]`)
  }
  return new ConfigError('validation', lines.join('\n'), issues)
}

// pydantic's lax-mode coercions, which `datajoint.json` values and `DJ_*` strings rely on ('3' → 3,
// 'yes' → true), with pydantic's error types and wording.

type Check<T> = (input: unknown) => { ok: true; value: T } | { ok: false; type: string; message: string }

const TRUE_WORDS = new Set(['1', 'on', 't', 'true', 'y', 'yes'])
const FALSE_WORDS = new Set(['0', 'off', 'f', 'false', 'n', 'no'])
const INT_TEXT = /^[+-]?\d+(?:_\d+)*(?:\.0+)?$/

const pyStr: Check<string> = (input) =>
  typeof input === 'string'
    ? { ok: true, value: input }
    : { ok: false, type: 'string_type', message: 'Input should be a valid string' }

const pyBool: Check<boolean> = (input) => {
  if (typeof input === 'boolean') return { ok: true, value: input }
  if (input === 0 || input === 1) return { ok: true, value: input === 1 }
  if (typeof input === 'string') {
    const word = input.toLowerCase()
    if (TRUE_WORDS.has(word)) return { ok: true, value: true }
    if (FALSE_WORDS.has(word)) return { ok: true, value: false }
  }
  return typeof input === 'string' || typeof input === 'number'
    ? {
        ok: false,
        type: 'bool_parsing',
        message: 'Input should be a valid boolean, unable to interpret input',
      }
    : { ok: false, type: 'bool_type', message: 'Input should be a valid boolean' }
}

function pyInt(bounds: { readonly ge?: number; readonly le?: number } = {}): Check<number> {
  const parse: Check<number> = (input) => {
    if (typeof input === 'boolean') return { ok: true, value: input ? 1 : 0 }
    if (typeof input === 'number') {
      if (!Number.isFinite(input)) {
        return { ok: false, type: 'finite_number', message: 'Input should be a finite number' }
      }
      if (!Number.isInteger(input)) {
        return {
          ok: false,
          type: 'int_from_float',
          message: 'Input should be a valid integer, got a number with a fractional part',
        }
      }
      return Number.isSafeInteger(input)
        ? { ok: true, value: input }
        : {
            ok: false,
            type: 'int_parsing_size',
            message: 'Unable to parse input string as an integer, exceeded maximum size',
          }
    }
    if (typeof input === 'string') {
      const text = input.trim()
      const value = INT_TEXT.test(text) ? Number(text.replaceAll('_', '')) : Number.NaN
      if (Number.isSafeInteger(value)) return { ok: true, value }
      return {
        ok: false,
        type: 'int_parsing',
        message: 'Input should be a valid integer, unable to parse string as an integer',
      }
    }
    return { ok: false, type: 'int_type', message: 'Input should be a valid integer' }
  }
  return (input) => {
    const result = parse(input)
    if (!result.ok) return result
    if (bounds.ge !== undefined && result.value < bounds.ge) {
      return {
        ok: false,
        type: 'greater_than_equal',
        message: `Input should be greater than or equal to ${bounds.ge}`,
      }
    }
    if (bounds.le !== undefined && result.value > bounds.le) {
      return {
        ok: false,
        type: 'less_than_equal',
        message: `Input should be less than or equal to ${bounds.le}`,
      }
    }
    return result
  }
}

function pyLiteral<const TValue extends string>(values: readonly TValue[]): Check<TValue> {
  const quoted = values.map((value) => `'${value}'`)
  const last = quoted.pop() ?? ''
  const expected = quoted.length === 0 ? last : `${quoted.join(', ')} or ${last}`
  return (input) =>
    values.some((value) => value === input)
      ? { ok: true, value: input as TValue }
      : { ok: false, type: 'literal_error', message: `Input should be ${expected}` }
}

function pyNullable<T>(check: Check<T>): Check<T | null> {
  return (input) => (input === null ? { ok: true, value: null } : check(input))
}

const pySecret: Check<SecretStr> = (input) => {
  if (input instanceof SecretStr) return { ok: true, value: input }
  const text = pyStr(input)
  return text.ok ? { ok: true, value: new SecretStr(text.value) } : text
}

const pyDict: Check<StoresConfig> = (input) =>
  isPlainObject(input)
    ? { ok: true, value: copyJsonLike(input) }
    : { ok: false, type: 'dict_type', message: 'Input should be a valid dictionary' }

/** A zod field running a pydantic check; failures carry pydantic's type and input repr (never a secret's). */
function field<T>(check: Check<T>, options: { readonly secret?: boolean } = {}) {
  return z.unknown().transform((input, ctx): T => {
    const result = check(input)
    if (result.ok) return result.value
    ctx.addIssue({
      code: 'custom',
      message: result.message,
      params: {
        pydanticType: result.type,
        inputType: pyTypeName(input),
        ...(options.secret === true ? {} : { inputValue: pyRepr(input) }),
      },
    })
    return z.NEVER
  })
}

const BACKENDS = ['mysql', 'postgresql'] as const satisfies readonly Backend[]
const DIAGRAM_DIRECTIONS = ['TB', 'LR'] as const satisfies readonly DiagramDirection[]
const VERSION_METHODS = ['git', 'none'] as const satisfies readonly VersionMethod[]

/** The port DataJoint assumes for a backend when none is configured. */
export function defaultPort(backend: Backend): number {
  return backend === 'postgresql' ? 5432 : 3306
}

// Like pydantic's `set_default_port_from_backend`, the port is filled in whenever the group is
// validated with no port, and then kept: changing `backend` later does not move it (Python behaves
// the same; `applyInstanceOverrides` resets it explicitly, as `dj.Instance` does).
const DatabaseSchema = z
  .strictObject({
    host: field(pyStr).default('localhost'),
    user: field(pyNullable(pyStr)).default(null),
    password: field(pyNullable(pySecret), { secret: true }).default(null),
    backend: field(pyLiteral(BACKENDS)).default('mysql'),
    port: field(pyNullable(pyInt())).default(null),
    name: field(pyNullable(pyStr)).default(null),
    reconnect: field(pyBool).default(true),
    useTls: field(pyNullable(pyBool)).default(null),
    databasePrefix: field(pyStr).default(''),
    createTables: field(pyBool).default(true),
  })
  .transform((database) => ({ ...database, port: database.port ?? defaultPort(database.backend) }))

const ConnectionSchema = z.strictObject({
  charset: field(pyStr).default(''),
})

const DisplaySchema = z.strictObject({
  limit: field(pyInt()).default(12),
  width: field(pyInt()).default(14),
  showTupleCount: field(pyBool).default(true),
  diagramDirection: field(pyLiteral(DIAGRAM_DIRECTIONS)).default('LR'),
})

const JobsSchema = z.strictObject({
  autoRefresh: field(pyBool).default(true),
  keepCompleted: field(pyBool).default(false),
  staleTimeout: field(pyInt({ ge: 0 })).default(3600),
  defaultPriority: field(pyInt({ ge: 0, le: 255 })).default(5),
  versionMethod: field(pyNullable(pyLiteral(VERSION_METHODS))).default(null),
  allowNewPkFieldsInComputedTables: field(pyBool).default(false),
  addJobMetadata: field(pyBool).default(false),
})

const GROUP_SCHEMAS = {
  database: DatabaseSchema,
  connection: ConnectionSchema,
  display: DisplaySchema,
  jobs: JobsSchema,
} as const

const SCALAR_SCHEMAS = {
  stores: field(pyDict).default(() => ({})),
  loglevel: field(pyLiteral(LOG_LEVELS)).default('INFO'),
  safemode: field(pyBool).default(true),
  ignoreConfigFile: field(pyBool).default(false),
  queryCache: field(pyNullable(pyStr)).default(null),
  downloadPath: field(pyStr).default('.'),
} as const

/** The whole configuration model of DataJoint Python's `settings.py` in camelCase; `{}` parses to its defaults. */
export const ConfigSchema = z.strictObject({
  database: DatabaseSchema.prefault({}),
  connection: ConnectionSchema.prefault({}),
  display: DisplaySchema.prefault({}),
  jobs: JobsSchema.prefault({}),
  ...SCALAR_SCHEMAS,
})

/** The validated configuration data; the password is a `SecretStr`, the port always resolved. */
export type ConfigData = z.output<typeof ConfigSchema>
type DatabaseData = ConfigData['database']
type ConnectionData = ConfigData['connection']
type DisplayData = ConfigData['display']
type JobsData = ConfigData['jobs']

type GroupName = keyof typeof GROUP_SCHEMAS
type ScalarKey = keyof typeof SCALAR_SCHEMAS
type TopKey = GroupName | ScalarKey

const GROUP_MODEL: Readonly<Record<GroupName, string>> = {
  database: 'DatabaseSettings',
  connection: 'ConnectionSettings',
  display: 'DisplaySettings',
  jobs: 'JobsSettings',
}
const GROUP_NAMES = Object.keys(GROUP_SCHEMAS) as GroupName[]
const SCALAR_KEYS = Object.keys(SCALAR_SCHEMAS) as ScalarKey[]
const TOP_KEYS: readonly TopKey[] = [...GROUP_NAMES, ...SCALAR_KEYS]

/** `useTls` → `use_tls`: the spelling Python (and `datajoint.json`) uses. */
export function toSnakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`)
}

function byBothSpellings<TKey extends string>(keys: readonly TKey[]): ReadonlyMap<string, TKey> {
  return new Map(keys.flatMap((key) => [[key, key] as const, [toSnakeCase(key), key] as const]))
}

const TOP_BY_NAME = byBothSpellings(TOP_KEYS)
const GROUP_FIELDS: Readonly<Record<GroupName, ReadonlyMap<string, string>>> = {
  database: byBothSpellings(Object.keys(DatabaseSchema.in.shape)),
  connection: byBothSpellings(Object.keys(ConnectionSchema.shape)),
  display: byBothSpellings(Object.keys(DisplaySchema.shape)),
  jobs: byBothSpellings(Object.keys(JobsSchema.shape)),
}

function isGroupName(key: TopKey): key is GroupName {
  return key in GROUP_SCHEMAS
}

/** The settings of `config.database`; assignments are validated (`port = null` re-derives the default). */
export interface DatabaseSettings {
  host: string
  user: string | null
  get password(): SecretStr | null
  set password(value: SecretStr | string | null)
  backend: Backend
  get port(): number
  set port(value: number | null)
  /** Database to connect to on PostgreSQL (`postgres` when null); MySQL ignores it. */
  name: string | null
  reconnect: boolean
  /** null: try TLS and fall back to plain text with a warning; true: require TLS; false: never. */
  useTls: boolean | null
  /** Deprecated in DataJoint 2 (use `name`). */
  databasePrefix: string
  createTables: boolean
}

export interface ConnectionSettings {
  /** MySQL character set; `''` keeps the driver's default. */
  charset: string
}

export interface DisplaySettings {
  limit: number
  width: number
  showTupleCount: boolean
  diagramDirection: DiagramDirection
}

export interface JobsSettings {
  autoRefresh: boolean
  keepCompleted: boolean
  staleTimeout: number
  defaultPriority: number
  versionMethod: VersionMethod | null
  allowNewPkFieldsInComputedTables: boolean
  addJobMetadata: boolean
}

interface GroupSettings {
  database: DatabaseSettings
  connection: ConnectionSettings
  display: DisplaySettings
  jobs: JobsSettings
}

/** What `new Config(init)` accepts: any subset of the model, camelCase, pydantic-coercible values. */
export interface ConfigInput {
  readonly database?: Partial<Omit<DatabaseData, 'port' | 'password'>> & {
    readonly port?: number | null
    readonly password?: SecretStr | string | null
  }
  readonly connection?: Partial<ConnectionData>
  readonly display?: Partial<DisplayData>
  readonly jobs?: Partial<JobsData>
  readonly stores?: StoresConfig
  readonly loglevel?: LogLevel
  readonly safemode?: boolean
  readonly ignoreConfigFile?: boolean
  readonly queryCache?: string | null
  readonly downloadPath?: string
}

/** `config.toJSON()`: the data with the password (and secret-looking store attributes) masked. */
export interface ConfigSnapshot {
  readonly database: Omit<DatabaseData, 'password'> & { readonly password: typeof SECRET_MASK | null }
  readonly connection: ConnectionData
  readonly display: DisplayData
  readonly jobs: JobsData
  readonly stores: StoresConfig
  readonly loglevel: LogLevel
  readonly safemode: boolean
  readonly ignoreConfigFile: boolean
  readonly queryCache: string | null
  readonly downloadPath: string
}

type SnakeCase<TName extends string, TDone extends string = ''> = TName extends `${infer THead}${infer TRest}`
  ? SnakeCase<TRest, `${TDone}${THead extends Lowercase<THead> ? THead : `_${Lowercase<THead>}`}`>
  : TDone
type WithSnakeKeys<T> = T & { [K in keyof T & string as SnakeCase<K>]: T[K] }
type Leaves<TGroup extends string, T> = { [K in keyof T & string as `${TGroup}.${K}`]: T[K] }

type CamelValues = Leaves<'database', Omit<DatabaseData, 'password'> & { password: string | null }> &
  Leaves<'connection', ConnectionData> &
  Leaves<'display', DisplayData> &
  Leaves<'jobs', JobsData> &
  GroupSettings &
  Omit<ConfigData, GroupName>
type CamelAssignable = Omit<CamelValues, 'database.port' | 'database.password' | GroupName> & {
  'database.port': number | null
  'database.password': SecretStr | string | null
  database: NonNullable<ConfigInput['database']>
  connection: Partial<ConnectionData>
  display: Partial<DisplayData>
  jobs: Partial<JobsData>
}

/** Dotted setting paths and what `get` returns for them, in camelCase and Python's snake_case. */
export type ConfigValues = WithSnakeKeys<CamelValues>
export type ConfigKey = keyof ConfigValues
/** What `set` accepts per path (a group path merges the given fields). */
export type ConfigAssignable = WithSnakeKeys<CamelAssignable>

/**
 * Overrides in DataJoint's keyword style: top-level keys (`safemode`), `group__field` paths
 * (`display__limit`, `database__use_tls`) and nested objects, camelCase or snake_case
 * (`{ display: { limit: 3 } }`).
 */
export type ConfigOverrides = Readonly<Record<string, unknown>>

/** The `dj.Instance(...)` arguments that touch the config, plus its `**kwargs` (`applyInstanceOverrides`). */
export interface InstanceOverrides {
  readonly backend?: Backend | undefined
  /** The Instance's explicit port: only suppresses re-deriving the port; it is not written to the config. */
  readonly port?: number | null | undefined
  readonly [key: string]: unknown
}

type Target =
  | { readonly kind: 'group'; readonly group: GroupName }
  | { readonly kind: 'field'; readonly group: GroupName; readonly field: string }
  | { readonly kind: 'scalar'; readonly key: ScalarKey }
  | { readonly kind: 'store'; readonly keys: readonly [string, ...string[]] }
  | { readonly kind: 'unknownTop'; readonly name: string }
  | { readonly kind: 'unknownField'; readonly group: GroupName; readonly name: string }
  | { readonly kind: 'tooDeep' }

function resolve(path: string): Target {
  const [head = '', ...rest] = path.split('.')
  const top = TOP_BY_NAME.get(head)
  if (top === undefined) return { kind: 'unknownTop', name: head }
  if (top === 'stores') {
    const [first, ...more] = rest
    return first === undefined ? { kind: 'scalar', key: top } : { kind: 'store', keys: [first, ...more] }
  }
  if (!isGroupName(top)) return rest.length === 0 ? { kind: 'scalar', key: top } : { kind: 'tooDeep' }
  const [name, ...deeper] = rest
  if (name === undefined) return { kind: 'group', group: top }
  const field = GROUP_FIELDS[top].get(name)
  if (field === undefined) return { kind: 'unknownField', group: top, name }
  return deeper.length === 0 ? { kind: 'field', group: top, field } : { kind: 'tooDeep' }
}

/** What a dotted setting path names, spelled canonically. */
export interface SettingRef {
  readonly kind: 'group' | 'field' | 'value' | 'store'
  /** camelCase dotted path, as `get`/`set` accept it (`database.useTls`). */
  readonly path: string
  /** snake_case dotted key, as Python and `datajoint.json` spell it (`database.use_tls`). */
  readonly key: string
}

/** Resolves a camelCase or snake_case dotted path (`display.show_tuple_count`); null for no setting. */
export function resolveSetting(path: string): SettingRef | null {
  const target = resolve(path)
  const ref = (kind: SettingRef['kind'], camel: string): SettingRef => ({
    kind,
    path: camel,
    key: kind === 'store' ? camel : camel.split('.').map(toSnakeCase).join('.'),
  })
  switch (target.kind) {
    case 'group':
      return ref('group', target.group)
    case 'field':
      return ref('field', `${target.group}.${target.field}`)
    case 'scalar':
      return ref('value', target.key)
    case 'store':
      return ref('store', ['stores', ...target.keys].join('.'))
    case 'unknownTop':
    case 'unknownField':
    case 'tooDeep':
      return null
  }
}

function notFound(path: string): ConfigError {
  return new ConfigError('unknownSetting', `Setting '${path}' not found`)
}

function noSuchAttribute(model: string, name: string, value: unknown): ConfigError {
  return validationError(model, [
    {
      path: [name],
      loc: name,
      type: 'no_such_attribute',
      message: `Object has no attribute '${name}'`,
      inputValue: pyRepr(value),
      inputType: pyTypeName(value),
    },
  ])
}

function issuesOf(error: z.ZodError, model: string, prefix: readonly string[] = []): ConfigIssue[] {
  return error.issues.flatMap((issue): ConfigIssue[] => {
    const path = [...prefix, ...issue.path.map(String)]
    const loc = path.map(toSnakeCase).join('.')
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: [...path, key],
        loc: [loc, key].filter((part) => part !== '').join('.'),
        type: 'extra_forbidden',
        message: 'Extra inputs are not permitted',
      }))
    }
    if (issue.code === 'invalid_type') {
      const group = path.length === 1 ? path[0] : undefined
      const target = group !== undefined && group in GROUP_MODEL ? GROUP_MODEL[group as GroupName] : model
      const message = `Input should be a valid dictionary or instance of ${target}`
      return [{ path, loc, type: 'model_type', message }]
    }
    const params: Record<string, unknown> = issue.code === 'custom' ? (issue.params ?? {}) : {}
    const { pydanticType, inputValue, inputType } = params
    return [
      {
        path,
        loc,
        type: typeof pydanticType === 'string' ? pydanticType : issue.code,
        message: issue.message,
        ...(typeof inputValue === 'string' ? { inputValue } : {}),
        ...(typeof inputType === 'string' ? { inputType } : {}),
      },
    ]
  })
}

/**
 * Turns overrides in keyword style into `[canonical dotted path, value]` pairs, in order. Unknown flat
 * keys are dropped silently (like `dj.Instance(**kwargs)`); an unknown field inside a known group throws.
 */
function overrideEntries(overrides: ConfigOverrides): Array<readonly [string, unknown]> {
  const entries: Array<readonly [string, unknown]> = []
  for (const [key, value] of Object.entries(overrides)) {
    if (key.includes('__')) {
      entries.push([key.split('__').join('.'), value])
      continue
    }
    const top = TOP_BY_NAME.get(key)
    if (top === undefined) continue
    if (isGroupName(top) && isPlainObject(value)) {
      for (const [name, fieldValue] of Object.entries(value)) {
        const field = GROUP_FIELDS[top].get(name)
        if (field === undefined) throw noSuchAttribute(GROUP_MODEL[top], name, fieldValue)
        entries.push([`${top}.${field}`, fieldValue])
      }
      continue
    }
    entries.push([top, value])
  }
  return entries
}

/**
 * One Instance's configuration (DataJoint's `Config`): mutable, and validated on every assignment the way
 * pydantic's `validate_assignment` does (`'3'` → 3, `'yes'` → true; a bad value or an unknown key throws
 * `ConfigError`). Build one with `loadConfig` (config-sources.ts) to get DataJoint's env/file/secrets
 * sources, or with `new Config(init)` for defaults plus `init`.
 *
 * @example
 * const config = new Config({ database: { backend: 'postgresql' } })
 * config.database.port // 5432
 * config.display.limit = 3
 * config.set('database.use_tls', false)
 * config.override({ safemode: false }, () => dropAll())
 */
export class Config {
  declare readonly database: DatabaseSettings
  declare readonly connection: ConnectionSettings
  declare readonly display: DisplaySettings
  declare readonly jobs: JobsSettings
  /** The live `stores` dict: changes to its contents are not validated (as in Python). */
  declare stores: StoresConfig
  declare loglevel: LogLevel
  declare safemode: boolean
  /** When true, loading skips `datajoint.json` and the secrets directory. */
  declare ignoreConfigFile: boolean
  declare queryCache: string | null
  declare downloadPath: string

  #data: ConfigData
  readonly #groups: GroupSettings
  // The proxy this constructor returns: methods run on the target (private fields live there) but must
  // hand the proxy to callers.
  readonly #self: Config

  /** DataJoint's defaults merged with `init`; throws `ConfigError` if `init` is invalid. No env, no files. */
  constructor(init: ConfigInput = {}) {
    const parsed = ConfigSchema.safeParse(init)
    if (!parsed.success) throw validationError('Config', issuesOf(parsed.error, 'Config'))
    this.#data = parsed.data
    this.#groups = {
      database: this.#groupView('database'),
      connection: this.#groupView('connection'),
      display: this.#groupView('display'),
      jobs: this.#groupView('jobs'),
    }
    const boundMethods = new Map<PropertyKey, unknown>()
    this.#self = new Proxy(this, {
      get: (target, property) => {
        const top = typeof property === 'string' ? TOP_BY_NAME.get(property) : undefined
        if (top !== undefined && top === property) return target.#read(top)
        const value: unknown = Reflect.get(target, property, target)
        if (typeof value !== 'function' || property === 'constructor') return value
        let bound = boundMethods.get(property)
        if (bound === undefined) {
          bound = (value as (...args: unknown[]) => unknown).bind(target)
          boundMethods.set(property, bound)
        }
        return bound
      },
      set: (target, property, value) => {
        if (typeof property !== 'string' || TOP_BY_NAME.get(property) !== property) {
          throw noSuchAttribute('Config', String(property), value)
        }
        target.set(property, value)
        return true
      },
      has: (target, property) =>
        TOP_BY_NAME.get(String(property)) === property || Reflect.has(target, property),
      ownKeys: () => [...TOP_KEYS],
      getOwnPropertyDescriptor: (target, property) => {
        const top = typeof property === 'string' ? TOP_BY_NAME.get(property) : undefined
        if (top === undefined || top !== property) return undefined
        return { value: target.#read(top), writable: true, enumerable: true, configurable: true }
      },
      deleteProperty: (_target, property) => {
        const message = `Use reset('${String(property)}') to restore a setting's default`
        throw new ConfigError('unknownSetting', message)
      },
      defineProperty: (_target, property) => {
        throw new ConfigError('unknownSetting', `Setting '${String(property)}' not found`)
      },
    })
    return this.#self
  }

  /**
   * The value at a dotted path, camelCase or snake_case (`'database.host'`, `'display.show_tuple_count'`,
   * `'stores.main.location'`). Unlike property access, `'database.password'` returns the clear text (as
   * Python's `config["database.password"]` does). A group path returns the live group.
   * @throws ConfigError `Setting '<path>' not found`
   */
  get<TPath extends string>(path: TPath): TPath extends ConfigKey ? ConfigValues[TPath] : unknown
  get(path: string): unknown {
    const target = resolve(path)
    switch (target.kind) {
      case 'group':
        return this.#groups[target.group]
      case 'field': {
        const value = this.#fieldValue(target.group, target.field)
        return value instanceof SecretStr ? value.getSecretValue() : value
      }
      case 'scalar':
        return this.#data[target.key]
      case 'store': {
        let node: unknown = this.#data.stores
        for (const key of target.keys) {
          if (!isPlainObject(node) || !Object.hasOwn(node, key)) throw notFound(path)
          node = node[key]
        }
        return node
      }
      case 'unknownTop':
      case 'unknownField':
      case 'tooDeep':
        throw notFound(path)
    }
  }

  /**
   * Validates and sets the value at a dotted path (camelCase or snake_case). A group path merges the
   * given fields; `stores.<name>[.<attr>]` writes into the stores dict, creating the store if needed.
   * @throws ConfigError on an invalid value or unknown path (Python's messages)
   */
  set<TPath extends string>(
    path: TPath,
    value: TPath extends keyof ConfigAssignable ? ConfigAssignable[TPath] : unknown,
  ): void
  set(path: string, value: unknown): void {
    const target = resolve(path)
    switch (target.kind) {
      case 'field':
        return this.#assignGroup(target.group, { [target.field]: value })
      case 'group': {
        if (!isPlainObject(value)) return this.#assignGroup(target.group, value)
        const fields: Record<string, unknown> = {}
        for (const [name, fieldValue] of Object.entries(value)) {
          const field = GROUP_FIELDS[target.group].get(name)
          if (field === undefined) throw noSuchAttribute(GROUP_MODEL[target.group], name, fieldValue)
          fields[field] = fieldValue
        }
        return this.#assignGroup(target.group, fields)
      }
      case 'scalar':
        return this.#assignScalar(target.key, value)
      case 'store': {
        const parent = this.#storeParent(target.keys, path, true)
        parent[target.keys[target.keys.length - 1] ?? ''] = value
        return
      }
      case 'unknownTop':
        if (!path.includes('.')) throw notFound(path)
        throw new ConfigError('unknownSetting', `'Config' object has no attribute '${target.name}'`)
      case 'unknownField':
        throw noSuchAttribute(GROUP_MODEL[target.group], target.name, value)
      case 'tooDeep':
        throw notFound(path)
    }
  }

  /**
   * Restores a setting's default (a field, a group, a top-level key) or deletes `stores.<name>[.<attr>]`.
   * Resetting `database.port` re-derives it from the current backend. Unlike Python's `del config[key]`
   * (which sets nested keys to None and rebuilds groups from the environment), this uses the model defaults.
   */
  reset(path: string): void {
    const target = resolve(path)
    switch (target.kind) {
      case 'field': {
        const { [target.field]: _dropped, ...rest } = this.#data[target.group] as Record<string, unknown>
        return this.#replaceGroup(target.group, rest)
      }
      case 'group':
        return this.#replaceGroup(target.group, {})
      case 'scalar':
        return this.#assignScalar(target.key, undefined)
      case 'store': {
        const parent = this.#storeParent(target.keys, path, false)
        delete parent[target.keys[target.keys.length - 1] ?? '']
        return
      }
      case 'unknownTop':
      case 'unknownField':
      case 'tooDeep':
        throw notFound(path)
    }
  }

  /**
   * Runs `fn` with settings overridden, then restores exactly those settings (Python's
   * `with config.override(**kw)`), also when `fn` throws. If `fn` returns a promise, restoring waits for
   * it to settle. Keys as in `ConfigOverrides`; unknown flat keys are ignored.
   * Overlapping async overrides of the same key restore in completion order, so avoid them.
   */
  override<T>(overrides: ConfigOverrides, fn: (config: Config) => T): T {
    const undo: Array<() => void> = []
    const restore = (): void => {
      for (const step of undo.reverse()) step()
    }
    let result: T
    try {
      for (const [path, value] of overrideEntries(overrides)) {
        undo.push(this.#restorer(path))
        this.set(path, value)
      }
      result = fn(this.#self)
    } catch (error) {
      restore()
      throw error
    }
    if (!isPromiseLike(result)) {
      restore()
      return result
    }
    return Promise.resolve(result).then(
      (value) => {
        restore()
        return value
      },
      (error: unknown) => {
        restore()
        throw error
      },
    ) as T
  }

  /** A deep, fully independent copy. */
  clone(): Config {
    return new Config(this.#data)
  }

  /** The configuration as plain data, with the password shown as `***` (null when unset). */
  toJSON(): ConfigSnapshot {
    const { database, connection, display, jobs, stores, ...scalars } = this.#data
    return {
      database: { ...database, password: database.password === null ? null : SECRET_MASK },
      connection: { ...connection },
      display: { ...display },
      jobs: { ...jobs },
      stores: maskStoreSecrets(stores),
      ...scalars,
    }
  }

  toString(): string {
    return `Config ${JSON.stringify(this.toJSON())}`
  }

  // Node's inspect calls this with `this` = the proxy, so it must go through public members only.
  [INSPECT](_depth: number, options: object, inspect: (value: unknown, options: object) => string): string {
    return `Config ${inspect(this.toJSON(), options)}`
  }

  #read(key: TopKey): unknown {
    return isGroupName(key) ? this.#groups[key] : this.#data[key]
  }

  #fieldValue(group: GroupName, field: string): unknown {
    return (this.#data[group] as Record<string, unknown>)[field]
  }

  #assignGroup(group: GroupName, fields: unknown): void {
    if (!isPlainObject(fields)) {
      throw validationError('Config', [
        {
          path: [group],
          loc: group,
          type: 'model_type',
          message: `Input should be a valid dictionary or instance of ${GROUP_MODEL[group]}`,
          inputValue: pyRepr(fields),
          inputType: pyTypeName(fields),
        },
      ])
    }
    this.#replaceGroup(group, { ...this.#data[group], ...fields })
  }

  #replaceGroup(group: GroupName, candidate: Record<string, unknown>): void {
    const parsed = GROUP_SCHEMAS[group].safeParse(candidate)
    if (!parsed.success) throw validationError(GROUP_MODEL[group], issuesOf(parsed.error, GROUP_MODEL[group]))
    ;(this.#data as Record<GroupName, unknown>)[group] = parsed.data
  }

  #assignScalar(key: ScalarKey, value: unknown): void {
    const parsed = SCALAR_SCHEMAS[key].safeParse(value)
    if (!parsed.success) throw validationError('Config', issuesOf(parsed.error, 'Config', [key]))
    ;(this.#data as Record<ScalarKey, unknown>)[key] = parsed.data
  }

  #storeParent(keys: readonly string[], path: string, create: boolean): Record<string, unknown> {
    let node: Record<string, unknown> = this.#data.stores
    for (const key of keys.slice(0, -1)) {
      if (!Object.hasOwn(node, key) && create) node[key] = {}
      const next = node[key]
      if (!isPlainObject(next)) throw notFound(path)
      node = next
    }
    return node
  }

  #restorer(path: string): () => void {
    const target = resolve(path)
    if (target.kind === 'field') {
      const previous = this.#fieldValue(target.group, target.field)
      return () => this.set(path, previous)
    }
    if (target.kind === 'scalar') {
      const previous = copyJsonLike(this.#data[target.key])
      return () => this.#assignScalar(target.key, previous)
    }
    if (target.kind === 'store') {
      let present = true
      let previous: unknown
      try {
        previous = copyJsonLike(this.get(path))
      } catch {
        present = false
      }
      return () => (present ? this.set(path, previous) : this.reset(path))
    }
    return () => {}
  }

  #groupView<G extends GroupName>(group: G): GroupSettings[G] {
    const fields = new Set(Object.keys(this.#data[group]))
    const model = GROUP_MODEL[group]
    const target = {}
    const snapshot = (): unknown => this.toJSON()[group]
    Object.defineProperty(target, 'toJSON', { value: snapshot, configurable: true })
    Object.defineProperty(target, INSPECT, {
      value: (_depth: number, options: object, inspect: (value: unknown, options: object) => string) =>
        `${model} ${inspect(snapshot(), options)}`,
      configurable: true,
    })
    const view = new Proxy(target, {
      get: (inner, property) =>
        typeof property === 'string' && fields.has(property)
          ? this.#fieldValue(group, property)
          : Reflect.get(inner, property),
      set: (_inner, property, value) => {
        if (typeof property !== 'string' || !fields.has(property)) {
          throw noSuchAttribute(model, String(property), value)
        }
        this.#assignGroup(group, { [property]: value })
        return true
      },
      has: (inner, property) =>
        (typeof property === 'string' && fields.has(property)) || Reflect.has(inner, property),
      ownKeys: () => [...fields],
      getOwnPropertyDescriptor: (_inner, property) =>
        typeof property === 'string' && fields.has(property)
          ? { value: this.#fieldValue(group, property), writable: true, enumerable: true, configurable: true }
          : undefined,
      deleteProperty: (_inner, property) => {
        throw new ConfigError(
          'unknownSetting',
          `Use reset('${group}.${String(property)}') to restore a setting's default`,
        )
      },
      defineProperty: (_inner, property) => {
        throw noSuchAttribute(model, String(property), undefined)
      },
    })
    return view as unknown as GroupSettings[G]
  }
}

/**
 * What `dj.Instance(...)` does to a freshly loaded config (`instance.py`): if `backend` is given it is set,
 * and the port is reset to that backend's default unless a port was given (`port`, `database__port` or
 * `{ database: { port } }`); then every other key is applied in order: top-level keys directly
 * (`safemode`), `a__b` paths walked (`display__limit`), nested objects merged (`{ display: { limit: 3 } }`).
 * Unknown flat keys are ignored silently, like Python; unknown nested keys throw `ConfigError`.
 * The explicit `port` itself is not written (Python keeps the backend default in the config too).
 */
export function applyInstanceOverrides(config: Config, overrides: InstanceOverrides): void {
  const { backend, port, ...settings } = overrides
  const entries = overrideEntries(settings)
  if (backend !== undefined) {
    config.set('database.backend', backend)
    const portGiven =
      (port !== undefined && port !== null) || entries.some(([path]) => path === 'database.port')
    if (!portGiven) config.set('database.port', defaultPort(backend))
  }
  for (const [path, value] of entries) config.set(path, value)
}

const STORE_SECRET_ATTRIBUTE = /secret|password|token|access_key|account_key|connection_string/i

function maskStoreSecrets(stores: StoresConfig): StoresConfig {
  const masked: StoresConfig = {}
  for (const [name, spec] of Object.entries(stores)) {
    if (!isPlainObject(spec)) {
      masked[name] = copyJsonLike(spec)
      continue
    }
    masked[name] = Object.fromEntries(
      Object.entries(spec).map(([attribute, value]) => [
        attribute,
        STORE_SECRET_ATTRIBUTE.test(attribute) && value !== null ? SECRET_MASK : copyJsonLike(value),
      ]),
    )
  }
  return masked
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const prototype: unknown = Object.getPrototypeOf(value)
  return prototype === Object.prototype || prototype === null
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  )
}

/** Deep copy of plain objects and arrays; anything else is shared. */
function copyJsonLike<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item: unknown) => copyJsonLike(item)) as T
  if (isPlainObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, copyJsonLike(item)])) as T
  }
  return value
}

function pyTypeName(value: unknown): string {
  if (value === null || value === undefined) return 'NoneType'
  if (typeof value === 'string') return 'str'
  if (typeof value === 'boolean') return 'bool'
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float'
  if (Array.isArray(value)) return 'list'
  if (value instanceof SecretStr) return 'SecretStr'
  return isPlainObject(value) ? 'dict' : typeof value
}

/** Python's `repr`, enough for error messages. */
function pyRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None'
  if (typeof value === 'boolean') return value ? 'True' : 'False'
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'nan'
    if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf'
    return String(value)
  }
  if (typeof value === 'string') {
    if (value.includes("'") && !value.includes('"')) return `"${value}"`
    return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'").replaceAll('\n', '\\n')}'`
  }
  if (value instanceof SecretStr) return `SecretStr('${SECRET_MASK}')`
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`
  if (isPlainObject(value)) {
    return `{${Object.entries(value)
      .map(([key, item]) => `${pyRepr(key)}: ${pyRepr(item)}`)
      .join(', ')}}`
  }
  if (typeof value === 'bigint' || typeof value === 'symbol') return value.toString()
  return `<${typeof value === 'function' ? 'function' : pyTypeName(value)} object>`
}
