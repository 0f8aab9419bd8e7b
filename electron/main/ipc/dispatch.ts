// The one request path, shared by Electron's ipcMain and the browser-mode socket: channel allowlist → zod parse →
// read-only check → handler → Result. Errors become WireErrors here; nothing thrown crosses the boundary.

import { randomBytes } from 'node:crypto'
import { z } from 'zod'
import { DataJointError } from '../../../src/errors/datajoint-error'
import { toWire, type WireError } from '../../../src/errors/wire'
import type { Logger } from '../../../src/instance/logger'
import { contract, type Channel } from '../../ipc/contract'
import { fail, ok, type Result } from '../../ipc/result'
import type { CallContext, Handlers } from '../../services/handlers'

export interface DispatcherOptions {
  readonly handlers: Handlers
  readonly isReadOnly: (tabId: string) => boolean
  readonly logger: Logger
  /** Checks every output against the contract (tests and development builds; rows make it costly). */
  readonly validateOutputs?: boolean
  /** Keeps the SQL text in error details (development builds only). */
  readonly includeSql?: boolean
}

export type Dispatch = (channel: unknown, input: unknown, ctx: CallContext) => Promise<Result<unknown>>

const MAX_ISSUES = 3
const MAX_TEXT = 120

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && Object.hasOwn(contract, value)
}

function clip(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text
}

/** A zod error as INVALID_INPUT: paths and messages only (zod's messages do not quote the values). */
export function invalidInput(channel: string, error: z.ZodError): WireError {
  const issues = error.issues.slice(0, MAX_ISSUES).map((issue) => {
    const path = issue.path.map((part) => clip(String(part))).join('.')
    return `${path === '' ? '(input)' : path}: ${clip(issue.message)}`
  })
  const more = error.issues.length > MAX_ISSUES ? ` (+${error.issues.length - MAX_ISSUES} more)` : ''
  return { code: 'INVALID_INPUT', message: `Invalid input for ${channel}: ${issues.join('; ')}${more}`, details: {} }
}

export function createDispatcher(options: DispatcherOptions): Dispatch {
  const { handlers, logger } = options
  const internal = (channel: string, what: string, error: unknown): WireError => {
    const ref = randomBytes(4).toString('hex')
    // The stack stays in the main process log; the renderer gets a reference to it.
    logger.error(`INTERNAL ${ref} in ${channel}: ${what}\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
    return { code: 'INTERNAL', message: `Internal error in ${channel} (ref ${ref}); see the Joinery log.`, details: {} }
  }

  return async (channel, input, ctx) => {
    if (!isChannel(channel)) {
      return fail({ code: 'INVALID_INPUT', message: `Unknown channel ${clip(String(channel))}.`, details: {} })
    }
    const parsed = contract[channel].input.safeParse(input)
    if (!parsed.success) return fail(invalidInput(channel, parsed.error))
    if (contract[channel].modifiesData) {
      const tabId = (parsed.data as { readonly tabId?: unknown }).tabId
      if (typeof tabId === 'string' && options.isReadOnly(tabId)) {
        return fail({ code: 'READ_ONLY', message: 'This connection is read-only: nothing can be changed through it.', details: {} })
      }
    }
    let value: unknown
    try {
      const handler = handlers[channel] as (input: unknown, ctx: CallContext) => Promise<unknown>
      value = await handler(parsed.data, ctx)
    } catch (error) {
      if (error instanceof DataJointError) return fail(toWire(error, { includeSql: options.includeSql === true }))
      if (error instanceof z.ZodError) return fail(invalidInput(channel, error))
      return fail(internal(channel, 'handler failed', error))
    }
    if (options.validateOutputs === true) {
      const checked = contract[channel].output.safeParse(value)
      if (!checked.success) return fail(internal(channel, `output does not match the contract: ${z.prettifyError(checked.error)}`, checked.error))
    }
    return ok(value)
  }
}
