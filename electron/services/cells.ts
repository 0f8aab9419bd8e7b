// One cell in full (a decoded `<blob>`, json, bytes as hex, long text), found by primary key.

import { DataJointError, Table, decodeBlob, isDataJointError, summarizeStoredBlob, type BlobNdarray, type BlobValue, type Instance, type TableInfo } from '../../src/index'
import type { Output } from '../ipc/contract'
import type { Handlers } from './handlers'
import type { TabRegistry } from './tabs'
import { jsonText } from './wire-values'

/** Characters of a cell's text sent at most (about 1 MB); `truncated` says when there was more. */
export const MAX_CELL_TEXT = 1_000_000

/**
 * Largest plain (expanded) blob decoded for the viewer; a larger one is shown as its one-line summary. Its JSON
 * text is built whole before being cut to MAX_CELL_TEXT, so this bounds the time and memory of one cell.value.
 */
export const MAX_VIEWED_BLOB = 16 * 1024 * 1024

async function tableInfo(instance: Instance, schema: string, table: string): Promise<TableInfo> {
  const info = await instance.tableInfo(schema, table)
  if (info.tier === null) {
    throw new DataJointError('MISSING_TABLE', `The table \`${schema}\`.\`${table}\` is not defined.`, { table: `${schema}.${table}` })
  }
  return info
}

type KeyValue = string | number | boolean | null

/** The restriction to exactly one row: every primary-key attribute given, nothing else. */
function keyCondition(info: TableInfo, key: Readonly<Record<string, KeyValue>>): Record<string, KeyValue> {
  const primaryKey = info.attributes.filter((a) => a.inKey && !a.hidden).map((a) => a.name)
  for (const name of Object.keys(key)) {
    if (!primaryKey.includes(name)) throw new DataJointError('UNKNOWN_ATTRIBUTE', `\`${name}\` is not in the primary key.`, { attribute: name })
  }
  const values: Record<string, KeyValue> = {}
  for (const name of primaryKey) {
    if (!Object.hasOwn(key, name)) throw new DataJointError('MISSING_ATTRIBUTE', `The key needs \`${name}\`.`, { attribute: name })
    values[name] = key[name] ?? null
  }
  return values
}

/** A decoded blob as readable JSON: bytes as hex, bigints and non-finite numbers as text. */
function blobText(value: unknown): string {
  return (
    JSON.stringify(
      value,
      (_key, v: unknown) => {
        if (typeof v === 'bigint') return v.toString()
        if (typeof v === 'number' && !Number.isFinite(v)) return String(v)
        if (v instanceof Uint8Array) return `0x${Buffer.from(v).toString('hex')}`
        return v
      },
      2,
    ) ?? 'null'
  )
}

/**
 * Most elements of a numeric array sent for drawing and saving (8 bytes each at most: 32 MB as raw bytes). A larger
 * array is still shown as text, with `arrayNote` saying why it is not drawn.
 */
export const MAX_ARRAY_ELEMENTS = 4_000_000

const TYPED_ARRAYS = {
  float64: Float64Array,
  float32: Float32Array,
  int8: Int8Array,
  uint8: Uint8Array,
  int16: Int16Array,
  uint16: Uint16Array,
  int32: Int32Array,
  uint32: Uint32Array,
} as const

type NumericArray = NonNullable<Output<'cell.value'>['array']>

/** Raw little-endian bytes of a numeric array's elements (as numpy lays them out), or null for other dtypes. */
function elementBytes(array: BlobNdarray): Uint8Array | null {
  const { dtype, data } = array
  if (dtype === 'bool') return Uint8Array.from(data as readonly boolean[], (b) => (b ? 1 : 0))
  if (dtype === 'int64' || dtype === 'uint64') {
    const typed = dtype === 'int64' ? new BigInt64Array(data.length) : new BigUint64Array(data.length)
    data.forEach((v, i) => {
      typed[i] = BigInt(v as number | bigint)
    })
    return new Uint8Array(typed.buffer)
  }
  if (!Object.hasOwn(TYPED_ARRAYS, dtype)) return null
  const typed = TYPED_ARRAYS[dtype as keyof typeof TYPED_ARRAYS].from(data as readonly number[])
  return new Uint8Array(typed.buffer)
}

/** A decoded blob that is one numeric array, in a form the renderer can draw and save as `.npy`. */
function numericArray(value: BlobValue): { array?: NumericArray; arrayNote?: string } {
  if (typeof value !== 'object' || value === null || !('__blob__' in value) || value.__blob__ !== 'ndarray') return {}
  const array = value as BlobNdarray
  if (array.data.length > MAX_ARRAY_ELEMENTS) {
    return { arrayNote: `This array has ${array.data.length.toLocaleString('en-US')} elements; arrays up to ${MAX_ARRAY_ELEMENTS.toLocaleString('en-US')} elements are drawn and saved as .npy.` }
  }
  const bytes = elementBytes(array)
  if (bytes === null) return {}
  return { array: { dtype: array.dtype as NumericArray['dtype'], shape: [...array.shape], data: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64') } }
}

function cut(text: string): { text: string; truncated: boolean } {
  return text.length > MAX_CELL_TEXT ? { text: text.slice(0, MAX_CELL_TEXT), truncated: true } : { text, truncated: false }
}

export function cellHandlers(tabs: TabRegistry) {
  return {
    'cell.value': ({ tabId, schema, table, key, attribute }) =>
      tabs.use(tabId, async (instance) => {
        const info = await tableInfo(instance, schema, table)
        const target = info.attributes.find((a) => a.name === attribute && !a.hidden)
        if (target === undefined) throw new DataJointError('UNKNOWN_ATTRIBUTE', `\`${attribute}\` is not an attribute of ${table}.`, { attribute })
        const cell = new Table(instance, schema, table).restrict(keyCondition(info, key)).proj(attribute)
        const result = await instance.pipeline.fetchRaw(cell.expr)
        const row = result.rows[0]
        if (row === undefined) throw new DataJointError('NOT_FOUND', 'No row has this key (it may have been deleted).')
        const index = result.heading.names.indexOf(attribute)
        const raw = row[index]
        if (raw === null || raw === undefined) return { text: 'null', kind: 'text' as const, truncated: false }
        if (target.codec === '<blob>' && raw instanceof Uint8Array) {
          // Hex for the bytes beyond the text limit would be useless: the limit is applied to the decoded text.
          try {
            const decoded = decodeBlob(raw, { maxBytes: MAX_VIEWED_BLOB })
            return { ...cut(blobText(decoded)), kind: 'blob' as const, ...numericArray(decoded) }
          } catch (error) {
            if (!isDataJointError(error, 'BLOB_TOO_LARGE')) throw error
            return { text: summarizeStoredBlob(raw, MAX_VIEWED_BLOB), kind: 'blob' as const, truncated: true }
          }
        }
        if (raw instanceof Uint8Array) {
          const head = raw.subarray(0, MAX_CELL_TEXT / 2)
          return { text: Buffer.from(head).toString('hex'), kind: 'bytes' as const, truncated: head.length < raw.length }
        }
        const value = (result.decoders[index] as (raw: unknown) => unknown)(raw)
        if (target.category === 'json' || (typeof value === 'object' && value !== null)) return { ...cut(jsonText(value, 2)), kind: 'json' as const }
        return { ...cut(String(value as string | number | bigint | boolean)), kind: 'text' as const }
      }),
  } satisfies Partial<Handlers>
}
