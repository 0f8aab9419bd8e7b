import { QueryClientProvider } from '@tanstack/react-query'
import { useState } from 'react'
import { createQueryClient } from '../lib/query-client'
import { FeatureErrorBoundary } from './error-boundary'
import { Shell } from './shell'

export function App() {
  const [client] = useState(createQueryClient)
  return (
    <QueryClientProvider client={client}>
      <FeatureErrorBoundary label="Joinery">
        <Shell />
      </FeatureErrorBoundary>
    </QueryClientProvider>
  )
}
