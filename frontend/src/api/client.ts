import createClient, { type Middleware } from 'openapi-fetch'
import { apiBaseUrl, readBasePath } from '@/config/base-path'
import type { paths } from '@/api/schema'

/** CSRF_HEADER carries the session's token on every request that changes state. */
export const CSRF_HEADER = 'X-CSRF-Token'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/** PASSIVE_GETS are asked by the page itself, not the user: they are no sign of activity. */
const PASSIVE_GETS = new Set(['/me', '/maintenance'])

/** SessionHooks hear what every API response says about the session. */
export type SessionHooks = {
  /** onUnauthorized hears every 401: the server no longer knows the caller. */
  onUnauthorized?: () => void
  /** onActivity hears every successful call but GET /me and /maintenance: the idle timeout moved. */
  onActivity?: () => void
}

// The session's state as the client needs it, set by the session feature from /me.
// Module state, like `api` itself: there is one session per page.
let csrfToken: string | null = null
let sessionHooks: SessionHooks = {}

/** setCsrfToken records the token from /me (null once signed out). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token
}

/** currentCsrfToken is the token known now, for the rare call outside this client. */
export function currentCsrfToken(): string | null {
  return csrfToken
}

/** setSessionHooks installs the session's listeners; the returned function removes them. */
export function setSessionHooks(hooks: SessionHooks): () => void {
  sessionHooks = hooks
  return () => {
    if (sessionHooks === hooks) sessionHooks = {}
  }
}

/**
 * sessionMiddleware adds the CSRF token to every request that is not a GET, and tells
 * the session about 401s and successful calls: the one place both are handled.
 */
const sessionMiddleware: Middleware = {
  onRequest({ request }) {
    if (csrfToken && !SAFE_METHODS.has(request.method)) request.headers.set(CSRF_HEADER, csrfToken)
    return request
  },
  onResponse({ request, response, schemaPath }) {
    if (response.status === 401) sessionHooks.onUnauthorized?.()
    else if (response.ok && !(request.method === 'GET' && PASSIVE_GETS.has(schemaPath))) sessionHooks.onActivity?.()
    return response
  },
}

/** createApiClient makes a typed client for the CCPOR API under a base path. */
export function createApiClient(basePath: string) {
  const client = createClient<paths>({
    // Absolute, so the client works the same under a <base href> and in tests.
    baseUrl: apiBaseUrl(basePath),
    credentials: 'same-origin',
    headers: { Accept: 'application/json, application/problem+json' },
    // Looked up on each call rather than captured once, so tests can stub fetch.
    fetch: (request) => globalThis.fetch(request),
  })
  client.use(sessionMiddleware)
  return client
}

export type ApiClient = ReturnType<typeof createApiClient>

/** api is the client the app uses; its base path is read once, at start-up. */
export const api: ApiClient = createApiClient(readBasePath())
