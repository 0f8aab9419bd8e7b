// Pure helpers behind the JSON tree: what a node is, and how it reads when collapsed.

export type JsonKind = 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null'

export function jsonKind(value: unknown): JsonKind {
  if (value === null || value === undefined) return 'null'
  if (Array.isArray(value)) return 'array'
  switch (typeof value) {
    case 'string':
      return 'string'
    case 'number':
    case 'bigint':
      return 'number'
    case 'boolean':
      return 'boolean'
    default:
      return 'object'
  }
}

/** Children of a container as [label, value] pairs; empty for scalars. */
export function jsonEntries(value: unknown): [string, unknown][] {
  if (Array.isArray(value)) return value.map((item, index) => [String(index), item])
  if (typeof value === 'object' && value !== null) return Object.entries(value)
  return []
}

/** How a container reads when collapsed: `{3 keys}`, `[10 items]`. */
export function jsonSummary(value: unknown): string {
  if (Array.isArray(value)) return `[${value.length} ${value.length === 1 ? 'item' : 'items'}]`
  if (typeof value === 'object' && value !== null) {
    const n = Object.keys(value).length
    return `{${n} ${n === 1 ? 'key' : 'keys'}}`
  }
  return jsonScalar(value)
}

export function jsonScalar(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value)
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(value)
    default:
      return value === null || value === undefined ? 'null' : JSON.stringify(value)
  }
}

export type ParsedJson = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: string }

export function parseJson(text: string): ParsedJson {
  try {
    return { ok: true, value: JSON.parse(text) as unknown }
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) }
  }
}
