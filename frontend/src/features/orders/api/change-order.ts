import { hashKey, useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/api/client'
import { unwrap } from '@/api/problem'
import { useActingCourt } from '@/lib/acting-court'
import { orderKeys } from '@/features/orders/api/read-orders'
import type { Order, OrderEntry, OrderWithTag, ServiceRecord } from '@/features/orders/api/types'

type Call = Promise<{ data?: Order; error?: unknown; response: Response }>

/** withTag unwraps a call that answers an order and its new ETag. */
async function withTag(call: Call): Promise<OrderWithTag> {
  const order = await unwrap(call)
  return { order, etag: (await call).response.headers.get('ETag') ?? '' }
}

export type CreateOrderInput = {
  content: OrderEntry
  draft: boolean
  /** idempotencyKey is made once per form session: a repeated submit makes one order. */
  idempotencyKey: string
  /** supersedes is the id of the court's order of the same case that the new one replaces. */
  supersedes?: string
  /** conflictsReviewed names the related orders the clerk saw before saving ("none": none found). */
  conflictsReviewed?: string
}

/** createOrder adds an order in the acting court, as a draft or issued. */
export function createOrder({ content, draft, idempotencyKey, supersedes, conflictsReviewed }: CreateOrderInput) {
  return withTag(
    api.POST('/orders', {
      params: {
        header: { 'Idempotency-Key': idempotencyKey },
        query: { ...(draft ? { draft: true } : {}), ...(supersedes ? { supersedes } : {}), ...(conflictsReviewed ? { conflictsReviewed } : {}) },
      },
      body: content,
    }),
  )
}

export type ModifyOrderInput = {
  id: string
  etag: string
  content: OrderEntry
  issue: boolean
  /** conflictsReviewed names the related orders the clerk saw before saving ("none": none found). */
  conflictsReviewed?: string
}

/** modifyOrder writes a new version; a stale ETag is refused with 412. */
export function modifyOrder({ id, etag, content, issue, conflictsReviewed }: ModifyOrderInput) {
  return withTag(
    api.PUT('/orders/{orderId}', {
      params: {
        path: { orderId: id },
        header: { 'If-Match': etag },
        query: { ...(issue ? { issue: true } : {}), ...(conflictsReviewed ? { conflictsReviewed } : {}) },
      },
      body: content,
    }),
  )
}

/** cancelOrder terminates an order, giving the reason. */
export function cancelOrder({ id, etag, reason }: { id: string; etag: string; reason: string }) {
  return withTag(
    api.POST('/orders/{orderId}/cancel', {
      params: { path: { orderId: id }, header: etag ? { 'If-Match': etag } : {} },
      body: { reason },
    }),
  )
}

/** serveOrder records the proof of service. */
export function serveOrder({ id, etag, record }: { id: string; etag: string; record: ServiceRecord }) {
  return withTag(
    api.POST('/orders/{orderId}/service', {
      params: { path: { orderId: id }, header: etag ? { 'If-Match': etag } : {} },
      body: record,
    }),
  )
}

/**
 * useOrderMutation runs a change and then puts the answer in the cache as the
 * current version, dropping what is stale (versions, diffs, case lists).
 */
export function useOrderMutation<Input>(change: (input: Input) => Promise<OrderWithTag>) {
  const queryClient = useQueryClient()
  const court = useActingCourt()
  return useMutation({
    mutationFn: change,
    onSuccess: async (result) => {
      const current = orderKeys.one(court, result.order.id, undefined)
      queryClient.setQueryData(current, result)
      // The answer is the current version: no need to read it again (each read is audited).
      await queryClient.invalidateQueries({
        queryKey: orderKeys.all(court),
        predicate: (query) => query.queryHash !== hashKey(current),
      })
    },
  })
}
