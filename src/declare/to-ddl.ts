// TableDefinition + resolved parents -> the DDL statements and lineage rows DataJoint Python would produce
// (declare.py `prepare_declare`/`declare`, table.py `declare`/`_populate_lineage`). Pure: it plans, never executes.

import { isDataJointError } from '../errors/datajoint-error'
import type { Attribute } from '../heading/attribute'
import type { Tier } from '../heading/table-info'
import {
  BUILTIN_CODECS,
  coreTypeToSql,
  definitionError,
  encodeComment,
  matchType,
  nativeTypeWarning,
  resolveCodec,
  type CodecSpec,
  type PgEnumType,
} from './core-types'
import { DDL_SHAPES, type DdlDialect } from './ddl-dialect'
import type { AttributeDef, ForeignKeyDef, IndexDef, TableDefinition } from './definition'
import { receivesJobMetadata } from './tier'

/** A foreign-key target, resolved by the caller from the reference's path. */
export interface ResolvedParent {
  readonly schema: string
  /** SQL table name of the parent. */
  readonly table: string
  /** The parent's visible primary-key attributes in heading order, as `buildTableInfos` loads them. */
  readonly primaryKey: readonly Attribute[]
  /**
   * PostgreSQL: the schema holding the enum types of the parent's key columns. DataJoint assumes the parent's own
   * schema (wrong when the parent inherited the enum from a third schema); defaults to `schema`.
   */
  readonly enumTypeSchema?: string
}

export interface DeclarationOptions {
  /** `config.jobs.add_job_metadata`: append `_job_start_time`, `_job_duration`, `_job_version`. */
  readonly addJobMetadata: boolean
  /** `config.jobs.allow_new_pk_fields_in_computed_tables`. */
  readonly allowNewPkFieldsInComputed: boolean
  /** User codecs by name, in addition to the built-in ones. */
  readonly codecs?: ReadonlyMap<string, CodecSpec>
}

export interface DeclarationInput {
  readonly definition: TableDefinition
  readonly schema: string
  /** SQL table name (with its tier prefix). */
  readonly table: string
  readonly tier: Tier
  readonly dialect: DdlDialect
  /** One per foreign-key item of the definition, in item order. */
  readonly parents: readonly ResolvedParent[]
  readonly options: DeclarationOptions
}

export interface DdlStatement {
  readonly sql: string
  /** DataJoint runs PostgreSQL `CREATE TYPE` statements ignoring errors (the type may exist already). */
  readonly ignoreErrors: boolean
}

export interface LineageRow {
  readonly attribute: string
  readonly lineage: string
}

export interface DeclarationPlan {
  /** In execution order: CREATE TYPE…, CREATE TABLE, CREATE [UNIQUE] INDEX…, COMMENT ON TABLE, COMMENT ON COLUMN… */
  readonly statements: readonly DdlStatement[]
  /** Rows for the schema's `~lineage` table (replacing the table's existing rows), in DataJoint's order. */
  readonly lineage: readonly LineageRow[]
  /** Primary key in key order (`['_singleton']` for singleton tables). */
  readonly primaryKey: readonly string[]
  /** What DataJoint Python would log as warnings (native types, parents without lineage). */
  readonly warnings: readonly string[]
}

interface FkOrigin {
  readonly parent: ResolvedParent
  readonly attribute: Attribute
}

/**
 * Plans the declaration of a table. Throws DataJointError `INVALID_DEFINITION` (with `details.line` where a line
 * is at fault) for everything DataJoint rejects before talking to the server.
 */
export function planDeclaration(input: DeclarationInput): DeclarationPlan {
  const { definition, schema, table, dialect, options } = input
  const shapes = DDL_SHAPES[dialect.backend]
  if (table.length > shapes.maxTableNameLength) {
    throw definitionError(`Table name \`${table}\` exceeds the max length of ${shapes.maxTableNameLength}`)
  }
  const q = (identifier: string) => dialect.quote(identifier)
  const fullTableName = `${q(schema)}.${q(table)}`
  const codecs = options.codecs ?? BUILTIN_CODECS

  const attributes: string[] = []
  let primaryKey: string[] = []
  const attributeSql: string[] = []
  const foreignKeySql: string[] = []
  const indexSql: string[] = []
  const columnComments = new Map<string, string>()
  const fkOrigins = new Map<string, FkOrigin>()
  const fkIndexCandidates: string[][] = []
  const enumTypes = new Map<string, PgEnumType>()
  const warnings: string[] = []
  let parentIndex = 0

  const compileForeignKey = (item: ForeignKeyDef) => {
    const parent = input.parents[parentIndex++]
    if (parent === undefined) {
      throw definitionError(`Foreign key reference ${item.reference.text} could not be resolved`, item.line)
    }
    const newNameOf = new Map<string, string>()
    for (const [newName, oldName] of Object.entries(item.reference.renames)) newNameOf.set(oldName, newName)
    const columns = parent.primaryKey.map((attribute) => ({
      name: newNameOf.get(attribute.name) ?? attribute.name,
      attribute,
    }))
    for (const { name, attribute } of columns) {
      if (!attributes.includes(name)) {
        attributes.push(name)
        if (item.inKey) primaryKey.push(name)
        const sqlType = shapes.inheritedColumnType(dialect, attribute.sqlType, parent.enumTypeSchema ?? parent.schema)
        // Python's `Attribute.sql_comment`: the parent's user comment, with `:uuid:` re-added for uuid columns.
        const comment = (attribute.category === 'uuid' ? ':uuid:' : '') + attribute.comment
        attributeSql.push(shapes.columnDefinition(dialect, name, sqlType, item.nullable, null, comment))
      }
      // A shared attribute keeps its first position but takes the later parent (Python dict assignment).
      fkOrigins.set(name, { parent, attribute })
    }
    const childColumns = columns.map(({ name }) => q(name)).join(', ')
    const parentColumns = columns.map(({ attribute }) => q(attribute.name)).join(', ')
    foreignKeySql.push(
      `FOREIGN KEY (${childColumns}) REFERENCES ${q(parent.schema)}.${q(parent.table)} (${parentColumns}) ` +
        'ON UPDATE CASCADE ON DELETE RESTRICT',
    )
    if (item.unique) indexSql.push(`UNIQUE INDEX (${childColumns})`)
    else if (!shapes.indexesForeignKeys) fkIndexCandidates.push(columns.map(({ name }) => name))
  }

  const compileIndex = (item: IndexDef) => {
    const formatted = item.attributes.map((argument) => {
      const json = JSON_PATTERN.exec(argument)
      if (json === null) return argument
      const [, column = '', path, returnType] = json
      return path === undefined ? q(column) : `(${shapes.jsonPathExpression(dialect, column, path, returnType ?? null)})`
    })
    indexSql.push(`${item.unique ? 'unique ' : ''}index (${formatted.join(',')})`)
  }

  const compileAttribute = (item: AttributeDef) => {
    const nullable = item.default?.toLowerCase() === 'null'
    const clause = nullable ? 'DEFAULT NULL' : defaultClause(item.default)
    const match = matchType(item.type)
    let sqlType: string
    let comment: string
    if (match === null) throw definitionError(`Unsupported attribute type ${item.type}`, item.line)
    if (match.kind === 'native') {
      warnings.push(nativeTypeWarning(item.type, item.name))
      sqlType = item.type
      comment = encodeComment(null, item.comment)
    } else {
      comment = encodeComment(item.type, item.comment)
      const storageType = match.kind === 'codec' ? resolveCodec(item.type, codecs, item.line).dtype : item.type
      if (matchType(storageType)?.kind === 'core') {
        const mapped = withLine(item.line, () => coreTypeToSql(storageType, dialect.backend, q, schema))
        sqlType = mapped.sql
        if (mapped.enumType !== null) enumTypes.set(mapped.enumType.name, mapped.enumType)
      } else {
        sqlType = storageType
      }
    }
    if (sqlType.toLowerCase().includes('blob') && clause !== 'DEFAULT NULL' && clause !== 'NOT NULL') {
      throw definitionError(`The default value for blob attributes can only be NULL in:\n${item.source}`, item.line)
    }
    if (item.inKey && !primaryKey.includes(item.name)) primaryKey.push(item.name)
    if (!attributes.includes(item.name)) {
      attributes.push(item.name)
      attributeSql.push(shapes.columnDefinition(dialect, item.name, sqlType, nullable, clause, comment))
      if (comment !== '') columnComments.set(item.name, comment)
    }
  }

  for (const item of definition.items) {
    if (item.kind === 'foreignKey') compileForeignKey(item)
    else if (item.kind === 'index') compileIndex(item)
    else compileAttribute(item)
  }

  // [DataJoint 2.3] PostgreSQL never indexes a foreign key's child columns, so DataJoint 2.3 adds an index per
  // non-unique foreign key unless its columns are a left prefix of the primary key, of a declared index, or of a
  // longer FK index (longest first). 2.2 did not; we reproduce 2.3 so our catalogs match the reference catalogs
  // (e.g. `idx_session_ref_subject`), which were written by DataJoint 2.3.
  if (fkIndexCandidates.length > 0) {
    const prefixes: string[][] = [[...primaryKey], ...indexSql.map(indexColumns)]
    const covered = (candidate: readonly string[]) =>
      prefixes.some((prefix) => candidate.length <= prefix.length && candidate.every((c, i) => prefix[i] === c))
    const longestFirst = fkIndexCandidates
      .map((candidate, order) => ({ candidate, order }))
      .sort((a, b) => b.candidate.length - a.candidate.length || a.order - b.order)
    for (const { candidate } of longestFirst) {
      if (!covered(candidate)) {
        indexSql.push(`INDEX (${candidate.map(q).join(', ')})`)
        prefixes.push(candidate)
      }
    }
  }

  if (options.addJobMetadata && receivesJobMetadata(table)) attributeSql.push(...shapes.jobMetadataColumns(dialect))

  if (primaryKey.length === 0) {
    primaryKey = ['_singleton']
    const singletonComment = ':bool:singleton primary key'
    const boolType = coreTypeToSql('bool', dialect.backend, q, schema).sql
    const singleton = shapes.columnDefinition(dialect, '_singleton', boolType, false, 'NOT NULL DEFAULT TRUE', singletonComment)
    attributeSql.unshift(singleton)
    columnComments.set('_singleton', singletonComment)
  }

  if ((input.tier === 'computed' || input.tier === 'imported') && !options.allowNewPkFieldsInComputed) {
    const native = primaryKey.filter((name) => !fkOrigins.has(name))
    if (native.length > 0) {
      const first = definition.items.find((item) => item.kind === 'attribute' && item.name === native[0])
      throw definitionError(
        `Auto-populated table \`${fullTableName}\` has non-FK primary key attribute(s): ${native.join(', ')}. ` +
          'Computed and Imported tables must derive all primary key attributes from foreign key references. ' +
          'The make() method is called once per entity (row) in the table. If you need to compute multiple ' +
          'entities per job, define a Part table to store them. To bypass this restriction, set: ' +
          'dj.config.jobs.allow_new_pk_fields_in_computed_tables = True',
        first?.line,
      )
    }
  }

  // DataJoint passes every statement through Python's str.format (to fill in `{database}`), so `{{`/`}}` in
  // comments, defaults or enum values collapse to single braces and a lone brace fails the declaration.
  const format = (sql: string) => formatLikePython(sql, schema, definition)

  const statements: DdlStatement[] = []
  for (const enumType of enumTypes.values()) {
    const values = enumType.values.map((value) => `'${value}'`).join(', ')
    const sql = `CREATE TYPE ${q(schema)}.${q(enumType.name)} AS ENUM (${values})`
    // Python ignores every error of these statements, a formatting error included (then nothing runs).
    const formatted = tryFormat(sql, schema)
    if (formatted !== null) statements.push({ sql: formatted, ignoreErrors: true })
  }
  const pkClause = `PRIMARY KEY (${primaryKey.map(q).join(', ')})`
  const body = [...attributeSql, pkClause, ...foreignKeySql, ...(shapes.inlineIndexes ? indexSql : [])]
  const createTable = `CREATE TABLE IF NOT EXISTS ${fullTableName} (\n${body.join(',\n')}\n) ${shapes.tableOptions(definition.comment)}`
  statements.push({ sql: format(createTable), ignoreErrors: false })
  if (!shapes.inlineIndexes) {
    for (const index of indexSql) {
      const sql = createIndexStatement(index, table, fullTableName, q)
      if (sql !== null) statements.push({ sql: format(sql), ignoreErrors: false })
    }
  }
  const tableComment = shapes.tableCommentStatement(dialect, fullTableName, definition.comment)
  if (tableComment !== null) statements.push({ sql: format(tableComment), ignoreErrors: false })
  for (const [column, comment] of columnComments) {
    const sql = shapes.columnCommentStatement(dialect, fullTableName, column, comment)
    if (sql !== null) statements.push({ sql: format(sql), ignoreErrors: false })
  }

  const lineage: LineageRow[] = []
  for (const [attribute, { parent, attribute: parentAttribute }] of fkOrigins) {
    if (parentAttribute.lineage !== null) {
      lineage.push({ attribute, lineage: parentAttribute.lineage })
    } else {
      const origin = `${parent.schema}.${parent.table}.${parentAttribute.name}`
      lineage.push({ attribute, lineage: origin })
      warnings.push(
        `Lineage for \`${parent.schema}\`.\`${parent.table}\`.\`${parentAttribute.name}\` not found ` +
          "(parent schema's ~lineage table may be missing or incomplete). Using it as origin. Once the parent " +
          "schema's lineage is rebuilt, run schema.rebuild_lineage() on this schema to correct the lineage.",
      )
    }
  }
  for (const attribute of primaryKey) {
    if (!fkOrigins.has(attribute)) lineage.push({ attribute, lineage: `${schema}.${table}.${attribute}` })
  }

  return { statements, lineage, primaryKey, warnings }
}

/** DataJoint's default clause for a non-null attribute (`declare.py`): numbers and bare words are quoted too. */
function defaultClause(written: string | undefined): string {
  if (written === undefined) return 'NOT NULL'
  const base = (written.split('(')[0] ?? '').toUpperCase()
  if (base === 'CURRENT_TIMESTAMP' || base === 'NULL') return `NOT NULL DEFAULT ${written}`
  if (written.startsWith('"') && written.endsWith('"')) {
    return `NOT NULL DEFAULT '${written.slice(1, -1).replaceAll("'", "''")}'`
  }
  if (written.startsWith("'")) return `NOT NULL DEFAULT ${written}`
  return `NOT NULL DEFAULT '${written}'`
}

/** `attr`, `attr.json.path`, `attr.path:type` (DataJoint's JSON_PATTERN). */
const JSON_PATTERN = /^(\w+)(?:\.([\w.*[\]]+))?(?::([\w(,\s)]+))?$/

/** The columns DataJoint reads back out of an index clause (quotes stripped). */
function indexColumns(index: string): string[] {
  const match = /^(?:unique\s+)?index\s*\(([^)]+)\)/i.exec(index)
  if (match === null) return []
  return (match[1] ?? '').split(',').map((column) => column.trim().replace(/^[`"]+|[`"]+$/g, ''))
}

/**
 * PostgreSQL: DataJoint re-parses each index clause with a regex (so expression indexes are mangled exactly as
 * in Python) and names the index `idx_<table>_<columns joined by _, first 30 characters>`.
 */
function createIndexStatement(
  index: string,
  table: string,
  fullTableName: string,
  q: (identifier: string) => string,
): string | null {
  const match = /^(unique\s+)?index\s*\(([^)]+)\)/i.exec(index)
  if (match === null) return null
  const columns = (match[2] ?? '').split(',').map((column) => column.trim().replace(/^[`"]+|[`"]+$/g, ''))
  const name = `idx_${table}_${Array.from(columns.join('_')).slice(0, 30).join('')}`
  const unique = match[1] === undefined ? '' : 'UNIQUE '
  return `CREATE ${unique}INDEX ${q(name)} ON ${fullTableName} (${columns.map(q).join(', ')})`
}

function withLine<T>(line: number, run: () => T): T {
  try {
    return run()
  } catch (error) {
    if (isDataJointError(error, 'INVALID_DEFINITION')) throw definitionError(error.message, line)
    throw error
  }
}

/** Python's `str.format(database=…)` as far as DDL text can exercise it; returns the text or an error message. */
function pythonFormat(text: string, database: string): { ok: true; text: string } | { ok: false; message: string } {
  let out = ''
  for (let i = 0; i < text.length; i++) {
    const char = text[i]
    if (char === '{') {
      if (text[i + 1] === '{') {
        out += '{'
        i++
        continue
      }
      const close = text.indexOf('}', i + 1)
      if (close < 0) {
        const message = i + 1 >= text.length ? "Single '{' encountered in format string" : "expected '}' before end of string"
        return { ok: false, message }
      }
      const field = text.slice(i + 1, close)
      const name = field.split(/[!:.[]/)[0] ?? ''
      if (name === '' || /^\d+$/.test(name)) {
        return { ok: false, message: `IndexError: Replacement index ${name || 0} out of range for positional args tuple` }
      }
      if (name !== 'database') return { ok: false, message: `KeyError: '${name}'` }
      out += database
      i = close
    } else if (char === '}') {
      if (text[i + 1] !== '}') return { ok: false, message: "Single '}' encountered in format string" }
      out += '}'
      i++
    } else {
      out += char
    }
  }
  return { ok: true, text: out }
}

function tryFormat(text: string, database: string): string | null {
  const result = pythonFormat(text, database)
  return result.ok ? result.text : null
}

function formatLikePython(text: string, database: string, definition: TableDefinition): string {
  const result = pythonFormat(text, database)
  if (result.ok) return result.text
  const culprit = definition.items.find((item) => /[{}]/.test(item.source))
  const line = culprit?.line ?? (/[{}]/.test(definition.comment) ? (definition.commentLine ?? undefined) : undefined)
  throw definitionError(
    `${result.message} (DataJoint formats declaration SQL with str.format; write {{ and }} for literal braces)`,
    line,
  )
}
