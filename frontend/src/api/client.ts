import createClient from 'openapi-fetch'
import { apiBaseUrl, readBasePath } from '@/config/base-path'
import type { paths } from '@/api/schema'

/** createApiClient makes a typed client for the CCPOR API under a base path. */
export function createApiClient(basePath: string) {
  return createClient<paths>({
    // Absolute, so the client works the same under a <base href> and in tests.
    baseUrl: apiBaseUrl(basePath),
    credentials: 'same-origin',
    headers: { Accept: 'application/json, application/problem+json' },
    // Looked up on each call rather than captured once, so tests can stub fetch.
    fetch: (request) => globalThis.fetch(request),
  })
}

export type ApiClient = ReturnType<typeof createApiClient>

/** api is the client the app uses; its base path is read once, at start-up. */
export const api: ApiClient = createApiClient(readBasePath())
