import { describe, expect, test } from 'vitest'
import { exportProgressed, exportStarted, type ExportProgress, type ExportState } from './export-progress'

const event = (overrides: Partial<ExportProgress>): ExportProgress => ({
  tabId: 't-1',
  exportId: 'x1',
  fileName: 'subject.csv',
  rows: 0,
  total: 10,
  state: 'running',
  error: null,
  ...overrides,
})

describe('export progress', () => {
  const running = exportStarted('csv', { exportId: 'x1', fileName: 'subject.csv' }, 10)

  test('a dismissed save dialog leaves the bar idle', () => {
    expect(exportStarted('csv', { exportId: null, fileName: null }, 10)).toEqual({ status: 'idle' })
  })

  test('counts rows, then ends done with the file name', () => {
    const midway = exportProgressed(running, event({ rows: 4 }))
    expect(midway).toMatchObject({ status: 'running', rows: 4, total: 10 })
    expect(exportProgressed(midway, event({ rows: 10, state: 'done', fileName: 'mine.csv' }))).toEqual({ status: 'done', format: 'csv', rows: 10, fileName: 'mine.csv' })
  })

  test('ends cancelled or failed', () => {
    expect(exportProgressed(running, event({ rows: 3, state: 'cancelled' }))).toEqual({ status: 'cancelled', format: 'csv', rows: 3 })
    const error = { code: 'LOST_CONNECTION' as const, message: 'gone', details: {} }
    expect(exportProgressed(running, event({ state: 'failed', error }))).toEqual({ status: 'error', format: 'csv', error })
  })

  test('ignores the events of other exports and of finished ones', () => {
    expect(exportProgressed(running, event({ exportId: 'x2', rows: 5 }))).toBe(running)
    const done: ExportState = { status: 'done', format: 'csv', rows: 10, fileName: 'a.csv' }
    expect(exportProgressed(done, event({ rows: 5 }))).toBe(done)
  })
})
