import { Component, type ReactNode } from 'react'
import { ErrorFallback } from '@/components/errors/error-fallback'

type ErrorBoundaryProps = {
  children: ReactNode
  /** resetKey clears the error when it changes (e.g. the route's path). */
  resetKey?: unknown
  /** onReset runs before a retry, e.g. to reset failed queries. */
  onReset?: () => void
  /** onError hears of every error caught, e.g. to report it to the server. */
  onError?: (error: unknown) => void
}

type ErrorBoundaryState = { failed: false } | { failed: true; error: unknown }

/** ErrorBoundary shows what went wrong instead of a blank page, and offers a retry. */
export class ErrorBoundary extends Component<ErrorBoundaryProps, ErrorBoundaryState> {
  state: ErrorBoundaryState = { failed: false }

  static getDerivedStateFromError(error: unknown): ErrorBoundaryState {
    return { failed: true, error }
  }

  // React itself logs the error and its component stack to the console.
  componentDidCatch(error: unknown) {
    this.props.onError?.(error)
  }

  componentDidUpdate(previous: ErrorBoundaryProps) {
    if (this.state.failed && previous.resetKey !== this.props.resetKey) {
      this.reset()
    }
  }

  reset = () => {
    this.props.onReset?.()
    this.setState({ failed: false })
  }

  render() {
    if (this.state.failed) {
      return <ErrorFallback error={this.state.error} onRetry={this.reset} />
    }
    return this.props.children
  }
}
