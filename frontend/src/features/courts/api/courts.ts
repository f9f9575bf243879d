import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api } from '@/api/client'
import { unwrap } from '@/api/problem'
import type { components } from '@/api/schema'
import { useActingCourt } from '@/lib/acting-court'
import { courtQueryKey } from '@/lib/query-keys'

export type Court = components['schemas']['Court']
export type CourtFields = components['schemas']['CourtEdit']
export type NewCourt = components['schemas']['NewCourt']
export type Onboarding = components['schemas']['CourtOnboarding']
export type OnboardingStep = components['schemas']['OnboardingStep']
export type CourtChange = components['schemas']['CourtChange']
export type StepInput = components['schemas']['OnboardingStepInput']
export type Appointment = components['schemas']['CourtAdminAppointment']
export type Appointed = components['schemas']['CourtAdminAppointed']

/** adminKeys are the court administration queries of the acting court. */
export const adminKeys = {
  all: (court: string | null) => courtQueryKey(court, 'court-admin'),
  courts: (court: string | null) => courtQueryKey(court, 'court-admin', 'courts'),
  onboarding: (court: string | null, id: string) => courtQueryKey(court, 'court-admin', 'onboarding', id),
  changes: (court: string | null, status: 'pending' | 'decided') => courtQueryKey(court, 'court-admin', 'changes', status),
}

/** useAdminCourts lists every court, by name. */
export function useAdminCourts() {
  const court = useActingCourt()
  return useQuery({
    queryKey: adminKeys.courts(court),
    queryFn: async ({ signal }) => (await unwrap(api.GET('/courts', { signal }))).courts ?? [],
  })
}

/** useOnboarding is a court's checklist, administrators, pending changes and blockers. */
export function useOnboarding(id: string) {
  const court = useActingCourt()
  return useQuery({
    queryKey: adminKeys.onboarding(court, id),
    queryFn: ({ signal }) => unwrap(api.GET('/courts/{courtId}/onboarding', { params: { path: { courtId: id } }, signal })),
  })
}

/** useCourtChanges lists the changes waiting for approval, or decided. */
export function useCourtChanges(status: 'pending' | 'decided') {
  const court = useActingCourt()
  return useQuery({
    queryKey: adminKeys.changes(court, status),
    queryFn: async ({ signal }) => (await unwrap(api.GET('/court-changes', { params: { query: { status } }, signal }))).changes ?? [],
  })
}

/** useAdminMutation runs a change and refreshes every court administration query after it. */
export function useAdminMutation<I, O>(fn: (input: I) => Promise<O>) {
  const client = useQueryClient()
  const court = useActingCourt()
  return useMutation({
    mutationFn: fn,
    onSuccess: () => client.invalidateQueries({ queryKey: adminKeys.all(court) }),
  })
}

export const createCourt = (body: NewCourt) => unwrap(api.POST('/courts', { body }))

export const editCourt = ({ id, body }: { id: string; body: CourtFields }) =>
  unwrap(api.PUT('/courts/{courtId}', { params: { path: { courtId: id } }, body }))

export const recordStep = ({ id, body }: { id: string; body: StepInput }) =>
  unwrap(api.POST('/courts/{courtId}/onboarding/steps', { params: { path: { courtId: id } }, body }))

export const goLive = ({ id, occurredOn }: { id: string; occurredOn: string }) =>
  unwrap(api.POST('/courts/{courtId}/go-live', { params: { path: { courtId: id } }, body: { occurredOn } }))

export const appointCourtAdmin = ({ id, body }: { id: string; body: Appointment }) =>
  unwrap(api.POST('/courts/{courtId}/court-admins', { params: { path: { courtId: id } }, body }))

export const decideChange = ({ id, approve, note }: { id: string; approve: boolean; note?: string }) =>
  approve
    ? unwrap(api.POST('/court-changes/{changeId}/approve', { params: { path: { changeId: id } }, body: { note } }))
    : unwrap(api.POST('/court-changes/{changeId}/reject', { params: { path: { changeId: id } }, body: { note } }))

export const proposePlatformAdmin = (body: { username: string; reason?: string }) => unwrap(api.POST('/platform-admins', { body }))
