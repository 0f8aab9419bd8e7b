import { QueryClientProvider } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import { createQueryClient } from '../lib/query-client'
import { flushUiState, loadUiState } from '../lib/ui-state'
import { FeatureErrorBoundary } from './error-boundary'
import { Shell } from './shell'

export function App() {
  const [client] = useState(createQueryClient)
  // Where the user was, read before the first view mounts (a failure leaves the defaults).
  const [uiStateRead, setUiStateRead] = useState(false)
  useEffect(() => {
    loadUiState()
      .catch(() => undefined)
      .finally(() => setUiStateRead(true))
    window.addEventListener('pagehide', flushUiState)
    return () => window.removeEventListener('pagehide', flushUiState)
  }, [])
  if (!uiStateRead) return null
  return (
    <QueryClientProvider client={client}>
      <FeatureErrorBoundary label="Joinery">
        <Shell />
      </FeatureErrorBoundary>
    </QueryClientProvider>
  )
}
