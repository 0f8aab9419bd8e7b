// Test-only: Attribute values built in place of a catalog load, for tests of the pure layers. Not exported from
// the engine.

import type { Attribute } from '../heading/attribute'

/** An `int32` primary-key attribute (native `int`, no default, comment or lineage) with `overrides` applied. */
export function testAttribute(name: string, overrides: Partial<Attribute> = {}): Attribute {
  return {
    name,
    type: 'int32',
    sqlType: 'int',
    coreType: 'int32',
    codec: null,
    category: 'integer',
    enumValues: null,
    inKey: true,
    nullable: false,
    default: undefined,
    comment: '',
    autoIncrement: false,
    lineage: null,
    hidden: false,
    ...overrides,
  }
}
