import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isDataJointError } from '../errors/datajoint-error'
import {
  assertSupportedType,
  categoryOf,
  coreTypeToSql,
  decodeComment,
  encodeComment,
  escapeCommentQuotes,
  matchType,
  nativeTypeWarning,
  parseCodecSpec,
  pgEnumTypeName,
  resolveCodec,
  splitEnumValues,
  unescapeCommentQuotes,
  type CodecSpec,
} from './core-types'

const pgQuote = (id: string) => `"${id}"`
const myQuote = (id: string) => `\`${id}\``

describe('matchType', () => {
  it.each([
    ['int32', 'int32'],
    ['INT32', 'int32'],
    ['float64', 'float64'],
    ['bool', 'bool'],
    ['uuid', 'uuid'],
    ['json', 'json'],
    ['jsonb', 'json'],
    ['bytes', 'bytes'],
    ['date', 'date'],
    ['datetime', 'datetime'],
    ['datetime(3)', 'datetime'],
    ['char(4)', 'char'],
    ['varchar(255)', 'varchar'],
    ["enum('F', 'M', 'U')", 'enum'],
    ['decimal(8,3)', 'decimal'],
    ['decimal(8 , 3)', 'decimal'],
  ])('%s is the core type %s', (type, name) => {
    const match = matchType(type)
    expect(match?.kind === 'core' && match.core.name).toBe(name)
  })

  it.each([
    ['int', 'INTEGER'],
    ['int unsigned', 'INTEGER'],
    ['bigint unsigned auto_increment', 'INTEGER'],
    ['tinyint', 'INTEGER'],
    ['integer', 'INTEGER'],
    ['serial', 'INTEGER'],
    ['int33', 'INTEGER'], // Python's INTEGER pattern has no end anchor on its first alternative
    ['numeric(10,2)', 'NUMERIC'],
    ['double', 'FLOAT'],
    ['float unsigned', 'FLOAT'],
    ['real', 'FLOAT'],
    ['char(n)', 'STRING'],
    ['time', 'TEMPORAL'],
    ['timestamp(6)', 'TEMPORAL'],
    ['year', 'TEMPORAL'],
    ['longblob', 'NATIVE_BLOB'],
    ['tinyblob', 'NATIVE_BLOB'],
    ['text', 'NATIVE_TEXT'],
    ['mediumtext', 'NATIVE_TEXT'],
  ])('%s is native %s', (type, name) => {
    expect(matchType(type)).toEqual({ kind: 'native', native: name })
  })

  it.each(['<blob>', '<blob@store>', '<object@>', '<my_codec>'])('%s is a codec', (type) => {
    expect(matchType(type)).toEqual({ kind: 'codec' })
  })

  it.each(['blob', 'boolean', 'double precision', 'decimal(10)', 'binary(16)', 'varbinary(8)', '<>', 'set(1)'])(
    'refuses %s with Python’s message',
    (type) => {
      expect(matchType(type)).toBeNull()
      expect(() => assertSupportedType(type, 7)).toThrow(`Unsupported attribute type ${type}`)
      try {
        assertSupportedType(type, 7)
      } catch (error) {
        expect(isDataJointError(error, 'INVALID_DEFINITION') && error.details.line).toBe(7)
      }
    },
  )

  it('words the native-type warning like Python', () => {
    expect(nativeTypeWarning('int unsigned', 'n')).toBe(
      "Native type 'int unsigned' is used in attribute 'n'. Consider using a core DataJoint type for better portability.",
    )
  })
})

describe('coreTypeToSql', () => {
  it.each([
    ['int8', 'tinyint', 'smallint'],
    ['int16', 'smallint', 'smallint'],
    ['int32', 'int', 'integer'],
    ['int64', 'bigint', 'bigint'],
    ['float32', 'float', 'real'],
    ['float64', 'double', 'double precision'],
    ['bool', 'tinyint', 'boolean'],
    ['uuid', 'binary(16)', 'uuid'],
    ['json', 'json', 'jsonb'],
    ['bytes', 'longblob', 'bytea'],
    ['date', 'date', 'date'],
    ['datetime', 'datetime', 'timestamp'],
    ['datetime(3)', 'datetime(3)', 'timestamp(3)'],
    ['char(4)', 'char(4)', 'char(4)'],
    ['varchar(100)', 'varchar(100)', 'varchar(100)'],
    ['decimal(8,3)', 'decimal(8,3)', 'numeric(8,3)'],
  ])('%s -> MySQL %s, PostgreSQL %s', (type, mysql, postgresql) => {
    expect(coreTypeToSql(type, 'mysql', myQuote, 's')).toEqual({ sql: mysql, enumType: null })
    expect(coreTypeToSql(type, 'postgresql', pgQuote, 's')).toEqual({ sql: postgresql, enumType: null })
  })

  it('keeps MySQL enums inline and turns PostgreSQL enums into schema types', () => {
    expect(coreTypeToSql("enum('F', 'M', 'U')", 'mysql', myQuote, 'probe_main').sql).toBe("enum('F', 'M', 'U')")
    expect(coreTypeToSql("enum('F', 'M', 'U')", 'postgresql', pgQuote, 'probe_main')).toEqual({
      sql: '"probe_main"."enum_e54fc739"',
      enumType: { name: 'enum_e54fc739', values: ['F', 'M', 'U'] },
    })
  })

  it.each(['INT32', 'jsonb', 'Datetime', 'decimal (8,3)', 'varchar (10)', 'Enum(1)'])(
    'refuses %s like Python’s case-sensitive, prefix-based mapping',
    (type) => {
      expect(() => coreTypeToSql(type, 'mysql', myQuote, 's')).toThrow(`Unknown core type: ${type}`)
    },
  )
})

describe('PostgreSQL enum type names', () => {
  it('hashes the sorted values, as DataJoint Python does', () => {
    expect(pgEnumTypeName(['F', 'M', 'U'])).toBe('enum_e54fc739')
    expect(pgEnumTypeName(['U', 'M', 'F'])).toBe('enum_e54fc739')
    expect(pgEnumTypeName(['pending', 'reserved', 'success', 'error', 'ignore'])).toBe('enum_609a743e')
    expect(pgEnumTypeName(['Spring', 'Summer', 'Fall'])).toBe('enum_eef550bc')
  })

  it('sorts by code point like Python', () => {
    expect(pgEnumTypeName(['b', 'B', 'a'])).toBe(pgEnumTypeName(['B', 'a', 'b']))
  })

  it('splits values the naive way DataJoint does', () => {
    expect(splitEnumValues("enum('F', 'M', 'U')")).toEqual(['F', 'M', 'U'])
    expect(splitEnumValues('enum("a","b")')).toEqual(['a', 'b'])
    expect(splitEnumValues("enum('a,b', 'c')")).toEqual(['a', 'b', 'c'])
    expect(splitEnumValues('varchar(3)')).toBeNull()
  })
})

describe('codecs', () => {
  it('parses specs like parse_type_spec', () => {
    expect(parseCodecSpec('<blob>')).toEqual({ name: 'blob', store: null })
    expect(parseCodecSpec('<blob@cold>')).toEqual({ name: 'blob', store: 'cold' })
    expect(parseCodecSpec('<blob@>')).toEqual({ name: 'blob', store: '' })
    expect(parseCodecSpec('< npy @ s3 >')).toEqual({ name: 'npy', store: 's3' })
  })

  it.each([
    ['<blob>', 'bytes'],
    ['<attach>', 'bytes'],
    ['<blob@>', 'json'],
    ['<blob@cold>', 'json'],
    ['<attach@cold>', 'json'],
    ['<hash@cold>', 'json'],
    ['<object@>', 'json'],
    ['<npy@s>', 'json'],
    ['<filepath@s>', 'json'],
  ])('%s is stored as %s', (spec, dtype) => {
    expect(resolveCodec(spec).dtype).toBe(dtype)
  })

  it.each([
    ['<hash>', '<hash> requires @ (in-store storage only)'],
    ['<object>', '<object> requires @ (store only)'],
    ['<npy>', '<npy> requires @ (store only)'],
    ['<filepath>', '<filepath> requires @ symbol. Use <filepath@> for default store or <filepath@store> to specify store.'],
    ['<graph>', "Codec <graph> is not registered. Define a Codec subclass with name='{type_name}'."],
  ])('%s fails with Python’s message', (spec, message) => {
    expect(() => resolveCodec(spec, undefined, 3)).toThrow(message)
  })

  it('resolves user codecs through other codecs, propagating the store', () => {
    const codecs = new Map<string, CodecSpec>([
      ['graph', { name: 'graph', inTable: '<blob>', inStore: '<blob>' }],
      ['text', { name: 'text', inTable: 'varchar(255)', inStore: null }],
      ['bad', { name: 'bad', inTable: 'blob', inStore: null }],
      ['loop', { name: 'loop', inTable: '<loop>', inStore: null }],
    ])
    expect(resolveCodec('<graph>', codecs).dtype).toBe('bytes')
    expect(resolveCodec('<graph@s>', codecs)).toEqual({ spec: '<graph@s>', store: 's', dtype: 'json' })
    expect(resolveCodec('<text>', codecs).dtype).toBe('varchar(255)')
    expect(() => resolveCodec('<bad>', codecs)).toThrow('Unsupported attribute type blob')
    expect(() => resolveCodec('<loop>', codecs)).toThrow('Circular codec reference')
  })
})

describe('comment markers', () => {
  it('encodes core types and codecs with the type as written, native types bare', () => {
    expect(encodeComment('int32', 'lab id')).toBe(':int32:lab id')
    expect(encodeComment("enum('F', 'M', 'U')", '')).toBe(":enum('F', 'M', 'U'):")
    expect(encodeComment('<blob@store>', '')).toBe(':<blob@store>:')
    expect(encodeComment(null, 'plain')).toBe('plain')
    expect(encodeComment('int32', 'lab "id"')).toBe(':int32:lab \\"id\\"')
  })

  it.each([
    [':int32:lab id', 'int32', 'lab id'],
    [':varchar(100):', 'varchar(100)', ''],
    [":enum('F', 'M', 'U'):", "enum('F', 'M', 'U')", ''],
    [':decimal(8,3):price: in USD', 'decimal(8,3)', 'price: in USD'],
    [':<blob@store>:', '<blob@store>', ''],
    [':uint32:legacy', 'uint32', 'legacy'],
    ['lab id', null, 'lab id'],
    ['', null, ''],
    ['a:b:c', null, 'a:b:c'],
  ])('decodes %j', (stored, declaredType, comment) => {
    expect(decodeComment(stored)).toEqual({ declaredType, comment })
  })

  it('refuses legacy external markers with the migration message', () => {
    expect(() => decodeComment(':external-store:data')).toThrow(
      'Legacy datatype `external-store`. See migration guide: https://docs.datajoint.com/how-to/migrate-to-v20/',
    )
  })

  it('round-trips type and comment', () => {
    const type = fc.constantFrom('int32', 'varchar(10)', "enum('a', 'b')", '<blob>', '<object@s3>', 'datetime(6)')
    const comment = fc.string().filter((c) => !c.startsWith(':') && !c.includes('\n'))
    fc.assert(
      fc.property(type, comment, (t, c) => {
        expect(decodeComment(unescapeCommentQuotes(encodeComment(t, c)))).toEqual({ declaredType: t, comment: c })
      }),
    )
  })

  it('inverts the quote escaping', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect(unescapeCommentQuotes(escapeCommentQuotes(text))).toBe(text)
      }),
    )
  })
})

describe('categoryOf', () => {
  it.each([
    [':bool: on tinyint', 'bool', 'tinyint', 'mysql', 'bool'],
    [':int8: on tinyint', 'int8', 'tinyint', 'mysql', 'integer'],
    [':uuid: on binary(16)', 'uuid', 'binary(16)', 'mysql', 'uuid'],
    [':<blob>: on longblob', '<blob>', 'longblob', 'mysql', 'codec'],
    [':json: on MariaDB json', 'json', 'json', 'mysql', 'json'],
    [':enum: on a PG type', "enum('F', 'M')", 'enum_e54fc739', 'postgresql', 'enum'],
    [':datetime(3):', 'datetime(3)', 'timestamp(3)', 'postgresql', 'datetime'],
    [':decimal:', 'decimal(8,3)', 'decimal(8,3)', 'postgresql', 'decimal'],
    [':char:', 'char(2)', 'char(2)', 'mysql', 'string'],
    ['unknown marker falls back to the SQL type', 'uint32', 'int unsigned', 'mysql', 'integer'],
    ['native int unsigned', null, 'int unsigned', 'mysql', 'integer'],
    ['native year', null, 'year', 'mysql', 'integer'],
    ['native timestamp', null, 'timestamp', 'mysql', 'datetime'],
    ['native timestamptz', null, 'timestamptz(3)', 'postgresql', 'datetime'],
    ['native time', null, 'time', 'mysql', 'time'],
    ['native text', null, 'text', 'postgresql', 'string'],
    ['native mediumtext', null, 'mediumtext', 'mysql', 'string'],
    ['native double precision', null, 'double precision', 'postgresql', 'float'],
    ['native numeric', null, 'decimal(10)', 'postgresql', 'decimal'],
    ['native boolean', null, 'boolean', 'postgresql', 'bool'],
    ['native uuid', null, 'uuid', 'postgresql', 'uuid'],
    ['native bytea', null, 'bytea', 'postgresql', 'bytes'],
    ['unmarked binary(16)', null, 'binary(16)', 'mysql', 'bytes'],
    ['unmarked longblob', null, 'longblob', 'mysql', 'bytes'],
    ['native enum', null, "enum('a','b')", 'mysql', 'enum'],
    ['PG enum type', null, 'enum_e54fc739', 'postgresql', 'enum'],
    ['MySQL name that looks like a PG enum', null, 'enum_e54fc739', 'mysql', 'other'],
    ['date', null, 'date', 'mysql', 'date'],
    ['jsonb', null, 'jsonb', 'postgresql', 'json'],
    ['interval', null, 'interval', 'postgresql', 'other'],
    ['set', null, "set('a')", 'mysql', 'other'],
  ] as const)('%s', (_label, declared, sqlType, backend, category) => {
    expect(categoryOf(declared, sqlType, backend)).toBe(category)
  })
})
