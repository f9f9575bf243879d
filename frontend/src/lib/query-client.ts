import { QueryClient } from '@tanstack/react-query'
import { isApiError } from '@/api/problem'

const MAX_RETRIES = 2

/** shouldRetry retries network failures and 5xx answers, never a client error. */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (failureCount >= MAX_RETRIES) return false
  if (!isApiError(error)) return false
  const status = error.status
  return status === undefined || status >= 500
}

/** createQueryClient makes the app's query client; errors go to error boundaries. */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: shouldRetry,
        staleTime: 30_000,
        // Only when there is nothing to show: a failed background refetch keeps the data.
        throwOnError: (_error, query) => query.state.data === undefined,
        refetchOnWindowFocus: false,
      },
    },
  })
}
