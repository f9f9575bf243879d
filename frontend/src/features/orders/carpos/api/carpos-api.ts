import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api } from '@/api/client'
import { unwrap } from '@/api/problem'
import type { components } from '@/api/schema'
import { useActingCourt } from '@/lib/acting-court'
import { courtQueryKey } from '@/lib/query-keys'

export type CarposStatus = components['schemas']['Status']
export type CarposMessage = components['schemas']['MessageInfo']
export type HitComparison = components['schemas']['HitComparison']
export type Found = components['schemas']['Found']
export type Outcome = components['schemas']['ConfirmRequest']['outcome']

/** carposKeys are the CARPOS queries of the acting court. */
export const carposKeys = {
  all: (court: string | null) => courtQueryKey(court, 'carpos'),
  order: (court: string | null, id: string) => courtQueryKey(court, 'carpos', 'order', id),
  queue: (court: string | null) => courtQueryKey(court, 'carpos', 'queue'),
  find: (court: string | null, fcn: string, nic: string) => courtQueryKey(court, 'carpos', 'find', { fcn, nic }),
}

/** useOrderCarpos is an order's standing at CARPOS; it refreshes while a message is on its way. */
export function useOrderCarpos(orderId: string) {
  const court = useActingCourt()
  return useQuery({
    queryKey: carposKeys.order(court, orderId),
    queryFn: async ({ signal }) => unwrap(api.GET('/orders/{orderId}/carpos', { params: { path: { orderId } }, signal })),
    refetchInterval: (query) => (query.state.data?.state === 'pending' ? 2000 : false),
    throwOnError: false,
  })
}

/** useCarposQueue is the acting court's work queue. */
export function useCarposQueue() {
  const court = useActingCourt()
  return useQuery({
    queryKey: carposKeys.queue(court),
    queryFn: async ({ signal }) => (await unwrap(api.GET('/carpos/queue', { signal }))).messages ?? [],
    throwOnError: false,
  })
}

/** useResend resends a rejected message and refreshes the CARPOS queries. */
export function useResend() {
  const court = useActingCourt()
  const client = useQueryClient()
  return useMutation({
    mutationFn: (messageId: string) => unwrap(api.POST('/carpos/messages/{messageId}/resend', { params: { path: { messageId } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: carposKeys.all(court) }),
  })
}

/** useFindByNumber finds the court's orders by FCN or NIC; it waits until one is given. */
export function useFindByNumber(fcn: string, nic: string) {
  const court = useActingCourt()
  return useQuery({
    queryKey: carposKeys.find(court, fcn, nic),
    queryFn: async ({ signal }) =>
      (await unwrap(api.GET('/carpos/orders', { params: { query: { ...(fcn ? { fcn } : {}), ...(nic ? { nic } : {}) } }, signal })))
        .orders ?? [],
    enabled: fcn !== '' || nic !== '',
    throwOnError: false,
  })
}

/** compareHit compares a CLETS response with an order's current version. */
export function compareHit(orderId: string, response: string) {
  return unwrap(api.POST('/orders/{orderId}/clets-hit', { params: { path: { orderId } }, body: { response } }))
}

/** confirmHit records a sheriff's hit confirmation. */
export function confirmHit(body: { orderId?: string; response: string; outcome: Outcome; note?: string }) {
  return unwrap(api.POST('/clets-hits', { body }))
}
