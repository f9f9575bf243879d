// The words of the audit log, in English, with the shared words of src/copy/en.ts. Only
// this feature imports it, so its words travel with its pages' chunks.
import { en as shared } from '@/copy/en'

export const en = {
  ...shared,
  auditLog: {
    title: 'Audit log',
    intro: 'Who did what, when, from where and with what outcome. Narrow the search with any of the filters; times are in your time zone.',
    filters: 'Filters',
    user: 'User id',
    userHint: 'The id of the user who acted',
    court: 'Court',
    anyCourt: 'Any court',
    action: 'Action',
    actionHint: 'An action or the start of one, e.g. court or order.read',
    objectType: 'Object type',
    objectId: 'Object id',
    outcome: 'Outcome',
    anyOutcome: 'Any outcome',
    outcomes: { success: 'Success', denied: 'Denied', invalid: 'Invalid', error: 'Error' } as Record<string, string>,
    from: 'From',
    to: 'Before',
    fromHint: 'Events at or after this day',
    toHint: 'Events before this day',
    dateLabels: { month: 'Month', day: 'Day', year: 'Year' },
    dateInvalid: 'Enter a whole date: month, day and a four-digit year.',
    userInvalid: 'Enter a user id like 0b7c3f5e-0000-4000-8000-000000000001.',
    errorHeading: 'Check these filters',
    search: 'Search',
    export: 'Export these events as CSV',
    caption: 'Audit events, newest first',
    columns: ['When', 'Action', 'Outcome', 'User', 'Object', 'Reason', 'Request'],
    none: 'No event matches these filters.',
    next: 'Next page (older events)',
    first: 'Back to the newest events',
  },
} as const
