import { queryOptions } from '@tanstack/react-query'
import { api } from '@/api/client'
import { isApiError, unwrap } from '@/api/problem'
import type { components } from '@/api/schema'

/** Me is the answer of GET /me: who is signed in, for which court, until when. */
export type Me = components['schemas']['Me']

/** MeCourt is a court where the user holds roles. */
export type MeCourt = components['schemas']['MeCourt']

/** Session is /me as the app uses it, with the end of the session on this browser's clock. */
export type Session = {
  me: Me
  /** endsAt is when the server ends the session (idle or absolute), in Date.now() time. */
  endsAt: number
  /** extendable is false when the absolute limit comes first: keep-alive cannot help. */
  extendable: boolean
}

/** meQueryKey is not court-scoped: /me is what says which court is acting. */
export const meQueryKey = ['session', 'me'] as const

/**
 * sessionOf places the server's expiry times on this browser's clock, using the
 * response's Date header, so a wrong clock on a court's PC neither ends a session early
 * nor lets it look alive after the server ended it.
 */
export function sessionOf(me: Me, response: Response, receivedAt: number = Date.now()): Session {
  const serverNow = Date.parse(response.headers.get('Date') ?? '')
  const now = Number.isNaN(serverNow) ? receivedAt : serverNow
  const idle = Date.parse(me.session.idleExpiresAt)
  const absolute = Date.parse(me.session.absoluteExpiresAt)
  const ends = Math.min(idle, absolute)
  const endsAt = Number.isNaN(ends) ? receivedAt + me.session.idleTimeoutSeconds * 1000 : receivedAt + (ends - now)
  return { me, endsAt, extendable: !(absolute <= idle) }
}

/** getMe asks who is signed in: a session, or null when nobody is (401). */
export async function getMe(signal?: AbortSignal): Promise<Session | null> {
  const call = api.GET('/me', { signal })
  try {
    const me = await unwrap(call)
    return sessionOf(me, (await call).response)
  } catch (error) {
    if (isApiError(error) && error.status === 401) return null
    throw error
  }
}

export function meQueryOptions(enabled: boolean) {
  return queryOptions({
    queryKey: meQueryKey,
    queryFn: ({ signal }) => getMe(signal),
    enabled,
    // Refetched when a call moved the idle timeout (see the session hooks), not by age.
    staleTime: Infinity,
    // The session provider shows a failure itself; it sits above every error boundary.
    throwOnError: false,
  })
}
