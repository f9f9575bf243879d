import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api } from '@/api/client'
import { unwrap } from '@/api/problem'
import type { components } from '@/api/schema'
import { useActingCourt } from '@/lib/acting-court'
import { courtQueryKey, type ActingCourt } from '@/lib/query-keys'

export type MaintenanceWindow = components['schemas']['Window']
export type ScheduleRequest = components['schemas']['ScheduleRequest']

export const maintenanceKeys = {
  all: (court: ActingCourt) => courtQueryKey(court, 'maintenance'),
  announced: (court: ActingCourt) => courtQueryKey(court, 'maintenance', 'announced'),
  windows: (court: ActingCourt) => courtQueryKey(court, 'maintenance', 'windows'),
}

/** How often the banner asks again: a window may be scheduled while the page is open. */
const ANNOUNCEMENT_REFRESH_MS = 60_000

export function announcedQueryOptions(court: ActingCourt) {
  return queryOptions({
    queryKey: maintenanceKeys.announced(court),
    queryFn: async ({ signal }) => (await unwrap(api.GET('/maintenance', { signal }))).windows ?? [],
    refetchInterval: ANNOUNCEMENT_REFRESH_MS,
    // Switching courts keeps the notices up until the new court's answer arrives.
    placeholderData: keepPreviousData,
  })
}

/** useAnnounced lists the windows under way or coming; the banner stays quiet if it fails. */
export function useAnnounced() {
  return useQuery({ ...announcedQueryOptions(useActingCourt()), throwOnError: false })
}

/** useWindows lists every window, for the platform administrators. */
export function useWindows() {
  const court = useActingCourt()
  return useQuery({
    queryKey: maintenanceKeys.windows(court),
    queryFn: async ({ signal }) => (await unwrap(api.GET('/maintenance-windows', { signal }))).windows ?? [],
  })
}

function useRefreshAfter<Input, Output>(change: (input: Input) => Promise<Output>) {
  const queryClient = useQueryClient()
  const court = useActingCourt()
  return useMutation({
    mutationFn: change,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: maintenanceKeys.all(court) }),
  })
}

/** useSchedule schedules a window; the lists are read again after. */
export function useSchedule() {
  return useRefreshAfter((body: ScheduleRequest) => unwrap(api.POST('/maintenance-windows', { body })))
}

/** useCancelWindow withdraws a window that has not ended. */
export function useCancelWindow() {
  return useRefreshAfter(async (windowId: string) => {
    const { response, error } = await api.DELETE('/maintenance-windows/{windowId}', { params: { path: { windowId } } })
    if (!response.ok) await unwrap(Promise.resolve({ response, error }))
  })
}
