import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query'
import { api } from '@/api/client'
import { unwrap } from '@/api/problem'
import { useActingCourt } from '@/lib/acting-court'
import { courtQueryKey } from '@/lib/query-keys'
import type { OrderWithTag } from '@/features/orders/api/types'

/** orderKeys are the order queries of the acting court; orderKeys.all covers them all. */
export const orderKeys = {
  all: (court: string | null) => courtQueryKey(court, 'orders'),
  one: (court: string | null, id: string, version?: number) => courtQueryKey(court, 'orders', id, { version }),
  versions: (court: string | null, id: string) => courtQueryKey(court, 'orders', id, 'versions'),
  diff: (court: string | null, id: string, from: number, to: number) => courtQueryKey(court, 'orders', id, 'diff', { from, to }),
  list: (court: string | null, courtId: string, caseNumber: string) => courtQueryKey(court, 'orders', 'list', { courtId, caseNumber }),
  courts: (court: string | null) => courtQueryKey(court, 'courts'),
}

/** getOrder reads an order (a version of it when asked) and its ETag. */
export async function getOrder(id: string, version?: number, signal?: AbortSignal): Promise<OrderWithTag> {
  const call = api.GET('/orders/{orderId}', { params: { path: { orderId: id }, query: version ? { version } : {} }, signal })
  const order = await unwrap(call)
  return { order, etag: (await call).response.headers.get('ETag') ?? '' }
}

/** useOrder is an order as read; a failure goes to the page's error boundary. */
export function useOrder(id: string, version?: number) {
  const court = useActingCourt()
  return useQuery(
    queryOptions({
      queryKey: orderKeys.one(court, id, version),
      queryFn: ({ signal }) => getOrder(id, version, signal),
    }),
  )
}

/** useOrderVersions lists the versions of an order, oldest first. */
export function useOrderVersions(id: string) {
  const court = useActingCourt()
  return useQuery({
    queryKey: orderKeys.versions(court, id),
    queryFn: async ({ signal }) =>
      (await unwrap(api.GET('/orders/{orderId}/versions', { params: { path: { orderId: id } }, signal }))).versions ?? [],
  })
}

/** useOrderDiff is what changed between two versions; it waits until both are chosen. */
export function useOrderDiff(id: string, from: number, to: number, enabled: boolean) {
  const court = useActingCourt()
  return useQuery({
    queryKey: orderKeys.diff(court, id, from, to),
    queryFn: async ({ signal }) =>
      (await unwrap(api.GET('/orders/{orderId}/diff', { params: { path: { orderId: id }, query: { from, to } }, signal })))
        .changes ?? [],
    enabled,
    throwOnError: false,
  })
}

/** useCaseOrders lists the orders of a court's case; it waits for a case number. */
export function useCaseOrders(courtId: string, caseNumber: string) {
  const court = useActingCourt()
  return useQuery({
    queryKey: orderKeys.list(court, courtId, caseNumber),
    queryFn: async ({ signal }) =>
      (
        await unwrap(
          api.GET('/orders', { params: { query: { caseNumber, ...(courtId ? { court: courtId } : {}) } }, signal }),
        )
      ).orders ?? [],
    enabled: caseNumber !== '',
    placeholderData: keepPreviousData,
    throwOnError: false,
  })
}

/** useCourts lists the courts, for the court choice of the search; failure leaves only the acting court. */
export function useCourts() {
  const court = useActingCourt()
  return useQuery({
    queryKey: orderKeys.courts(court),
    queryFn: async ({ signal }) => (await unwrap(api.GET('/courts', { signal }))).courts ?? [],
    throwOnError: false,
    staleTime: 5 * 60_000,
  })
}
