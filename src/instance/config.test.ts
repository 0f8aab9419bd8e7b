import { inspect } from 'node:util'
import { describe, expect, expectTypeOf, it } from 'vitest'
import {
  Config,
  ConfigError,
  ConfigSchema,
  SecretStr,
  applyInstanceOverrides,
  resolveSetting,
} from './config'
import type { ConfigSnapshot } from './config'

const INT_PARSING = 'unable to parse string as an integer [type=int_parsing'

function thrown(fn: () => unknown): ConfigError {
  try {
    fn()
  } catch (error) {
    if (error instanceof ConfigError) return error
    throw error
  }
  throw new Error('expected a ConfigError')
}

/** Bypasses the static types, to assign what untyped callers (JSON, IPC) could. */
function loosely<T extends object>(value: T): Record<string, unknown> {
  return value as unknown as Record<string, unknown>
}

const DEFAULTS: ConfigSnapshot = {
  database: {
    host: 'localhost',
    user: null,
    password: null,
    backend: 'mysql',
    port: 3306,
    name: null,
    reconnect: true,
    useTls: null,
    databasePrefix: '',
    createTables: true,
  },
  connection: { charset: '' },
  display: { limit: 12, width: 14, showTupleCount: true, diagramDirection: 'LR' },
  jobs: {
    autoRefresh: true,
    keepCompleted: false,
    staleTimeout: 3600,
    defaultPriority: 5,
    versionMethod: null,
    allowNewPkFieldsInComputedTables: false,
    addJobMetadata: false,
  },
  stores: {},
  loglevel: 'INFO',
  safemode: true,
  ignoreConfigFile: false,
  queryCache: null,
  downloadPath: '.',
}

describe('Config defaults and the port rule', () => {
  it('has the defaults of DataJoint Python', () => {
    expect(new Config().toJSON()).toEqual(DEFAULTS)
    expect(ConfigSchema.parse({}).display.limit).toBe(12)
  })

  it('derives the port from the backend when none is given', () => {
    expect(new Config({ database: { backend: 'postgresql' } }).database.port).toBe(5432)
    expect(new Config({ database: { backend: 'mysql' } }).database.port).toBe(3306)
    expect(new Config({ database: { backend: 'postgresql', port: 6000 } }).database.port).toBe(6000)
  })

  it('keeps a derived port when the backend changes later, like pydantic', () => {
    const config = new Config()
    config.database.backend = 'postgresql'
    expect(config.database.port).toBe(3306)
    config.database.port = null
    expect(config.database.port).toBe(5432)
    config.database.port = 1234
    config.reset('database.port')
    expect(config.database.port).toBe(5432)
  })
})

describe('access by property and by dotted path', () => {
  it('reads and writes properties with validation and pydantic coercion', () => {
    const config = new Config()
    config.safemode = false
    config.display.limit = 3
    loosely(config.display).width = '20'
    loosely(config.database).useTls = 'yes'
    loosely(config.jobs).staleTimeout = 60.0
    expect(config.safemode).toBe(false)
    expect(config.display.limit).toBe(3)
    expect(config.display.width).toBe(20)
    expect(config.database.useTls).toBe(true)
    expect(config.jobs.staleTimeout).toBe(60)
  })

  it('accepts camelCase and snake_case segments alike', () => {
    const config = new Config()
    config.set('database.use_tls', false)
    expect(config.database.useTls).toBe(false)
    config.set('display.showTupleCount', false)
    expect(config.get('display.show_tuple_count')).toBe(false)
    config.set('ignore_config_file', true)
    expect(config.ignoreConfigFile).toBe(true)
    config.set<string>('jobs.allow_new_pk_fields_in_computed_tables', 'true')
    expect(config.jobs.allowNewPkFieldsInComputedTables).toBe(true)
    expect(config.get('database')).toBe(config.database)
  })

  it('merges an object assigned to a group path', () => {
    const config = new Config()
    config.set<string>('display', { limit: 5, show_tuple_count: false })
    expect(config.display).toMatchObject({ limit: 5, width: 14, showTupleCount: false })
  })

  it('walks stores by path and creates a missing store on set', () => {
    const config = new Config()
    config.set('stores.main.location', '/data')
    config.set('stores.default', 'main')
    expect(config.get('stores.main.location')).toBe('/data')
    expect(config.stores).toEqual({ main: { location: '/data' }, default: 'main' })
    expect(thrown(() => config.get('stores.other')).message).toBe("Setting 'stores.other' not found")
  })

  it('lists the settings as own keys', () => {
    const config = new Config()
    expect(Object.keys(config)).toContain('safemode')
    expect({ ...config.display }).toEqual(DEFAULTS.display)
    expect('limit' in config.display).toBe(true)
  })

  it('types paths for get and set', () => {
    const config = new Config()
    expectTypeOf(config.get('database.port')).toEqualTypeOf<number>()
    expectTypeOf(config.get('database.use_tls')).toEqualTypeOf<boolean | null>()
    expectTypeOf(config.get('database.password')).toEqualTypeOf<string | null>()
    expectTypeOf(config.database.password).toEqualTypeOf<SecretStr | null>()
    const typeOnly = (): void => {
      // @ts-expect-error a limit is a number
      config.set('display.limit', 'x' as string)
      config.set('database.port', null)
      config.set('database.password', new SecretStr('p'))
    }
    expect(typeOnly).toBeTypeOf('function')
  })
})

describe('validate on assignment', () => {
  it("rejects a bad value with pydantic's message and keeps the old value", () => {
    const config = new Config()
    const error = thrown(() => (loosely(config.display).limit = 'x'))
    expect(error.reason).toBe('validation')
    expect(error.message).toBe(
      '1 validation error for DisplaySettings\nlimit\n' +
        `  Input should be a valid integer, ${INT_PARSING}, input_value='x', input_type=str]`,
    )
    expect(error.issues[0]).toMatchObject({ path: ['limit'], type: 'int_parsing' })
    expect(config.display.limit).toBe(12)
  })

  it('rejects unknown keys on groups, on the root, and by path', () => {
    const config = new Config()
    expect(thrown(() => (loosely(config.display).foo = 1)).message).toBe(
      '1 validation error for DisplaySettings\nfoo\n' +
        "  Object has no attribute 'foo' [type=no_such_attribute, input_value=1, input_type=int]",
    )
    expect(thrown(() => (loosely(config).foo = 1)).message).toContain('1 validation error for Config\nfoo')
    expect(thrown(() => config.set('nope', 1)).message).toBe("Setting 'nope' not found")
    expect(thrown(() => config.set('nope.x', 1)).message).toBe("'Config' object has no attribute 'nope'")
    expect(thrown(() => config.set('database.nope', 1)).message).toContain("Object has no attribute 'nope'")
    expect(thrown(() => config.get('database.nope')).message).toBe("Setting 'database.nope' not found")
    expect(thrown(() => config.get('safemode.x')).message).toBe("Setting 'safemode.x' not found")
    expect(() => delete loosely(config.display).limit).toThrow(ConfigError)
  })

  it.each([
    ['database.backend', 'pg', "Input should be 'mysql' or 'postgresql' [type=literal_error"],
    ['loglevel', 'debug', "Input should be 'DEBUG', 'INFO', 'WARNING', 'ERROR' or 'CRITICAL'"],
    ['display.diagram_direction', 'tb', "Input should be 'TB' or 'LR'"],
    ['jobs.default_priority', 300, 'Input should be less than or equal to 255'],
    ['jobs.stale_timeout', -1, 'Input should be greater than or equal to 0'],
    ['display.limit', 3.5, 'a fractional part [type=int_from_float, input_value=3.5, input_type=float]'],
    ['display.limit', null, 'a valid integer [type=int_type, input_value=None, input_type=NoneType]'],
    ['database.host', 5, 'Input should be a valid string [type=string_type, input_value=5, input_type=int]'],
    ['safemode', 'maybe', 'Input should be a valid boolean, unable to interpret input'],
    ['safemode', null, 'Input should be a valid boolean [type=bool_type'],
    ['stores', [], 'Input should be a valid dictionary [type=dict_type, input_value=[], input_type=list]'],
  ])('rejects %s = %j', (path, value, message) => {
    expect(thrown(() => new Config().set(path, value)).message).toContain(message)
  })

  it.each([
    ['display.limit', '3', 3],
    ['display.limit', ' 1_000 ', 1000],
    ['display.limit', '3.0', 3],
    ['display.limit', true, 1],
    ['safemode', 'off', false],
    ['safemode', 'T', true],
    ['safemode', 0, false],
    ['database.use_tls', null, null],
  ])('coerces %s = %j like pydantic', (path, value, expected) => {
    const config = new Config()
    config.set(path, value)
    expect(config.get(path)).toBe(expected)
  })

  it('reports every problem of a constructor input', () => {
    const error = thrown(() => new Config(loosely({ database: { bogus: 1 }, display: 3 })))
    expect(error.message).toBe(
      '2 validation errors for Config\n' +
        'database.bogus\n  Extra inputs are not permitted [type=extra_forbidden]\n' +
        'display\n  Input should be a valid dictionary or instance of DisplaySettings [type=model_type]',
    )
  })
})

describe('the password', () => {
  const secret = 'hunter2-Sup3rSecret'

  it('is a SecretStr on the group and clear text only through get()', () => {
    const config = new Config({ database: { password: secret } })
    expect(config.database.password).toBeInstanceOf(SecretStr)
    expect(config.database.password?.getSecretValue()).toBe(secret)
    expect(config.get('database.password')).toBe(secret)
  })

  it('never appears in JSON, toString or inspect output', () => {
    const config = new Config({ database: { password: secret, user: 'u' } })
    const outputs = [
      JSON.stringify(config),
      JSON.stringify(config.database),
      String(config),
      inspect(config, { depth: 10 }),
      inspect(config.database),
      inspect(config.database.password),
      String(config.database.password),
      String(config.clone().database.password),
      inspect(config, { showHidden: true, depth: 10 }),
    ]
    for (const output of outputs) expect(output).not.toContain(secret)
    expect(config.toJSON().database.password).toBe('***')
    expect(new Config().toJSON().database.password).toBeNull()
  })

  it('never appears in error messages', () => {
    const config = new Config({ database: { password: secret } })
    const errors = [
      thrown(() => config.set<string>('database.password', 12345)),
      thrown(() => config.set<string>('database.port', 'x')),
      thrown(() => new Config(loosely({ database: { password: 987654, port: 'x' } }))),
    ]
    for (const error of errors) {
      expect(error.message).not.toContain(secret)
      expect(error.message).not.toContain('987654')
      expect(error.message).not.toContain('12345')
      expect(JSON.stringify(error.issues)).not.toContain('987654')
    }
    expect(errors[0]?.message).toContain('Input should be a valid string [type=string_type, input_type=int]')
  })

  it('masks secret-looking store attributes in JSON', () => {
    const main = { protocol: 's3', secret_key: 'abc', access_key: 'id', bucket: 'b' }
    const config = new Config({ stores: { main } })
    expect(config.toJSON().stores).toEqual({ main: { ...main, secret_key: '***', access_key: '***' } })
    expect(config.get('stores.main.secret_key')).toBe('abc')
  })
})

describe('reset', () => {
  it('restores field, group, top-level and store defaults', () => {
    const config = new Config({
      display: { limit: 3, width: 40 },
      safemode: false,
      stores: { a: { x: 1 }, b: 2 },
    })
    config.reset('display.limit')
    expect(config.display).toMatchObject({ limit: 12, width: 40 })
    config.reset('display')
    expect(config.display.width).toBe(14)
    config.reset('safemode')
    expect(config.safemode).toBe(true)
    config.reset('stores.a.x')
    expect(config.stores).toEqual({ a: {}, b: 2 })
    config.reset('stores')
    expect(config.stores).toEqual({})
    expect(thrown(() => config.reset('nope')).message).toBe("Setting 'nope' not found")
  })
})

describe('override', () => {
  it('applies keyword-style overrides and restores exactly those keys', () => {
    const config = new Config()
    const seen = config.override(
      { safemode: false, display__limit: 3, database: { use_tls: true }, typo_flat_key: 1 },
      (inner) => {
        inner.display.width = 99
        return [inner.safemode, inner.display.limit, inner.database.useTls]
      },
    )
    expect(seen).toEqual([false, 3, true])
    expect(config.safemode).toBe(true)
    expect(config.display.limit).toBe(12)
    expect(config.database.useTls).toBeNull()
    // Not overridden, so not restored (Python restores only the overridden keys).
    expect(config.display.width).toBe(99)
  })

  it('restores when the function throws', () => {
    const config = new Config()
    expect(() =>
      config.override({ safemode: false }, () => {
        throw new Error('boom')
      }),
    ).toThrow('boom')
    expect(config.safemode).toBe(true)
  })

  it('restores after a returned promise settles, and passes its result through', async () => {
    const config = new Config()
    let release = (): void => {}
    const gate = new Promise<void>((resolve) => {
      release = resolve
    })
    const pending = config.override({ safemode: false }, async (inner) => {
      await gate
      return inner.safemode
    })
    expect(config.safemode).toBe(false)
    release()
    await expect(pending).resolves.toBe(false)
    expect(config.safemode).toBe(true)

    const failing = config.override({ display__limit: 1 }, () => Promise.reject(new Error('later')))
    expect(config.display.limit).toBe(1)
    await expect(failing).rejects.toThrow('later')
    expect(config.display.limit).toBe(12)
  })

  it('undoes earlier keys when a later override is invalid', () => {
    const config = new Config()
    expect(() => config.override({ safemode: false, display__limit: 'x' }, () => 1)).toThrow(ConfigError)
    expect(config.safemode).toBe(true)
    expect(() => config.override({ display: { nope: 1 } }, () => 1)).toThrow("Object has no attribute 'nope'")
  })

  it('restores the password and stores', () => {
    const config = new Config({ database: { password: 'a' }, stores: { main: { location: '/x' } } })
    config.override({ database__password: 'b', stores: { other: {} } }, (inner) => {
      expect(inner.get('database.password')).toBe('b')
      expect(inner.stores).toEqual({ other: {} })
    })
    expect(config.get('database.password')).toBe('a')
    expect(config.stores).toEqual({ main: { location: '/x' } })
  })
})

describe('clone', () => {
  it('is deep and fully independent in both directions', () => {
    const original = new Config({ stores: { main: { location: '/x', nested: { a: 1 } } } })
    const copy = original.clone()
    expect(copy).toBeInstanceOf(Config)
    expect(copy.toJSON()).toEqual(original.toJSON())

    copy.display.limit = 99
    copy.database.backend = 'postgresql'
    copy.safemode = false
    const copiedMain = copy.get('stores.main.nested') as Record<string, unknown>
    copiedMain.a = 2
    copy.stores.extra = {}
    expect(original.display.limit).toBe(12)
    expect(original.database.backend).toBe('mysql')
    expect(original.safemode).toBe(true)
    expect(original.stores).toEqual({ main: { location: '/x', nested: { a: 1 } } })

    original.display.width = 1
    expect(copy.display.width).toBe(14)
  })
})

describe('applyInstanceOverrides (what dj.Instance applies to its config)', () => {
  it('sets the backend and re-derives the port when no port is given', () => {
    const config = new Config()
    applyInstanceOverrides(config, { backend: 'postgresql' })
    expect(config.database).toMatchObject({ backend: 'postgresql', port: 5432 })
    applyInstanceOverrides(config, { backend: 'mysql' })
    expect(config.database.port).toBe(3306)
  })

  it('leaves the configured port alone when a port is given', () => {
    const config = new Config({ database: { port: 7777 } })
    applyInstanceOverrides(config, { backend: 'postgresql', port: 15432 })
    expect(config.database.port).toBe(7777)
    applyInstanceOverrides(config, { backend: 'mysql', database__port: 3310 })
    expect(config.database.port).toBe(3310)
    applyInstanceOverrides(config, { backend: 'postgresql', database: { port: 5433 } })
    expect(config.database.port).toBe(5433)
  })

  it('sets flat top-level keys, walks a__b paths and merges nested objects', () => {
    const config = new Config()
    applyInstanceOverrides(config, {
      safemode: false,
      database__reconnect: false,
      display__limit: 3,
      jobs: { stale_timeout: 10 },
      display: { showTupleCount: false },
      ignore_config_file: true,
    })
    expect(config.safemode).toBe(false)
    expect(config.database.reconnect).toBe(false)
    expect(config.display).toMatchObject({ limit: 3, showTupleCount: false })
    expect(config.jobs.staleTimeout).toBe(10)
    expect(config.ignoreConfigFile).toBe(true)
  })

  it('ignores unknown flat keys and throws on unknown nested keys', () => {
    const config = new Config()
    applyInstanceOverrides(config, { not_a_setting: 1, limit: 3, host: 'elsewhere' })
    expect(config.toJSON()).toEqual(DEFAULTS)
    expect(() => applyInstanceOverrides(config, { display__nope: 1 })).toThrow(ConfigError)
    expect(() => applyInstanceOverrides(config, { nope__x: 1 })).toThrow(
      "'Config' object has no attribute 'nope'",
    )
    expect(() => applyInstanceOverrides(config, { display: { nope: 1 } })).toThrow(ConfigError)
  })

  it('does not touch the port without a backend', () => {
    const config = new Config({ database: { backend: 'postgresql', port: 1 } })
    applyInstanceOverrides(config, { safemode: false })
    expect(config.database.port).toBe(1)
  })
})

describe('resolveSetting', () => {
  it('spells paths both ways', () => {
    expect(resolveSetting('database.use_tls')).toEqual({
      kind: 'field',
      path: 'database.useTls',
      key: 'database.use_tls',
    })
    expect(resolveSetting('ignoreConfigFile')).toEqual({
      kind: 'value',
      path: 'ignoreConfigFile',
      key: 'ignore_config_file',
    })
    expect(resolveSetting('display')?.kind).toBe('group')
    expect(resolveSetting('stores.myStore.secret_key')).toEqual({
      kind: 'store',
      path: 'stores.myStore.secret_key',
      key: 'stores.myStore.secret_key',
    })
    expect(resolveSetting('display.nope')).toBeNull()
  })
})
