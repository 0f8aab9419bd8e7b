import { QueryErrorResetBoundary } from '@tanstack/react-query'
import { Component, type ErrorInfo, type ReactNode } from 'react'
import { Button } from '../components/button'
import { ErrorCallout } from '../components/error-callout'

interface BoundaryProps {
  readonly children: ReactNode
  readonly onReset: () => void
  readonly label: string
}

interface BoundaryState {
  readonly error: unknown
}

class Boundary extends Component<BoundaryProps, BoundaryState> {
  override state: BoundaryState = { error: null }

  static getDerivedStateFromError(error: unknown): BoundaryState {
    return { error }
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error(`Joinery: ${this.props.label} failed`, error, info.componentStack)
  }

  reset = () => {
    this.props.onReset()
    this.setState({ error: null })
  }

  override render() {
    if (this.state.error === null) return this.props.children
    return (
      <div className="center-state">
        <ErrorCallout error={this.state.error} actions={<Button onClick={this.reset}>Reload this view</Button>} />
      </div>
    )
  }
}

export interface FeatureErrorBoundaryProps {
  readonly label: string
  readonly children: ReactNode
}

/**
 * Catches what designed error states do not: INTERNAL errors (query errors with other codes render in
 * place; see lib/query-client.ts) and renderer bugs. Resetting also retries the failed queries.
 */
export function FeatureErrorBoundary({ label, children }: FeatureErrorBoundaryProps) {
  return (
    <QueryErrorResetBoundary>
      {({ reset }) => (
        <Boundary label={label} onReset={reset}>
          {children}
        </Boundary>
      )}
    </QueryErrorResetBoundary>
  )
}
