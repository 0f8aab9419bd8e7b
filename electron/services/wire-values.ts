// Engine values → the wire: attribute records, and cell values as WireValue (bigint, bytes, blobs and json tagged
// so they survive JSON and structured clone). Rows are decoded here from raw driver rows, because a `<blob>`
// cell's byte size is only known before decoding.

import { summarizeStoredBlob, type Attribute, type Decoder } from '../../src/index'
import type { WireAttribute, WireValue } from '../ipc/contract'

/** Bytes shown as hex in a `$bytes` preview. */
const BYTES_HEAD = 16
/**
 * Largest plain (expanded) blob decoded for a grid summary. A larger one, or a compressed one declaring more, is
 * described from its header and first bytes, never expanded: a few hundred KiB of zlib can declare 512 MiB.
 */
export const MAX_SUMMARISED_BLOB = 4 * 1024 * 1024

export function toWireAttribute(attribute: Attribute): WireAttribute {
  return {
    name: attribute.name,
    type: attribute.type,
    sqlType: attribute.sqlType,
    category: attribute.category,
    inKey: attribute.inKey,
    nullable: attribute.nullable,
    default: attribute.default ?? null,
    comment: attribute.comment,
    lineage: attribute.lineage,
    codec: attribute.codec,
    enumValues: attribute.enumValues === null ? null : [...attribute.enumValues],
  }
}

/** JSON text that keeps bigints exact (as strings) instead of throwing. */
export function jsonText(value: unknown, indent?: number): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), indent) ?? 'null'
}

function bytesPreview(bytes: Uint8Array): WireValue {
  return { $bytes: { size: bytes.byteLength, head: Buffer.from(bytes.subarray(0, BYTES_HEAD)).toString('hex') } }
}

/** Any decoded engine value → WireValue, by its JS type (used where no attribute says more). */
export function toWireValue(value: unknown): WireValue {
  if (value === null || value === undefined) return null
  switch (typeof value) {
    case 'boolean':
    case 'string':
      return value
    case 'number':
      // NaN and ±Infinity have no JSON form.
      return Number.isFinite(value) ? value : String(value)
    case 'bigint':
      return { $bigint: value.toString() }
    case 'object':
      if (value instanceof Uint8Array) return bytesPreview(value)
      if (value instanceof Date) return value.toISOString()
      return { $json: jsonText(value) }
    default:
      return String(value as symbol)
  }
}

function blobCell(raw: unknown): WireValue {
  if (!(raw instanceof Uint8Array)) return toWireValue(raw)
  try {
    return { $blob: { summary: summarizeStoredBlob(raw, MAX_SUMMARISED_BLOB), size: raw.byteLength } }
  } catch {
    return { $blob: { summary: 'undecodable blob', size: raw.byteLength } }
  }
}

/** One converter per column, chosen once per result (not per cell). */
function columnConverter(attribute: Attribute, decode: Decoder): (raw: unknown) => WireValue {
  if (attribute.codec === '<blob>') return blobCell
  if (attribute.category === 'json') {
    // A json cell holding a string must stay distinguishable from a text cell.
    return (raw) => {
      if (raw === null || raw === undefined) return null
      return { $json: jsonText(decode(raw)) }
    }
  }
  return (raw) => (raw === null || raw === undefined ? null : toWireValue(decode(raw)))
}

/** Converts raw driver rows to wire rows, in heading order, with each column's decoder from the pipeline. */
export function toWireRows(attributes: readonly Attribute[], decoders: readonly Decoder[], rows: readonly (readonly unknown[])[]): WireValue[][] {
  const converters = attributes.map((a, i) => columnConverter(a, decoders[i] as Decoder))
  const width = converters.length
  const out: WireValue[][] = []
  for (const row of rows) {
    const cells: WireValue[] = []
    for (let c = 0; c < width; c += 1) cells.push((converters[c] as (raw: unknown) => WireValue)(row[c]))
    out.push(cells)
  }
  return out
}
