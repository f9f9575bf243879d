import type { ReactNode } from 'react'
import { ErrorFallback } from '@/components/errors/error-fallback'
import { en } from '@/features/session/copy'
import { useSession } from '@/features/session/components/session-context'
import { SessionEnded } from '@/features/session/components/session-ended'

/**
 * SessionGate shows the page once /me has answered, so no court-scoped query runs
 * before the acting court is known; and "You were signed out" once the session ended.
 */
export function SessionGate({ children }: { children: ReactNode }) {
  const { status, error, retry } = useSession()
  if (status === 'loading') return <p>{en.loading}</p>
  if (status === 'error') return <ErrorFallback error={error} onRetry={retry} />
  if (status === 'ended') return <SessionEnded />
  return children
}
