import { createContext, useContext } from 'react'
import type { Session } from '@/features/session/api/get-me'

/** SessionStatus is where the app stands with the server's session. */
export type SessionStatus =
  | 'loading' // asking /me
  | 'error' // /me failed for another reason than 401
  | 'signed-out' // nobody signed in on this page yet
  | 'signed-in'
  | 'ended' // was signed in, then timed out or got a 401: "You were signed out"

export type SessionContextValue = {
  status: SessionStatus
  /** session is /me while signed in, null otherwise. */
  session: Session | null
  /** error is why /me failed, when status is 'error'. */
  error: unknown
  retry: () => void
  /** endSession moves to 'ended'; the server has already ended the session. */
  endSession: () => void
  signOut: () => void
  signingOut: boolean
  signOutFailed: boolean
}

export const SessionContext = createContext<SessionContextValue | null>(null)

/** useSession reads the session; only components under SessionProvider may call it. */
export function useSession(): SessionContextValue {
  const value = useContext(SessionContext)
  if (!value) throw new Error('useSession: no SessionProvider above this component')
  return value
}
