/** usDate shows YYYY-MM-DD as the courts write it: MM/DD/YYYY; '' when absent. */
export function usDate(iso: string | undefined): string {
  if (!iso) return ''
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso)
  return match ? `${match[2]}/${match[3]}/${match[1]}` : iso
}

/**
 * isoDate normalizes a memorable date's value ("2026-4-8") to YYYY-MM-DD, or
 * returns null when a part is missing or the day does not exist.
 */
export function isoDate(value: string): string | null {
  const match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value)
  if (!match) return null
  const [, y, m, d] = match
  const iso = `${y}-${m!.padStart(2, '0')}-${d!.padStart(2, '0')}`
  const date = new Date(`${iso}T00:00:00Z`)
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso ? null : iso
}
