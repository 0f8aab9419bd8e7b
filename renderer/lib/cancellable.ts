import { invoke } from './ipc'
import { newRequestId } from './request-id'

/**
 * Runs a request that the main process can cancel: when TanStack Query aborts `signal` (the user pressed
 * Cancel, or the result is no longer wanted), `query.cancel` stops the statement on the server.
 */
export async function cancellable<T>(tabId: string, signal: AbortSignal, run: (requestId: string) => Promise<T>): Promise<T> {
  const requestId = newRequestId()
  const cancel = () => {
    invoke('query.cancel', { tabId, requestId }).catch(() => undefined)
  }
  signal.addEventListener('abort', cancel, { once: true })
  try {
    return await run(requestId)
  } finally {
    signal.removeEventListener('abort', cancel)
  }
}
