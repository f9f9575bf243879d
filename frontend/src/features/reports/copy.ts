// The words of the reports, in English, with the shared words of src/copy/en.ts. Only this
// feature imports it, so its words travel with its pages' chunks.
import { en as shared } from '@/copy/en'

export const en = {
  ...shared,
  reports: {
    title: 'Reports',
    intro: 'Counts of orders, never their content. You see your court’s; platform administrators see every court’s.',
    statisticsHeading: 'Orders by court, county, type or month',
    statisticsIntro: 'Issued, modified (new versions), cancelled and served orders in the months chosen, with the orders active now.',
    statisticsCaption: (by: string) => `Orders by ${by}`,
    refreshed: (when: string) => `Figures as of ${when} Pacific time.`,
    notYet: 'The figures have not been made yet; they are made every five minutes.',
    download: 'Download as CSV',
    none: 'No orders in these months.',
    by: { court: 'Court', county: 'County', type: 'Type', month: 'Month' } as Record<'court' | 'county' | 'type' | 'month', string>,
    columns: { issued: 'Issued', modified: 'Modified', cancelled: 'Cancelled', served: 'Served', active: 'Active now', orders: 'Orders' },
    filter: {
      by: 'Group by',
      from: 'First month',
      to: 'Last month',
      monthHint: 'Year and month, for example 2026-01. Leave empty for all.',
      court: 'Court',
      everyCourt: 'Every court',
      ownCourt: 'Your court',
      submit: 'Show report',
    },
    operations: {
      heading: 'Your court’s operations',
      asOf: (day: string) => `Ages and the next 30 days count from ${day}.`,
      entered: 'Orders entered per day, last 30 days',
      staleDrafts: 'Drafts entered more than a day ago, by age',
      unserved: 'Active orders not yet served, by days since issuance',
      expiring: 'Active orders ending in the next 30 days',
      day: 'Day',
      age: 'Age',
      sinceIssued: 'Days since issuance',
      carpos: {
        heading: 'Submissions to the Department of Justice (CARPOS)',
        caption: 'CARPOS messages now, and orders of the last 30 days',
        figure: 'Figure',
        value: 'Value',
        pending: 'Messages waiting for the DOJ’s acknowledgement',
        rejected: 'Messages rejected, in the work queue',
        acknowledged: 'Orders issued in the last 30 days that the DOJ acknowledged',
        median: 'Median time from issuance to acknowledgement',
        p95: 'Time within which 95% were acknowledged',
        missed: 'Orders that missed the one-business-day deadline, last 30 days',
        none: 'None acknowledged',
        duration: (seconds: number) => {
          const s = Math.round(seconds)
          if (s < 60) return `${s} s`
          if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`
          if (s < 86400) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`
          return `${Math.floor(s / 86400)} d ${Math.floor((s % 86400) / 3600)} h`
        },
      },
    },
  },
} as const
