import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DataJointError } from '../errors/datajoint-error'
import { isForeignKeyLine, parseDefinition } from './parse'

function failure(text: string): DataJointError {
  try {
    parseDefinition(text)
  } catch (error) {
    if (error instanceof DataJointError) return error
    throw error
  }
  throw new Error('expected a DataJointError')
}

describe('parseDefinition: structure', () => {
  it('parses the Session definition of the probe schema', () => {
    const definition = parseDefinition(`
    -> Subject
    session : int32
    ---
    -> [nullable, unique] Lab.proj(host_lab='lab_id')
    note = '' : varchar(1000)
    `)
    expect(definition).toEqual({
      comment: '',
      commentLine: null,
      items: [
        {
          kind: 'foreignKey',
          reference: { path: ['Subject'], renames: {}, text: 'Subject' },
          nullable: false,
          unique: false,
          inKey: true,
          line: 2,
          source: '-> Subject',
        },
        {
          kind: 'attribute',
          name: 'session',
          type: 'int32',
          default: undefined,
          comment: '',
          inKey: true,
          line: 3,
          source: 'session : int32',
        },
        {
          kind: 'foreignKey',
          reference: { path: ['Lab'], renames: { host_lab: 'lab_id' }, text: "Lab.proj(host_lab='lab_id')" },
          nullable: true,
          unique: true,
          inKey: false,
          line: 5,
          source: "-> [nullable, unique] Lab.proj(host_lab='lab_id')",
        },
        {
          kind: 'attribute',
          name: 'note',
          type: 'varchar(1000)',
          default: "''",
          comment: '',
          inKey: false,
          line: 6,
          source: "note = '' : varchar(1000)",
        },
      ],
      foreignKeys: [expect.objectContaining({ line: 2 }), expect.objectContaining({ line: 5 })],
    })
  })

  it('reads the table comment from the first non-blank line only', () => {
    const definition = parseDefinition('\n\n  # Research labs  \n  # not a table comment\nlab_id : int32 # lab id\n')
    expect(definition.comment).toBe('Research labs')
    expect(definition.commentLine).toBe(3)
    expect(definition.items).toHaveLength(1)
    expect(definition.items[0]).toMatchObject({ name: 'lab_id', comment: 'lab id', line: 5, inKey: true })
  })

  it('treats every line after the first --- as secondary, and allows an empty key (singleton)', () => {
    const definition = parseDefinition('# singleton\n---\nparam : int32\n----\nother : int8')
    expect(definition.items.map((item) => item.kind === 'attribute' && item.inKey)).toEqual([false, false])
  })

  it('parses index lines, any case, with comments and expressions', () => {
    const definition = parseDefinition(
      'a : int32\n---\nb : json\nINDEX(a, b)  # why\nunique index (a)\nindex ((a + 1), b.x.y:int, a)\nUnique   Index(  a  )',
    )
    const indexes = definition.items.filter((item) => item.kind === 'index')
    expect(indexes.map((index) => [index.unique, index.attributes])).toEqual([
      [false, ['a', 'b']],
      [true, ['a']],
      [false, ['(a + 1)', 'b.x.y:int', 'a']],
      [true, ['a']],
    ])
  })

  it('keeps quoted colons and hashes inside defaults and types', () => {
    const definition = parseDefinition(`a = "x:y#z" : varchar(10) # c\nb : enum('#', ':') # it's fine`)
    expect(definition.items[0]).toMatchObject({ default: '"x:y#z"', type: 'varchar(10)', comment: 'c' })
    expect(definition.items[1]).toMatchObject({ type: "enum('#', ':')", comment: "it's fine" })
  })

  it('reads codec types in angle brackets', () => {
    const definition = parseDefinition('k : int32\n---\npic = null : <blob@store> # picture\ndoc : <attach>')
    expect(definition.items[1]).toMatchObject({ type: '<blob@store>', default: 'null', comment: 'picture' })
    expect(definition.items[2]).toMatchObject({ type: '<attach>', comment: '' })
  })

  it('strips trailing # from comments like Python’s rstrip', () => {
    expect(parseDefinition('a : int32 # note ##').items[0]).toMatchObject({ comment: 'note' })
    expect(parseDefinition('a : int32 #').items[0]).toMatchObject({ comment: '' })
  })

  it('treats an empty default as no default', () => {
    expect(parseDefinition('a = : int32').items[0]).toMatchObject({ default: undefined })
  })

  it('accepts native types with spaces', () => {
    expect(parseDefinition('id : int unsigned auto_increment # n').items[0]).toMatchObject({
      type: 'int unsigned auto_increment',
      comment: 'n',
    })
  })
})

describe('parseDefinition: foreign keys', () => {
  it.each([
    ['-> Subject', ['Subject'], {}],
    ['->Subject', ['Subject'], {}],
    ['-> master', ['master'], {}],
    ['-> Session.Trial', ['Session', 'Trial'], {}],
    ['-> other_module.Table', ['other_module', 'Table'], {}],
    ['-> mod.Master.Part', ['mod', 'Master', 'Part'], {}],
    ['-> Subject.proj(subj_a="subject_id")', ['Subject'], { subj_a: 'subject_id' }],
    ["-> Subject.proj( a = 'x' , b='y' )", ['Subject'], { a: 'x', b: 'y' }],
    ["-> Subject.proj('secondary', a='x')", ['Subject'], { a: 'x' }],
    ["-> Subject.proj(a='(x)', b='x + 1', c=' y ')", ['Subject'], { c: 'y' }],
    ['-> Subject.proj()', ['Subject'], {}],
    ['-> Subject   # trailing comment', ['Subject'], {}],
  ])('%s', (line, path, renames) => {
    const [item] = parseDefinition(line).items
    expect(item).toMatchObject({ kind: 'foreignKey', reference: { path, renames } })
  })

  it('parses options case-insensitively', () => {
    const definition = parseDefinition('a : int32\n---\n-> [ Nullable , UNIQUE ] Lab\n-> [unique] Other')
    expect(definition.foreignKeys.map((fk) => [fk.nullable, fk.unique, fk.inKey])).toEqual([
      [true, true, false],
      [false, true, false],
    ])
  })

  it('rejects unknown options with Python’s upper-cased message', () => {
    const error = failure('a : int32\n---\n-> [nullable, fancy] Lab')
    expect(error.message).toBe('Invalid foreign key option "FANCY"')
    expect(error.details.line).toBe(3)
  })

  it('rejects nullable dependencies in the primary key', () => {
    const error = failure('\n-> [nullable] Lab\n---\n')
    expect(error.message).toBe('Primary dependencies cannot be nullable in line "-> [nullable] Lab"')
    expect(error.details.line).toBe(2)
  })

  it.each([
    ["-> Subject & 'x=1'", 'Dependency "Subject & \'x=1\'" is not supported (yet). Use a base table or its projection.'],
    ['-> Subject * Session', 'Dependency "Subject * Session" is not supported (yet). Use a base table or its projection.'],
    ['-> Subject - Session', 'Dependency "Subject - Session" is not supported (yet). Use a base table or its projection.'],
    ['-> Subject()', 'Dependency "Subject()" is not supported (yet). Use a base table or its projection.'],
    ['-> [nullable unique] Lab', 'Foreign key reference [nullable unique] Lab could not be resolved'],
    ['-> 2Lab', 'Foreign key reference 2Lab could not be resolved'],
    ['-> Lab.', 'Foreign key reference Lab. could not be resolved'],
    ["-> Lab.proj(a='x'", "Foreign key reference Lab.proj(a='x' could not be resolved"],
    ['->', 'Foreign key reference  could not be resolved'],
  ])('rejects %j', (line, message) => {
    expect(failure(line).message).toBe(message)
  })

  it('recognises foreign-key lines like is_foreign_key', () => {
    expect(isForeignKeyLine('-> A')).toBe(true)
    expect(isForeignKeyLine('x -> A')).toBe(true)
    expect(isForeignKeyLine('a = "->" : varchar(2)')).toBe(false)
    expect(isForeignKeyLine("a : int # -> A")).toBe(false)
    expect(isForeignKeyLine("a = '->' : varchar(2)")).toBe(false)
  })

  it('reports a line containing -> that does not start with it as a parsing error', () => {
    expect(failure('x -> A').message).toMatch(/^Parsing error in line "x -> A"/)
  })
})

describe('parseDefinition: attribute errors (messages of declare.py)', () => {
  it('rejects leading underscores', () => {
    const error = failure('\n  _hidden : int32\n')
    expect(error.code).toBe('INVALID_DEFINITION')
    expect(error.details.line).toBe(2)
    expect(error.message).toBe(
      'Attribute name in line "_hidden : int32" starts with an underscore. Names with leading underscore are ' +
        'reserved for platform-managed columns (e.g. _job_start_time, _singleton). Use a regular attribute name; ' +
        'if you need to control visibility at the call site, use proj().',
    )
  })

  it('rejects nullable primary keys', () => {
    const error = failure('a = NULL : int32')
    expect(error.message).toBe('Primary key attributes cannot be nullable in line "a = NULL : int32"')
    expect(error.details.line).toBe(1)
  })

  it('rejects comments starting with a colon (after quote escaping)', () => {
    expect(failure('a : int32 # :oops').message).toBe('An attribute comment must not start with a colon in comment ":oops"')
  })

  it('rejects table comments starting with a colon', () => {
    const error = failure('\n# :bad\na : int32')
    expect(error.message).toBe('Table comment must not start with a colon ":"')
    expect(error.details.line).toBe(2)
  })

  it.each(['blob', 'boolean', 'double precision', 'decimal(10)', 'binary(16)'])('rejects the type %s', (type) => {
    const error = failure(`k : int32\n---\na : ${type}`)
    expect(error.message).toBe(`Unsupported attribute type ${type}`)
    expect(error.details.line).toBe(3)
  })

  it.each([
    ['Name : int32', 0],
    ['a int32', 2],
    ['a : <blob> trailing', 11],
    ['a : 32', 4],
    ['a = 5', 6],
  ])('reports syntax errors with the position, like pyparsing (%s)', (line, position) => {
    const error = failure(line)
    expect(error.message).toMatch(new RegExp(`^Declaration error in position ${position} in line:\\n  `))
    expect(error.details.line).toBe(1)
  })

  it('checks lines in order and stops at the first error', () => {
    expect(failure('a : int32\nb : blob\n_c : int32').message).toBe('Unsupported attribute type blob')
  })
})

describe('parseDefinition: properties', () => {
  const name = fc.stringMatching(/^[a-z][a-z0-9_]{0,10}$/)
  const type = fc.constantFrom('int32', 'varchar(10)', "enum('a', 'b')", '<blob>', 'datetime(3)', 'int unsigned')
  const comment = fc.stringMatching(/^[a-zA-Z0-9 ,.'"()=-]{0,20}$/).filter((c) => c.trim() === c)

  it('recovers name, type, default and comment of generated attribute lines', () => {
    fc.assert(
      fc.property(name, type, fc.option(fc.constantFrom('null', '1', '"x y"', "'a:b'", 'CURRENT_TIMESTAMP')), comment, (n, t, d, c) => {
        const line = `${n}${d === null ? '' : ` = ${d}`} : ${t}${c === '' ? '' : `  # ${c}`}`
        const [item] = parseDefinition(`k : int32\n---\n${line}`).items.slice(1)
        expect(item).toMatchObject({ kind: 'attribute', name: n, type: t, default: d ?? undefined, comment: c, line: 3 })
      }),
    )
  })

  it('numbers lines as written, blank lines included', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('', '   ', '# c'), { maxLength: 5 }), (prefix) => {
        const lines = [...prefix.map((p) => (p === '# c' ? '' : p)), 'a : int32']
        const [item] = parseDefinition(lines.join('\n')).items
        expect(item?.line).toBe(lines.length)
      }),
    )
  })
})
