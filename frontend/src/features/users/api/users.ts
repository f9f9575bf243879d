import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api } from '@/api/client'
import { unwrap, unwrapNoContent } from '@/api/problem'
import type { components } from '@/api/schema'
import { useActingCourt } from '@/lib/acting-court'
import { courtQueryKey } from '@/lib/query-keys'

export type CourtUser = components['schemas']['User']
export type Invitation = components['schemas']['Invitation']
export type Role = NonNullable<Invitation['roles']>[number]

/** userKeys are the queries of the court's users, under the acting court. */
export const userKeys = {
  all: (court: string | null) => courtQueryKey(court, 'users'),
}

/** useCourtUsers lists the acting court's users (an audited read). */
export function useCourtUsers() {
  const court = useActingCourt()
  return useQuery(
    queryOptions({
      queryKey: userKeys.all(court),
      queryFn: async ({ signal }) =>
        (await unwrap(api.GET('/courts/{courtId}/users', { params: { path: { courtId: court ?? '' } }, signal }))).users ?? [],
      enabled: Boolean(court),
    }),
  )
}

const done = unwrapNoContent

type Path = { courtId: string; userId: string }

/** The acts of a court admin on the court's users. */
export const userActs = {
  invite: ({ courtId, invitation }: { courtId: string; invitation: Invitation }) =>
    unwrap(api.POST('/courts/{courtId}/users', { params: { path: { courtId } }, body: invitation })),
  roles: ({ roles, ...path }: Path & { roles: Role[] }) =>
    done(api.PUT('/courts/{courtId}/users/{userId}/roles', { params: { path }, body: { roles } })),
  certify: ({ until, ...path }: Path & { until: string }) =>
    done(api.PUT('/courts/{courtId}/users/{userId}/certification', { params: { path }, body: { until } })),
  remove: (path: Path) => done(api.POST('/courts/{courtId}/users/{userId}/remove', { params: { path } })),
  restore: (path: Path) => done(api.POST('/courts/{courtId}/users/{userId}/restore', { params: { path } })),
}

/** useUserAct runs an act, then reads the court's users again. */
export function useUserAct<Input, Output>(act: (input: Input) => Promise<Output>) {
  const queryClient = useQueryClient()
  const court = useActingCourt()
  return useMutation({
    mutationFn: act,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: userKeys.all(court) }),
  })
}
