import { describe, expect, it } from 'vitest'
import { isDataJointError } from '../errors/datajoint-error'
import { zeroVectorBomb } from '../testing/blob-bomb'
import { BlobFormatError, decodeBlob, encodeBlob, plainBlobSize, summarizeStoredBlob } from './blob'
import type { BlobStruct } from './blob'

const MiB = 1024 * 1024
const BUDGET = 4 * MiB

/** Growth of memory held by ArrayBuffers (where Buffers and inflated output live) while `run` runs. */
function arrayBufferGrowth(run: () => void): number {
  const before = process.memoryUsage().arrayBuffers
  run()
  return process.memoryUsage().arrayBuffers - before
}

function thrown(run: () => unknown): unknown {
  try {
    run()
  } catch (error) {
    return error
  }
  throw new Error('expected an error')
}

describe('a compressed blob that expands past the budget', () => {
  const bomb = zeroVectorBomb(512)

  it('is small when stored and declares its expansion in the header', () => {
    expect(bomb.byteLength).toBeLessThan(MiB)
    expect(plainBlobSize(bomb)).toBe(29 + 512 * MiB)
  })

  it('is summarised from its first bytes, never expanded', () => {
    let summary = ''
    const growth = arrayBufferGrowth(() => {
      summary = summarizeStoredBlob(bomb, BUDGET)
    })
    expect(summary).toBe('float64 [67108864] (512 MiB, not expanded)')
    expect(growth).toBeLessThan(MiB)
  })

  it('makes decodeBlob with maxBytes throw BLOB_TOO_LARGE before inflating', () => {
    let error: unknown
    const growth = arrayBufferGrowth(() => {
      error = thrown(() => decodeBlob(bomb, { maxBytes: BUDGET }))
    })
    expect(isDataJointError(error, 'BLOB_TOO_LARGE')).toBe(true)
    expect((error as Error).message).toBe(`The blob holds ${29 + 512 * MiB} bytes, more than the ${BUDGET} allowed here.`)
    expect(growth).toBeLessThan(MiB)
  })

  it('cannot inflate past a header that declares less than the stream holds', () => {
    const liar = zeroVectorBomb(64, { declaredBytes: 2 * MiB })
    let error: unknown
    const growth = arrayBufferGrowth(() => {
      error = thrown(() => decodeBlob(liar, { maxBytes: BUDGET }))
    })
    expect(error).toBeInstanceOf(BlobFormatError)
    expect((error as Error).message).toBe(`compressed blob inflates past the ${2 * MiB} bytes it declares`)
    // The 2 MiB cap and zlib's working chunks, not the 64 MiB the stream holds.
    expect(growth).toBeLessThan(8 * MiB)
  })

  it('decodes in full within a budget that covers it', () => {
    const small = zeroVectorBomb(1)
    expect(summarizeStoredBlob(small, BUDGET)).toBe('float64 [131072]')
    const value = decodeBlob(small, { maxBytes: 29 + MiB })
    expect(value).toMatchObject({ __blob__: 'ndarray', dtype: 'float64', shape: [131072] })
    expect(() => decodeBlob(small, { maxBytes: 28 + MiB })).toThrow(/more than the/)
  })
})

describe('summaries of blobs over the budget', () => {
  it('apply to plain blobs too, by their stored size', () => {
    const plain = encodeBlob({ __blob__: 'ndarray', dtype: 'uint8', shape: [2, 600_000], data: Array.from({ length: 1_200_000 }, () => 7) }, { compress: false })
    expect(summarizeStoredBlob(plain, MiB)).toBe('uint8 2×600000 (1.1 MiB, not expanded)')
    expect(isDataJointError(thrown(() => decodeBlob(plain, { maxBytes: MiB })), 'BLOB_TOO_LARGE')).toBe(true)
  })

  it.each<[string, Parameters<typeof encodeBlob>[0], string]>([
    ['a dict', { samples: new Uint8Array(2 * MiB), rate: 30 }, 'dict (2 keys) (2 MiB, not expanded)'],
    ['a list', [new Uint8Array(2 * MiB), 1], 'list (2) (2 MiB, not expanded)'],
    ['bytes', new Uint8Array(2 * MiB), 'bytes (2097152) (2 MiB, not expanded)'],
    ['a string', 'a'.repeat(3 * MiB), 'str (3 MiB) (3 MiB, not expanded)'],
    [
      'a struct',
      { __blob__: 'struct', shape: [1, 2], fields: ['trace', 'gain'], data: [{ trace: new Uint8Array(MiB), gain: 1 }, { trace: new Uint8Array(MiB), gain: 2 }] } satisfies BlobStruct,
      'struct 1×2 (fields trace, gain) (2 MiB, not expanded)',
    ],
    ['a char matrix', { __blob__: 'ndarray', dtype: 'char', shape: [2], data: ['x'.repeat(MiB), 'y'.repeat(MiB)] }, 'char [2] (4 MiB, not expanded)'],
  ])('name the top level of %s', (_name, value, summary) => {
    expect(summarizeStoredBlob(encodeBlob(value), MiB)).toBe(summary)
  })

  it('refuse bytes that are not a blob', () => {
    expect(() => summarizeStoredBlob(new Uint8Array(2 * MiB), MiB)).toThrow(/not a DataJoint blob/)
  })

  it('report corruption in the first bytes as a format error', () => {
    const bomb = zeroVectorBomb(8)
    bomb.fill(0xff, 14, 24)
    expect(() => summarizeStoredBlob(bomb, MiB)).toThrow(BlobFormatError)
  })
})
