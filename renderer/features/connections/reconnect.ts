// Backoff schedule for reconnecting a lost tab: quick first tries, then a steady pace.

const DELAYS_MS = [1_000, 2_000, 4_000, 8_000, 15_000] as const
const MAX_DELAY_MS = 30_000

/** Delay before reconnect attempt `attempt` (0-based). */
export function reconnectDelay(attempt: number): number {
  return DELAYS_MS[attempt] ?? MAX_DELAY_MS
}
