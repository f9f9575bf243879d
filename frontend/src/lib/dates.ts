// Dates as the courts write them, shared by every screen.

/** usDate shows YYYY-MM-DD as the courts write it: MM/DD/YYYY; '' when absent. */
export function usDate(iso: string | undefined): string {
  if (!iso) return ''
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso)
  return match ? `${match[2]}/${match[3]}/${match[1]}` : iso
}

const pacific = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/Los_Angeles',
  month: '2-digit',
  day: '2-digit',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
})

/** usDateTime shows an instant as a California court reads it: 11/25/2026, 3:04 PM. */
export function usDateTime(iso: string | undefined): string {
  if (!iso) return ''
  const d = new Date(iso)
  return Number.isNaN(d.getTime()) ? iso : pacific.format(d)
}

/** isoDate turns a memorable date's parts (YYYY-M-D) into YYYY-MM-DD; undefined when empty. */
export function isoDate(value: string): string | undefined {
  if (!value.replace(/-/g, '')) return undefined
  const [year = '', month = '', day = ''] = value.split('-')
  return `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`
}

/** realDate tells whether YYYY-MM-DD is a day of the calendar. */
export function realDate(iso: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso)
  if (!match) return false
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])]
  const day = new Date(Date.UTC(y, m - 1, d))
  return day.getUTCFullYear() === y && day.getUTCMonth() === m - 1 && day.getUTCDate() === d
}

/**
 * calendarDate normalizes a memorable date's value ("2026-4-8") to YYYY-MM-DD, or
 * returns null when a part is missing or the day does not exist.
 */
export function calendarDate(value: string): string | null {
  const match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value)
  if (!match) return null
  const [, y, m, d] = match
  const iso = `${y}-${m!.padStart(2, '0')}-${d!.padStart(2, '0')}`
  const date = new Date(`${iso}T00:00:00Z`)
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso ? null : iso
}
