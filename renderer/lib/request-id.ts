// Request ids name a running query so that it can be cancelled (`query.cancel`) or matched to progress events.

let fallbackCounter = 0

export function newRequestId(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID()
  fallbackCounter += 1
  return `r${Date.now().toString(36)}${fallbackCounter.toString(36)}`
}
