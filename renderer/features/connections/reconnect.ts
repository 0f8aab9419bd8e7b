// When a tab counts as lost (and is reconnected with backoff), and the backoff schedule. Pure.

import type { Tab } from './queries'

const DELAYS_MS = [1_000, 2_000, 4_000, 8_000, 15_000] as const
const MAX_DELAY_MS = 30_000

/** Delay before reconnect attempt `attempt` (0-based). */
export function reconnectDelay(attempt: number): number {
  return DELAYS_MS[attempt] ?? MAX_DELAY_MS
}

/** Error codes that mean the server is (for now) unreachable, as opposed to a refusal such as ACCESS_DENIED. */
const LOSS_CODES: ReadonlySet<string> = new Set(['LOST_CONNECTION', 'CONNECTION_FAILED'])

export interface ShownStateInput {
  readonly tab: Tab
  /** The tab was connected at some point (so its browser has content worth keeping). */
  readonly everConnected: boolean
  /** A query of this tab failed with LOST_CONNECTION since it was last connected. */
  readonly queryLost: boolean
}

/**
 * The state a tab is shown in. A tab that was connected stays `lost` (browser kept, banner shown) through
 * reconnect attempts (`connecting`) and failed ones (`error` for an unreachable server), until it is back
 * or the server refuses it for another reason.
 */
export function shownState({ tab, everConnected, queryLost }: ShownStateInput): Tab['state'] {
  switch (tab.state) {
    case 'connected':
      return queryLost ? 'lost' : 'connected'
    case 'connecting':
      return everConnected ? 'lost' : 'connecting'
    case 'error':
      return everConnected && tab.error !== null && LOSS_CODES.has(tab.error.code) ? 'lost' : 'error'
    default:
      return tab.state
  }
}
