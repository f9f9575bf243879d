// Query keys always start with the acting court, so switching courts can never show
// one court's cached data to another. Only the session's own query (/me, which says
// which court is acting) is not court-scoped.

/** ActingCourt is the id of the court the user acts for, or null for none. */
export type ActingCourt = string | null

/** courtQueryKey builds a TanStack Query key scoped to the acting court. */
export function courtQueryKey<const Parts extends readonly unknown[]>(
  court: ActingCourt,
  ...parts: Parts
): readonly [{ readonly court: ActingCourt }, ...Parts] {
  return [{ court }, ...parts] as const
}

/** isCourtScoped tells a key made by courtQueryKey from any other. */
export function isCourtScoped(queryKey: readonly unknown[]): queryKey is readonly [{ court: ActingCourt }, ...unknown[]] {
  const first = queryKey[0]
  return typeof first === 'object' && first !== null && 'court' in first
}
