import { createContext, useContext } from 'react'
import type { ActingCourt } from '@/lib/query-keys'

/**
 * ActingCourtContext holds the court the signed-in user acts for, as /me says. The
 * session feature provides it; shared code and other features only read it.
 */
export const ActingCourtContext = createContext<ActingCourt>(null)

/** useActingCourt returns the id of the acting court, or null when there is none. */
export function useActingCourt(): ActingCourt {
  return useContext(ActingCourtContext)
}

/**
 * ActingRolesContext holds the user's roles in the acting court, as /me says; the
 * session feature provides it, the navigation and pages read it to offer only what
 * the server would allow (the server still decides).
 */
export const ActingRolesContext = createContext<readonly string[]>([])

/** useActingRoles returns the user's roles in the acting court (none when signed out). */
export function useActingRoles(): readonly string[] {
  return useContext(ActingRolesContext)
}

/**
 * CletsCurrentContext holds whether the user's CLETS certification covers today, as
 * /me says: CARPOS data is shown only then (the server refuses it otherwise).
 */
export const CletsCurrentContext = createContext<boolean>(false)

/** useCletsCurrent reports whether the signed-in user may see CARPOS data. */
export function useCletsCurrent(): boolean {
  return useContext(CletsCurrentContext)
}
