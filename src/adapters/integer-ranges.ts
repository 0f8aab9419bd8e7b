// The values a native SQL integer column holds, from its type name as the catalog normalises it. Each dialect names
// its own integer types and their widths; the ranges follow from the width and signedness.

/** The range of a native integer type (`int unsigned`, `smallint(5)`, `int4`), or null for any other type. */
export function nativeIntegerRange(bitsByName: Readonly<Record<string, number>>, sqlType: string): readonly [bigint, bigint] | null {
  const match = /^([a-z0-9]+)(?:\(\d+\))?( unsigned)?(?: zerofill)?$/.exec(sqlType.trim().toLowerCase())
  const bits = match === null || !Object.hasOwn(bitsByName, match[1] ?? '') ? undefined : bitsByName[match[1] ?? '']
  if (match === null || bits === undefined) return null
  const width = BigInt(bits)
  return match[2] === undefined ? [-(2n ** (width - 1n)), 2n ** (width - 1n) - 1n] : [0n, 2n ** width - 1n]
}
