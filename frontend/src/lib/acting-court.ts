import type { ActingCourt } from '@/lib/query-keys'

/**
 * useActingCourt returns the court the signed-in user acts for. Sign-in does not
 * exist yet, so it is always null; queries already pass it to courtQueryKey.
 */
export function useActingCourt(): ActingCourt {
  return null
}
