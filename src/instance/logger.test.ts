import { describe, expect, it } from 'vitest'
import { createConsoleLogger, createMemoryLogger, formatLogLine, isLevelEnabled } from './logger'
import type { LogLevel, Logger } from './logger'

const AT = new Date(2026, 0, 5, 9, 4, 3)

function capture(level: LogLevel | (() => LogLevel)): { lines: string[]; logger: Logger } {
  const lines: string[] = []
  const stream = { write: (chunk: string) => lines.push(chunk) }
  return { lines, logger: createConsoleLogger({ level, stream, now: () => AT }) }
}

describe('formatLogLine', () => {
  it('prints INFO and DEBUG without the level, like DataJoint', () => {
    expect(formatLogLine('INFO', 'Loading configuration from /p/datajoint.json', AT)).toBe(
      '[2026-01-05 09:04:03] Loading configuration from /p/datajoint.json',
    )
    expect(formatLogLine('DEBUG', 'detail', AT)).toBe('[2026-01-05 09:04:03] detail')
  })

  it('prints WARNING and above as [ts][LEVEL]: message', () => {
    expect(formatLogLine('WARNING', 'Reconnecting to database server.', AT)).toBe(
      '[2026-01-05 09:04:03][WARNING]: Reconnecting to database server.',
    )
    expect(formatLogLine('ERROR', 'x', AT)).toBe('[2026-01-05 09:04:03][ERROR]: x')
    expect(formatLogLine('CRITICAL', 'x', AT)).toBe('[2026-01-05 09:04:03][CRITICAL]: x')
  })
})

describe('createConsoleLogger', () => {
  it('writes one line per message and drops messages below its level', () => {
    const { lines, logger } = capture('WARNING')
    logger.debug('d')
    logger.info('i')
    logger.warning('w')
    logger.error('e')
    expect(lines).toEqual(['[2026-01-05 09:04:03][WARNING]: w\n', '[2026-01-05 09:04:03][ERROR]: e\n'])
  })

  it('defaults to INFO', () => {
    const lines: string[] = []
    const logger = createConsoleLogger({ stream: { write: (chunk) => lines.push(chunk) }, now: () => AT })
    logger.debug('hidden')
    logger.info('shown')
    expect(lines).toEqual(['[2026-01-05 09:04:03] shown\n'])
  })

  it('reads a level function at every call, so it can follow config.loglevel', () => {
    let level: LogLevel = 'ERROR'
    const { lines, logger } = capture(() => level)
    logger.info('before')
    level = 'DEBUG'
    logger.debug('after')
    expect(lines).toEqual(['[2026-01-05 09:04:03] after\n'])
  })

  it('orders levels like Python logging', () => {
    expect(isLevelEnabled('INFO', 'DEBUG')).toBe(true)
    expect(isLevelEnabled('ERROR', 'CRITICAL')).toBe(false)
    expect(isLevelEnabled('WARNING', 'WARNING')).toBe(true)
  })
})

describe('createMemoryLogger', () => {
  it('collects every record in order, at all levels', () => {
    const logger = createMemoryLogger()
    logger.debug('d')
    logger.warning('w1')
    logger.info('i')
    logger.warning('w2')
    expect(logger.records).toEqual([
      { level: 'DEBUG', message: 'd' },
      { level: 'WARNING', message: 'w1' },
      { level: 'INFO', message: 'i' },
      { level: 'WARNING', message: 'w2' },
    ])
    expect(logger.messages('WARNING')).toEqual(['w1', 'w2'])
    logger.clear()
    expect(logger.records).toEqual([])
  })
})
