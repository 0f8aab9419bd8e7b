// Attribute: one column of a heading, as DataJoint understands it (readonly record, no database access).

/** What kind of value an attribute holds; drives decoding, display and insert conversion. */
export type AttributeCategory =
  | 'integer'
  | 'float'
  | 'decimal'
  | 'bool'
  | 'string'
  | 'enum'
  | 'date'
  | 'datetime'
  | 'time'
  | 'uuid'
  | 'json'
  | 'bytes'
  | 'codec'
  | 'other'

export interface Attribute {
  readonly name: string
  /** The type a DataJoint user sees: the core type (`int32`), the codec (`<blob>`), or the native SQL type. */
  readonly type: string
  /** The column type as the server reports it, normalised (`int`, `varchar(100)`, `decimal(8,3)`, `enum_e54fc739`). */
  readonly sqlType: string
  /** The declared core type from the `:type:` marker, or inherited through a foreign key; null for native types. */
  readonly coreType: string | null
  /** The codec spec (`<blob>`, `<attach>`, `<object@store>`) or null. */
  readonly codec: string | null
  readonly category: AttributeCategory
  /** Allowed values of an enum attribute, in declaration order. */
  readonly enumValues: readonly string[] | null
  readonly inKey: boolean
  readonly nullable: boolean
  /**
   * The default as a definition would write it: `null`, `CURRENT_TIMESTAMP`, a number, or a quoted string.
   * `undefined` when the attribute has no default.
   */
  readonly default: string | undefined
  /** The user's comment, with the `:type:` marker removed. */
  readonly comment: string
  readonly autoIncrement: boolean
  /** `schema.table.attribute` where this attribute was first introduced into a primary key; null if none. */
  readonly lineage: string | null
  /** Platform-managed attributes (`_singleton`, `_job_*`) are hidden from headings, fetches and matching. */
  readonly hidden: boolean
}
