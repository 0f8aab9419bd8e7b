import { describe, expect, test } from 'vitest'
import { describeError, toErrorInfo } from './error-text'

describe('describeError', () => {
  test('CONNECTION_FAILED names host:port', () => {
    const text = describeError({ code: 'CONNECTION_FAILED', message: 'connect ECONNREFUSED', details: { host: 'db.lab', port: 3306 } })
    expect(text.title).toBe('Could not connect to db.lab:3306')
    expect(text.hint).toMatch(/server running/)
  })

  test('ACCESS_DENIED points at the credentials', () => {
    expect(describeError({ code: 'ACCESS_DENIED', message: 'denied', details: {} })).toMatchObject({ title: 'Access denied', message: 'denied' })
  })

  test('READ_ONLY and a server hint', () => {
    expect(describeError({ code: 'READ_ONLY', message: 'no', details: {} }).title).toBe('Read-only connection')
    expect(describeError({ code: 'DUPLICATE', message: 'dup', details: { hint: 'skip duplicates' } })).toEqual({
      title: 'Duplicate',
      message: 'dup',
      hint: 'skip duplicates',
    })
  })
})

describe('toErrorInfo', () => {
  test('keeps a wire error as is', () => {
    expect(toErrorInfo({ code: 'CANCELLED', message: 'stop', details: { a: 1 } })).toEqual({ code: 'CANCELLED', message: 'stop', details: { a: 1 } })
  })

  test('anything else is INTERNAL', () => {
    expect(toErrorInfo(new TypeError('boom'))).toEqual({ code: 'INTERNAL', message: 'boom', details: {} })
    expect(toErrorInfo({ code: 'NOPE', message: 'x' })).toMatchObject({ code: 'INTERNAL' })
  })
})
