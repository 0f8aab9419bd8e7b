import { describe, expect, it } from 'vitest'
import type { Instance } from '../../src/index'
import { CATALOG_REUSE_MS, readRecently, recordCatalogRead } from './catalog-reads'

describe('catalog reads', () => {
  it('stand for the server for CATALOG_REUSE_MS, per Instance and for every schema asked', () => {
    const one = {} as Instance
    const other = {} as Instance
    recordCatalogRead(one, ['lab', 'ephys'], 1_000)
    expect(readRecently(one, ['lab'], 1_000 + CATALOG_REUSE_MS)).toBe(true)
    expect(readRecently(one, ['lab', 'ephys'], 2_000)).toBe(true)
    expect(readRecently(one, ['lab'], 1_001 + CATALOG_REUSE_MS)).toBe(false)
    expect(readRecently(one, ['lab', 'other'], 2_000)).toBe(false)
    expect(readRecently(other, ['lab'], 2_000)).toBe(false)
  })
})
