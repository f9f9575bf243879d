import { useQuery } from '@tanstack/react-query'
import { api } from '@/api/client'
import { unwrap } from '@/api/problem'
import type { components } from '@/api/schema'
import { useActingCourt } from '@/lib/acting-court'
import type { OrderContent } from '@/features/orders/api/types'
import { orderKeys } from '@/features/orders/api/read-orders'

export type ConflictReport = components['schemas']['ConflictReport']
export type RelatedOrder = components['schemas']['RelatedOrder']
export type ConflictGroup = components['schemas']['Group']
export type Enforcement = components['schemas']['Enforcement']
export type Ruling = components['schemas']['Ruling']

/** REVIEWED_NONE tells the registry the clerk's check found no related order. */
export const REVIEWED_NONE = 'none'

/**
 * LeftOut names the order a check leaves out: the one an entry supersedes, or the
 * one being modified (neither conflicts with what is about to be saved).
 */
export type LeftOut = { supersedes?: string; modifies?: string }

/** checkConflicts asks, before saving, which active orders statewide involve the entry's persons. */
export async function checkConflicts(content: OrderContent, leftOut: LeftOut = {}): Promise<ConflictReport> {
  return unwrap(
    api.POST('/orders/conflicts', {
      body: { restrainedPerson: content.restrainedPerson, protectedPersons: content.protectedPersons, content, ...leftOut },
    }),
  )
}

/** useOrderConflicts is the report of a saved order; under the order's keys, so a change refreshes it. */
export function useOrderConflicts(orderId: string) {
  const court = useActingCourt()
  return useQuery({
    queryKey: [...orderKeys.one(court, orderId), 'conflicts'],
    queryFn: async ({ signal }) => unwrap(api.GET('/orders/{orderId}/conflicts', { params: { path: { orderId } }, signal })),
    throwOnError: false,
  })
}

/** hasFindings tells whether a report names any order or court the clerk should see. */
export function hasFindings(report: ConflictReport): boolean {
  return (report.orders ?? []).length > 0 || (report.elsewhere ?? []).length > 0
}

/** acknowledgement is the conflictsReviewed value of a clerk who saw the report and saved anyway. */
export function acknowledgement(report: ConflictReport): string {
  const ids = (report.orders ?? []).map((o) => o.terms.orderId)
  return ids.length ? ids.join(',') : REVIEWED_NONE
}
