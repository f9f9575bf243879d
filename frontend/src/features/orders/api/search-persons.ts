import { useMutation } from '@tanstack/react-query'
import { api } from '@/api/client'
import { unwrap } from '@/api/problem'
import type { components } from '@/api/schema'

export type PersonSearch = components['schemas']['PersonSearchInputBody']
export type PersonHit = components['schemas']['Hit']

/** useSearchPersons runs a statewide person search; every search is recorded with its reason. */
export function useSearchPersons() {
  return useMutation({
    mutationFn: async (body: PersonSearch) => unwrap(api.POST('/orders/search', { body })),
  })
}
