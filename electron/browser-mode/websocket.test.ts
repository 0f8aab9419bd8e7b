import { randomBytes } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CLOSE, FrameParser, OPCODE, ProtocolError, acceptKey, encodeFrame, isValidKey } from './websocket'

describe('handshake key', () => {
  it('computes the RFC 6455 example accept value', () => {
    expect(acceptKey('dGhlIHNhbXBsZSBub25jZQ==')).toBe('s3pPLMBiTxaQ9kYGzzhZRbK+xOo=')
  })

  it('accepts only base64 of 16 bytes', () => {
    expect(isValidKey(randomBytes(16).toString('base64'))).toBe(true)
    expect(isValidKey(undefined)).toBe(false)
    expect(isValidKey('')).toBe(false)
    expect(isValidKey(randomBytes(15).toString('base64'))).toBe(false)
    expect(isValidKey(`${randomBytes(16).toString('base64')}\r\nX-Evil: 1`)).toBe(false)
  })
})

describe('frame codec', () => {
  it('round-trips masked and unmasked frames of every length class, split at any point', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 70_000 }), fc.boolean(), fc.nat(), (bytes, masked, splitAt) => {
        const payload = Buffer.from(bytes)
        const wire = encodeFrame(OPCODE.binary, payload, masked ? { mask: randomBytes(4) } : {})
        const parser = new FrameParser({ maxPayload: 1 << 20, expectMasked: masked })
        const cut = splitAt % (wire.length + 1)
        const frames = [...parser.push(wire.subarray(0, cut)), ...parser.push(wire.subarray(cut))]
        expect(frames).toHaveLength(1)
        expect(frames[0]?.opcode).toBe(OPCODE.binary)
        expect(frames[0]?.fin).toBe(true)
        expect(Buffer.compare(frames[0]?.payload ?? Buffer.alloc(0), payload)).toBe(0)
      }),
      { numRuns: 60 },
    )
  })

  it('parses several frames from one chunk', () => {
    const mask = randomBytes(4)
    const wire = Buffer.concat([
      encodeFrame(OPCODE.text, Buffer.from('hel'), { fin: false, mask }),
      encodeFrame(OPCODE.ping, Buffer.from('p'), { mask }),
      encodeFrame(OPCODE.continuation, Buffer.from('lo'), { mask }),
    ])
    const frames = new FrameParser({ maxPayload: 100, expectMasked: true }).push(wire)
    expect(frames.map((f) => [f.opcode, f.fin, f.payload.toString()])).toEqual([
      [OPCODE.text, false, 'hel'],
      [OPCODE.ping, true, 'p'],
      [OPCODE.continuation, true, 'lo'],
    ])
  })

  const violation = (bytes: Buffer, expectMasked = true): number | null => {
    try {
      new FrameParser({ maxPayload: 1024, expectMasked }).push(bytes)
      return null
    } catch (error) {
      expect(error).toBeInstanceOf(ProtocolError)
      return (error as ProtocolError).closeCode
    }
  }

  it('rejects protocol violations with the right close codes', () => {
    const mask = randomBytes(4)
    expect(violation(encodeFrame(OPCODE.text, Buffer.from('x')))).toBe(CLOSE.protocolError) // unmasked client frame
    expect(violation(encodeFrame(OPCODE.text, Buffer.from('x'), { mask }), false)).toBe(CLOSE.protocolError)
    expect(violation(Buffer.from([0xc1, 0x80, 0, 0, 0, 0]))).toBe(CLOSE.protocolError) // RSV1 without extension
    expect(violation(Buffer.from([0x83, 0x80, 0, 0, 0, 0]))).toBe(CLOSE.protocolError) // reserved opcode 3
    expect(violation(encodeFrame(OPCODE.ping, Buffer.alloc(126), { mask }))).toBe(CLOSE.protocolError) // control > 125
    expect(violation(encodeFrame(OPCODE.ping, Buffer.from('x'), { fin: false, mask }))).toBe(CLOSE.protocolError)
    expect(violation(encodeFrame(OPCODE.text, Buffer.alloc(2000), { mask }))).toBe(CLOSE.tooBig)
    const huge = Buffer.from([0x81, 0xff, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])
    expect(violation(huge)).toBe(CLOSE.tooBig)
  })

  it('never throws anything but ProtocolError on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        try {
          new FrameParser({ maxPayload: 1024, expectMasked: true }).push(Buffer.from(bytes))
        } catch (error) {
          expect(error).toBeInstanceOf(ProtocolError)
        }
      }),
      { numRuns: 2000 },
    )
  })
})
