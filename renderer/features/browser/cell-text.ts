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
