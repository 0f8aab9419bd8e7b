import { describe, expect, it } from 'vitest'
import { DataJointError } from '../errors/datajoint-error'
import type { Attribute } from '../heading/attribute'
import { buildTableInfos } from '../heading/from-catalog'
import { tableKey } from '../heading/table-info'
import type { Tier } from '../heading/table-info'
import { testAttribute } from '../testing/attributes'
import { pgEnumTypeName, type Backend } from './core-types'
import { MYSQL_DDL_DIALECT, POSTGRES_DDL_DIALECT } from './ddl-dialect'
import { parseDefinition } from './parse'
import { applyPlan, emptyCatalog } from '../testing/ddl-simulator'
import { PROBE_DEFINITIONS, PROBE_PG_LAB, type PythonTableDefinition } from '../testing/python-definitions'
import { planDeclaration, type DeclarationOptions, type DeclarationPlan, type ResolvedParent } from './to-ddl'
import { tableNameOf } from './tier'

const DIALECTS = { mysql: MYSQL_DDL_DIALECT, postgresql: POSTGRES_DDL_DIALECT } as const
const DEFAULT_OPTIONS: DeclarationOptions = { addJobMetadata: false, allowNewPkFieldsInComputed: false }

/** Declares the probe schema (PROBE_DEFINITIONS) in order against a simulated server; returns the plans by class. */
function declareProbe(backend: Backend, options: DeclarationOptions = DEFAULT_OPTIONS) {
  const schema = 'probe_main'
  const catalog = emptyCatalog()
  const plans = new Map<string, DeclarationPlan>()
  const definitions = PROBE_DEFINITIONS.map((d) => (backend === 'postgresql' && d.className === 'Lab' ? PROBE_PG_LAB : d))
  const sqlName = (d: PythonTableDefinition) =>
    d.master === undefined ? tableNameOf(d.className, d.tier) : tableNameOf(d.className, 'part', d.master.toLowerCase())
  for (const definition of definitions) {
    const parsed = parseDefinition(definition.definition)
    const infos = buildTableInfos(catalog, backend)
    const parents = parsed.foreignKeys.map((fk): ResolvedParent => {
      const [head] = fk.reference.path
      const target = definitions.find((d) => d.className === (head === 'master' ? definition.master : head))!
      const info = infos.get(tableKey(schema, sqlName(target)))!
      return { schema, table: info.table, primaryKey: info.attributes.filter((a) => a.inKey && !a.hidden) }
    })
    const plan = planDeclaration({
      definition: parsed,
      schema,
      table: sqlName(definition),
      tier: definition.tier,
      dialect: DIALECTS[backend],
      parents,
      options,
    })
    applyPlan(catalog, backend, plan)
    plans.set(definition.className, plan)
  }
  return { plans, catalog }
}

const sqlOf = (plan: DeclarationPlan | undefined) => plan?.statements.map((s) => s.sql) ?? []

function attribute(overrides: Partial<Attribute> & Pick<Attribute, 'name' | 'sqlType'>): Attribute {
  return testAttribute(overrides.name, { type: overrides.sqlType, coreType: null, ...overrides })
}

function plan(
  text: string,
  options: {
    backend?: Backend
    table?: string
    tier?: Tier
    parents?: ResolvedParent[]
    declaration?: Partial<DeclarationOptions>
  } = {},
): DeclarationPlan {
  const backend = options.backend ?? 'mysql'
  return planDeclaration({
    definition: parseDefinition(text),
    schema: 's',
    table: options.table ?? 't',
    tier: options.tier ?? 'manual',
    dialect: DIALECTS[backend],
    parents: options.parents ?? [],
    options: { ...DEFAULT_OPTIONS, ...options.declaration },
  })
}

function failure(run: () => unknown): DataJointError {
  try {
    run()
  } catch (error) {
    if (error instanceof DataJointError) return error
    throw error
  }
  throw new Error('expected a DataJointError')
}

describe('probe schema', () => {
  it('MySQL: Session is the CREATE TABLE DataJoint Python sent', () => {
    const { plans } = declareProbe('mysql')
    const statements = sqlOf(plans.get('Session'))
    expect(statements).toEqual([
      'CREATE TABLE IF NOT EXISTS `probe_main`.`session` (\n' +
        '`subject_id` bigint NOT NULL,\n' +
        '`session` int NOT NULL COMMENT ":int32:",\n' +
        '`host_lab` int COMMENT "lab id",\n' +
        "`note` varchar(1000) NOT NULL DEFAULT '' COMMENT \":varchar(1000):\",\n" +
        'PRIMARY KEY (`subject_id`, `session`),\n' +
        'FOREIGN KEY (`subject_id`) REFERENCES `probe_main`.`subject` (`subject_id`) ON UPDATE CASCADE ON DELETE RESTRICT,\n' +
        'FOREIGN KEY (`host_lab`) REFERENCES `probe_main`.`lab` (`lab_id`) ON UPDATE CASCADE ON DELETE RESTRICT,\n' +
        'UNIQUE INDEX (`host_lab`)\n' +
        ') ENGINE=InnoDB',
    ])
    // The statement on one line, as the driver log showed it.
    expect(statements[0]?.replaceAll('\n', ' ')).toBe(
      'CREATE TABLE IF NOT EXISTS `probe_main`.`session` ( `subject_id` bigint NOT NULL, `session` int NOT NULL COMMENT ":int32:", ' +
        '`host_lab` int COMMENT "lab id", `note` varchar(1000) NOT NULL DEFAULT \'\' COMMENT ":varchar(1000):", ' +
        'PRIMARY KEY (`subject_id`, `session`), FOREIGN KEY (`subject_id`) REFERENCES `probe_main`.`subject` (`subject_id`) ON UPDATE CASCADE ON DELETE RESTRICT, ' +
        'FOREIGN KEY (`host_lab`) REFERENCES `probe_main`.`lab` (`lab_id`) ON UPDATE CASCADE ON DELETE RESTRICT, UNIQUE INDEX (`host_lab`) ) ENGINE=InnoDB',
    )
  })

  it('PostgreSQL: Session is the observed statement sequence', () => {
    const { plans } = declareProbe('postgresql')
    expect(plans.get('Session')?.statements).toEqual([
      {
        sql:
          'CREATE TABLE IF NOT EXISTS "probe_main"."session" (\n' +
          '"subject_id" bigint NOT NULL,\n' +
          '"session" integer NOT NULL,\n' +
          '"host_lab" integer,\n' +
          '"note" varchar(1000) NOT NULL DEFAULT \'\',\n' +
          'PRIMARY KEY ("subject_id", "session"),\n' +
          'FOREIGN KEY ("subject_id") REFERENCES "probe_main"."subject" ("subject_id") ON UPDATE CASCADE ON DELETE RESTRICT,\n' +
          'FOREIGN KEY ("host_lab") REFERENCES "probe_main"."lab" ("lab_id") ON UPDATE CASCADE ON DELETE RESTRICT\n' +
          ') ',
        ignoreErrors: false,
      },
      { sql: 'CREATE UNIQUE INDEX "idx_session_host_lab" ON "probe_main"."session" ("host_lab")', ignoreErrors: false },
      { sql: 'COMMENT ON TABLE "probe_main"."session" IS \'\'', ignoreErrors: false },
      { sql: 'COMMENT ON COLUMN "probe_main"."session"."session" IS \':int32:\'', ignoreErrors: false },
      { sql: 'COMMENT ON COLUMN "probe_main"."session"."note" IS \':varchar(1000):\'', ignoreErrors: false },
    ])
  })

  it('MySQL: Lab, Subject and Settings match the columns of A.1', () => {
    const { plans } = declareProbe('mysql')
    expect(sqlOf(plans.get('Lab'))[0]).toBe(
      'CREATE TABLE IF NOT EXISTS `probe_main`.`lab` (\n' +
        '`lab_id` int NOT NULL COMMENT ":int32:lab id",\n' +
        '`lab_name` varchar(100) NOT NULL COMMENT ":varchar(100):",\n' +
        "`institution` varchar(200) NOT NULL DEFAULT 'MIT' COMMENT \":varchar(200):where\",\n" +
        '`founded` date DEFAULT NULL COMMENT ":date:",\n' +
        'PRIMARY KEY (`lab_id`)\n' +
        ") ENGINE=InnoDB, COMMENT \"Research labs with 'quotes'\"",
    )
    const subject = sqlOf(plans.get('Subject'))[0] ?? ''
    expect(subject.split('\n')).toEqual([
      'CREATE TABLE IF NOT EXISTS `probe_main`.`subject` (',
      '`subject_id` bigint NOT NULL COMMENT ":int64:",',
      '`species` varchar(32) NOT NULL,',
      '`lab_id` int COMMENT "lab id",',
      '`researcher_id` smallint,',
      '`sex` enum(\'F\', \'M\', \'U\') NOT NULL COMMENT ":enum(\'F\', \'M\', \'U\'):",',
      '`weight` float DEFAULT NULL COMMENT ":float32:",',
      '`height` double NOT NULL COMMENT ":float64:",',
      '`price` decimal(8,3) NOT NULL COMMENT ":decimal(8,3):",',
      "`alive` tinyint NOT NULL DEFAULT '1' COMMENT \":bool:\",",
      '`code` char(4) NOT NULL COMMENT ":char(4):",',
      '`tiny` tinyint NOT NULL COMMENT ":int8:",',
      '`uid` binary(16) NOT NULL COMMENT ":uuid:",',
      '`info` json DEFAULT NULL COMMENT ":json:",',
      '`raw` longblob DEFAULT NULL COMMENT ":bytes:",',
      '`dob` date NOT NULL COMMENT ":date:",',
      '`seen` datetime NOT NULL DEFAULT CURRENT_TIMESTAMP COMMENT ":datetime:",',
      '`seen3` datetime(3) DEFAULT NULL COMMENT ":datetime(3):",',
      '`pic` longblob DEFAULT NULL COMMENT ":<blob>:",',
      '`doc` longblob DEFAULT NULL COMMENT ":<attach>:",',
      '`legacy_native` int NOT NULL,',
      'PRIMARY KEY (`subject_id`),',
      'FOREIGN KEY (`species`) REFERENCES `probe_main`.`#species` (`species`) ON UPDATE CASCADE ON DELETE RESTRICT,',
      'FOREIGN KEY (`lab_id`, `researcher_id`) REFERENCES `probe_main`.`researcher` (`lab_id`, `researcher_id`) ON UPDATE CASCADE ON DELETE RESTRICT,',
      'index (`sex`,`dob`),',
      'unique index (`code`)',
      ') ENGINE=InnoDB',
    ])
    expect(plans.get('Subject')?.warnings).toEqual([
      "Native type 'int' is used in attribute 'legacy_native'. Consider using a core DataJoint type for better portability.",
    ])
    expect(sqlOf(plans.get('Settings'))[0]).toBe(
      'CREATE TABLE IF NOT EXISTS `probe_main`.`#settings` (\n' +
        '`_singleton` tinyint NOT NULL DEFAULT TRUE COMMENT ":bool:singleton primary key",\n' +
        '`param` int NOT NULL COMMENT ":int32:",\n' +
        'PRIMARY KEY (`_singleton`)\n' +
        ') ENGINE=InnoDB, COMMENT "singleton"',
    )
  })

  it('MySQL: the simulated server shows the indexes of A.1, InnoDB’s FK indexes included', () => {
    const { catalog } = declareProbe('mysql')
    const indexes = (table: string) =>
      catalog.indexes.filter((i) => i.table === table).map((i) => `${i.unique ? 'UNIQUE ' : ''}${i.name}(${i.columns.join(',')})`)
    expect(indexes('subject')).toEqual(['sex(sex,dob)', 'UNIQUE code(code)', 'species(species)', 'lab_id(lab_id,researcher_id)'])
    expect(indexes('session')).toEqual(['UNIQUE host_lab(host_lab)'])
    expect(indexes('pair')).toEqual(['subj_b(subj_b)'])
  })

  it('PostgreSQL: enum type first, then table, indexes (DataJoint 2.3 FK indexes last), comments', () => {
    const { plans } = declareProbe('postgresql')
    const statements = plans.get('Subject')?.statements ?? []
    expect(statements[0]).toEqual({
      sql: 'CREATE TYPE "probe_main"."enum_e54fc739" AS ENUM (\'F\', \'M\', \'U\')',
      ignoreErrors: true,
    })
    expect(statements.slice(2, 6).map((s) => s.sql)).toEqual([
      'CREATE INDEX "idx_subject_sex_dob" ON "probe_main"."subject" ("sex", "dob")',
      'CREATE UNIQUE INDEX "idx_subject_code" ON "probe_main"."subject" ("code")',
      'CREATE INDEX "idx_subject_lab_id_researcher_id" ON "probe_main"."subject" ("lab_id", "researcher_id")',
      'CREATE INDEX "idx_subject_species" ON "probe_main"."subject" ("species")',
    ])
    expect(statements[6]?.sql).toBe('COMMENT ON TABLE "probe_main"."subject" IS \'\'')
    expect(statements.slice(7).map((s) => s.sql.replace(/^COMMENT ON COLUMN "probe_main"."subject"\./, ''))).toEqual([
      "\"subject_id\" IS ':int64:'",
      '"sex" IS \':enum(\'\'F\'\', \'\'M\'\', \'\'U\'\'):\'',
      "\"weight\" IS ':float32:'",
      "\"height\" IS ':float64:'",
      "\"price\" IS ':decimal(8,3):'",
      "\"alive\" IS ':bool:'",
      "\"code\" IS ':char(4):'",
      "\"tiny\" IS ':int8:'",
      "\"uid\" IS ':uuid:'",
      "\"info\" IS ':json:'",
      "\"raw\" IS ':bytes:'",
      "\"dob\" IS ':date:'",
      "\"seen\" IS ':datetime:'",
      "\"seen3\" IS ':datetime(3):'",
      "\"pic\" IS ':<blob>:'",
      "\"doc\" IS ':<attach>:'",
    ])
    expect(sqlOf(plans.get('Pair')).slice(1)).toEqual([
      'CREATE INDEX "idx_pair_subj_b" ON "probe_main"."pair" ("subj_b")',
      'COMMENT ON TABLE "probe_main"."pair" IS \'\'',
    ])
  })

  it('PostgreSQL: quotes in comments are stored as Python stores them (A.2)', () => {
    const { plans } = declareProbe('postgresql')
    const lab = sqlOf(plans.get('Lab'))
    expect(lab).toContain('COMMENT ON TABLE "probe_main"."lab" IS \'Research "labs" with \'\'quotes\'\'\'')
    expect(lab).toContain('COMMENT ON COLUMN "probe_main"."lab"."lab_id" IS \':int32:lab \\"id\\"\'')
    expect(lab[0]).toContain('"institution" varchar(200) NOT NULL DEFAULT \'MIT\'')
  })

  it('PostgreSQL: the singleton column comes first, its comment last', () => {
    const { plans } = declareProbe('postgresql')
    expect(sqlOf(plans.get('Settings'))).toEqual([
      'CREATE TABLE IF NOT EXISTS "probe_main"."#settings" (\n"_singleton" boolean NOT NULL DEFAULT TRUE,\n"param" integer NOT NULL,\nPRIMARY KEY ("_singleton")\n) ',
      'COMMENT ON TABLE "probe_main"."#settings" IS \'singleton\'',
      'COMMENT ON COLUMN "probe_main"."#settings"."param" IS \':int32:\'',
      'COMMENT ON COLUMN "probe_main"."#settings"."_singleton" IS \':bool:singleton primary key\'',
    ])
  })

  it.each(['mysql', 'postgresql'] as const)('%s: lineage rows are those of A.2', (backend) => {
    const { catalog } = declareProbe(backend)
    const rows = catalog.lineage.map((r) => `${r.table}.${r.attribute} -> ${r.lineage}`).sort()
    expect(rows).toEqual(
      [
        'lab.lab_id -> probe_main.lab.lab_id',
        'researcher.lab_id -> probe_main.lab.lab_id',
        'researcher.researcher_id -> probe_main.researcher.researcher_id',
        '#species.species -> probe_main.#species.species',
        'subject.species -> probe_main.#species.species',
        'subject.lab_id -> probe_main.lab.lab_id',
        'subject.researcher_id -> probe_main.researcher.researcher_id',
        'subject.subject_id -> probe_main.subject.subject_id',
        'session.subject_id -> probe_main.subject.subject_id',
        'session.session -> probe_main.session.session',
        'session.host_lab -> probe_main.lab.lab_id',
        'session__trial.subject_id -> probe_main.subject.subject_id',
        'session__trial.session -> probe_main.session.session',
        'session__trial.trial -> probe_main.session__trial.trial',
        'pair.subj_a -> probe_main.subject.subject_id',
        'pair.subj_b -> probe_main.subject.subject_id',
        '#settings._singleton -> probe_main.#settings._singleton',
        '__session_stats.subject_id -> probe_main.subject.subject_id',
        '__session_stats.session -> probe_main.session.session',
      ].sort(),
    )
  })

  it('orders lineage rows as Python: foreign-key attributes first, then the table’s own key', () => {
    const { plans } = declareProbe('mysql')
    expect(plans.get('Session')?.lineage).toEqual([
      { attribute: 'subject_id', lineage: 'probe_main.subject.subject_id' },
      { attribute: 'host_lab', lineage: 'probe_main.lab.lab_id' },
      { attribute: 'session', lineage: 'probe_main.session.session' },
    ])
    expect(plans.get('Session')?.primaryKey).toEqual(['subject_id', 'session'])
  })

  it.each(['mysql', 'postgresql'] as const)('%s: job metadata columns go last on Computed tables', (backend) => {
    const { plans } = declareProbe(backend, { addJobMetadata: true, allowNewPkFieldsInComputed: false })
    const create = sqlOf(plans.get('SessionStats'))[0] ?? ''
    const q = backend === 'mysql' ? '`' : '"'
    const lines = create.split('\n')
    expect(lines.slice(3, 7)).toEqual(
      backend === 'mysql'
        ? [
            '`n_trials` int NOT NULL COMMENT ":int32:",',
            '`_job_start_time` datetime(3) DEFAULT NULL,',
            '`_job_duration` float DEFAULT NULL,',
            "`_job_version` varchar(64) DEFAULT '',",
          ]
        : [
            '"n_trials" integer NOT NULL,',
            '"_job_start_time" timestamp DEFAULT NULL,',
            '"_job_duration" real DEFAULT NULL,',
            `"_job_version" varchar(64) DEFAULT '',`,
          ],
    )
    expect(sqlOf(plans.get('Trial'))[0]).not.toContain(`${q}_job_`)
    expect(sqlOf(plans.get('Lab'))[0]).not.toContain(`${q}_job_`)
  })
})

describe('planDeclaration: attributes', () => {
  it.each([
    ['a = 1 : int32', "`a` int NOT NULL DEFAULT '1' COMMENT \":int32:\""],
    ['a = 3.5 : float64', "`a` double NOT NULL DEFAULT '3.5' COMMENT \":float64:\""],
    ['a = true : bool', "`a` tinyint NOT NULL DEFAULT 'true' COMMENT \":bool:\""],
    ['a = abc : varchar(8)', "`a` varchar(8) NOT NULL DEFAULT 'abc' COMMENT \":varchar(8):\""],
    ['a = "it\'s" : varchar(8)', "`a` varchar(8) NOT NULL DEFAULT 'it''s' COMMENT \":varchar(8):\""],
    ['a = \'x\' : varchar(8)', "`a` varchar(8) NOT NULL DEFAULT 'x' COMMENT \":varchar(8):\""],
    ['a = null : int32', '`a` int DEFAULT NULL COMMENT ":int32:"'],
    ['a = NULL : int32', '`a` int DEFAULT NULL COMMENT ":int32:"'],
    ['a = CURRENT_TIMESTAMP(3) : datetime(3)', '`a` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) COMMENT ":datetime(3):"'],
    ['a = current_timestamp : datetime', '`a` datetime NOT NULL DEFAULT current_timestamp COMMENT ":datetime:"'],
    ['a : int32 # say "hi"', '`a` int NOT NULL COMMENT ":int32:say \\"hi\\""'],
    ['a : int unsigned # plain', '`a` int unsigned NOT NULL COMMENT "plain"'],
    ['a : int unsigned', '`a` int unsigned NOT NULL'],
    ['a = null : <blob@store>', '`a` json DEFAULT NULL COMMENT ":<blob@store>:"'],
    ['a = null : <attach@>', '`a` json DEFAULT NULL COMMENT ":<attach@>:"'],
    ['a = null : <object@>', '`a` json DEFAULT NULL COMMENT ":<object@>:"'],
    ['a : <npy@s3>', '`a` json NOT NULL COMMENT ":<npy@s3>:"'],
    ['a : <filepath@raw>', '`a` json NOT NULL COMMENT ":<filepath@raw>:"'],
    ['a : <hash@s>', '`a` json NOT NULL COMMENT ":<hash@s>:"'],
    ["a : enum('x', 'y')", "`a` enum('x', 'y') NOT NULL COMMENT \":enum('x', 'y'):\""],
  ])('MySQL: %s', (line, column) => {
    const create = sqlOf(plan(`k : int32\n---\n${line}`))[0] ?? ''
    expect(create.split('\n')[2]).toBe(`${column},`)
  })

  it.each([
    ['a = 1 : bool', `"a" boolean NOT NULL DEFAULT '1'`, "':bool:'"],
    ['a : int32 # say "hi"', '"a" integer NOT NULL', "':int32:say \\\"hi\\\"'"],
    ["a : int32 # it's", '"a" integer NOT NULL', "':int32:it''s'"],
    ['a = null : <blob@store>', '"a" jsonb DEFAULT NULL', "':<blob@store>:'"],
    ['a = null : <blob>', '"a" bytea DEFAULT NULL', "':<blob>:'"],
    ['a : datetime(6)', '"a" timestamp(6) NOT NULL', "':datetime(6):'"],
    ['a : decimal(8, 3)', '"a" numeric(8, 3) NOT NULL', "':decimal(8, 3):'"],
    ['a : text # native', '"a" text NOT NULL', "'native'"],
  ])('PostgreSQL: %s', (line, column, comment) => {
    const statements = sqlOf(plan(`k : int32\n---\n${line}`, { backend: 'postgresql' }))
    expect(statements[0]?.split('\n')[2]).toBe(`${column},`)
    expect(statements.at(-1)).toBe(`COMMENT ON COLUMN "s"."t"."a" IS ${comment}`)
  })

  it('gives native attributes without comment no COMMENT ON statement', () => {
    const statements = sqlOf(plan('k : int32\n---\na : text', { backend: 'postgresql' }))
    expect(statements.filter((s) => s.includes('"a" IS'))).toEqual([])
  })

  it('rejects non-null blob defaults on MySQL only (the check reads the final SQL type)', () => {
    const error = failure(() => plan("k : int32\n---\nb = '' : <blob>"))
    expect(error.message).toBe("The default value for blob attributes can only be NULL in:\nb = '' : <blob>")
    expect(error.details.line).toBe(3)
    expect(() => plan("k : int32\n---\nb = '' : <blob>", { backend: 'postgresql' })).not.toThrow()
    expect(() => plan("k : int32\n---\nb = '' : longblob", { backend: 'postgresql' })).toThrow(/blob attributes/)
    expect(() => plan("k : int32\n---\nb = '[]' : json")).not.toThrow()
  })

  it.each([
    ['a : <hash>', '<hash> requires @ (in-store storage only)'],
    ['a : <filepath>', '<filepath> requires @ symbol. Use <filepath@> for default store or <filepath@store> to specify store.'],
    ['a : <object>', '<object> requires @ (store only)'],
    ['a : <graph>', "Codec <graph> is not registered. Define a Codec subclass with name='{type_name}'."],
    ['a : INT32', 'Unknown core type: INT32'],
    ['a : jsonb', 'Unknown core type: jsonb'],
    ['a : decimal (8,3)', 'Unknown core type: decimal (8,3)'],
  ])('rejects %s with the line', (line, message) => {
    const error = failure(() => plan(`k : int32\n---\n${line}`))
    expect(error.message).toBe(message)
    expect(error.details.line).toBe(3)
  })

  it('accepts user codecs', () => {
    const codecs = new Map([['graph', { name: 'graph', inTable: '<blob>', inStore: '<blob>' }]])
    const create = sqlOf(plan('k : int32\n---\ng : <graph>', { declaration: { codecs } }))[0]
    expect(create).toContain('`g` longblob NOT NULL COMMENT ":<graph>:"')
  })

  it('creates each PostgreSQL enum type once per table, in first-use order with the last-declared labels', () => {
    const ab = pgEnumTypeName(['a', 'b'])
    const z = pgEnumTypeName(['z'])
    const statements = plan("k : enum('b', 'a')\n---\nx : enum('a', 'b')\ny : enum('z')", { backend: 'postgresql' }).statements
    expect(statements.slice(0, 2)).toEqual([
      // Python's pending-types dict keeps the first position but takes the values of the last declaration.
      { sql: `CREATE TYPE "s"."${ab}" AS ENUM ('a', 'b')`, ignoreErrors: true },
      { sql: `CREATE TYPE "s"."${z}" AS ENUM ('z')`, ignoreErrors: true },
    ])
    expect(statements[2]?.sql).toContain(`"k" "s"."${ab}" NOT NULL,\n"x" "s"."${ab}" NOT NULL,\n"y" "s"."${z}" NOT NULL`)
  })

  it('ignores a repeated attribute name, like Python', () => {
    const create = sqlOf(plan('k : int32\n---\na : int32\na : int64'))[0] ?? ''
    expect(create.match(/`a`/g)).toHaveLength(1)
  })

  it('builds JSON-path and expression indexes per backend', () => {
    const definition = 'k : int32\n---\ndata : json\nindex (data.a.b:int, data.c[0], (k + 1), k)'
    expect(sqlOf(plan(definition))[0]).toContain(
      "index ((json_value(`data`, _utf8mb4'$.a.b' returning int)),(json_value(`data`, _utf8mb4'$.c[0]')),(k + 1),`k`)",
    )
    // PostgreSQL re-parses the clause with a regex, mangling expressions exactly as DataJoint does.
    expect(sqlOf(plan('k : int32\n---\nindex (k)\nunique index (k, j)', { backend: 'postgresql' })).slice(1, 3)).toEqual([
      'CREATE INDEX "idx_t_k" ON "s"."t" ("k")',
      'CREATE UNIQUE INDEX "idx_t_k_j" ON "s"."t" ("k", "j")',
    ])
  })

  it('truncates the column part of PostgreSQL index names to 30 characters', () => {
    const statements = sqlOf(plan('k : int32\n---\naaaaaaaaaa : int32\nbbbbbbbbbb : int32\ncccccccccc : int32\nindex (aaaaaaaaaa, bbbbbbbbbb, cccccccccc)', { backend: 'postgresql' }))
    expect(statements[1]).toBe(
      'CREATE INDEX "idx_t_aaaaaaaaaa_bbbbbbbbbb_cccccccc" ON "s"."t" ("aaaaaaaaaa", "bbbbbbbbbb", "cccccccccc")',
    )
  })
})

describe('planDeclaration: foreign keys', () => {
  const subjectKey = [
    attribute({ name: 'subject_id', sqlType: 'int', comment: 'subject id', lineage: 'p.subject.subject_id', coreType: 'int32' }),
  ]
  const subject: ResolvedParent = { schema: 'p', table: 'subject', primaryKey: subjectKey }

  it('copies the parent’s SQL type and user comment (MySQL), no comment on PostgreSQL', () => {
    expect(sqlOf(plan('-> Subject\nx : int32', { parents: [subject] }))[0]).toContain('`subject_id` int NOT NULL COMMENT "subject id",')
    const pg = sqlOf(plan('-> Subject\nx : int32', { backend: 'postgresql', parents: [{ ...subject, primaryKey: [attribute({ name: 'subject_id', sqlType: 'integer', comment: 'subject id' })] }] }))
    expect(pg[0]).toContain('"subject_id" integer NOT NULL,')
    expect(pg.some((s) => s.includes('"subject_id" IS'))).toBe(false)
  })

  it('re-adds :uuid: to copied comments of uuid parents (MySQL)', () => {
    const parent: ResolvedParent = {
      schema: 'p',
      table: 'item',
      primaryKey: [attribute({ name: 'uid', sqlType: 'binary(16)', category: 'uuid', comment: 'item id' })],
    }
    expect(sqlOf(plan('-> Item', { parents: [parent] }))[0]).toContain('`uid` binary(16) NOT NULL COMMENT ":uuid:item id",')
  })

  it('copies a parent comment containing a double quote verbatim, as Python does (the server then rejects it)', () => {
    const parent: ResolvedParent = { schema: 'p', table: 'lab', primaryKey: [attribute({ name: 'lab_id', sqlType: 'int', comment: 'lab "id"' })] }
    expect(sqlOf(plan('-> Lab', { parents: [parent] }))[0]).toContain('`lab_id` int NOT NULL COMMENT "lab "id"",')
  })

  it('renames through proj and references the parent’s original names', () => {
    const statements = sqlOf(plan("-> Subject.proj(subj_a='subject_id')\n-> Subject.proj(subj_b='subject_id')", { parents: [subject, subject] }))
    expect(statements[0]).toContain('FOREIGN KEY (`subj_a`) REFERENCES `p`.`subject` (`subject_id`) ON UPDATE CASCADE ON DELETE RESTRICT')
    expect(statements[0]).toContain('PRIMARY KEY (`subj_a`, `subj_b`)')
  })

  it('makes nullable foreign-key columns nullable without a DEFAULT clause', () => {
    expect(sqlOf(plan('k : int32\n---\n-> [nullable] Subject', { parents: [subject] }))[0]).toContain('`subject_id` int COMMENT "subject id",')
  })

  it('shares attributes between foreign keys and lets the later parent define their lineage', () => {
    const a: ResolvedParent = { schema: 'p', table: 'a', primaryKey: [attribute({ name: 'x', sqlType: 'int', lineage: 'p.a.x' })] }
    const b: ResolvedParent = {
      schema: 'p',
      table: 'b',
      primaryKey: [attribute({ name: 'x', sqlType: 'int', lineage: 'p.b.x' }), attribute({ name: 'y', sqlType: 'int', lineage: 'p.b.y' })],
    }
    const result = plan('-> A\n-> B', { parents: [a, b] })
    expect(result.statements[0]?.sql.match(/`x` int/g)).toHaveLength(1)
    expect(result.statements[0]?.sql).toContain('FOREIGN KEY (`x`, `y`) REFERENCES `p`.`b` (`x`, `y`)')
    expect(result.lineage).toEqual([
      { attribute: 'x', lineage: 'p.b.x' },
      { attribute: 'y', lineage: 'p.b.y' },
    ])
  })

  it('falls back to the parent itself as origin, with Python’s warning, when the parent has no lineage', () => {
    const parent: ResolvedParent = { schema: 'legacy', table: 'subject', primaryKey: [attribute({ name: 'subject_id', sqlType: 'int' })] }
    const result = plan('-> Subject', { parents: [parent] })
    expect(result.lineage).toEqual([{ attribute: 'subject_id', lineage: 'legacy.subject.subject_id' }])
    expect(result.warnings).toEqual([
      'Lineage for `legacy`.`subject`.`subject_id` not found (parent schema\'s ~lineage table may be missing or incomplete). ' +
        "Using it as origin. Once the parent schema's lineage is rebuilt, run schema.rebuild_lineage() on this schema to correct the lineage.",
    ])
  })

  it('PostgreSQL: qualifies inherited enum types with the parent’s schema (or the given enum schema)', () => {
    const term: ResolvedParent = {
      schema: 'uni',
      table: 'term',
      primaryKey: [attribute({ name: 'term', sqlType: 'enum_eef550bc', category: 'enum' })],
    }
    expect(sqlOf(plan('-> Term', { backend: 'postgresql', parents: [term] }))[0]).toContain('"term" "uni"."enum_eef550bc" NOT NULL')
    expect(sqlOf(plan('-> Term', { backend: 'postgresql', parents: [{ ...term, enumTypeSchema: 'base' }] }))[0]).toContain(
      '"term" "base"."enum_eef550bc" NOT NULL',
    )
  })

  it('PostgreSQL: copies timestamps the way Python’s heading spells them (precision dropped)', () => {
    const parent: ResolvedParent = {
      schema: 'p',
      table: 'event',
      primaryKey: [
        attribute({ name: 'at', sqlType: 'timestamp(3)', category: 'datetime' }),
        attribute({ name: 'tz', sqlType: 'timestamptz', category: 'datetime' }),
        attribute({ name: 'd', sqlType: 'decimal(6,2)', category: 'decimal' }),
      ],
    }
    const create = sqlOf(plan('-> Event', { backend: 'postgresql', parents: [parent] }))[0]
    expect(create).toContain('"at" timestamp without time zone NOT NULL')
    expect(create).toContain('"tz" timestamp with time zone NOT NULL')
    expect(create).toContain('"d" decimal(6,2) NOT NULL')
  })

  it('PostgreSQL (DataJoint 2.3): indexes foreign keys not covered by the key or another index', () => {
    const two: ResolvedParent = {
      schema: 'p',
      table: 'two',
      primaryKey: [attribute({ name: 'a', sqlType: 'integer' }), attribute({ name: 'b', sqlType: 'integer' })],
    }
    const one: ResolvedParent = { schema: 'p', table: 'one', primaryKey: [attribute({ name: 'a', sqlType: 'integer' })] }
    const indexes = (text: string, parents: ResolvedParent[]) =>
      sqlOf(plan(text, { backend: 'postgresql', parents })).filter((s) => s.startsWith('CREATE'))
    // covered by the primary key
    expect(indexes('-> Two\nk : int32', [two])).toHaveLength(1)
    // a shorter FK covered by a longer FK index, emitted longest first
    expect(indexes('k : int32\n---\n-> One\n-> Two', [one, two])).toEqual([
      expect.stringContaining('CREATE TABLE'),
      'CREATE INDEX "idx_t_a_b" ON "s"."t" ("a", "b")',
    ])
    // covered by a declared index, and unique FKs get their unique index instead
    expect(indexes('k : int32\n---\n-> One\nindex (a, k)', [one])).toEqual([
      expect.stringContaining('CREATE TABLE'),
      'CREATE INDEX "idx_t_a_k" ON "s"."t" ("a", "k")',
    ])
    expect(indexes('k : int32\n---\n-> [unique] One', [one]).slice(1)).toEqual(['CREATE UNIQUE INDEX "idx_t_a" ON "s"."t" ("a")'])
    // MySQL leaves FK indexes to InnoDB
    expect(sqlOf(plan('k : int32\n---\n-> One', { parents: [one] }))[0]).not.toContain('INDEX')
  })

  it('needs one resolved parent per foreign key', () => {
    const error = failure(() => plan('-> Subject'))
    expect(error.message).toBe('Foreign key reference Subject could not be resolved')
    expect(error.details.line).toBe(1)
  })
})

describe('planDeclaration: table rules', () => {
  it('requires Computed/Imported keys to come from foreign keys (Python’s message), unless allowed', () => {
    const error = failure(() => plan('k : int32\n---\nx : int32', { tier: 'computed', table: '__t' }))
    // Python wraps the already-quoted full table name in backticks once more.
    expect(error.message).toBe(
      'Auto-populated table ``s`.`__t`` has non-FK primary key attribute(s): k. Computed and Imported tables must derive ' +
        'all primary key attributes from foreign key references. The make() method is called once per entity (row) in ' +
        'the table. If you need to compute multiple entities per job, define a Part table to store them. To bypass this ' +
        'restriction, set: dj.config.jobs.allow_new_pk_fields_in_computed_tables = True',
    )
    expect(error.details.line).toBe(1)
    expect(() => plan('k : int32', { tier: 'computed', table: '__t', declaration: { allowNewPkFieldsInComputed: true } })).not.toThrow()
    expect(() => plan('k : int32', { tier: 'part', table: '__m__t' })).not.toThrow()
    // A singleton's `_singleton` counts as a native key attribute, as in Python.
    expect(failure(() => plan('---\nx : int32', { tier: 'imported', table: '_t' })).message).toContain('attribute(s): _singleton.')
  })

  it('gives Imported parts job metadata but not Computed parts', () => {
    const withJobs = (table: string) =>
      sqlOf(plan('k : int32', { table, tier: 'part', declaration: { addJobMetadata: true } }))[0]?.includes('_job_start_time')
    expect(withJobs('_imp__part')).toBe(true)
    expect(withJobs('__comp__part')).toBe(false)
  })

  it('checks the table name length per backend', () => {
    expect(failure(() => plan('k : int32', { table: 'x'.repeat(65) })).message).toBe(`Table name \`${'x'.repeat(65)}\` exceeds the max length of 64`)
    expect(() => plan('k : int32', { table: 'x'.repeat(64) })).not.toThrow()
    expect(() => plan('k : int32', { table: 'x'.repeat(64), backend: 'postgresql' })).toThrow('exceeds the max length of 63')
  })

  it('passes the text through Python’s str.format rules', () => {
    expect(sqlOf(plan('k : int32 # {{literal}}'))[0]).toContain('COMMENT ":int32:{literal}"')
    expect(sqlOf(plan('k : int32 # in {database}'))[0]).toContain('COMMENT ":int32:in s"')
    const error = failure(() => plan('k : int32\n---\nx : int32 # {oops}'))
    expect(error.message).toMatch(/^KeyError: 'oops'/)
    expect(error.details.line).toBe(3)
    expect(failure(() => plan('# a } b\nk : int32')).details.line).toBe(1)
    expect(failure(() => plan("k : int32\n---\nb = '{}' : json")).message).toMatch(
      /^IndexError: Replacement index 0 out of range for positional args tuple/,
    )
    // The enum values reach PostgreSQL's column comment too, so Python fails there (after creating the table).
    expect(() => plan("k : enum('{x}')", { backend: 'postgresql' })).toThrow("KeyError: 'x'")
  })
})
