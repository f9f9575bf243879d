import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react'
import { setCsrfToken, setSessionHooks } from '@/api/client'
import { isApiError } from '@/api/problem'
import { readBasePath } from '@/config/base-path'
import { ActingCourtContext, ActingRolesContext, CletsCurrentContext } from '@/lib/acting-court'
import { assignLocation } from '@/lib/browser-location'
import { isCourtScoped } from '@/lib/query-keys'
import { isWebUrl } from '@/features/session/api/auth-urls'
import { meQueryKey, meQueryOptions } from '@/features/session/api/get-me'
import { postSignOut } from '@/features/session/api/sign-out'
import { IdleTimeout } from '@/features/session/components/idle-timeout'
import { SessionContext, type SessionContextValue, type SessionStatus } from '@/features/session/components/session-context'

/** ACTIVITY_COALESCE_MS gathers the calls of one page or action into one refetch of /me. */
const ACTIVITY_COALESCE_MS = 500

/**
 * SessionProvider asks /me who is signed in and shares the answer: the user, the
 * acting court (for every court-scoped query key) and the CSRF token (for the API
 * client). It is the one place that ends the session, on a 401 or when time runs out.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient()
  const [ended, setEnded] = useState(false)
  const [signingOut, setSigningOut] = useState(false)
  const [signOutFailed, setSignOutFailed] = useState(false)
  const me = useQuery(meQueryOptions(!ended))

  const session = ended ? null : (me.data ?? null)
  const status: SessionStatus = ended
    ? 'ended'
    : me.data === undefined
      ? me.isError
        ? 'error'
        : 'loading'
      : session
        ? 'signed-in'
        : 'signed-out'

  const statusRef = useRef(status)
  useEffect(() => {
    statusRef.current = status
  }, [status])

  const csrfToken = session?.me.csrfToken ?? null
  useEffect(() => {
    setCsrfToken(csrfToken)
  }, [csrfToken])

  const endSession = useCallback(() => {
    statusRef.current = 'ended' // before the re-render: a second 401 in flight changes nothing
    setEnded(true)
    setCsrfToken(null)
    void queryClient.cancelQueries()
    // No court's data stays in memory once its user is gone.
    queryClient.removeQueries({ predicate: (query) => isCourtScoped(query.queryKey) })
  }, [queryClient])

  // Every API response passes through here: a 401 ends the session (once: afterwards
  // the status is no longer signed-in); a success moved the server's idle timeout, so
  // /me is asked again for the new time, once for a burst of calls.
  useEffect(() => {
    let refetch: number | undefined
    const removeHooks = setSessionHooks({
      onUnauthorized: () => {
        if (statusRef.current === 'signed-in') endSession()
      },
      onActivity: () => {
        if (statusRef.current !== 'signed-in' || refetch !== undefined) return
        refetch = window.setTimeout(() => {
          refetch = undefined
          void queryClient.invalidateQueries({ queryKey: meQueryKey }, { cancelRefetch: false })
        }, ACTIVITY_COALESCE_MS)
      },
    })
    return () => {
      window.clearTimeout(refetch)
      removeHooks()
    }
  }, [endSession, queryClient])

  const signingOutRef = useRef(false)
  const signOut = useCallback(() => {
    if (signingOutRef.current) return
    signingOutRef.current = true
    setSigningOut(true)
    setSignOutFailed(false)
    postSignOut().then(
      (redirectTo) => assignLocation(isWebUrl(redirectTo) ? redirectTo : `${readBasePath()}/`),
      (error: unknown) => {
        signingOutRef.current = false
        setSigningOut(false)
        if (isApiError(error) && error.status === 401) endSession()
        else setSignOutFailed(true)
      },
    )
  }, [endSession])

  const activeCourtId = session?.me.activeCourt?.id ?? null
  const roles = useMemo(
    () => session?.me.courts?.find((court) => court.id === activeCourtId)?.roles ?? [],
    [session, activeCourtId],
  )

  const { refetch } = me
  const value = useMemo<SessionContextValue>(
    () => ({
      status,
      session,
      error: me.error,
      retry: () => void refetch(),
      endSession,
      signOut,
      signingOut,
      signOutFailed,
    }),
    [status, session, me.error, refetch, endSession, signOut, signingOut, signOutFailed],
  )

  return (
    <SessionContext value={value}>
      <ActingCourtContext value={activeCourtId}>
        <ActingRolesContext value={roles}>
          <CletsCurrentContext value={session?.me.cletsCurrent ?? false}>{children}</CletsCurrentContext>
        </ActingRolesContext>
        {status === 'signed-in' && session ? (
          <IdleTimeout session={session} onTimeout={endSession} onSignOut={signOut} signingOut={signingOut} />
        ) : null}
      </ActingCourtContext>
    </SessionContext>
  )
}
