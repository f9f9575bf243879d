// The words of maintenance windows and their notices, in English, with the shared words of
// src/copy/en.ts. Only this feature imports it, so its words travel with its pages' chunks.
import { en as shared } from '@/copy/en'

export const en = {
  ...shared,
  maintenance: {
    title: 'Maintenance',
    intro: 'Schedule maintenance of the registry. Users of the courts affected are e-mailed at once and see a notice from now until the window ends.',
    banner: {
      label: 'Maintenance notices',
      scheduled: 'Maintenance scheduled',
      underway: 'Maintenance under way',
      readOnly: 'During this time you can search and read orders, but you cannot enter or change them.',
      available: 'The registry stays available during this time.',
    },
    form: {
      heading: 'Schedule a window',
      errorHeading: 'Fix these to schedule the window',
      timeHint: 'Pacific time (America/Los_Angeles). The window may last up to 48 hours.',
      messageHint: 'What users are told, for example what changes. Up to 500 characters.',
      courtsHint: 'Tick none to affect every court.',
      labels: {
        startsAt: 'Start',
        endsAt: 'End',
        message: 'Message to users',
        courtIds: 'Courts affected',
        readOnly: 'Read-only during the window: searching and reading go on, changes wait (every court only)',
      },
      submit: 'Schedule window',
      working: 'Scheduling…',
      done: 'Window scheduled; the users affected are being e-mailed',
    },
    list: {
      heading: 'Windows',
      caption: 'Maintenance windows, the latest first',
      headers: ['When', 'State', 'Message', 'Courts', 'Read-only', 'Action'],
      none: 'No maintenance has been scheduled.',
      everyCourt: 'Every court',
      courts: (n: number) => (n === 1 ? '1 court' : `${n} courts`),
      yes: 'Yes',
      no: 'No',
      cancel: 'Cancel',
    },
    states: {
      scheduled: 'Scheduled',
      underway: 'Under way',
      ended: 'Ended',
      cancelled: 'Cancelled',
    } as Record<string, string>,
  },
} as const
