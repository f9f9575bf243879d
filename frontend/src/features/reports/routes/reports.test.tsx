import { screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { jsonResponse, problemResponse, stubApi } from '@/testing/api'
import { renderApp } from '@/testing/render-app'
import { ALAMEDA, me } from '@/testing/session'

const stats = {
  by: 'court',
  refreshedAt: '2026-03-15T20:00:00Z',
  rows: [{ key: ALAMEDA.id, label: ALAMEDA.name, issued: 5, modified: 1, cancelled: 1, served: 2, active: 3 }],
  total: { key: 'total', label: 'Total', issued: 5, modified: 1, cancelled: 1, served: 2, active: 3 },
}
const counts = (buckets: string[]) => buckets.map((bucket, i) => ({ bucket, count: i }))
const operations = {
  courtId: ALAMEDA.id,
  asOf: '2026-03-15',
  refreshedAt: '2026-03-15T20:00:00Z',
  enteredPerDay: counts(['2026-03-14', '2026-03-15']),
  staleDrafts: counts(['1-7 days', '8-30 days', 'over 30 days']),
  unserved: counts(['0-7 days', '8-30 days', '31-90 days', 'over 90 days']),
  expiring: counts(['2026-03-15', '2026-03-16']),
  carpos: { pending: 2, rejected: 1, acknowledged: 3, ackMedianSeconds: 30, ackP95Seconds: 281883, missedDeadline: 2 },
}

describe('ReportsRoute', () => {
  it('shows the statistics as a table with its total, the CSV link, and the court’s operations', async () => {
    stubApi({
      'GET /me': () => jsonResponse(200, me()),
      'GET /courts': () => jsonResponse(200, { courts: [{ ...ALAMEDA, kind: 'county' }] }),
      'GET /reports/orders': () => jsonResponse(200, stats),
      'GET /reports/operations': () => jsonResponse(200, operations),
    })
    renderApp('/reports?by=court&from=2026-01')
    expect(await screen.findByRole('heading', { level: 1, name: 'Reports' })).toBeInTheDocument()
    const table = await screen.findByRole('table', { name: 'Orders by court' })
    const rows = within(table).getAllByRole('row').map((r) => r.textContent)
    expect(rows).toEqual([
      'CourtIssuedModifiedCancelledServedActive now',
      `${ALAMEDA.name}51123`,
      'Total51123',
    ])
    expect(screen.getByRole('link', { name: 'Download as CSV' }).getAttribute('href')).toMatch(/\/api\/v1\/reports\/orders\/export\?by=court&from=2026-01$/)
    const unserved = await screen.findByRole('table', { name: 'Active orders not yet served, by days since issuance' })
    expect(within(unserved).getAllByRole('row')).toHaveLength(5)
    const carpos = screen.getByRole('table', { name: 'CARPOS messages now, and orders of the last 30 days' })
    expect(within(carpos).getAllByRole('row').map((r) => r.textContent)).toEqual([
      'FigureValue',
      'Messages waiting for the DOJ’s acknowledgement2',
      'Messages rejected, in the work queue1',
      'Orders issued in the last 30 days that the DOJ acknowledged3',
      'Median time from issuance to acknowledgement30 s',
      'Time within which 95% were acknowledged3 d 6 h',
      'Orders that missed the one-business-day deadline, last 30 days2',
    ])
  })

  it('shows a refused filter next to its field', async () => {
    stubApi({
      'GET /me': () => jsonResponse(200, me()),
      'GET /courts': () => jsonResponse(200, { courts: [] }),
      'GET /reports/orders': () =>
        problemResponse(422, { title: 'Unprocessable Entity', errors: [{ location: 'query.from', message: 'Enter a month as year-month, for example 2026-01' }] }),
      'GET /reports/operations': () => jsonResponse(200, operations),
    })
    renderApp('/reports?from=2026-13')
    const field = await screen.findByLabelText('First month')
    expect(await screen.findByText('Enter a month as year-month, for example 2026-01')).toBeInTheDocument()
    expect(field).toHaveAttribute('aria-invalid', 'true')
  })
})
