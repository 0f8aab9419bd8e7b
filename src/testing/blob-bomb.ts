// Test-only: compressed `<blob>` values that are small when stored and expand enormously, as a decompression bomb.

import { constants, deflateRawSync } from 'node:zlib'

const MiB = 1024 * 1024
const ADLER_MODULUS = 65521

/** The plain blob's start: `mYm\0`, then a 1-D float64 array of `length` elements (type id 6, not complex). */
function float64VectorHeader(length: number): Uint8Array {
  const header = new Uint8Array(29)
  const view = new DataView(header.buffer)
  header.set([0x6d, 0x59, 0x6d, 0x00, 0x41])
  view.setBigUint64(5, 1n, true)
  view.setBigUint64(13, BigInt(length), true)
  view.setUint32(21, 6, true)
  return header
}

/**
 * A compressed blob of a float64 vector of zeros filling `plainMiB` MiB, as DataJoint stores one (`ZL123\0`,
 * u64 plain length, zlib stream). `declaredBytes` replaces the plain length in the header, to make it lie.
 * Each MiB of zeros is deflated once and its bytes repeated (every piece ends in a full flush, so pieces are
 * independent), so a 512 MiB bomb takes milliseconds to build and about 1 KiB per MiB to store.
 */
export function zeroVectorBomb(plainMiB: number, options: { readonly declaredBytes?: number } = {}): Uint8Array {
  const header = float64VectorHeader((plainMiB * MiB) / 8)
  const fullFlush = { finishFlush: constants.Z_FULL_FLUSH }
  const headerPiece = deflateRawSync(header, fullFlush)
  const zeroPiece = deflateRawSync(new Uint8Array(MiB), fullFlush)
  // adler32 of the plain blob: zeros leave `a` unchanged and add `a` to `b` once per byte.
  let a = 1
  let b = 0
  for (const byte of header) {
    a = (a + byte) % ADLER_MODULUS
    b = (b + a) % ADLER_MODULUS
  }
  b = (b + a * ((plainMiB * MiB) % ADLER_MODULUS)) % ADLER_MODULUS
  const plainLength = header.byteLength + plainMiB * MiB
  const finalEmptyFixedBlock = [0x03, 0x00]
  const stored = new Uint8Array(14 + 2 + headerPiece.byteLength + plainMiB * zeroPiece.byteLength + 2 + 4)
  const view = new DataView(stored.buffer)
  stored.set(Buffer.from('ZL123\0', 'latin1'))
  view.setBigUint64(6, BigInt(options.declaredBytes ?? plainLength), true)
  let at = 14
  stored.set([0x78, 0x9c], at)
  at += 2
  stored.set(headerPiece, at)
  at += headerPiece.byteLength
  for (let i = 0; i < plainMiB; i++) {
    stored.set(zeroPiece, at)
    at += zeroPiece.byteLength
  }
  stored.set(finalEmptyFixedBlock, at)
  view.setUint32(at + 2, ((b << 16) | a) >>> 0)
  return stored
}
