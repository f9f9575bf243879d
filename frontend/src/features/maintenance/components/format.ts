/** The zone where windows are entered and shown. */
export const PACIFIC = 'America/Los_Angeles'

const dayAndTime = new Intl.DateTimeFormat('en-US', {
  timeZone: PACIFIC,
  weekday: 'long',
  month: 'long',
  day: 'numeric',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
})
const timeOnly = new Intl.DateTimeFormat('en-US', { timeZone: PACIFIC, hour: 'numeric', minute: '2-digit' })
const dayOnly = new Intl.DateTimeFormat('en-CA', { timeZone: PACIFIC, year: 'numeric', month: '2-digit', day: '2-digit' })

/** span says when a window is, in Pacific time: "Wednesday, December 2, 2026 at 6:00 PM to 9:00 PM Pacific time". */
export function span(startsAt: string, endsAt: string): string {
  const start = new Date(startsAt)
  const end = new Date(endsAt)
  const sameDay = dayOnly.format(start) === dayOnly.format(end)
  return `${dayAndTime.format(start)} to ${sameDay ? timeOnly.format(end) : dayAndTime.format(end)} Pacific time`
}
