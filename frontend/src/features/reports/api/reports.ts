import { useQuery } from '@tanstack/react-query'
import { api } from '@/api/client'
import { unwrap } from '@/api/problem'
import type { components } from '@/api/schema'
import { apiBaseUrl, readBasePath } from '@/config/base-path'
import { useActingCourt } from '@/lib/acting-court'
import { courtQueryKey } from '@/lib/query-keys'

export type Statistics = components['schemas']['Statistics']
export type StatisticsRow = components['schemas']['Row']
export type Operations = components['schemas']['Operations']
export type Dimension = 'court' | 'county' | 'type' | 'month'

/** StatisticsFilter is what the report's form chooses; empty strings mean "any". */
export type StatisticsFilter = { by: Dimension; from: string; to: string; court: string }

/** statisticsQuery is the filter as query parameters, leaving out the empty ones. */
export function statisticsQuery(f: StatisticsFilter): Record<string, string> {
  return Object.fromEntries(Object.entries(f).filter(([, v]) => v !== ''))
}

export function useStatistics(f: StatisticsFilter) {
  const court = useActingCourt()
  return useQuery({
    queryKey: courtQueryKey(court, 'reports', 'orders', f),
    queryFn: async ({ signal }) => unwrap(api.GET('/reports/orders', { params: { query: statisticsQuery(f) }, signal })),
    throwOnError: false,
  })
}

/** exportUrl is where the same report downloads as CSV (a GET: the cookie suffices). */
export function exportUrl(f: StatisticsFilter): string {
  return `${apiBaseUrl(readBasePath())}/reports/orders/export?${new URLSearchParams(statisticsQuery(f))}`
}

export function useOperations() {
  const court = useActingCourt()
  return useQuery({
    queryKey: courtQueryKey(court, 'reports', 'operations'),
    queryFn: async ({ signal }) => unwrap(api.GET('/reports/operations', { signal })),
  })
}

export function useCourtChoices() {
  const court = useActingCourt()
  return useQuery({
    queryKey: courtQueryKey(court, 'reports', 'courts'),
    queryFn: async ({ signal }) => ((await unwrap(api.GET('/courts', { signal }))).courts ?? []).filter((c) => c.kind !== 'statewide'),
  })
}
