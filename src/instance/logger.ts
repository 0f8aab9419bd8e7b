// Logging in DataJoint's line format (logging.py). A Logger is a value handed to whoever logs: there is
// no global logger, and nothing here reads the environment (see `logSettingsFromEnv` in config-sources).

/** DataJoint's log levels, least to most severe (the values `config.loglevel` accepts). */
export const LOG_LEVELS = ['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'] as const

export type LogLevel = (typeof LOG_LEVELS)[number]

/** What the engine logs through. Messages are plain text; never pass secrets. */
export interface Logger {
  debug(message: string): void
  info(message: string): void
  warning(message: string): void
  error(message: string): void
}

/** One collected message of a memory logger. */
export interface LogRecord {
  readonly level: LogLevel
  readonly message: string
}

/** The part of a Node writable stream a console logger needs (`process.stdout` satisfies it). */
export interface LogStream {
  write(chunk: string): unknown
}

export interface ConsoleLoggerOptions {
  /**
   * Messages below this level are dropped. A function is read at every call, so a logger can follow a
   * `Config` the way DataJoint's logger follows `config.loglevel`: `level: () => config.loglevel`.
   * Defaults to `INFO`.
   */
  readonly level?: LogLevel | (() => LogLevel)
  readonly stream: LogStream
  /** Clock for the timestamp; defaults to the current time. */
  readonly now?: () => Date
}

export interface MemoryLogger extends Logger {
  /** Every message logged so far, oldest first. */
  readonly records: readonly LogRecord[]
  /** The messages logged at `level`, oldest first. */
  messages(level: LogLevel): string[]
  clear(): void
}

const SEVERITY: Readonly<Record<LogLevel, number>> = {
  DEBUG: 10,
  INFO: 20,
  WARNING: 30,
  ERROR: 40,
  CRITICAL: 50,
}

/** True when a message at `level` passes a logger set to `threshold`. */
export function isLevelEnabled(level: LogLevel, threshold: LogLevel): boolean {
  return SEVERITY[level] >= SEVERITY[threshold]
}

/**
 * One log line as DataJoint prints it (without the newline): `[YYYY-MM-DD HH:MM:SS] message` below
 * WARNING, `[YYYY-MM-DD HH:MM:SS][LEVEL]: message` from WARNING up. The time is local, like Python's
 * `Formatter.formatTime`.
 */
export function formatLogLine(level: LogLevel, message: string, time: Date): string {
  const timestamp = formatTimestamp(time)
  return SEVERITY[level] >= SEVERITY.WARNING
    ? `[${timestamp}][${level}]: ${message}`
    : `[${timestamp}] ${message}`
}

/** A logger writing DataJoint-formatted lines to `stream`, filtered by `level`. */
export function createConsoleLogger(options: ConsoleLoggerOptions): Logger {
  const { stream, level = 'INFO', now = () => new Date() } = options
  const threshold = typeof level === 'function' ? level : () => level
  const log = (messageLevel: LogLevel, message: string): void => {
    if (!isLevelEnabled(messageLevel, threshold())) return
    stream.write(`${formatLogLine(messageLevel, message, now())}\n`)
  }
  return {
    debug: (message) => log('DEBUG', message),
    info: (message) => log('INFO', message),
    warning: (message) => log('WARNING', message),
    error: (message) => log('ERROR', message),
  }
}

/** A logger keeping every message (all levels) in memory: for tests, and to show load warnings in a UI. */
export function createMemoryLogger(): MemoryLogger {
  const records: LogRecord[] = []
  const log = (level: LogLevel, message: string): void => {
    records.push({ level, message })
  }
  return {
    records,
    messages: (level) => records.filter((record) => record.level === level).map((record) => record.message),
    clear: () => {
      records.length = 0
    },
    debug: (message) => log('DEBUG', message),
    info: (message) => log('INFO', message),
    warning: (message) => log('WARNING', message),
    error: (message) => log('ERROR', message),
  }
}

function formatTimestamp(time: Date): string {
  const pad = (value: number): string => String(value).padStart(2, '0')
  const date = `${time.getFullYear()}-${pad(time.getMonth() + 1)}-${pad(time.getDate())}`
  return `${date} ${pad(time.getHours())}:${pad(time.getMinutes())}:${pad(time.getSeconds())}`
}
