import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/api/client'
import { unwrap } from '@/api/problem'
import { isCourtScoped } from '@/lib/query-keys'
import { meQueryKey, sessionOf, type Session } from '@/features/session/api/get-me'

/** putActiveCourt makes another of the user's courts the acting court. */
export async function putActiveCourt(courtId: string): Promise<Session> {
  const call = api.PUT('/me/active-court', { body: { courtId } })
  const me = await unwrap(call)
  return sessionOf(me, (await call).response)
}

/**
 * useSwitchCourt changes the acting court. Every court-scoped query is refetched under
 * the new court, and the old court's data leaves the cache.
 */
export function useSwitchCourt() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: putActiveCourt,
    onSuccess: (next) => {
      queryClient.setQueryData(meQueryKey, next)
      const court = next.me.activeCourt?.id ?? null
      queryClient.removeQueries({ predicate: (q) => isCourtScoped(q.queryKey) && q.queryKey[0].court !== court })
      return queryClient.invalidateQueries({ predicate: (q) => isCourtScoped(q.queryKey) })
    },
  })
}
