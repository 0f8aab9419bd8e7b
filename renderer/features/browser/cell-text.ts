// How the cell viewer presents a full value: a JSON tree when the text is JSON, a hex dump for bytes,
// plain text otherwise. Pure.

import { parseJson } from '../../components/json-tree/json-model'
import type { WireValue } from '../../../electron/ipc/contract'

export type ViewerContent =
  | { readonly kind: 'json'; readonly value: unknown; readonly text: string }
  | { readonly kind: 'hex'; readonly lines: readonly string[] }
  | { readonly kind: 'text'; readonly text: string }

/** `00000000  de ad be ef …  |....|` lines, 16 bytes each. */
export function hexDump(hex: string, maxBytes = 64 * 1024): string[] {
  const clean = hex.replace(/^0x/i, '').replace(/[^0-9a-f]/gi, '').toLowerCase()
  const bytes = Math.min(Math.floor(clean.length / 2), maxBytes)
  const lines: string[] = []
  for (let offset = 0; offset < bytes; offset += 16) {
    const pairs: string[] = []
    let ascii = ''
    for (let i = offset; i < Math.min(offset + 16, bytes); i++) {
      const pair = clean.slice(i * 2, i * 2 + 2)
      pairs.push(pair)
      const code = Number.parseInt(pair, 16)
      ascii += code >= 0x20 && code < 0x7f ? String.fromCharCode(code) : '.'
    }
    const left = pairs.slice(0, 8).join(' ')
    const right = pairs.slice(8).join(' ')
    lines.push(`${offset.toString(16).padStart(8, '0')}  ${left.padEnd(23)}  ${right.padEnd(23)}  |${ascii}|`)
  }
  return lines
}

/** What `cell.value` returned, ready to show. */
export function viewerContent(kind: 'blob' | 'json' | 'bytes' | 'text', text: string): ViewerContent {
  if (kind === 'bytes' && /^(0x)?[0-9a-f\s]*$/i.test(text)) return { kind: 'hex', lines: hexDump(text) }
  if (kind === 'json' || kind === 'blob') {
    const parsed = parseJson(text)
    if (parsed.ok && typeof parsed.value === 'object' && parsed.value !== null) return { kind: 'json', value: parsed.value, text }
  }
  return { kind: 'text', text }
}

/** Values the viewer can show without asking the server (text and json travel whole). */
export function localContent(value: WireValue): ViewerContent | null {
  if (typeof value === 'string') return { kind: 'text', text: value }
  if (value !== null && typeof value === 'object' && '$json' in value) {
    const parsed = parseJson(value.$json)
    return parsed.ok ? { kind: 'json', value: parsed.value, text: value.$json } : { kind: 'text', text: value.$json }
  }
  return null
}

export interface NumericSeries {
  readonly values: readonly number[]
  readonly min: number
  readonly max: number
  readonly mean: number
  /** `float64 (25,)` for arrays, `list (40)` for lists. */
  readonly label: string
}

function toNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null
  if (typeof value === 'string' && /^-?\d+(\.\d+)?(e[-+]?\d+)?$/i.test(value)) return Number(value)
  return null
}

function series(raw: readonly unknown[], label: string): NumericSeries | null {
  if (raw.length < 2) return null
  const values: number[] = []
  for (const item of raw) {
    const n = toNumber(item)
    if (n === null) return null
    values.push(n)
  }
  let min = Infinity
  let max = -Infinity
  let sum = 0
  for (const v of values) {
    if (v < min) min = v
    if (v > max) max = v
    sum += v
  }
  return { values, min, max, mean: sum / values.length, label }
}

/** A decoded value that is a one-dimensional run of numbers (a list, or a 1-D or vector-shaped array), else null. */
export function numericSeries(value: unknown): NumericSeries | null {
  if (Array.isArray(value)) return series(value, `list (${value.length})`)
  if (typeof value !== 'object' || value === null) return null
  const array = value as { __blob__?: unknown; dtype?: unknown; shape?: unknown; data?: unknown }
  if (array.__blob__ !== 'ndarray' || !Array.isArray(array.data) || !Array.isArray(array.shape)) return null
  const shape = array.shape.filter((d) => d !== 1)
  if (shape.length !== 1) return null
  return series(array.data, `${String(array.dtype)} (${array.shape.join(', ')}${array.shape.length === 1 ? ',' : ''})`)
}
