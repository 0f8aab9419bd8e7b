// A parsed table definition: DataJoint's definition language as plain data, dialect-free and unresolved
// (foreign-key references are names; `to-ddl.ts` receives the resolved parents separately).

export interface AttributeDef {
  readonly kind: 'attribute'
  readonly name: string
  /** The type as written (whitespace-trimmed): `int32`, `varchar(100)`, `<blob@store>`, `int unsigned`. */
  readonly type: string
  /** The default as written (`null`, `"text"`, `'text'`, `1`, `CURRENT_TIMESTAMP`); undefined when absent or empty. */
  readonly default: string | undefined
  /** The user comment as written (no escaping, no type marker). */
  readonly comment: string
  readonly inKey: boolean
  /** 1-based line in the definition text. */
  readonly line: number
  /** The line as written, whitespace-trimmed (DataJoint quotes it in some messages). */
  readonly source: string
}

export interface ForeignKeyReference {
  /**
   * The referenced name, split on dots: `['Subject']`, `['Session', 'Trial']` (a part), `['other_module', 'Table']`,
   * `['master']` (inside a part). The caller's registry resolves it.
   */
  readonly path: readonly string[]
  /** Renames from `.proj(new='old', …)`: new attribute name → parent attribute name. */
  readonly renames: Readonly<Record<string, string>>
  /** The reference text as written (for messages), e.g. `Lab.proj(host_lab='lab_id')`. */
  readonly text: string
}

export interface ForeignKeyDef {
  readonly kind: 'foreignKey'
  readonly reference: ForeignKeyReference
  readonly nullable: boolean
  readonly unique: boolean
  readonly inKey: boolean
  readonly line: number
  readonly source: string
}

export interface IndexDef {
  readonly kind: 'index'
  readonly unique: boolean
  /** Arguments as written: attribute names, JSON paths (`data.a.b:int`) or parenthesised expressions. */
  readonly attributes: readonly string[]
  readonly line: number
  readonly source: string
}

export type DefinitionItem = AttributeDef | ForeignKeyDef | IndexDef

export interface TableDefinition {
  /** Table comment (first line `# …`), or ''. */
  readonly comment: string
  /** Line of the table comment, or null when there is none. */
  readonly commentLine: number | null
  /** Attribute, foreign-key and index lines in definition order. */
  readonly items: readonly DefinitionItem[]
  /** The foreign-key items of `items`, in order (one resolved parent is expected per entry). */
  readonly foreignKeys: readonly ForeignKeyDef[]
}
