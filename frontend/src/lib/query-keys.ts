// Query keys always start with the acting court, so switching courts can never show
// one court's cached data to another. Until sign-in exists there is no acting court.

/** ActingCourt is the id of the court the user acts for, or null for none yet. */
export type ActingCourt = string | null

/** courtQueryKey builds a TanStack Query key scoped to the acting court. */
export function courtQueryKey<const Parts extends readonly unknown[]>(
  court: ActingCourt,
  ...parts: Parts
): readonly [{ readonly court: ActingCourt }, ...Parts] {
  return [{ court }, ...parts] as const
}
