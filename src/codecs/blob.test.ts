import fc from 'fast-check'
import { describe, expect, it, test } from 'vitest'
import { BlobFormatError, decodeBlob, encodeBlob, isNdarray, summarizeBlob } from './blob'
import type { BlobComplex, BlobNdarray, BlobValue } from './blob'

/** Hex bytes; whitespace is ignored so long fixtures can wrap. */
function hex(strings: TemplateStringsArray): Uint8Array {
  return Uint8Array.from(Buffer.from(strings.join('').replace(/\s+/g, ''), 'hex'))
}

function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex')
}

function header(bytes: Uint8Array): string {
  return Buffer.from(bytes.subarray(0, 4)).toString('latin1')
}

function complex(re: number, im: number): BlobComplex {
  return { __blob__: 'complex', re, im }
}

function nd(dtype: BlobNdarray['dtype'], shape: number[], data: readonly BlobValue[]): BlobNdarray {
  return { __blob__: 'ndarray', dtype, shape, data } as BlobNdarray
}

// Produced by DataJoint Python's blob.pack() (datajoint-python main, numpy 2.4).
const PYTHON = {
  list: hex`
    646a300002020000000000000004000000000000000a0100011e00000000000000020200000000000000040000000000
    00000a0100020100000000000000ff
  `,
  dict: hex`
    646a30000402000000000000000a000000000000000501000000000000007804000000000000000a0100010a00000000
    000000050100000000000000791a0000000000000002010000000000000009000000000000000d000000000000f83f
  `,
  dict_int_keys: hex`
    646a300004020000000000000004000000000000000a0100010a00000000000000050100000000000000610400000000
    0000000a0100020a0000000000000005010000000000000062
  `,
  float64_2x3: hex`
    6d596d00410200000000000000020000000000000003000000000000000600000000000000000000000000f03f000000
    00000010400000000000000040000000000000144000000000000008400000000000001840
  `,
  int32_2x3x4: hex`
    6d596d004103000000000000000200000000000000030000000000000004000000000000000c00000000000000000000
    000c00000004000000100000000800000014000000010000000d00000005000000110000000900000015000000020000
    000e00000006000000120000000a00000016000000030000000f00000007000000130000000b00000017000000
  `,
  uint64_big: hex`
    6d596d0041010000000000000002000000000000000f00000000000000ffffffffffffffff0100000000000000
  `,
  int64_big: hex`
    6d596d0041010000000000000003000000000000000e0000000000000000000000000000800000000000002000fbffff
    ffffffffff
  `,
  complex_2x2: hex`
    6d596d00410200000000000000020000000000000002000000000000000600000001000000000000000000f03f000000
    00000000000000000000000840000000000000f0bf0000000000000040000000000000144000000000000010c0000000
    0000000000
  `,
  complex64: hex`
    6d596d00410100000000000000020000000000000007000000010000000000803f000000400000803f00000000
  `,
  unicode: hex`
    646a3000410100000000000000020000000000000005000000000000000b000000000000000502000000000000006162
    0a0000000000000005010000000000000063
  `,
  object_1d: hex`
    646a30004101000000000000000300000000000000050000000000000004000000000000000a0100010a000000000000
    00050100000000000000610100000000000000ff
  `,
  object_2x2: hex`
    646a300041020000000000000002000000000000000200000000000000050000000000000004000000000000000a0100
    010100000000000000ff0a00000000000000050100000000000000621a00000000000000020100000000000000090000
    00000000000d0000000000000440
  `,
  dt64_D: hex`
    646a300041010000000000000003000000000000000300010000000000844d000000000000ffffffffffffffff000000
    0000000080
  `,
  dt64_Y: hex`
    646a3000410100000000000000020000000000000000000100000000003600000000000000f6ffffffffffffff
  `,
  dt64_M: hex`
    646a3000410100000000000000020000000000000001000100000000008c02000000000000f4ffffffffffffff
  `,
  dt64_W: hex`646a300041010000000000000001000000000000000200010000000000130b000000000000`,
  dt64_h: hex`646a3000410100000000000000010000000000000004000100000000006d44070000000000`,
  dt64_m: hex`646a300041010000000000000001000000000000000500010000000000b909b40100000000`,
  dt64_s: hex`
    646a3000410100000000000000020000000000000006000100000000006347326600000000ffffffffffffffff
  `,
  dt64_ms: hex`646a30004101000000000000000100000000000000070001000000000033db66348f010000`,
  dt64_us: hex`646a300041010000000000000001000000000000000800010000000000016043b7ef26f8ff`,
  dt64_ns: hex`646a30004101000000000000000100000000000000090001000000000015eb3d765661cb17`,
  dt64_scalar: hex`646a30004100000000000000000300010000000000844d000000000000`,
  recarray: hex`
    646a300046020000006100620041010000000000000002000000000000000e0000000000000001000000000000000200
    00000000000041010000000000000002000000000000000600000000000000000000000000f83f0000000000000440
  `,
  cell_1x2: hex`
    6d596d004302000000000000000100000000000000020000000000000029000000000000004102000000000000000100
    00000000000001000000000000000600000000000000000000000000f03f310000000000000041020000000000000001
    000000000000000200000000000000060000000000000000000000000000400000000000000840
  `,
  cell_2x2_mixed: hex`
    646a3000430200000000000000020000000000000002000000000000000a000000000000000501000000000000006121
    0000000000000041010000000000000001000000000000000600000000000000000000000000f03f0a00000000000000
    0501000000000000006304000000000000000a010004
  `,
  struct_1x2: hex`
    6d596d005302000000000000000100000000000000020000000000000002000000610062002900000000000000410200
    000000000000010000000000000001000000000000000600000000000000000000000000f03f29000000000000004102
    000000000000000100000000000000010000000000000006000000000000000000000000000040290000000000000041
    020000000000000001000000000000000100000000000000060000000000000000000000000008402900000000000000
    4102000000000000000100000000000000010000000000000006000000000000000000000000001040
  `,
  tuple: hex`
    646a300001020000000000000004000000000000000a0100010a0000000000000005010000000000000061
  `,
  compressed_list: hex`
    5a4c31323300c90e000000000000789c55c7659015040085d1f7965d6289a5bbbba53b45902e9514a4bb43ba414042a5
    5b6914a4535244e94641e96e41e966068699c3fd73bfd3ac4dae4048f660e0cd42df5e203cf85e07e9103a121d4a87d1
    91e92874543a1a1d4e47a763d031e95874041d9b8e43c7a5e3d1f1e90474423a119d984e4227a593d1c9e914744a3a15
    9d9a4e43a7a5d3d1e9e90c74463a139d99ce4267a5b3d1d9e91c744efa033a179d9bce43e7a5f3d1f9e9027441ba105d
    982e4217a58bd1c5e9127449ba145d9afe902e437f4497a5cbd11fd3e5e90a7445ba125d99ae4257a5abd1d5e91a744d
    fa13fa53fa33ba165d9bae43d7a5ebd1f5e9cfe9067443fa0bba11dd986e4237a59bd1cde916744bba15dd9a6e43b7a5
    dbd1ede90e7447ba13dd99ee4277a5bbd1dde92fe91e744fba17dd9bee43f7a5fbd1fde90161ef3a243030000689c162
    88182a8689afc47031428c145f8b5162b41823c68a6fc4b7e23b314e8c1713c44431494c1653c454314d4c1733c44c31
    4b7c2f7e10b3c51c3157cc13f3c502b1502c123f8a9fc462b144fc2c968a6562b95821568a5562b55823d68a7562bdd8
    207e111bc526b1596c115bc536f1abd82e7e133bc4efe20fb153ec12bbc51eb157ec13fbc50171501c1287c51171541c
    137f8abfc4717142fc2dfe1127c529715a9c1167c539715e5c1017c52571595c1157c535715ddc1037c52d715bfc2bee
    88bbe23ff1bfb827ee8b07e2a178241e8b27e2a978269e8b17e2a578250241101421229208156122b28822a28a68225c
    441731444c114b4488d8228e882be289f8228148281289c42289482a9289e4228548295289d4228d482bd289f42283c8
    283289cc228bc82ab2055f0328b39778
  `,
  just_over: hex`5a4c31323300e903000000000000789c4bc9326060bbc3cc300a46c12818c600005fad01e4`,
}

// MATLAB-written blobs from datajoint-python's tests/integration/test_blob_matlab.py.
const MATLAB = {
  'simple string': hex`
    6d596d004102000000000000000100000000000000100000000000000004000000000000006300680061007200610063
    00740065007200200073007400720069006e006700
  `,
  '1D vector': hex`
    6d596d0041020000000000000001000000000000000c000000000000000600000000000000000000000000f03f000000
    00000030400000000000003f4000000000000047400000000000804e4000000000000053400000000000c05640000000
    0000805a400000000000405e4000000000000061400000000000e062400000000000c06440
  `,
  'string array': hex`
    6d596d00430200000000000000010000000000000002000000000000002f000000000000004102000000000000000100
    0000000000000700000000000000040000000000000073007400720069006e00670031002f0000000000000041020000
    000000000001000000000000000700000000000000040000000000000073007400720069006e0067003200
  `,
  'struct array': hex`
    6d596d005302000000000000000100000000000000020000000000000002000000610062002900000000000000410200
    000000000000010000000000000001000000000000000600000000000000000000000000f03f90000000000000005302
    000000000000000100000000000000010000000000000001000000630069000000000000004102000000000000000300
    000000000000030000000000000006000000000000000000000000002040000000000000084000000000000010400000
    00000000f03f0000000000001440000000000000224000000000000018400000000000001c4000000000000000402900
    000000000000410200000000000000010000000000000001000000000000000600000000000000000000000000004010
    0100000000000053020000000000000001000000000000000100000000000000010000004300e9000000000000004102
    000000000000000500000000000000050000000000000006000000000000000000000000003140000000000000374000
    000000000010400000000000002440000000000000264000000000000038400000000000001440000000000000184000
    000000000028400000000000003240000000000000f03f0000000000001c400000000000002a40000000000000334000
    0000000000394000000000000020400000000000002c4000000000000034400000000000003540000000000000004000
    00000000002e400000000000003040000000000000364000000000000008400000000000002240
  `,
  '3D double array': hex`
    6d596d004103000000000000000200000000000000030000000000000004000000000000000600000000000000000000
    000000f03f00000000000000400000000000000840000000000000104000000000000014400000000000001840000000
    0000001c4000000000000020400000000000002240000000000000244000000000000026400000000000002840000000
    0000002a400000000000002c400000000000002e40000000000000304000000000000031400000000000003240000000
    000000334000000000000034400000000000003540000000000000364000000000000037400000000000003840
  `,
  '3D uint8 array': hex`
    6d596d004103000000000000000200000000000000030000000000000004000000000000000900000000000000010203
    0405060708090a0b0c0d0e0f101112131415161718
  `,
  '3D complex array': hex`
    6d596d004103000000000000000200000000000000030000000000000004000000000000000600000001000000000000
    0000c0724000000000000028c000000000000038c0000000000000000000000000000038c00000000000000000000000
    00000052c000000000000000000000000000000000000000000000000000000000000000000000000000000000000000
    00000052c000000000000000000000000000000000000000000000000000000000000000000000000000000000000000
    00000052c000000000000000000000000000000000000000000000000000000000000000000000000000000000000000
    00000000000000000000000000aa4c58e87ab62b400000000000000000aa4c58e87ab62bc00000000000000080000000
    000000524000000000000000000000000000000000000000000000000000000000000000000000000000000000000000
    000000000000000000000000000000000000000000000000000000000000000000000000800000000000000080000000
    00000052c000000000000000800000000000000080000000000000008000000000000000800000000000000080
  `,
}

describe('encodings observed from DataJoint Python', () => {
  test.each<[string, Uint8Array, BlobValue]>([
    [
      'np.array([1,2,3], int64)',
      hex`6d596d00 41 0100000000000000 0300000000000000 0e000000 00000000
          0100000000000000 0200000000000000 0300000000000000`,
      nd('int64', [3], [1, 2, 3]),
    ],
    [
      "{'x': 1}",
      hex`646a3000 04 0100000000000000 0a00000000000000 05 0100000000000000 78 0400000000000000 0a 0100 01`,
      { x: 1 },
    ],
    ["'hi'", hex`646a3000 05 0200000000000000 6869`, 'hi'],
    ['1.5', hex`646a3000 0d 000000000000f83f`, 1.5],
  ])('%s round-trips byte-exactly', (_name, bytes, value) => {
    expect(decodeBlob(bytes)).toEqual(value)
    expect(toHex(encodeBlob(value))).toBe(toHex(bytes))
  })
})

describe('scalar codes', () => {
  test.each<[string, Uint8Array, BlobValue]>([
    ['None', hex`646a3000 ff`, null],
    ['True', hex`646a3000 0b 01`, true],
    ['False', hex`646a3000 0b 00`, false],
    ['0', hex`646a3000 0a 0100 00`, 0],
    ['127', hex`646a3000 0a 0100 7f`, 127],
    ['128', hex`646a3000 0a 0200 8000`, 128],
    ['-1', hex`646a3000 0a 0100 ff`, -1],
    // Python sizes ints by bit_length() // 8 + 1, so -128 takes two bytes.
    ['-128', hex`646a3000 0a 0200 80ff`, -128],
    ['-129', hex`646a3000 0a 0200 7fff`, -129],
    ['2**31', hex`646a3000 0a 0500 0000008000`, 2 ** 31],
    ['-2**31', hex`646a3000 0a 0500 00000080ff`, -(2 ** 31)],
    ['2**53 - 1', hex`646a3000 0a 0700 ffffffffffff1f`, Number.MAX_SAFE_INTEGER],
    ['2**53', hex`646a3000 0a 0700 00000000000020`, 2n ** 53n],
    ['-2**63', hex`646a3000 0a 0900 0000000000000080ff`, -(2n ** 63n)],
    ['2**100', hex`646a3000 0a 0d00 00000000000000000000000010`, 2n ** 100n],
    ['1e300', hex`646a3000 0d 9c7500883ce4377e`, 1e300],
    ['-0.0', hex`646a3000 0d 0000000000000080`, -0],
    ['2.0**60', hex`646a3000 0d 000000000000b043`, 2 ** 60],
    ['complex(1.5, -2)', hex`646a3000 0c 000000000000f83f 00000000000000c0`, complex(1.5, -2)],
    ["''", hex`646a3000 05 0000000000000000`, ''],
    ["'héllo ✓ 🎉'", hex`646a3000 05 0f00000000000000 68c3a96c6c6f20e29c9320f09f8e89`, 'héllo ✓ 🎉'],
    ["'\\ufeffbom' keeps its BOM", hex`646a3000 05 0600000000000000 efbbbf626f6d`, '\ufeffbom'],
    ["b'\\x00\\x01\\xff'", hex`646a3000 06 0300000000000000 0001ff`, Uint8Array.of(0, 1, 255)],
    ['{}', hex`646a3000 04 0000000000000000`, {}],
  ])('%s', (_name, bytes, value) => {
    const decoded = decodeBlob(bytes)
    expect(decoded).toEqual(value)
    if (typeof value === 'number') expect(Object.is(decoded, value)).toBe(true)
    expect(toHex(encodeBlob(value))).toBe(toHex(bytes))
  })

  test.each<[string, Uint8Array, BlobValue]>([
    ["Decimal('1.50')", hex`646a3000 64 0400000000000000 312e3530`, '1.50'],
    ['date(2024, 5, 1)', hex`646a3000 74 75d83401 ffffffffffffffff`, '2024-05-01'],
    ['time(13, 45, 7)', hex`646a3000 74 ffffffff c0f03d511f000000`, '13:45:07'],
    ['time(1, 2, 3, 456)', hex`646a3000 74 ffffffff 886e256002000000`, '01:02:03.000456'],
    [
      'datetime(2024, 5, 1, 13, 45, 7, 123456)',
      hex`646a3000 74 75d83401 00d33f511f000000`,
      '2024-05-01T13:45:07.123456',
    ],
    ['datetime(2024, 5, 1)', hex`646a3000 74 75d83401 0000000000000000`, '2024-05-01T00:00:00'],
    [
      "UUID('12345678-1234-5678-9abc-def012345678')",
      hex`646a3000 75 123456781234 5678 9abc def012345678`,
      '12345678-1234-5678-9abc-def012345678',
    ],
    ["(1, 'a')", PYTHON.tuple, [1, 'a']],
    ['{3}', hex`646a3000 03 0100000000000000 0400000000000000 0a 0100 03`, [3]],
  ])('%s decodes to its plain form', (_name, bytes, value) => {
    expect(decodeBlob(bytes)).toEqual(value)
  })
})

describe('containers', () => {
  it('decodes lists and dicts', () => {
    expect(decodeBlob(PYTHON.list)).toEqual([1, [2, null]])
    expect(decodeBlob(PYTHON.dict)).toEqual({ x: 1, y: [1.5] })
    expect(toHex(encodeBlob([1, [2, null]]))).toBe(toHex(PYTHON.list))
    expect(toHex(encodeBlob({ x: 1, y: [1.5] }))).toBe(toHex(PYTHON.dict))
  })

  it('marks a dict with non-string keys unsupported', () => {
    expect(decodeBlob(PYTHON.dict_int_keys)).toEqual({
      __blob__: 'unsupported',
      type: 'dict with non-string keys (2 keys)',
      byteLength: PYTHON.dict_int_keys.byteLength - 4,
    })
  })

  it('marks a dict with a __blob__ key unsupported rather than mistaking it for a tagged value', () => {
    const bytes = hex`646a3000 04 0100000000000000
      1100000000000000 05 0800000000000000 5f5f626c6f625f5f
      0400000000000000 0a 0100 01`
    expect(decodeBlob(bytes)).toMatchObject({
      __blob__: 'unsupported',
      type: 'dict with the reserved key "__blob__" (1 key)',
    })
  })
})

/** MATLAB's reshape(1:24, [2,3,4]) in row-major order: element (i,j,k) is 1 + i + 2j + 6k. */
function matlabReshape24(): number[] {
  const data: number[] = []
  for (let i = 0; i < 2; i++) {
    for (let j = 0; j < 3; j++) for (let k = 0; k < 4; k++) data.push(1 + i + 2 * j + 6 * k)
  }
  return data
}

describe('numeric arrays', () => {
  test.each<[string, Uint8Array, BlobNdarray]>([
    ['float64 2×3', PYTHON.float64_2x3, nd('float64', [2, 3], [1, 2, 3, 4, 5, 6])],
    ['int32 2×3×4', PYTHON.int32_2x3x4, nd('int32', [2, 3, 4], Array.from({ length: 24 }, (_, i) => i))],
    [
      '0-d float64',
      hex`646a3000 41 0000000000000000 06000000 00000000 0000000000000c40`,
      nd('float64', [], [3.5]),
    ],
    ['0-d bool', hex`646a3000 41 0000000000000000 03000000 00000000 01`, nd('bool', [], [true])],
    ['0-d int16', hex`646a3000 41 0000000000000000 0a000000 00000000 f9ff`, nd('int16', [], [-7])],
    [
      'one-element int64',
      hex`6d596d00 41 0100000000000000 0100000000000000 0e000000 00000000 0700000000000000`,
      nd('int64', [1], [7]),
    ],
    ['uint64 beyond 2**53', PYTHON.uint64_big, nd('uint64', [2], [2n ** 64n - 1n, 1])],
    ['int64 beyond 2**53', PYTHON.int64_big, nd('int64', [3], [-(2n ** 63n), 2n ** 53n, -5])],
    [
      'bool 2×2',
      hex`6d596d00 41 0200000000000000 0200000000000000 0200000000000000 03000000 00000000 01000101`,
      nd('bool', [2, 2], [true, true, false, true]),
    ],
    [
      'float32',
      hex`6d596d00 41 0100000000000000 0200000000000000 07000000 00000000 0000003f 0000a0bf`,
      nd('float32', [2], [0.5, -1.25]),
    ],
    [
      'int8',
      hex`6d596d00 41 0100000000000000 0200000000000000 08000000 00000000 807f`,
      nd('int8', [2], [-128, 127]),
    ],
    [
      'uint8',
      hex`6d596d00 41 0100000000000000 0200000000000000 09000000 00000000 00ff`,
      nd('uint8', [2], [0, 255]),
    ],
    [
      'int16',
      hex`6d596d00 41 0100000000000000 0200000000000000 0a000000 00000000 0080ff7f`,
      nd('int16', [2], [-32768, 32767]),
    ],
    [
      'uint16',
      hex`6d596d00 41 0100000000000000 0200000000000000 0b000000 00000000 0000ffff`,
      nd('uint16', [2], [0, 65535]),
    ],
    [
      'uint32',
      hex`6d596d00 41 0100000000000000 0200000000000000 0d000000 00000000 00000000ffffffff`,
      nd('uint32', [2], [0, 2 ** 32 - 1]),
    ],
    [
      'complex128 2×2',
      PYTHON.complex_2x2,
      nd('complex128', [2, 2], [complex(1, 2), complex(3, -4), complex(0, 5), complex(-1, 0)]),
    ],
    ['complex64', PYTHON.complex64, nd('complex64', [2], [complex(1, 1), complex(2, 0)])],
    [
      'empty 0×3',
      hex`6d596d00 41 0200000000000000 0000000000000000 0300000000000000 06000000 00000000`,
      nd('float64', [0, 3], []),
    ],
    ['unicode array (object type id)', PYTHON.unicode, nd('object', [2], ['ab', 'c'])],
    ['object 1-d', PYTHON.object_1d, nd('object', [3], [1, 'a', null])],
    ['object 2×2', PYTHON.object_2x2, nd('object', [2, 2], [1, 'b', null, [2.5]])],
  ])('%s decodes row-major and re-encodes byte-exactly', (_name, bytes, value) => {
    const decoded = decodeBlob(bytes)
    expect(decoded).toEqual(value)
    expect(isNdarray(decoded)).toBe(true)
    expect(toHex(encodeBlob(value))).toBe(toHex(bytes))
  })

  it('converts MATLAB column-major 3-D arrays to row-major', () => {
    expect(decodeBlob(MATLAB['3D double array'])).toEqual(nd('float64', [2, 3, 4], matlabReshape24()))
    expect(decodeBlob(MATLAB['3D uint8 array'])).toEqual(nd('uint8', [2, 3, 4], matlabReshape24()))
    expect(decodeBlob(MATLAB['1D vector'])).toEqual(
      nd('float64', [1, 12], Array.from({ length: 12 }, (_, i) => 1 + 15 * i)),
    )
  })

  it('decodes a MATLAB complex array', () => {
    const value = decodeBlob(MATLAB['3D complex array'])
    expect(value).toMatchObject({ __blob__: 'ndarray', dtype: 'complex128', shape: [2, 3, 4] })
    expect(isNdarray(value) && value.data[0]).toEqual(complex(300, 0))
    expect(toHex(encodeBlob(value))).toBe(toHex(MATLAB['3D complex array']))
  })

  test.each<[string, Uint8Array, string[]]>([
    ['datetime64[D] with NaT', PYTHON.dt64_D, ['2024-05-01', '1969-12-31', 'NaT']],
    ['datetime64[Y]', PYTHON.dt64_Y, ['2024', '1960']],
    ['datetime64[M]', PYTHON.dt64_M, ['2024-05', '1969-01']],
    ['datetime64[W]', PYTHON.dt64_W, ['2024-05-02']],
    ['datetime64[h]', PYTHON.dt64_h, ['2024-05-01T13']],
    ['datetime64[m]', PYTHON.dt64_m, ['2024-05-01T13:45']],
    ['datetime64[s]', PYTHON.dt64_s, ['2024-05-01T13:45:07', '1969-12-31T23:59:59']],
    ['datetime64[ms]', PYTHON.dt64_ms, ['2024-05-01T13:45:07.123']],
    ['datetime64[us]', PYTHON.dt64_us, ['1900-01-01T00:00:00.000001']],
    ['datetime64[ns]', PYTHON.dt64_ns, ['2024-05-01T13:45:07.123456789']],
  ])('%s decodes to the strings numpy prints', (_name, bytes, strings) => {
    expect(decodeBlob(bytes)).toMatchObject({ __blob__: 'ndarray', shape: [strings.length], data: strings })
  })

  it('keeps a datetime64 scalar as a 0-d array', () => {
    expect(decodeBlob(PYTHON.dt64_scalar)).toEqual(nd('datetime64[D]', [], ['2024-05-01']))
  })
})

describe('MATLAB char arrays', () => {
  it('decodes a row vector to a string', () => {
    expect(decodeBlob(MATLAB['simple string'])).toBe('character string')
  })

  it('decodes a column vector to a string', () => {
    const bytes = hex`6d596d00 41 0200000000000000 0200000000000000 0100000000000000 04000000 00000000
      68006900`
    expect(decodeBlob(bytes)).toBe('hi')
  })

  it('decodes UTF-16 code units beyond Latin-1', () => {
    const bytes = hex`6d596d00 41 0200000000000000 0100000000000000 0200000000000000 04000000 00000000
      b103c903`
    expect(decodeBlob(bytes)).toBe('αω')
  })

  it('decodes a char matrix to one string per row and re-encodes it', () => {
    // ['abc'; 'def'] is stored column by column: a d b e c f.
    const bytes = hex`6d596d00 41 0200000000000000 0200000000000000 0300000000000000 04000000 00000000
      610064006200650063006600`
    const value = nd('char', [2], ['abc', 'def'])
    expect(decodeBlob(bytes)).toEqual(value)
    expect(toHex(encodeBlob(value))).toBe(toHex(bytes))
  })
})

describe('MATLAB cells and structs, numpy record arrays', () => {
  it('decodes a cell of strings', () => {
    expect(decodeBlob(MATLAB['string array'])).toEqual({
      __blob__: 'cell',
      shape: [1, 2],
      data: ['string1', 'string2'],
    })
  })

  it('decodes a nested struct array', () => {
    const magic3 = nd('float64', [3, 3], [8, 1, 6, 3, 5, 7, 4, 9, 2])
    const magic5 = nd('float64', [5, 5], [
      17, 24, 1, 8, 15, 23, 5, 7, 14, 16, 4, 6, 13, 20, 22, 10, 12, 19, 21, 3, 11, 18, 25, 2, 9,
    ])
    const value = decodeBlob(MATLAB['struct array'])
    expect(value).toEqual({
      __blob__: 'struct',
      shape: [1, 2],
      fields: ['a', 'b'],
      data: [
        {
          a: nd('float64', [1, 1], [1]),
          b: { __blob__: 'struct', shape: [1, 1], fields: ['c'], data: [{ c: magic3 }] },
        },
        {
          a: nd('float64', [1, 1], [2]),
          b: { __blob__: 'struct', shape: [1, 1], fields: ['C'], data: [{ C: magic5 }] },
        },
      ],
    })
    expect(toHex(encodeBlob(value))).toBe(toHex(MATLAB['struct array']))
  })

  it('round-trips Python-written cells and structs byte-exactly', () => {
    const cell = {
      __blob__: 'cell',
      shape: [1, 2],
      data: [nd('float64', [1, 1], [1]), nd('float64', [1, 2], [2, 3])],
    }
    expect(decodeBlob(PYTHON.cell_1x2)).toEqual(cell)
    expect(toHex(encodeBlob(cell as BlobValue))).toBe(toHex(PYTHON.cell_1x2))
    const mixed = { __blob__: 'cell', shape: [2, 2], data: ['a', 'c', nd('float64', [1], [1]), 4] }
    expect(decodeBlob(PYTHON.cell_2x2_mixed)).toEqual(mixed)
    expect(toHex(encodeBlob(mixed as BlobValue))).toBe(toHex(PYTHON.cell_2x2_mixed))
    const struct = decodeBlob(PYTHON.struct_1x2)
    expect(struct).toEqual({
      __blob__: 'struct',
      shape: [1, 2],
      fields: ['a', 'b'],
      data: [
        { a: nd('float64', [1, 1], [1]), b: nd('float64', [1, 1], [2]) },
        { a: nd('float64', [1, 1], [3]), b: nd('float64', [1, 1], [4]) },
      ],
    })
    expect(toHex(encodeBlob(struct))).toBe(toHex(PYTHON.struct_1x2))
  })

  it('decodes a record array into records', () => {
    expect(decodeBlob(PYTHON.recarray)).toEqual({
      __blob__: 'recarray',
      shape: [2],
      fields: ['a', 'b'],
      data: [
        { a: 1, b: 1.5 },
        { a: 2, b: 2.5 },
      ],
    })
  })
})

describe('unsupported content', () => {
  it('replaces a sparse array with a placeholder', () => {
    expect(decodeBlob(hex`6d596d00 50 0102030405`)).toEqual({
      __blob__: 'unsupported',
      type: 'MATLAB sparse array',
      byteLength: 6,
    })
  })

  it('keeps decoding around an unsupported element', () => {
    const bytes = hex`646a3000 02 0300000000000000
      0300000000000000 50 aabb
      0200000000000000 7e 00
      0400000000000000 0a 0100 01`
    expect(decodeBlob(bytes)).toEqual([
      { __blob__: 'unsupported', type: 'MATLAB sparse array', byteLength: 3 },
      { __blob__: 'unsupported', type: 'unknown blob type code 0x7e', byteLength: 2 },
      1,
    ])
  })

  it('describes an array of an unknown type', () => {
    const bytes = hex`6d596d00 43 0200000000000000 0100000000000000 0100000000000000
      2500000000000000 41 0200000000000000 0100000000000000 0100000000000000 10000000 00000000 deadbeef`
    expect(decodeBlob(bytes)).toEqual({
      __blob__: 'cell',
      shape: [1, 1],
      data: [{ __blob__: 'unsupported', type: 'function handle array 1×1', byteLength: 37 }],
    })
  })

  it('describes a complex logical array', () => {
    expect(decodeBlob(hex`646a3000 41 0100000000000000 0100000000000000 03000000 01000000 01 00`)).toEqual({
      __blob__: 'unsupported',
      type: 'complex logical array 1',
      byteLength: 27,
    })
  })
})

describe('corrupt input', () => {
  const samples: Record<string, Uint8Array> = {
    list: PYTHON.list,
    dict: PYTHON.dict,
    struct: PYTHON.struct_1x2,
    array: PYTHON.int32_2x3x4,
    objects: PYTHON.object_2x2,
    datetime: hex`646a3000 74 75d83401 00d33f511f000000`,
    compressed: PYTHON.compressed_list,
  }

  test.each(Object.entries(samples))('every truncation of %s throws BlobFormatError', (_name, bytes) => {
    for (let length = 0; length < bytes.byteLength; length++) {
      expect(() => decodeBlob(bytes.subarray(0, length)), `length ${length}`).toThrow(BlobFormatError)
    }
  })

  test.each<[string, Uint8Array]>([
    ['an unknown header', hex`78797a00 ff`],
    ['trailing bytes', hex`646a3000 ff 00`],
    ['an item shorter than its length prefix', hex`646a3000 02 0100000000000000 0500000000000000 0a 0100 01`],
    ['an implausible size', hex`646a3000 05 ffffffffffffffff 68`],
    ['invalid UTF-8', hex`646a3000 05 0100000000000000 ff`],
    ['an invalid date', hex`646a3000 74 d5d73401 ffffffffffffffff`],
    ['a corrupt zlib stream', hex`5a4c313233 00 0500000000000000 789c0000`],
    ['a wrong inflated size', hex`5a4c313233 00 0600000000000000 789c4bc9b33260f80f0002f501c9`],
  ])('%s throws BlobFormatError', (_name, bytes) => {
    expect(() => decodeBlob(bytes)).toThrow(BlobFormatError)
  })

  it('throws only BlobFormatError for mutated blobs', () => {
    const blobs = [
      ...Object.values(samples),
      MATLAB['struct array'],
      PYTHON.unicode,
      PYTHON.dt64_D,
      PYTHON.recarray,
    ]
    fc.assert(
      fc.property(
        fc.constantFrom(...blobs),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }),
        (blob, edits) => {
          const mutated = Uint8Array.from(blob)
          for (const [at, byte] of edits) mutated[at % mutated.byteLength] = byte
          try {
            decodeBlob(mutated)
          } catch (error) {
            expect(error).toBeInstanceOf(BlobFormatError)
          }
        },
      ),
      { numRuns: 2000 },
    )
  })
})

describe('compression', () => {
  const ZL123 = '5a4c31323300'

  it('decodes a Python-compressed blob', () => {
    expect(toHex(PYTHON.compressed_list).startsWith(ZL123)).toBe(true)
    expect(decodeBlob(PYTHON.compressed_list)).toEqual(Array.from({ length: 300 }, (_, i) => i))
  })

  it('compresses what Python compresses, to the same bytes', () => {
    const list = Array.from({ length: 300 }, (_, i) => i)
    const encoded = encodeBlob(list)
    expect(toHex(encoded)).toBe(toHex(PYTHON.compressed_list))
    expect(decodeBlob(encoded)).toEqual(list)
  })

  it('compresses only blobs larger than 1000 bytes', () => {
    // 4 header + 1 code + 8 length + 987 = exactly 1000 bytes.
    expect(encodeBlob(new Uint8Array(987)).byteLength).toBe(1000)
    const over = encodeBlob(new Uint8Array(988))
    expect(toHex(over).startsWith(ZL123)).toBe(true)
    expect(decodeBlob(over)).toEqual(new Uint8Array(988))
    expect(toHex(over)).toBe(toHex(PYTHON.just_over))
  })

  it('keeps the plain blob when compression does not shrink it', () => {
    const noise = new Uint8Array(2000)
    let state = 1
    for (let i = 0; i < noise.length; i++) {
      state = (state * 1103515245 + 12345) % 2 ** 31
      noise[i] = state >>> 16
    }
    expect(header(encodeBlob(noise))).toBe('dj0\0')
  })

  it('can be turned off', () => {
    const bytes = encodeBlob(new Uint8Array(5000), { compress: false })
    expect(bytes.byteLength).toBe(5013)
    expect(decodeBlob(bytes)).toEqual(new Uint8Array(5000))
  })
})

describe('encodeBlob', () => {
  test.each<[string, BlobValue, string]>([
    ['a numeric array', nd('float64', [2], [1, 2]), 'mYm\0'],
    ['a 0-d array', nd('float64', [], [1]), 'dj0\0'],
    ['an object array', nd('object', [1], [nd('float64', [1], [1])]), 'dj0\0'],
    ['a char matrix', nd('char', [2], ['ab', 'cd']), 'mYm\0'],
    ['a cell of arrays', { __blob__: 'cell', shape: [1, 1], data: [nd('uint8', [1], [1])] }, 'mYm\0'],
    ['a cell holding a Python int', { __blob__: 'cell', shape: [1, 1], data: [1] }, 'dj0\0'],
    ['a list of arrays', [nd('uint8', [1], [1])], 'dj0\0'],
    ['a number', 1, 'dj0\0'],
  ])('writes the %s header as Python does', (_name, value, expected) => {
    expect(header(encodeBlob(value))).toBe(expected)
  })

  it('writes safe integers as Python ints and everything else as floats', () => {
    expect(toHex(encodeBlob(5n))).toBe(toHex(encodeBlob(5)))
    expect(toHex(encodeBlob(2 ** 53))).toBe(toHex(hex`646a3000 0d 0000000000004043`))
    expect(decodeBlob(encodeBlob(Number.NaN))).toBeNaN()
    expect(decodeBlob(encodeBlob(-Infinity))).toBe(-Infinity)
  })

  test.each<[string, unknown]>([
    ['undefined', undefined],
    ['a function', () => 1],
    ['a Date', new Date(0)],
    ['a Map', new Map()],
    ['a lone surrogate', 'a\ud800b'],
    ['an int8 element out of range', nd('int8', [1], [128])],
    ['a fractional int32 element', nd('int32', [1], [1.5])],
    ['a bool element that is not boolean', nd('bool', [1], [1])],
    ['data that does not fill the shape', nd('float64', [2, 2], [1, 2, 3])],
    ['a datetime64 array', nd('datetime64[D]', [1], ['2024-05-01'])],
    ['a record array', { __blob__: 'recarray', shape: [0], fields: ['a'], data: [] }],
    ['an unsupported placeholder', { __blob__: 'unsupported', type: 'MATLAB sparse array', byteLength: 3 }],
    ['an unknown tag', { __blob__: 'frobnicated' }],
    ['an int beyond 65535 bytes', 1n << 524_288n],
  ])('refuses %s', (_name, value) => {
    expect(() => encodeBlob(value as BlobValue)).toThrow(BlobFormatError)
  })

  it('refuses cycles', () => {
    const list: unknown[] = []
    list.push(list)
    expect(() => encodeBlob(list as BlobValue)).toThrow(/cyclic/)
  })

  it('accepts shared, acyclic substructures', () => {
    const shared = [1]
    expect(decodeBlob(encodeBlob({ a: shared, b: shared }))).toEqual({ a: [1], b: [1] })
  })
})

/** What decoding gives back for an encodable value: bigints that fit become numbers. */
function normalized(value: BlobValue): BlobValue {
  if (typeof value === 'bigint') {
    return value >= -Number.MAX_SAFE_INTEGER && value <= Number.MAX_SAFE_INTEGER ? Number(value) : value
  }
  if (value === null || typeof value !== 'object' || value instanceof Uint8Array) return value
  if (Array.isArray(value)) return value.map(normalized)
  if (isNdarray(value)) {
    return { ...value, data: value.data.map((x) => normalized(x as BlobValue)) } as BlobNdarray
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalized(v as BlobValue)]))
}

const NUMERIC_ELEMENTS: Record<string, fc.Arbitrary<number | bigint>> = {
  float64: fc.double(),
  float32: fc.float(),
  int8: fc.integer({ min: -128, max: 127 }),
  uint8: fc.integer({ min: 0, max: 255 }),
  int16: fc.integer({ min: -32768, max: 32767 }),
  uint16: fc.integer({ min: 0, max: 65535 }),
  int32: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
  uint32: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
  int64: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
  uint64: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
}

const ndarrayArbitrary: fc.Arbitrary<BlobNdarray> = fc
  .tuple(
    fc.constantFrom(...Object.keys(NUMERIC_ELEMENTS), 'bool', 'complex128'),
    fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 4 }),
  )
  .chain(([dtype, shape]) => {
    const length = shape.reduce((n, d) => n * d, 1)
    const element: fc.Arbitrary<BlobValue> =
      dtype === 'bool'
        ? fc.boolean()
        : dtype === 'complex128'
          ? fc.tuple(fc.double(), fc.double()).map(([re, im]) => complex(re, im))
          : (NUMERIC_ELEMENTS[dtype] ?? fc.double())
    return fc
      .array(element, { minLength: length, maxLength: length })
      .map((data) => nd(dtype as BlobNdarray['dtype'], shape, data))
  })

// A type alias, not an interface: fc.letrec's typed overload needs the implicit index signature.
type Encodable = {
  value: BlobValue
  list: BlobValue[]
  dict: Record<string, BlobValue>
}

const { value: encodableArbitrary } = fc.letrec<Encodable>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.boolean(),
    fc.double(),
    fc.integer(),
    fc.maxSafeInteger(),
    fc.bigInt(),
    fc.string({ unit: 'grapheme' }),
    fc.uint8Array({ maxLength: 16 }),
    fc.double().map((re) => complex(re, -re)),
    ndarrayArbitrary,
    tie('list'),
    tie('dict'),
  ),
  list: fc.array(tie('value'), { maxLength: 4 }),
  dict: fc.dictionary(
    fc.string({ unit: 'grapheme' }).filter((key) => key !== '__blob__'),
    tie('value'),
    { maxKeys: 4 },
  ),
}))

describe('encode → decode round-trips (fast-check)', () => {
  it('gives back every encodable value', () => {
    fc.assert(
      fc.property(encodableArbitrary, (value) => {
        const bytes = encodeBlob(value)
        expect(decodeBlob(bytes)).toEqual(normalized(value))
        expect(toHex(encodeBlob(decodeBlob(bytes)))).toBe(toHex(bytes))
      }),
      { numRuns: 500 },
    )
  })

  it('preserves -0 and NaN', () => {
    fc.assert(
      fc.property(fc.double(), (x) => {
        expect(Object.is(decodeBlob(encodeBlob(x)), x)).toBe(true)
      }),
    )
  })

  it('writes mYm exactly for arrays with at least one dimension', () => {
    fc.assert(
      fc.property(ndarrayArbitrary, (array) => {
        const bytes = encodeBlob(array, { compress: false })
        expect(header(bytes)).toBe(array.shape.length > 0 ? 'mYm\0' : 'dj0\0')
        expect(decodeBlob(bytes)).toEqual(normalized(array))
      }),
    )
  })
})

describe('summarizeBlob', () => {
  test.each<[BlobValue, string]>([
    [nd('float64', [3, 4], Array.from({ length: 12 }, () => 0)), 'float64 3×4'],
    [nd('int64', [3], [1, 2, 3]), 'int64 [3]'],
    [nd('float64', [1, 1], [3.5]), '3.5 (float64 1×1)'],
    [nd('float64', [], [3.5]), '3.5 (float64)'],
    [nd('object', [1], ['a']), 'object [1]'],
    [{ a: 1, b: 2, c: 3 }, 'dict (3 keys)'],
    [{ a: 1 }, 'dict (1 key)'],
    [[1, 2, 3, 4, 5], 'list (5)'],
    ['hello', "'hello'"],
    ['line\nbreak', "'line\\nbreak'"],
    ['x'.repeat(50), `'${'x'.repeat(40)}…'`],
    [42, '42'],
    [2n ** 64n, '18446744073709551616'],
    [Number.NaN, 'nan'],
    [null, 'None'],
    [true, 'True'],
    [Uint8Array.of(1, 2), 'bytes (2)'],
    [complex(1, -2), '(1-2j)'],
    [complex(0, 2), '2j'],
    [{ __blob__: 'cell', shape: [1, 2], data: ['a', 'b'] }, 'cell 1×2'],
    [
      { __blob__: 'unsupported', type: 'MATLAB sparse array', byteLength: 3 },
      'MATLAB sparse array (unsupported)',
    ],
  ])('%# %s', (value, expected) => {
    expect(summarizeBlob(value)).toBe(expected)
  })

  it('names the fields of a struct', () => {
    expect(summarizeBlob(decodeBlob(MATLAB['struct array']))).toBe('struct 1×2 (fields a, b)')
  })
})

describe('isNdarray', () => {
  it('recognises only ndarrays', () => {
    expect(isNdarray(nd('uint8', [0], []))).toBe(true)
    expect(isNdarray({ dtype: 'uint8', shape: [], data: [] })).toBe(false)
    expect(isNdarray(complex(1, 1))).toBe(false)
    expect(isNdarray([1])).toBe(false)
    expect(isNdarray(null)).toBe(false)
  })
})
