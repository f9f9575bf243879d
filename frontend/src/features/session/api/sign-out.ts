import { CSRF_HEADER, currentCsrfToken } from '@/api/client'
import { ApiError, networkError, problemFromResponse } from '@/api/problem'
import { signOutUrl } from '@/features/session/api/auth-urls'

/**
 * postSignOut ends the session on the server and returns where the browser goes next
 * (the identity provider's sign-out, or home). /auth/logout is outside /api/v1 and
 * its spec, so it cannot use the API client: it sends the CSRF token itself, and
 * checks the one field it reads instead of trusting a declared type.
 */
export async function postSignOut(): Promise<string> {
  const token = currentCsrfToken()
  let response: Response
  try {
    response = await globalThis.fetch(signOutUrl(), {
      method: 'POST',
      credentials: 'same-origin',
      headers: { Accept: 'application/json, application/problem+json', ...(token ? { [CSRF_HEADER]: token } : {}) },
    })
  } catch (cause) {
    throw networkError(cause)
  }
  const body: unknown = await response.json().catch(() => undefined)
  if (!response.ok) throw new ApiError(problemFromResponse(body, response))
  const redirectTo = typeof body === 'object' && body !== null && 'redirectTo' in body ? body.redirectTo : undefined
  if (typeof redirectTo !== 'string') throw new ApiError(problemFromResponse(undefined, response))
  return redirectTo
}
