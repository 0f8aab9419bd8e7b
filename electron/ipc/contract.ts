// The one IPC surface between the renderer and the main-process services: channel → zod input/output and whether
// it modifies data. Every list of channel names is derived from it.
// Used by Electron's ipcMain registration and by the browser-mode WebSocket server alike.

import { z } from 'zod'
import { OrderItemSchema, QueryExprSchema } from '../../src/algebra/ast.schema'
import { BACKENDS } from '../../src/backend'
import { ERROR_CODES } from '../../src/errors/codes'

const Id = z.string().min(1).max(100).regex(/^[A-Za-z0-9_-]+$/)
const Name = z.string().min(1).max(64)

/** A cell value that survives JSON and structured clone alike. */
export const WireValueSchema = z.union([
  z.null(),
  z.boolean(),
  z.number(),
  z.string(),
  z.strictObject({ $bigint: z.string() }),
  /** Raw bytes: a hex preview of the first bytes and the total size (never the whole payload in a grid). */
  z.strictObject({ $bytes: z.strictObject({ size: z.number().int(), head: z.string() }) }),
  /** A decoded `<blob>` cell, summarised; the full value is fetched with `cell.value`. */
  z.strictObject({ $blob: z.strictObject({ summary: z.string(), size: z.number().int() }) }),
  /** json, and other structured values, as JSON text. */
  z.strictObject({ $json: z.string() }),
])
export type WireValue = z.infer<typeof WireValueSchema>

export const WireErrorSchema = z.strictObject({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  details: z.record(z.string(), z.unknown()),
})

export const BackendSchema = z.enum(BACKENDS)
export const TlsModeSchema = z.enum(['auto', 'required', 'disabled'])

const Host = z.string().min(1).max(255)
const Port = z.number().int().min(1).max(65535)
const User = z.string().min(1).max(128)

/** How the SSH user signs in: a private key file (its passphrase in the vault), the SSH agent, or a password (in the vault). */
export const SshAuthSchema = z.enum(['key', 'agent', 'password'])

/** An SSH server the database is reached through: the database's host and port are then as that server sees them. */
export const SshSchema = z.strictObject({
  host: Host,
  port: Port,
  user: User,
  auth: SshAuthSchema,
  /** The private key file (absolute path) for `auth: 'key'`. */
  keyFile: z.string().min(1).max(4096).nullable(),
})
export type Ssh = z.infer<typeof SshSchema>

/**
 * A saved connection. Secrets are never part of a profile: `hasPassword` and `hasSshSecret` say whether the vault
 * holds the database password and the SSH password or key passphrase.
 */
export const ProfileSchema = z.strictObject({
  id: Id,
  name: z.string().min(1).max(100),
  backend: BackendSchema,
  host: Host,
  port: Port,
  user: User,
  /** The PostgreSQL database (DataJoint's `database.name`); MySQL has none, and ignores it. */
  database: z.string().min(1).max(63).default('postgres'),
  /** The SSH tunnel, or null for a direct connection. */
  ssh: SshSchema.nullable().default(null),
  tls: TlsModeSchema,
  readOnly: z.boolean(),
  /** A CSS colour for the tab (`#rrggbb`). */
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/),
  hasPassword: z.boolean(),
  hasSshSecret: z.boolean().default(false),
})
export type Profile = z.infer<typeof ProfileSchema>

export const ProfileDraftSchema = ProfileSchema.omit({ id: true, hasPassword: true, hasSshSecret: true }).extend({ id: Id.optional() })

/** A draft to test: the name may still be empty. */
const TestDraftSchema = ProfileDraftSchema.extend({ name: z.string().max(100) })

/** An SSH server's host key, as `ssh` shows it: key type and SHA-256 fingerprint. */
export const HostKeySchema = z.strictObject({
  host: Host,
  port: Port,
  keyType: z.string().min(1).max(64),
  fingerprint: z.string().regex(/^SHA256:[A-Za-z0-9+/]{43}$/),
})

export const TabStateSchema = z.enum(['connecting', 'connected', 'lost', 'error', 'closed'])

export const TabSchema = z.strictObject({
  tabId: Id,
  title: z.string(),
  color: z.string(),
  backend: BackendSchema,
  readOnly: z.boolean(),
  isDemo: z.boolean(),
  /** The saved profile the tab was opened from ("Edit connection"); null for the Demo lab. */
  profileId: Id.nullable(),
  state: TabStateSchema,
  /** TLS actually in use; false shows the "not encrypted" badge (unless `viaSsh`). */
  encrypted: z.boolean(),
  /** Connected through an SSH tunnel: encrypted as far as the SSH server, whatever `encrypted` says. */
  viaSsh: z.boolean(),
  serverVersion: z.string(),
  /** What went wrong, for the `error` and `lost` states. */
  error: WireErrorSchema.nullable(),
})
export type Tab = z.infer<typeof TabSchema>

export const AttributeSchema = z.strictObject({
  name: z.string(),
  type: z.string(),
  sqlType: z.string(),
  category: z.string(),
  inKey: z.boolean(),
  nullable: z.boolean(),
  default: z.string().nullable(),
  comment: z.string(),
  lineage: z.string().nullable(),
  codec: z.string().nullable(),
  enumValues: z.array(z.string()).nullable(),
})
export type WireAttribute = z.infer<typeof AttributeSchema>

export const TierSchema = z.enum(['manual', 'lookup', 'imported', 'computed', 'part'])

export const TableSummarySchema = z.strictObject({
  table: z.string(),
  className: z.string(),
  tier: TierSchema,
  /** SQL name of the master, for part tables. */
  master: z.string().nullable(),
  comment: z.string(),
})

export const TableDetailSchema = z.strictObject({
  schema: z.string(),
  table: z.string(),
  className: z.string(),
  tier: TierSchema.nullable(),
  comment: z.string(),
  attributes: z.array(AttributeSchema),
  primaryKey: z.array(z.string()),
  /** `describe()`: the definition that declares this table. */
  definition: z.string(),
  foreignKeys: z.array(
    z.strictObject({ parentSchema: z.string(), parentTable: z.string(), attributes: z.array(z.string()), parentAttributes: z.array(z.string()) }),
  ),
  indexes: z.array(z.strictObject({ name: z.string(), unique: z.boolean(), attributes: z.array(z.string()) })),
})

const TableRefSchema = z.strictObject({ schema: Name, table: Name })

/** A schema name the app creates: letters, digits and underscores, as DataJoint's own schema names are. */
export const SchemaNameSchema = z.string().min(1).max(64).regex(/^[A-Za-z_][A-Za-z0-9_]*$/)

/** A table class name: DataJoint's CamelCase (`Lab`, `SessionTrial`). */
export const ClassNameSchema = z.string().min(1).max(64).regex(/^[A-Z][A-Za-z0-9]*$/)

/** What `table.previewDdl` and `table.declare` take: a class, its tier (a part names its master) and its definition. */
export const DeclareInputSchema = z.strictObject({
  tabId: Id,
  schema: Name,
  className: ClassNameSchema,
  tier: TierSchema,
  /** SQL name of the master table, for tier `part`. */
  master: Name.nullable(),
  definition: z.string().max(100_000),
})
export type DeclareInput = z.infer<typeof DeclareInputSchema>

/** A refusal of a definition, with the 1-based line of the definition it blames (null: the whole definition). */
export const DefinitionErrorSchema = z.strictObject({ message: z.string(), line: z.number().int().nullable() })
export type DefinitionError = z.infer<typeof DefinitionErrorSchema>

/** A table a drop would remove. */
export const DropNodeSchema = z.strictObject({ schema: z.string(), table: z.string(), className: z.string(), tier: TierSchema.nullable() })
export type DropNode = z.infer<typeof DropNodeSchema>

/**
 * What a diagram shows, as DataJoint's diagram algebra: the union of whole schemas (`dj.Diagram(schema)`, drawn as
 * one "N tables" node when listed in `collapsed`) and single tables, then each step in order — one generation of
 * a table's parents (`+ (dj.Diagram(t) - 1)`) or children (`+ (dj.Diagram(t) + 1)`), or hiding it (`- t`).
 */
export const DiagramViewSchema = z.strictObject({
  schemas: z.array(Name).max(100),
  tables: z.array(TableRefSchema).max(1000),
  steps: z.array(z.strictObject({ op: z.enum(['parents', 'children', 'hide']), table: TableRefSchema })).max(1000),
  collapsed: z.array(Name).max(100),
})
export type DiagramView = z.infer<typeof DiagramViewSchema>

/** `Diagram.graph()`: nodes in topological order, one edge per foreign key (see the engine's DiagramGraph). */
export const DiagramGraphSchema = z.strictObject({
  nodes: z.array(
    z.discriminatedUnion('kind', [
      z.strictObject({
        kind: z.literal('table'),
        name: z.string(),
        schema: z.string(),
        table: z.string(),
        className: z.string(),
        tier: TierSchema.nullable(),
        master: z.string().nullable(),
        distinguished: z.boolean(),
        external: z.boolean(),
      }),
      z.strictObject({ kind: z.literal('collapsed'), name: z.string(), schema: z.string(), tables: z.array(z.string()).readonly() }),
    ]),
  ).readonly(),
  edges: z.array(
    z.discriminatedUnion('kind', [
      z.strictObject({
        kind: z.literal('foreignKey'),
        parent: z.string(),
        child: z.string(),
        primary: z.boolean(),
        multi: z.boolean(),
        aliased: z.boolean(),
        attributeMap: z.record(z.string(), z.string()),
      }),
      z.strictObject({ kind: z.literal('bundle'), parent: z.string(), child: z.string() }),
    ]),
  ).readonly(),
})
export type WireDiagramGraph = z.infer<typeof DiagramGraphSchema>

/** How many nodes (tables and clusters) and edges a diagram to lay out may have. */
const LAYOUT_MAX_NODES = 20_000
const LAYOUT_MAX_EDGES = 100_000

const ElkEdgeSchema = z.strictObject({ id: z.string().max(2000), sources: z.array(z.string().max(2000)).length(1), targets: z.array(z.string().max(2000)).length(1) })
/** ELK's layout options: its own keys only, short values. */
const ElkOptionsSchema = z.record(z.string().regex(/^(elk|org\.eclipse\.elk)\.[A-Za-z.]+$/), z.string().max(200))

export interface ElkGraphInput {
  readonly id: string
  readonly width?: number | undefined
  readonly height?: number | undefined
  readonly layoutOptions?: Readonly<Record<string, string>> | undefined
  readonly children?: readonly ElkGraphInput[] | undefined
  readonly edges?: readonly z.infer<typeof ElkEdgeSchema>[] | undefined
}

const ElkNodeSchema: z.ZodType<ElkGraphInput> = z.lazy(() =>
  z.strictObject({
    id: z.string().max(2000),
    width: z.number().min(0).max(100_000).optional(),
    height: z.number().min(0).max(100_000).optional(),
    layoutOptions: ElkOptionsSchema.optional(),
    children: z.array(ElkNodeSchema).max(LAYOUT_MAX_NODES).optional(),
    edges: z.array(ElkEdgeSchema).max(LAYOUT_MAX_EDGES).optional(),
  }),
)

function countElk(node: ElkGraphInput, depth = 0): { nodes: number; edges: number; depth: number } {
  let total = { nodes: 1, edges: node.edges?.length ?? 0, depth }
  for (const child of node.children ?? []) {
    const sub = countElk(child, depth + 1)
    total = { nodes: total.nodes + sub.nodes, edges: total.edges + sub.edges, depth: Math.max(total.depth, sub.depth) }
  }
  return total
}

/** A diagram as ELK's JSON graph (the renderer measures its labels and chooses the options). */
export const ElkGraphSchema = ElkNodeSchema.refine((root) => {
  const { nodes, edges, depth } = countElk(root)
  return nodes <= LAYOUT_MAX_NODES && edges <= LAYOUT_MAX_EDGES && depth <= 8
}, `At most ${LAYOUT_MAX_NODES} nodes, ${LAYOUT_MAX_EDGES} edges, nested 8 deep.`)

const BoxSchema = z.strictObject({ id: z.string(), x: z.number(), y: z.number(), width: z.number(), height: z.number() })
const PointSchema = z.strictObject({ x: z.number(), y: z.number() })

/** ELK's answer: leaf boxes, cluster boxes, each edge's route (bends included), every coordinate relative to the root. */
export const WireLayoutSchema = z.strictObject({
  nodes: z.array(BoxSchema),
  clusters: z.array(BoxSchema),
  edges: z.array(z.strictObject({ id: z.string(), points: z.array(PointSchema) })),
  width: z.number(),
  height: z.number(),
})
export type WireLayout = z.infer<typeof WireLayoutSchema>

/** A query of the builder saved under a name for one connection profile. */
export const SavedQuerySchema = z.strictObject({
  id: Id,
  name: z.string().min(1).max(200),
  tree: QueryExprSchema,
  /** The builder's own steps as JSON text (read back by the renderer), so a saved query reopens as editable steps. */
  draft: z.string().max(4_000_000),
  createdAt: z.string(),
  changedAt: z.string(),
})

/** One query run from the builder, kept in the profile's history. */
export const QueryHistoryEntrySchema = z.strictObject({
  tree: QueryExprSchema,
  draft: z.string().max(4_000_000),
  title: z.string().max(500),
  ranAt: z.string(),
})

/** A namesake attribute of two operands and whether DataJoint's semantic check lets it match. */
export const NamesakeMatchSchema = z.strictObject({
  name: z.string(),
  leftLineage: z.string().nullable(),
  rightLineage: z.string().nullable(),
  matches: z.boolean(),
})

/**
 * A row typed into a data-entry form: values by attribute name (see `entry.insert`). A `<blob>` value is JSON-like
 * text or an uploaded `.npy` file as a data URL (the engine's NPY_DATA_URL_PREFIX), read in the main process.
 */
const EntryRowSchema = z.record(Name, z.union([z.null(), z.boolean(), z.number(), z.string().max(16 * 1024 * 1024)]))

/**
 * A change staged in the pending-changes panel: DataJoint's update1 of one row (its whole primary key and the
 * values changed, as typed), or a cascade delete of `expr` whose preview counted `expectedTotal` rows.
 */
const StagedChangeSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('update'), schema: Name, table: Name, row: EntryRowSchema }),
  z.strictObject({
    kind: z.literal('delete'),
    expr: QueryExprSchema,
    partIntegrity: z.enum(['enforce', 'ignore', 'cascade']),
    expectedTotal: z.number().int().min(0),
  }),
])
export type StagedChange = z.infer<typeof StagedChangeSchema>
const StagedChangesSchema = z.array(StagedChangeSchema).min(1).max(1000)

const TabInput = z.strictObject({ tabId: Id })

/** One side of a comparison: a tab's schema, or one of its tables. */
const CompareSchemaSide = z.strictObject({ tabId: Id, schema: Name })
const CompareTableSide = z.strictObject({ tabId: Id, schema: Name, table: Name })
/** A restriction both sides get, as the user typed it: read by the engine's parser in the main process. */
const CompareRestriction = z.string().max(10_000)
/** A primary-key value sent back to name a row (as the wire gave it; bytes and blobs never name rows). */
export const WireKeyValueSchema = z.union([z.null(), z.boolean(), z.number(), z.string().max(4096), z.strictObject({ $bigint: z.string().regex(/^-?\d{1,40}$/) })])
export type WireKeyValue = z.infer<typeof WireKeyValueSchema>
/** Rows of both sides matched by primary key, in one column order; `changed` names the cells that differ. */
const AlignedRowsSchema = z.strictObject({
  attributes: z.array(AttributeSchema),
  primaryKey: z.array(z.string()),
  /** Attributes of one side only (their cells on the other side are empty). */
  onlyLeftAttributes: z.array(z.string()),
  onlyRightAttributes: z.array(z.string()),
  rows: z.array(
    z.strictObject({ left: z.array(WireValueSchema).nullable(), right: z.array(WireValueSchema).nullable(), changed: z.array(z.string()) }),
  ),
})
const CountSchema = z.strictObject({ count: z.number(), estimated: z.boolean() })
/** An export begun: its id and file name (null ids: the save dialog was dismissed); browser mode's download URL. */
const ExportStartedSchema = z.strictObject({ exportId: Id.nullable(), fileName: z.string().nullable(), downloadUrl: z.string().nullable() })
/** Where one side's reading stopped: the primary key of the last row read from it (null: none yet), and how many rows. */
const SideCursorSchema = z.strictObject({ key: z.array(WireKeyValueSchema).min(1).max(64).nullable(), offset: z.number().int().min(0) })
export type WireSideCursor = z.infer<typeof SideCursorSchema>
/** Where a side-by-side page starts: each side's own place, as the page before gave it (`next`). */
const AlignedCursorSchema = z.strictObject({ left: SideCursorSchema, right: SideCursorSchema })

/** A view-state key the renderer chooses (e.g. `tab:<profile>:table:<schema>.<table>`); never an object's own property names. */
export const UiStateKeySchema = z
  .string()
  .min(1)
  .max(400)
  .refine((key) => !['__proto__', 'constructor', 'prototype'].includes(key), 'Not a view-state key.')
/** How much view state a key may hold, as JSON text: a view's settings, never data. */
export const UI_STATE_MAX_VALUE_CHARS = 32_768
/** Beyond this many keys, the least recently saved are forgotten. */
export const UI_STATE_MAX_ENTRIES = 2_000
const UI_STATE_MAX_DEPTH = 16

export type UiStateValue = string | number | boolean | null | UiStateValue[] | { [key: string]: UiStateValue }

/** Plain JSON data no deeper than `UI_STATE_MAX_DEPTH` (checked before anything walks it recursively). */
function isUiStateValue(value: unknown, depth = 0): value is UiStateValue {
  if (depth > UI_STATE_MAX_DEPTH) return false
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true
  if (typeof value === 'number') return Number.isFinite(value)
  if (Array.isArray(value)) return value.every((item) => isUiStateValue(item, depth + 1))
  if (typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return false
  return Object.values(value).every((item) => isUiStateValue(item, depth + 1))
}

export const UiStateValueSchema = z.custom<UiStateValue>(
  (value) => isUiStateValue(value) && JSON.stringify(value).length <= UI_STATE_MAX_VALUE_CHARS,
  `A view state is plain JSON, at most ${UI_STATE_MAX_DEPTH} levels deep and ${UI_STATE_MAX_VALUE_CHARS} characters long.`,
)
export const UiStateEntrySchema = z.strictObject({ value: UiStateValueSchema, savedAt: z.number() })
const RequestId = z.string().min(1).max(100)

/** What every channel declares. */
export interface ChannelSpec {
  readonly input: z.ZodType
  readonly output: z.ZodType
  /**
   * Whether the channel changes a database's contents (the app's own settings, such as saved connections, do not
   * count). The dispatcher refuses such a call before its handler runs when the input's `tabId` is a read-only tab.
   */
  readonly modifiesData: boolean
}

/** Every channel: input and output schemas, and whether it modifies data. Names are `area.verb`. */
export const contract = {
  'app.info': {
    modifiesData: false,
    input: z.strictObject({}),
    output: z.strictObject({
      mode: z.enum(['electron', 'browser']),
      version: z.string(),
      /** Where passwords go: the OS keychain, an unprotected store (Linux `basic_text`), or memory only (browser mode). */
      vault: z.enum(['keychain', 'insecure', 'memory']),
    }),
  },
  'connections.list': { modifiesData: false, input: z.strictObject({}), output: z.array(ProfileSchema) },
  'connections.save': {
    modifiesData: false,
    input: z.strictObject({
      profile: ProfileDraftSchema,
      /** A new password; omitted keeps the stored one, null forgets it. */
      password: z.string().max(1024).nullable().optional(),
      /** A new SSH password or key passphrase: omitted keeps the stored one, null forgets it. */
      sshSecret: z.string().max(1024).nullable().optional(),
      /** Needed to store a password when the vault is `insecure`. */
      allowInsecureStorage: z.boolean().optional(),
      /** From `connections.import`: stores the password found in the imported `.secrets/` (unless `password` is given). */
      importToken: Id.optional(),
    }),
    output: ProfileSchema,
  },
  'connections.delete': { modifiesData: false, input: z.strictObject({ profileId: Id }), output: z.strictObject({}) },
  'connections.test': {
    modifiesData: false,
    /**
     * Connects once and disconnects. Password: `password` if given, else the imported one (`importToken`), else the
     * saved one of `profile.id` (likewise `sshSecret`). A saved or imported secret is only sent to the server it was
     * saved for: the same backend, host, port, user and SSH endpoint. An SSH server whose host key is not yet trusted
     * fails with HOST_KEY_UNKNOWN (its key in `details`), one whose key changed with HOST_KEY_CHANGED.
     */
    input: z.strictObject({
      profile: TestDraftSchema,
      password: z.string().max(1024).optional(),
      sshSecret: z.string().max(1024).optional(),
      importToken: Id.optional(),
    }),
    output: z.strictObject({ serverVersion: z.string(), encrypted: z.boolean(), latencyMs: z.number() }),
  },
  /**
   * Trusts an SSH host key on first use: only the key that server just presented (a HOST_KEY_UNKNOWN) is accepted,
   * and never in place of a different key already trusted for that host and port.
   */
  'connections.trustHostKey': { modifiesData: false, input: HostKeySchema, output: z.strictObject({}) },
  /** Reads a `datajoint.json` (and its `.secrets/`) into a profile draft; the password, if any, goes to the vault on save. */
  'connections.import': {
    modifiesData: false,
    input: z.strictObject({ path: z.string().min(1).max(4096) }),
    output: z.strictObject({ profile: ProfileDraftSchema, passwordFound: z.boolean(), importToken: Id.nullable() }),
  },
  'tabs.open': { modifiesData: false, input: z.strictObject({ profileId: Id.optional(), demo: z.boolean().optional() }), output: TabSchema },
  'tabs.close': { modifiesData: false, input: TabInput, output: z.strictObject({}) },
  'tabs.list': { modifiesData: false, input: z.strictObject({}), output: z.array(TabSchema) },
  'tabs.reconnect': { modifiesData: false, input: TabInput, output: TabSchema },
  'schema.list': { modifiesData: false, input: TabInput, output: z.array(z.string()) },
  'schema.tables': { modifiesData: false, input: z.strictObject({ tabId: Id, schema: Name }), output: z.array(TableSummarySchema) },
  'table.detail': { modifiesData: false, input: z.strictObject({ tabId: Id, schema: Name, table: Name }), output: TableDetailSchema },
  'table.rowCounts': {
    modifiesData: false,
    input: z.strictObject({ tabId: Id, schema: Name, tables: z.array(Name).max(10_000), estimate: z.boolean() }),
    output: z.record(z.string(), z.strictObject({ count: z.number(), estimated: z.boolean() })),
  },
  'query.fetch': {
    modifiesData: false,
    input: z.strictObject({
      tabId: Id,
      requestId: RequestId,
      expr: QueryExprSchema,
      orderBy: z.array(OrderItemSchema).max(64),
      limit: z.number().int().min(1).max(10_000),
      offset: z.number().int().min(0),
      /** `offset` counts from the last row: the last pages of a huge table without an OFFSET over all the rows before. */
      fromEnd: z.boolean().optional(),
    }),
    output: z.strictObject({ attributes: z.array(AttributeSchema), rows: z.array(z.array(WireValueSchema)), elapsedMs: z.number() }),
  },
  'query.count': {
    modifiesData: false,
    input: z.strictObject({ tabId: Id, requestId: RequestId, expr: QueryExprSchema, estimate: z.boolean() }),
    output: z.strictObject({ count: z.number(), estimated: z.boolean() }),
  },
  'query.cancel': { modifiesData: false, input: z.strictObject({ tabId: Id, requestId: RequestId }), output: z.strictObject({ cancelled: z.boolean() }) },
  'query.explain': {
    modifiesData: false,
    input: z.strictObject({ tabId: Id, expr: QueryExprSchema }),
    output: z.strictObject({ sql: z.string(), attributes: z.array(AttributeSchema), primaryKey: z.array(z.string()) }),
  },
  /**
   * Export of a view (its restriction and order) streamed from the main process, with full values. In Electron the
   * main process asks where to save (a null exportId: the user dismissed the dialog); in browser mode the renderer
   * fetches `downloadUrl` (one time, within a minute) and the file arrives as a download. `export.progress` follows.
   */
  'export.start': {
    modifiesData: false,
    input: z.strictObject({
      tabId: Id,
      expr: QueryExprSchema,
      orderBy: z.array(OrderItemSchema).max(64),
      format: z.enum(['csv', 'json']),
      /** The attributes to write, in this order; null: every attribute of the view. */
      columns: z.array(Name).max(4096).nullable(),
      /** The table or query name the file is named after. */
      name: z.string().min(1).max(100),
      /** The view's row count as the renderer knows it, for progress only (null: unknown). */
      total: z.number().int().min(0).nullable(),
    }),
    output: ExportStartedSchema,
  },
  /** Stops an export: its statement is cancelled and its partial file deleted. */
  'export.cancel': { modifiesData: false, input: z.strictObject({ exportId: Id }), output: z.strictObject({ cancelled: z.boolean() }) },
  /**
   * A query as code: DataJoint Python that, run by itself against the same server, gives the same rows
   * (`dj.VirtualModule` lines, then `query = ...`), or the same query in this engine's TypeScript.
   */
  'query.code': {
    modifiesData: false,
    input: z.strictObject({ tabId: Id, expr: QueryExprSchema, language: z.enum(['python', 'typescript']) }),
    output: z.strictObject({ text: z.string() }),
  },
  /**
   * DataJoint Python from a notebook (one expression, or simple assignments ending in the query) as a tree; its
   * modules resolve by schema name, bare class names against `schema`. Errors carry line, column and construct.
   */
  'query.fromPython': {
    modifiesData: false,
    input: z.strictObject({ tabId: Id, code: z.string().min(1).max(100_000), schema: Name.nullable() }),
    output: z.strictObject({ expr: QueryExprSchema }),
  },
  /** The full value of one cell (decoded `<blob>`, json, bytes as hex), by primary key. */
  'cell.value': {
    modifiesData: false,
    input: z.strictObject({
      tabId: Id,
      schema: Name,
      table: Name,
      key: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
      attribute: Name,
    }),
    output: z.strictObject({
      text: z.string(),
      kind: z.enum(['blob', 'json', 'bytes', 'text']),
      truncated: z.boolean(),
      /** A `<blob>` holding one numeric array: its elements as little-endian bytes (base64), C order, for drawing and `.npy`. */
      array: z
        .strictObject({
          dtype: z.enum(['float64', 'float32', 'int8', 'uint8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'uint64', 'bool']),
          shape: z.array(z.number().int().min(0)),
          data: z.string(),
        })
        .optional(),
      /** Why a numeric array is not in `array` (too many elements). */
      arrayNote: z.string().optional(),
    }),
  },
  /** Inserts rows into a table (refused on read-only tabs). */
  'table.insert': {
    modifiesData: true,
    input: z.strictObject({
      tabId: Id,
      schema: Name,
      table: Name,
      rows: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))).min(1).max(10_000),
      skipDuplicates: z.boolean().optional(),
    }),
    output: z.strictObject({ inserted: z.number() }),
  },
  /**
   * Inserts rows of a table and, for a master, rows of its part tables, all in one transaction (nothing is written
   * unless everything is). Values are form values: text as typed (parsed by the attribute's type: integers in
   * range, exact decimals, dates, json, `<blob>` from JSON-like text), numbers, booleans, or null for an explicit
   * NULL; an empty field takes the attribute's default. A refusal's `details` name the `table`, `row` and
   * `attribute` it belongs to. Computed and Imported tables refuse unless `allowDirectInsert`.
   */
  'entry.insert': {
    modifiesData: true,
    input: z.strictObject({
      tabId: Id,
      schema: Name,
      table: Name,
      rows: z.array(EntryRowSchema).min(1).max(50_000),
      parts: z.array(z.strictObject({ table: Name, rows: z.array(EntryRowSchema).max(50_000) })).max(64),
      skipDuplicates: z.boolean().optional(),
      allowDirectInsert: z.boolean().optional(),
    }),
    output: z.strictObject({ inserted: z.record(z.string(), z.number()) }),
  },
  /**
   * A page of a parent table's rows for a foreign-key picker: its primary key and first secondary attributes, in
   * key order after `after` (keyset paging), restricted to rows where one of them matches `search`.
   */
  'entry.parentPage': {
    modifiesData: false,
    input: z.strictObject({
      tabId: Id,
      schema: Name,
      table: Name,
      search: z.string().max(200),
      after: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).nullable(),
      limit: z.number().int().min(1).max(500),
      /**
       * Every row an earlier search matched, when it matched fewer than a page: a search that contains that one's
       * text finds its text matches among those rows (by key) instead of reading the whole table again.
       */
      narrow: z
        .strictObject({
          search: z.string().max(200),
          keys: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))).max(500),
        })
        .nullable()
        .optional(),
      /** Makes the search cancellable with `query.cancel` (a picker's read-ahead of every match, dropped when unused). */
      requestId: RequestId.optional(),
    }),
    output: z.strictObject({
      attributes: z.array(AttributeSchema),
      primaryKey: z.array(z.string()),
      rows: z.array(z.array(WireValueSchema)),
      hasMore: z.boolean(),
    }),
  },
  /** DataJoint's `update1`: one row's secondary attributes, the row named by its whole primary key (in `row`). */
  'entry.update': {
    modifiesData: true,
    input: z.strictObject({ tabId: Id, schema: Name, table: Name, row: EntryRowSchema }),
    output: z.strictObject({}),
  },
  /**
   * Deletes `expr` (a table or a restriction of one) with DataJoint's cascade, in one transaction, only when the
   * cascade still removes `expectedTotal` rows (the total of the confirmed preview); counts by full table name.
   */
  'entry.delete': {
    modifiesData: true,
    input: z.strictObject({
      tabId: Id,
      expr: QueryExprSchema,
      partIntegrity: z.enum(['enforce', 'ignore', 'cascade']),
      expectedTotal: z.number().int().min(0),
    }),
    output: z.strictObject({ counts: z.record(z.string(), z.number()), total: z.number() }),
  },
  /**
   * Commits staged changes in one transaction, in order: all of them or none. A refusal names the change that
   * failed (`details.change`, its index) and nothing is changed. Rows deleted (cascade total) or updated, per change.
   */
  'entry.commit': {
    modifiesData: true,
    input: z.strictObject({ tabId: Id, changes: StagedChangesSchema }),
    output: z.strictObject({ rows: z.array(z.number()) }),
  },
  /** The staged changes as DataJoint Python 2.2 or as this engine's TypeScript, in one transaction; nothing runs. */
  'entry.changesCode': {
    modifiesData: false,
    input: z.strictObject({ tabId: Id, changes: StagedChangesSchema, language: z.enum(['python', 'typescript']) }),
    output: z.strictObject({ text: z.string() }),
  },
  /** Creates an empty schema (DataJoint's `dj.Schema(name)`); DUPLICATE when it exists already. */
  'schema.create': {
    modifiesData: true,
    input: z.strictObject({ tabId: Id, schema: SchemaNameSchema }),
    output: z.strictObject({}),
  },
  /**
   * The DDL declaring a table would run, per backend (the tab's first), nothing executed; the definition's errors as
   * data with the line DataJoint's parser blames, for the editor to mark.
   */
  'table.previewDdl': {
    modifiesData: false,
    input: DeclareInputSchema,
    output: z.strictObject({
      tableName: z.string().nullable(),
      exists: z.boolean(),
      ddl: z.array(z.strictObject({ backend: BackendSchema, statements: z.array(z.string()), error: DefinitionErrorSchema.nullable() })),
      warnings: z.array(z.string()),
      error: DefinitionErrorSchema.nullable(),
    }),
  },
  /** Declares a table from its definition with the engine, as DataJoint Python's `schema(Class)` does. */
  'table.declare': {
    modifiesData: true,
    input: DeclareInputSchema,
    output: z.strictObject({ tableName: z.string() }),
  },
  /** What DataJoint's `drop()` of the table would drop: it and every dependent table, leaves first. */
  'table.dropPreview': {
    modifiesData: false,
    input: z.strictObject({ tabId: Id, schema: Name, table: Name }),
    output: z.strictObject({ tables: z.array(DropNodeSchema) }),
  },
  /** Drops the table with its dependents, only when they are still exactly `expected` (the confirmed preview). */
  'table.drop': {
    modifiesData: true,
    input: z.strictObject({ tabId: Id, schema: Name, table: Name, expected: z.array(TableRefSchema).max(100_000) }),
    output: z.strictObject({ dropped: z.number() }),
  },
  /** What dropping the schema would drop, and the tables of other schemas that depend on it (which refuse the drop). */
  'schema.dropPreview': {
    modifiesData: false,
    input: z.strictObject({ tabId: Id, schema: Name }),
    output: z.strictObject({ tables: z.array(DropNodeSchema), dependents: z.array(DropNodeSchema) }),
  },
  /** Drops the schema with its tables, only when they are still exactly `expected` (the confirmed preview). */
  'schema.drop': {
    modifiesData: true,
    input: z.strictObject({ tabId: Id, schema: Name, expected: z.array(TableRefSchema).max(100_000) }),
    output: z.strictObject({ dropped: z.number() }),
  },
  /** The diagram of schemas and tables of one connection, as graph data for the renderer to lay out. */
  'diagram.graph': { modifiesData: false, input: z.strictObject({ tabId: Id, view: DiagramViewSchema }), output: DiagramGraphSchema },
  /**
   * The layout of a diagram (ELK's layered algorithm, in the main process's layout worker): the same graph is laid
   * out once per app run (`cached`); `ms` is the time the main process took.
   */
  'diagram.layout': {
    modifiesData: false,
    input: z.strictObject({ graph: ElkGraphSchema }),
    output: WireLayoutSchema.extend({ cached: z.boolean(), ms: z.number() }),
  },
  /** The same diagram as DataJoint's Mermaid flowchart (for export). */
  'diagram.mermaid': {
    modifiesData: false,
    input: z.strictObject({ tabId: Id, view: DiagramViewSchema, direction: z.enum(['LR', 'TB']) }),
    output: z.strictObject({ text: z.string() }),
  },
  /**
   * What deleting `expr` (a table, or a restriction of one) would remove, without deleting anything
   * (`dj.Diagram.cascade(expr).counts()`): the tables it reaches and their row counts by full table name.
   */
  'diagram.cascade': {
    modifiesData: false,
    input: z.strictObject({ tabId: Id, expr: QueryExprSchema, partIntegrity: z.enum(['enforce', 'ignore', 'cascade']) }),
    output: z.strictObject({ graph: DiagramGraphSchema, counts: z.record(z.string(), z.number()) }),
  },
  /**
   * The query builder's steps checked without running anything: each step's tree resolved (heading and primary
   * key, or DataJoint's typed error), and for a join, semijoin or aggregation the namesakes of its two operands
   * with their lineages.
   */
  'query.check': {
    modifiesData: false,
    input: z.strictObject({
      tabId: Id,
      steps: z
        .array(z.strictObject({ expr: QueryExprSchema, operands: z.strictObject({ left: QueryExprSchema, right: QueryExprSchema }).nullable() }))
        .max(1000),
    }),
    output: z.array(
      z.strictObject({
        attributes: z.array(AttributeSchema),
        primaryKey: z.array(z.string()),
        matches: z.array(NamesakeMatchSchema),
        error: WireErrorSchema.nullable(),
      }),
    ),
  },
  /** Saved queries of the tab's connection profile (the Demo lab's own for the Demo lab). */
  'savedQueries.list': { modifiesData: false, input: TabInput, output: z.array(SavedQuerySchema) },
  /** Saves a new query (no `id`) or replaces one. */
  'savedQueries.save': {
    modifiesData: false,
    input: z.strictObject({ tabId: Id, id: Id.optional(), name: z.string().min(1).max(200), tree: QueryExprSchema, draft: z.string().max(4_000_000) }),
    output: SavedQuerySchema,
  },
  'savedQueries.delete': { modifiesData: false, input: z.strictObject({ tabId: Id, id: Id }), output: z.strictObject({}) },
  /** The last runs of the tab's profile, newest first. */
  'queryHistory.list': { modifiesData: false, input: TabInput, output: z.array(QueryHistoryEntrySchema) },
  'queryHistory.add': {
    modifiesData: false,
    input: z.strictObject({ tabId: Id, tree: QueryExprSchema, draft: z.string().max(4_000_000), title: z.string().max(500) }),
    output: z.strictObject({}),
  },
  /** The views' saved state (where the user was), read once at start; the renderer validates each value it reads. */
  'session.uiState': { modifiesData: false, input: z.strictObject({}), output: z.record(UiStateKeySchema, UiStateEntrySchema) },
  /** Saves (or, with null, forgets) view state by key. */
  'session.saveUiState': {
    modifiesData: false,
    input: z.strictObject({ entries: z.record(UiStateKeySchema, UiStateValueSchema.nullable()).refine((e) => Object.keys(e).length <= 200, 'At most 200 entries at once.') }),
    output: z.strictObject({}),
  },
  /** Drops and reseeds the Demo lab. It names no tab: the Demo lab is never read-only. */
  'demo.reset': { modifiesData: true, input: z.strictObject({}), output: TabSchema },
  /**
   * What references the rows of `expr` (a table, or a restriction of one such as the grid's selected rows): one entry
   * per foreign key of a child or part table that references it (DataJoint's `children()`, in any schema, renamed
   * foreign keys included), with that child restricted to the rows referencing them (`Child & (Parent & keys).proj(
   * new_name='old')`) and its row count. One count statement per foreign key, whatever the number of selected rows.
   */
  'table.references': {
    modifiesData: false,
    input: z.strictObject({ tabId: Id, expr: QueryExprSchema }),
    output: z.strictObject({
      references: z.array(
        z.strictObject({
          schema: z.string(),
          table: z.string(),
          /** `Master.Part` for part tables. */
          className: z.string(),
          tier: TierSchema.nullable(),
          /** Child column → referenced column. */
          attributeMap: z.record(z.string(), z.string()),
          aliased: z.boolean(),
          count: z.number(),
          expr: QueryExprSchema,
        }),
      ),
    }),
  },
  /**
   * Two schemas compared as DataJoint sees them (`dj.diffSchemas`): tables on one side only, and per table found on
   * both its differences, both `describe()` texts and both row counts (estimated for huge tables).
   */
  'compare.schemas': {
    modifiesData: false,
    input: z.strictObject({ left: CompareSchemaSide, right: CompareSchemaSide }),
    output: z.strictObject({
      left: z.strictObject({ schema: z.string(), backend: z.string() }),
      right: z.strictObject({ schema: z.string(), backend: z.string() }),
      onlyLeft: z.array(z.string()),
      onlyRight: z.array(z.string()),
      equal: z.boolean(),
      tables: z.array(
        z.strictObject({
          className: z.string(),
          table: z.strictObject({ left: z.string(), right: z.string() }),
          describe: z.strictObject({ left: z.string(), right: z.string() }),
          differences: z.array(
            z.strictObject({
              aspect: z.enum(['tier', 'comment', 'primaryKey', 'attribute', 'attributeOrder', 'foreignKey', 'index', 'lineage']),
              name: z.string().nullable(),
              property: z.enum(['type', 'nullable', 'default', 'comment', 'presence']).nullable(),
              left: z.string().nullable(),
              right: z.string().nullable(),
            }),
          ),
          rows: z.strictObject({ left: CountSchema.nullable(), right: CountSchema.nullable() }),
        }),
      ),
    }),
  },
  /**
   * The rows of a table pair compared by checksums (`dj.diffRows`), both restricted alike; `compare.progress` events
   * report segments while it runs and `compare.cancel` stops it on both servers. The differences stay in the main
   * process under `jobId`, read with `compare.rowsPage` and copied with `compare.copy`.
   */
  'compare.rows': {
    modifiesData: false,
    input: z.strictObject({ jobId: Id, left: CompareTableSide, right: CompareTableSide, restriction: CompareRestriction }),
    output: z.strictObject({
      primaryKey: z.array(z.string()),
      compared: z.array(z.string()),
      attributesOnlyLeft: z.array(z.string()),
      attributesOnlyRight: z.array(z.string()),
      counts: z.strictObject({ onlyLeft: z.number(), onlyRight: z.number(), changed: z.number(), equal: z.number() }),
      segments: z.strictObject({ compared: z.number(), differing: z.number(), leaves: z.number() }),
      elapsedMs: z.number(),
    }),
  },
  'compare.cancel': { modifiesData: false, input: z.strictObject({ jobId: Id }), output: z.strictObject({ cancelled: z.boolean() }) },
  /** A page of a finished comparison's differing rows of one kind, both sides' rows side by side. */
  'compare.rowsPage': {
    modifiesData: false,
    input: z.strictObject({ jobId: Id, kind: z.enum(['onlyLeft', 'onlyRight', 'changed']), offset: z.number().int().min(0), limit: z.number().int().min(1).max(5_000) }),
    output: AlignedRowsSchema.extend({ total: z.number() }),
  },
  /**
   * A finished comparison's differences (every kind, both sides' rows with full values) exported as `export.start`
   * exports a view: written from the main process to the file chosen in its save dialog, or streamed as a download
   * in browser mode; `export.progress` (naming the left tab) follows and `export.cancel` stops it.
   */
  'compare.export': {
    modifiesData: false,
    input: z.strictObject({ jobId: Id, format: z.enum(['csv', 'json']) }),
    output: ExportStartedSchema,
  },
  /**
   * One table on both servers, both restricted alike, matched by primary key: the `limit` rows after `after` (null:
   * the first page). Each side is read by key from its own place, in its server's key order (by row position where
   * the key has an attribute that cannot be paged by key: an enum, float, time or bool); the two are merged in the
   * left server's key order, which is both servers' when they order keys alike. `next` is where the next page starts.
   */
  'compare.aligned': {
    modifiesData: false,
    input: z.strictObject({
      left: CompareTableSide,
      right: CompareTableSide,
      restriction: CompareRestriction,
      after: AlignedCursorSchema.nullable(),
      limit: z.number().int().min(1).max(1_000),
    }),
    output: AlignedRowsSchema.extend({ next: AlignedCursorSchema, hasMore: z.boolean() }),
  },
  /**
   * Copies rows of `source` into the same table of `targetSchema` on the tab `tabId` (`dj.copyRows`: one transaction,
   * rows already there skipped, refused when the definitions differ), or with `preview` only counts per table.
   * The rows: keys of a finished comparison's rows on one side only, or keys given.
   */
  'compare.copy': {
    modifiesData: true,
    input: z.strictObject({
      tabId: Id,
      targetSchema: Name,
      source: CompareTableSide,
      selection: z.discriminatedUnion('kind', [
        z.strictObject({ kind: z.literal('diff'), jobId: Id, side: z.enum(['onlyLeft', 'onlyRight']) }),
        z.strictObject({ kind: z.literal('keys'), keys: z.array(z.record(Name, WireKeyValueSchema)).min(1).max(10_000) }),
      ]),
      preview: z.boolean(),
      upstream: z.boolean(),
      parts: z.boolean(),
    }),
    output: z.strictObject({
      preview: z.boolean(),
      copied: z.number(),
      skipped: z.number(),
      tables: z.array(z.strictObject({ source: z.string(), target: z.string(), copied: z.number(), skipped: z.number() })),
    }),
  },
} as const satisfies Record<string, ChannelSpec>

export type Contract = typeof contract
export type Channel = keyof Contract
export type Input<C extends Channel> = z.input<Contract[C]['input']>
export type Output<C extends Channel> = z.output<Contract[C]['output']>
export type ParsedInput<C extends Channel> = z.output<Contract[C]['input']>

/** Every channel name, in the contract's order: what the Electron registration serves. */
export const CHANNELS = Object.keys(contract) as readonly Channel[]

/** Events main → renderer. */
export const events = {
  'tab.state': TabSchema,
  'query.progress': z.strictObject({ tabId: Id, requestId: RequestId, elapsedMs: z.number() }),
  'compare.progress': z.strictObject({ jobId: Id, segmentsDone: z.number(), segmentsTotal: z.number() }),
  /** An export's rows written so far; its last event says how it ended (done after the file is complete). */
  'export.progress': z.strictObject({
    tabId: Id,
    exportId: Id,
    fileName: z.string(),
    rows: z.number().int(),
    total: z.number().int().nullable(),
    state: z.enum(['running', 'done', 'cancelled', 'failed']),
    error: WireErrorSchema.nullable(),
  }),
} as const satisfies Record<string, z.ZodType>

export type EventName = keyof typeof events
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>
