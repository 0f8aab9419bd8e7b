// The one QueryClient of the renderer. Server data lives in the main process; the renderer caches it here
// and never keeps a second copy in component state.

import { QueryClient } from '@tanstack/react-query'
import type { RemoteError } from './ipc'

declare module '@tanstack/react-query' {
  interface Register {
    defaultError: RemoteError
  }
}

/** Only INTERNAL errors (bugs) reach the error boundary; every other code is drawn as designed UI. */
export function isBug(error: unknown): boolean {
  return typeof error !== 'object' || error === null || !('code' in error) || error.code === 'INTERNAL'
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // The main process already retries what is worth retrying; a lost connection is handled per tab.
        retry: false,
        staleTime: 30_000,
        gcTime: 5 * 60_000,
        refetchOnWindowFocus: false,
        throwOnError: isBug,
      },
      mutations: { retry: false },
    },
  })
}
