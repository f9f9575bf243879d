import { api } from '@/api/client'

const MAX_MESSAGE = 2000
const MAX_ROUTE = 500
const MAX_STACK = 8000

/**
 * reportClientError tells the server about an error the SPA met, so the help desk can
 * find it in the server log. It never throws: reporting must not break the page more.
 */
export function reportClientError(error: unknown, route: string): void {
  const message = (error instanceof Error ? error.message : String(error)).slice(0, MAX_MESSAGE) || 'unknown error'
  const stack = error instanceof Error && error.stack ? error.stack.slice(0, MAX_STACK) : undefined
  api
    .POST('/client-errors', { body: { message, route: route.slice(0, MAX_ROUTE), ...(stack ? { stack } : {}) } })
    .catch(() => undefined)
}
