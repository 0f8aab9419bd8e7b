// Pure heading algebra: the ordered attributes of a query result, its primary key, and the join rules.
// No database access; table headings come from heading/from-catalog.ts via the instance's catalog.

import type { Attribute } from './attribute'

/** The visible attributes of a query result, in order, with their key membership. */
export class Heading {
  readonly attributes: readonly Attribute[]
  readonly #byName: ReadonlyMap<string, Attribute>

  constructor(attributes: readonly Attribute[]) {
    this.attributes = Object.freeze([...attributes])
    this.#byName = new Map(attributes.map((a) => [a.name, a]))
  }

  get names(): string[] {
    return this.attributes.map((a) => a.name)
  }

  get primaryKey(): string[] {
    return this.attributes.filter((a) => a.inKey).map((a) => a.name)
  }

  get secondaryAttributes(): string[] {
    return this.attributes.filter((a) => !a.inKey).map((a) => a.name)
  }

  has(name: string): boolean {
    return this.#byName.has(name)
  }

  get(name: string): Attribute | undefined {
    return this.#byName.get(name)
  }

  /** The attribute, or a thrown error naming it: callers have checked membership already. */
  require(name: string): Attribute {
    const attribute = this.#byName.get(name)
    if (attribute === undefined) throw new Error(`heading has no attribute ${name}`)
    return attribute
  }

  toJSON(): { attributes: readonly Attribute[] } {
    return { attributes: this.attributes }
  }
}

/** DataJoint's "A determines B": every primary-key attribute of B is an attribute of A. */
export function determines(a: Heading, b: Heading): boolean {
  return b.primaryKey.every((name) => a.has(name))
}

/**
 * The heading of `a * b` (`Heading.join` in DataJoint Python's `heading.py`): if A → B the key is A's; else if
 * B → A it is B's; otherwise the union.
 * Namesakes keep the left operand's attribute (with the key flag of the result).
 */
export function joinHeadings(a: Heading, b: Heading): Heading {
  const aKey = new Set(a.primaryKey)
  const bKey = new Set(b.primaryKey)
  const withKey = (attribute: Attribute, inKey: boolean): Attribute =>
    attribute.inKey === inKey ? attribute : { ...attribute, inKey }

  if (determines(a, b)) {
    const rest = b.attributes.filter((x) => !a.has(x.name)).map((x) => withKey(x, false))
    return new Heading([...a.attributes, ...rest])
  }
  if (determines(b, a)) {
    const bFirst = b.attributes.map((x) => (a.has(x.name) ? withKey(a.require(x.name), x.inKey) : x))
    const rest = a.attributes.filter((x) => !b.has(x.name)).map((x) => withKey(x, false))
    return new Heading([...bFirst, ...rest])
  }
  const keys = [
    ...a.attributes.filter((x) => aKey.has(x.name)),
    ...b.attributes.filter((x) => bKey.has(x.name) && !aKey.has(x.name)),
  ]
  const keyNames = new Set(keys.map((x) => x.name))
  const secondaries = [
    ...a.attributes.filter((x) => !keyNames.has(x.name)),
    ...b.attributes.filter((x) => !keyNames.has(x.name) && !a.has(x.name)),
  ].map((x) => withKey(x, false))
  return new Heading([...keys.map((x) => withKey(x, true)), ...secondaries])
}

/** A computed attribute: no lineage, never in the key unless it replaces one. */
export function computedAttribute(
  name: string,
  category: Attribute['category'],
  type: string,
  options: { inKey?: boolean; nullable?: boolean } = {},
): Attribute {
  return {
    name,
    type,
    sqlType: type,
    coreType: null,
    codec: null,
    category,
    enumValues: null,
    inKey: options.inKey ?? false,
    nullable: options.nullable ?? true,
    default: undefined,
    comment: 'calculated attribute',
    autoIncrement: false,
    lineage: null,
    hidden: false,
  }
}
