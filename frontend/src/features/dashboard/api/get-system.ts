import { queryOptions, useQuery } from '@tanstack/react-query'
import { api } from '@/api/client'
import { unwrap } from '@/api/problem'
import type { components } from '@/api/schema'
import { useActingCourt } from '@/lib/acting-court'
import { courtQueryKey, type ActingCourt } from '@/lib/query-keys'

export type SystemInfo = components['schemas']['SystemInfo']

/** getSystem fetches what the server says about itself: product, version, environment. */
export function getSystem(signal?: AbortSignal): Promise<SystemInfo> {
  return unwrap(api.GET('/system', { signal }))
}

export function systemQueryOptions(court: ActingCourt) {
  return queryOptions({
    queryKey: courtQueryKey(court, 'system'),
    queryFn: ({ signal }) => getSystem(signal),
  })
}

/** useSystem is the query for /system; a failure goes to the nearest error boundary. */
export function useSystem() {
  return useQuery(systemQueryOptions(useActingCourt()))
}
