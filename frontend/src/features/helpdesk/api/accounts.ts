import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api } from '@/api/client'
import type { components } from '@/api/schema'
import { unwrap, unwrapNoContent } from '@/api/problem'
import { useActingCourt } from '@/lib/acting-court'
import { courtQueryKey } from '@/lib/query-keys'

export type Account = components['schemas']['Account']

/** AccountAction is one of the help desk's acts on an account (disable and enable: the statewide help desk's). */
export type AccountAction = 'password-reset' | 'second-factor-reset' | 'unlock' | 'end-sessions' | 'disable' | 'enable'

/** Found is a search's answer: the users, and whether the caller is the statewide help desk. */
export type Found = { users: Account[]; statewide: boolean }

export const accountKeys = {
  all: (court: string | null) => courtQueryKey(court, 'helpdesk'),
  search: (court: string | null, q: string) => courtQueryKey(court, 'helpdesk', 'users', { q }),
}

/** useAccountSearch finds the users in the help desk's scope; it waits for a query. */
export function useAccountSearch(q: string) {
  const court = useActingCourt()
  return useQuery({
    queryKey: accountKeys.search(court, q),
    queryFn: async ({ signal }): Promise<Found> => {
      const body = await unwrap(api.GET('/helpdesk/users', { params: { query: { q } }, signal }))
      return { users: body.users ?? [], statewide: body.statewide }
    },
    enabled: q !== '',
    throwOnError: false,
  })
}

async function act({ userId, action }: { userId: string; action: AccountAction }): Promise<string> {
  const params = { params: { path: { userId } } }
  switch (action) {
    case 'password-reset':
      return (await unwrap(api.POST('/helpdesk/users/{userId}/password-reset', params))).done
    case 'second-factor-reset':
      return (await unwrap(api.POST('/helpdesk/users/{userId}/second-factor-reset', params))).done
    case 'unlock':
      return (await unwrap(api.POST('/helpdesk/users/{userId}/unlock', params))).done
    case 'end-sessions':
      return (await unwrap(api.POST('/helpdesk/users/{userId}/end-sessions', params))).done
    case 'disable':
      await unwrapNoContent(api.POST('/users/{userId}/disable', params))
      return 'account disabled'
    case 'enable':
      await unwrapNoContent(api.POST('/users/{userId}/enable', params))
      return 'account enabled again'
  }
}

/** useAccountAction runs an act, then reads the search again (locks, factors and accounts changed). */
export function useAccountAction() {
  const queryClient = useQueryClient()
  const court = useActingCourt()
  return useMutation({
    mutationFn: act,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: accountKeys.all(court) }),
  })
}
