import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { deflateSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { decodeBlob, encodeBlob } from './blob'
import { FIXTURES_DIR } from '../testing/fixtures'
import { referenceValues } from '../testing/zlib-payloads'

/** blob.py's compressed form: `ZL123\0`, the u64 length of the plain blob, then the zlib stream. */
function wrapped(plainLength: number, stream: Uint8Array): Uint8Array {
  const out = new Uint8Array(14 + stream.byteLength)
  out.set(Buffer.from('ZL123\0', 'latin1'))
  new DataView(out.buffer).setBigUint64(6, BigInt(plainLength), true)
  out.set(stream, 14)
  return out
}

interface ReferenceStream {
  readonly payloadBytes: number
  readonly compressedBytes: number
  readonly hex?: string
  readonly sha256?: string
}

const streams = (JSON.parse(readFileSync(`${FIXTURES_DIR}zlib/python-zlib.json`, 'utf8')) as { streams: Record<string, ReferenceStream> }).streams
const values = referenceValues()

describe('compression matches DataJoint Python byte for byte', () => {
  it.each(Object.keys(values))('%s', (name) => {
    const value = values[name] ?? null
    const expected = streams[name]
    if (expected === undefined) throw new Error(`no reference stream for ${name}`)
    const encoded = encodeBlob(value)
    const plain = encodeBlob(value, { compress: false })
    expect(plain.byteLength).toBe(expected.payloadBytes)
    expect(encoded.byteLength).toBe(14 + expected.compressedBytes)
    const stream = encoded.subarray(14)
    if (expected.hex !== undefined) expect(Buffer.from(stream).toString('hex')).toBe(expected.hex)
    else expect(createHash('sha256').update(stream).digest('hex')).toBe(expected.sha256)
    expect(encoded.subarray(0, 14)).toEqual(wrapped(plain.byteLength, new Uint8Array()))
  })

  it('has a reference stream for every payload', () => {
    expect(Object.keys(streams).sort()).toEqual(Object.keys(values).sort())
  })
})

describe('decoding either zlib', () => {
  it.each(Object.keys(values).filter((name) => streams[name]?.hex !== undefined))('%s from Python and from Node', (name) => {
    const value = values[name] ?? null
    const plain = encodeBlob(value, { compress: false })
    const fromPython = wrapped(plain.byteLength, Buffer.from(streams[name]?.hex ?? '', 'hex'))
    // Node's bundled zlib (Chromium's fork) writes a different, equally valid stream.
    const fromNode = wrapped(plain.byteLength, deflateSync(plain))
    expect(decodeBlob(fromPython)).toEqual(decodeBlob(plain))
    expect(decodeBlob(fromNode)).toEqual(decodeBlob(plain))
  })
})
