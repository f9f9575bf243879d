import { en } from '@/features/session/copy'
import type { Me, MeCourt } from '@/features/session/api/get-me'

/** courtsOf lists the user's courts; the API sends null for none. */
export function courtsOf(me: Me): MeCourt[] {
  return me.courts ?? []
}

/** roleNames are the user's roles in the acting court, in words. */
export function roleNames(me: Me): string[] {
  const court = courtsOf(me).find((c) => c.id === me.activeCourt?.id)
  return (court?.roles ?? []).map((role) => en.roles[role] ?? role)
}
