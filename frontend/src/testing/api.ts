import { vi } from 'vitest'

type Handler = (request: Request) => Response | Promise<Response>

/** jsonResponse is a Response with a JSON body, as the API sends. */
export function jsonResponse(status: number, body: unknown, contentType = 'application/json'): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': contentType } })
}

/** problemResponse is an RFC 9457 problem response, as huma sends. */
export function problemResponse(status: number, problem: Record<string, unknown>): Response {
  return jsonResponse(status, { status, ...problem }, 'application/problem+json')
}

export const systemInfo = {
  product: 'CCPOR',
  name: 'California Courts Protective Order Registry',
  version: '1.2.3-test',
  environment: 'development',
} as const

/** signedOut is the answer of GET /me when nobody is signed in. */
export function signedOut(): Response {
  return problemResponse(401, { title: 'Unauthorized', detail: 'sign in first' })
}

/** noMaintenance is the answer of GET /maintenance when no window is announced. */
export function noMaintenance(): Response {
  return jsonResponse(200, { windows: [] })
}

/**
 * stubApi replaces fetch with handlers keyed by "METHOD /path" (the path below /api/v1,
 * or the whole path outside it, e.g. /auth/logout). GET /me answers 401 (nobody signed
 * in) and GET /maintenance announces nothing unless a handler says otherwise; other unknown calls answer 404 problems; calls
 * are recorded for assertions.
 */
export function stubApi(handlers: Record<string, Handler>) {
  const calls: Request[] = []
  const all: Record<string, Handler> = { 'GET /me': signedOut, 'GET /maintenance': noMaintenance, ...handlers }
  const spy = vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const request = input instanceof Request ? input : new Request(input, init)
    calls.push(request)
    const path = new URL(request.url).pathname.replace(/^.*\/api\/v1/, '')
    const handler = all[`${request.method} ${path}`]
    if (!handler) return problemResponse(404, { title: 'Not Found', detail: `no stub for ${request.method} ${path}` })
    return handler(request)
  })
  return { spy, calls }
}

/**
 * callsTo lists the recorded calls as "METHOD /path", for assertions; the banner's
 * GET /maintenance, made by every page, is left out (its own tests see it).
 */
export function callsTo(calls: Request[]): string[] {
  return calls
    .map((c) => `${c.method} ${new URL(c.url).pathname.replace(/^.*\/api\/v1/, '')}`)
    .filter((call) => call !== 'GET /maintenance')
}
