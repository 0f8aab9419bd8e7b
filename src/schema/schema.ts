// A DataJoint schema bound to an Instance: creating it, declaring tables from definitions (with `~lineage`),
// spawning table objects for existing tables, and dropping it.

import { DataJointError, isDataJointError } from '../errors/datajoint-error'
import { parseDefinition } from '../declare/parse'
import { lineageTableDeclaration, planDeclaration } from '../declare/to-ddl'
import { LINEAGE_TABLE, tableNameOf } from '../declare/tier'
import type { DdlStatement, ResolvedParent } from '../declare/to-ddl'
import type { Attribute } from '../heading/attribute'
import { dialectFor } from '../adapters/dialects'
import type { Backend } from '../backend'
import { tableKey, type TableInfo, type Tier } from '../heading/table-info'
import type { EngineContext } from '../instance/context'
import { quotedTableName } from '../adapters/dialect'
import { DependencyGraph, loadDependencies, type DependencyNode } from './dependencies'
import { lineageRowsDelete } from './lineage'
import { Table } from '../table/table'
import type { Row } from '../table/insert'

export interface DeclareOptions {
  /** Extra tables a definition's `-> Name` may refer to, by name. */
  readonly context?: Readonly<Record<string, Table>>
}

export interface LookupOptions extends DeclareOptions {
  /** Rows the lookup table must contain; inserted with skipDuplicates when the table has fewer rows. */
  readonly contents?: readonly Row[]
}

type MasterTier = Exclude<Tier, 'part'>

export interface PlanOptions extends DeclareOptions {
  /** The master of a part table (required for tier `part`). */
  readonly master?: Table
  /**
   * The backend whose DDL to print; defaults to the connection's. For the other backend, each inherited key column
   * takes the SQL type of its core type there (a parent column with a native type cannot be translated).
   */
  readonly backend?: Backend
}

/** What declaring a table would do, without doing it (`Schema.plan`). */
export interface TablePlan {
  readonly className: string
  /** SQL table name, with DataJoint's tier prefix (`#`, `_`, `__`, `master__part`). */
  readonly tableName: string
  readonly backend: Backend
  /** The table exists already: declaring it is a no-op (as in DataJoint), and `statements` is what it would have run. */
  readonly exists: boolean
  /** In execution order, as declaration runs them. */
  readonly statements: readonly DdlStatement[]
  /** What DataJoint Python would log as warnings (native types, parents without lineage). */
  readonly warnings: readonly string[]
}

export class Schema {
  readonly #tables = new Map<string, Table>()

  constructor(
    readonly context: EngineContext,
    readonly name: string,
  ) {}

  /** Tables this schema object declared or spawned, by class name (parts as `Master.Part`). */
  get declared(): ReadonlyMap<string, Table> {
    return this.#tables
  }

  manual(className: string, definition: string, options: DeclareOptions = {}): Promise<Table> {
    return this.#declare(className, 'manual', definition, null, options)
  }

  async lookup(className: string, definition: string, options: LookupOptions = {}): Promise<Table> {
    const table = await this.#declare(className, 'lookup', definition, null, options)
    if (options.contents !== undefined && options.contents.length > (await table.count())) {
      await table.insert(options.contents, { skipDuplicates: true })
    }
    return table
  }

  imported(className: string, definition: string, options: DeclareOptions = {}): Promise<Table> {
    return this.#declare(className, 'imported', definition, null, options)
  }

  computed(className: string, definition: string, options: DeclareOptions = {}): Promise<Table> {
    return this.#declare(className, 'computed', definition, null, options)
  }

  /** A part table of `master` (`-> master` in the definition refers to it). */
  async part(master: Table, className: string, definition: string, options: DeclareOptions = {}): Promise<Table> {
    if (master.schemaName !== this.name) {
      throw new DataJointError('INVALID_DEFINITION', 'A part table must be declared in the schema of its master.')
    }
    const part = await this.#declare(className, 'part', definition, master, options)
    master.parts[className] = part
    return part
  }

  /**
   * The DDL declaring `className` would run, planned but not executed (a dry run of `manual()`, `part()`, …).
   * Errors are those of declaration: `INVALID_DEFINITION` with `details.line` where a line of the definition is at
   * fault (an unresolvable `-> Parent` included).
   * @example (await schema.plan('Researcher', 'manual', '-> Lab\nresearcher: varchar(32)')).statements
   */
  async plan(className: string, tier: Tier, definition: string, options: PlanOptions = {}): Promise<TablePlan> {
    const master = options.master ?? null
    if (tier === 'part' && master === null) throw new DataJointError('INVALID_DEFINITION', `Part table ${className} needs a master table.`)
    if (master !== null && master.schemaName !== this.name) {
      throw new DataJointError('INVALID_DEFINITION', 'A part table must be declared in the schema of its master.')
    }
    const backend = options.backend ?? this.context.dialect.backend
    const prepared = await this.#prepare(className, tier, definition, tier === 'part' ? master : null, options, backend)
    await this.context.loadSchemas([this.name])
    const exists = this.context.catalog.table(this.name, prepared.tableName) !== undefined
    return { className, tableName: prepared.tableName, backend, exists, statements: prepared.statements, warnings: prepared.warnings }
  }

  /** Every table of the schema as objects keyed by class name; parts hang under their master's `parts`. */
  async tables(): Promise<Record<string, Table>> {
    await this.context.loadSchemas([this.name])
    const infos = this.#inDependencyOrder()
    const result: Record<string, Table> = {}
    const masters = new Map<string, Table>()
    for (const info of infos.filter((t) => t.tier !== 'part')) {
      const table = this.#spawn(info)
      result[info.className] = table
      masters.set(info.table, table)
    }
    for (const info of infos.filter((t) => t.tier === 'part')) {
      const master = info.master === null ? undefined : masters.get(info.master)
      const table = this.#spawn(info)
      if (master === undefined) result[info.className] = table
      else master.parts[info.className] = table
    }
    return result
  }

  /** A table of this schema by class name (`Session`, `Session.Trial`) or SQL name. */
  async table(name: string): Promise<Table> {
    await this.context.loadSchemas([this.name])
    const infos = this.context.catalog.tablesOf(this.name)
    const [masterName, partName] = name.split('.')
    const found =
      infos.find((t) =>
        partName === undefined
          ? t.table === name || (t.tier !== 'part' && t.className === name)
          : t.tier === 'part' && t.className === partName && infos.some((m) => m.table === t.master && m.className === masterName),
      ) ?? findLikePython(infos, name)
    if (found === undefined) throw new DataJointError('NOT_FOUND', `Table \`${name}\` does not exist in schema \`${this.name}\`.`)
    return this.#spawn(found)
  }

  /** Table names (SQL, with tier prefixes) of the schema, hidden tables excluded. */
  async listTables(): Promise<string[]> {
    await this.context.loadSchemas([this.name])
    return this.#inDependencyOrder().map((t) => t.table)
  }

  /** This schema's DataJoint tables in DataJoint's topological order (parts right after their masters). */
  #inDependencyOrder(): TableInfo[] {
    const catalog = this.context.catalog
    const infos = catalog.tablesOf(this.name).filter((t) => t.tier !== null)
    const order = DependencyGraph.fromTables(catalog.allTables()).topoSort(infos.map((t) => tableKey(t.schema, t.table)))
    const rank = new Map(order.map((key, i) => [key, i]))
    // Tables without a primary key are not graph nodes; they go last, as Python leaves them out of the order.
    const position = (t: TableInfo): number => rank.get(tableKey(t.schema, t.table)) ?? order.length
    return infos.sort((a, b) => position(a) - position(b))
  }

  /**
   * What `drop()` would do, dropping nothing: the schema's tables (leaves first) and the tables of other schemas
   * that depend on them — while there are any, the drop is refused.
   */
  async dropPreview(): Promise<{ tables: DependencyNode[]; dependents: DependencyNode[] }> {
    if (!(await this.context.catalog.introspector.schemaExists(this.name))) return { tables: [], dependents: [] }
    const graph = await loadDependencies(this.context, [this.name], { downstream: true, refresh: true })
    const own = graph.nodes.filter((n) => n.schema === this.name)
    const outside = new Set(
      graph.edges.filter((e) => graph.node(e.parent)?.schema === this.name && graph.node(e.child)?.schema !== this.name).map((e) => e.child),
    )
    const order = graph.topoSort(own.map((n) => n.key)).reverse()
    const rank = new Map(order.map((key, i) => [key, i]))
    const tables = own.sort((a, b) => (rank.get(a.key) ?? order.length) - (rank.get(b.key) ?? order.length))
    return { tables, dependents: [...outside].flatMap((k) => graph.node(k) ?? []) }
  }

  /**
   * Drops the schema with everything in it. Refused while `safemode` is on unless `prompt: false` is given
   * (there is no console to ask in a library), inside a transaction, and while tables of other schemas
   * reference this one's: PostgreSQL's DROP SCHEMA … CASCADE would silently remove their foreign keys, and
   * MySQL would fail part-way. A schema that does not exist is left alone.
   */
  async drop(options: { prompt?: boolean } = {}): Promise<void> {
    const prompt = options.prompt ?? this.context.config.safemode
    if (prompt) {
      throw new DataJointError(
        'INVALID_INPUT',
        `Dropping schema \`${this.name}\` needs confirmation: call drop({ prompt: false }) or set config.safemode = false.`,
      )
    }
    if (this.context.inTransaction) {
      throw new DataJointError('INVALID_QUERY', `Schema \`${this.name}\` cannot be dropped inside a transaction: DDL is never part of one.`)
    }
    if (!(await this.context.catalog.introspector.schemaExists(this.name))) {
      this.context.logger.info(`Schema named \`${this.name}\` does not exist. Doing nothing.`)
    } else {
      const graph = await loadDependencies(this.context, [this.name], { downstream: true, refresh: true })
      const outside = [
        ...new Set(
          graph.edges
            .filter((e) => graph.node(e.parent)?.schema === this.name && graph.node(e.child)?.schema !== this.name)
            .map((e) => e.child),
        ),
      ]
      if (outside.length > 0) {
        const names = outside.map((k) => {
          const node = graph.node(k)
          return node === undefined ? k : quotedTableName(this.context.dialect, node.schema, node.table)
        })
        throw new DataJointError(
          'INTEGRITY',
          `Cannot drop schema \`${this.name}\`: tables of other schemas depend on it (${names.join(', ')}). Drop them first.`,
          { table: names[0] as string },
        )
      }
      try {
        await this.context.pipeline.execute({ kind: 'dropSchema', schema: this.name })
      } catch (error) {
        if (isDataJointError(error, 'ACCESS_DENIED')) {
          throw new DataJointError('ACCESS_DENIED', `An attempt to drop schema \`${this.name}\` has failed. Check permissions.`, {}, { cause: error })
        }
        throw error
      }
    }
    this.context.catalog.forget(this.name)
    this.#tables.clear()
  }

  #spawn(info: TableInfo): Table {
    const key = info.tier === 'part' && info.master !== null ? `${this.context.catalog.table(info.schema, info.master)?.className}.${info.className}` : info.className
    const existing = this.#tables.get(key)
    if (existing !== undefined) return existing
    const table = new Table(this.context, info.schema, info.table)
    this.#tables.set(key, table)
    return table
  }

  async #declare(className: string, tier: Tier, definition: string, master: Table | null, options: DeclareOptions): Promise<Table> {
    if (this.context.inTransaction) {
      throw new DataJointError(
        'INVALID_DEFINITION',
        'Cannot declare new tables inside a transaction, e.g. from inside a populate/make call',
      )
    }
    const tableName = tableNameOf(className, tier, master?.tableName)
    await this.context.loadSchemas([this.name])
    const existing = this.context.catalog.table(this.name, tableName)
    if (existing === undefined) {
      const declaration = await this.#prepare(className, tier, definition, master, options, this.context.dialect.backend)
      for (const warning of declaration.warnings) this.context.logger.warning(warning)
      for (const statement of declaration.statements) {
        try {
          await this.context.run({ sql: statement.sql, params: [] })
        } catch (error) {
          if (!statement.ignoreErrors) throw error
        }
      }
      await this.#writeLineage(tableName, declaration.lineage)
      await this.context.catalog.load([this.name], { refresh: true })
    }
    const info = this.context.catalog.table(this.name, tableName)
    if (info === undefined) throw new DataJointError('INTERNAL', `Table ${this.name}.${tableName} was not found after declaration`)
    const table = this.#spawn(info)
    if (master !== null) master.parts[className] = table
    return table
  }

  /** Parses the definition, resolves its parents and plans the DDL for `backend` (nothing runs). */
  async #prepare(className: string, tier: Tier, definition: string, master: Table | null, options: DeclareOptions, backend: Backend) {
    const tableName = tableNameOf(className, tier, master?.tableName)
    const parsed = parseDefinition(definition)
    const ddl = backend === this.context.dialect.backend ? this.context.dialect.ddl : dialectFor(backend).ddl
    const parents = await Promise.all(
      parsed.foreignKeys.map(async (fk): Promise<ResolvedParent> => {
        const target = await this.#resolveReference(fk.reference.path, master, options).catch((error: unknown) => {
          if (isDataJointError(error, 'INVALID_DEFINITION') && error.details.line === undefined) {
            throw new DataJointError('INVALID_DEFINITION', error.message, { line: fk.line }, { cause: error })
          }
          throw error
        })
        const primaryKey = target.info.attributes.filter((a) => a.inKey && !a.hidden)
        const translated = backend === this.context.dialect.backend ? primaryKey : primaryKey.map((a) => translatedKeyAttribute(a, backend, target.schemaName))
        return { schema: target.schemaName, table: target.tableName, primaryKey: translated }
      }),
    )
    const config = this.context.config
    const plan = planDeclaration({
      definition: parsed,
      schema: this.name,
      table: tableName,
      tier: tier as MasterTier | 'part',
      dialect: ddl,
      parents,
      options: {
        addJobMetadata: config.jobs.addJobMetadata,
        allowNewPkFieldsInComputed: config.jobs.allowNewPkFieldsInComputedTables,
      },
    })
    return { tableName, ...plan }
  }

  async #resolveReference(path: readonly string[], master: Table | null, options: DeclareOptions): Promise<Table> {
    const [head, ...rest] = path
    const notFound = (): DataJointError =>
      new DataJointError('INVALID_DEFINITION', `Foreign key reference ${path.join('.')} could not be resolved.`)
    if (head === undefined) throw notFound()
    if (head === 'master' && rest.length === 0) {
      if (master === null) throw new DataJointError('INVALID_DEFINITION', '`-> master` is only allowed in a part table.')
      return master
    }
    const own = this.#tables.get(path.join('.'))
    if (own !== undefined) return own
    const fromContext = options.context?.[head]
    if (fromContext !== undefined) {
      if (rest.length === 0) return fromContext
      const part = rest.length === 1 ? fromContext.parts[rest[0] as string] : undefined
      if (part !== undefined) return part
    }
    // `other_schema.Table`: a table of another schema on the same server.
    if (rest.length >= 1) {
      const other = new Schema(this.context, head)
      try {
        return await other.table(rest.join('.'))
      } catch (error) {
        if (!isDataJointError(error)) throw error
      }
    }
    const sameSchema = await this.table(path.join('.')).catch(() => undefined)
    if (sameSchema !== undefined) return sameSchema
    throw notFound()
  }

  async #writeLineage(tableName: string, rows: readonly { attribute: string; lineage: string }[]): Promise<void> {
    const dialect = this.context.dialect
    const createLineageTable = dialect.ddl.print(lineageTableDeclaration(this.name))
    if (createLineageTable !== null) await this.context.run({ sql: createLineageTable, params: [] })
    const lineageTable = { schema: this.name, table: LINEAGE_TABLE }
    await this.context.pipeline.execute(lineageRowsDelete(this.name, tableName))
    if (rows.length === 0) return
    await this.context.pipeline.execute({
      kind: 'insert',
      table: lineageTable,
      columns: ['table_name', 'attribute_name', 'lineage'],
      rows: rows.map((r) => [tableName, r.attribute, r.lineage]),
      onDuplicate: 'replace',
      primaryKey: ['table_name', 'attribute_name'],
    })
  }
}

/**
 * A parent's key attribute as the other backend would hold it: the SQL type of its core type there (enum types are
 * named by their values on PostgreSQL, so the name is the one that backend would give them).
 */
function translatedKeyAttribute(attribute: Attribute, backend: Backend, schema: string): Attribute {
  if (attribute.coreType === null) {
    throw new DataJointError(
      'INVALID_DEFINITION',
      `The key attribute \`${attribute.name}\` has the native type ${attribute.sqlType}: its ${backend} type cannot be derived.`,
    )
  }
  const mapped = dialectFor(backend).ddl.coreTypeSql(attribute.coreType, schema)
  return { ...attribute, sqlType: mapped.enumType?.name ?? mapped.sql }
}

/**
 * Python's `schema.get_table(name)` (`schemas.py`): a CamelCase name is snake-cased (`SessionStats` → `session_stats`),
 * then tried as a user table's name without and with each tier prefix, so `letter_grade` finds `#letter_grade`.
 */
function findLikePython(infos: readonly TableInfo[], name: string): TableInfo | undefined {
  const snake = /^[A-Z]/.test(name) ? name.replace(/(?<!^)(?=[A-Z])/g, '_').toLowerCase() : name
  for (const prefix of ['', '#', '_', '__']) {
    const found = infos.find((t) => t.tier !== null && t.table === `${prefix}${snake}`)
    if (found !== undefined) return found
  }
  return undefined
}

