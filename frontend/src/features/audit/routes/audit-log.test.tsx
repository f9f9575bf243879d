import { configure, screen, within } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { jsonResponse, stubApi } from '@/testing/api'
import { renderApp } from '@/testing/render-app'
import { ALAMEDA, me } from '@/testing/session'

// Pages load lazily: on a busy machine the first render takes longer than the defaults wait.
configure({ asyncUtilTimeout: 10_000 })
vi.setConfig({ testTimeout: 30_000 })

const STATEWIDE = { id: '0b7c3f5e-0000-4000-8000-0000000000ff', name: 'Statewide (Judicial Council)' }
const auditor = () => me({ activeCourt: STATEWIDE, courts: [{ ...STATEWIDE, roles: ['auditor'] }] })
const USER = '0b7c3f5e-0000-4000-8000-00000000abcd'

const event = (id: number, action: string) => ({
  id,
  occurredAt: '2026-06-15T17:00:00Z',
  courtId: ALAMEDA.id,
  userId: USER,
  actor: 'Pat Admin',
  action,
  objectType: 'court',
  objectId: 'mono',
  outcome: 'denied',
  reason: 'You cannot grant a role to yourself',
  requestId: `req-${id}`,
  sealed: false,
})

describe('the audit viewer', () => {
  it('searches with filters kept in the address, pages by key and links the CSV export of the same filters', async () => {
    const asked: URLSearchParams[] = []
    stubApi({
      'GET /me': () => jsonResponse(200, auditor()),
      'GET /courts': () =>
        jsonResponse(200, { courts: [{ ...ALAMEDA, code: 'alameda', kind: 'county', cletsSubmitting: true, sharesStatewide: true, onboardingStatus: 'live' }] }),
      'GET /audit-events': (request) => {
        const q = new URL(request.url).searchParams
        asked.push(q)
        return q.get('before') ? jsonResponse(200, { events: [event(1, 'court.admin.appoint')] }) : jsonResponse(200, { events: [event(7, 'court.admin.appoint')], next: 7 })
      },
    })
    const { user, router } = renderApp('/audit')
    expect(await screen.findByRole('heading', { level: 1, name: 'Audit log' })).toBeInTheDocument()
    expect(within(screen.getByRole('navigation', { name: 'Registry' })).getByRole('link', { name: 'Audit log' })).toBeInTheDocument()

    await user.click(screen.getByLabelText('User id'))
    await user.paste(USER)
    await user.selectOptions(screen.getByLabelText('Court'), ALAMEDA.id)
    await user.type(screen.getByLabelText('Action'), 'court')
    await user.selectOptions(screen.getByLabelText('Outcome'), 'denied')
    const from = screen.getByRole('group', { name: /From/ })
    await user.type(within(from).getByLabelText('Month'), '6')
    await user.type(within(from).getByLabelText('Day'), '1')
    await user.type(within(from).getByLabelText('Year'), '2026')
    await user.click(screen.getByRole('button', { name: 'Search' }))

    const table = await screen.findByRole('table', { name: 'Audit events, newest first' })
    expect(within(table).getByText('court.admin.appoint')).toBeInTheDocument()
    expect(within(table).getByText(/\(Superior Court of California, County of Alameda\)/)).toBeInTheDocument()
    const last = asked[asked.length - 1]!
    expect(last.get('user')).toBe(USER)
    expect(last.get('court')).toBe(ALAMEDA.id)
    expect(last.get('action')).toBe('court')
    expect(last.get('outcome')).toBe('denied')
    expect(last.get('from')).toBe(new Date('2026-06-01T00:00:00').toISOString())
    expect(router.state.location.search).toContain('from=2026-06-01')

    const exportLink = screen.getByRole('link', { name: 'Export these events as CSV' })
    const href = new URL(exportLink.getAttribute('href')!)
    expect(href.pathname).toBe('/api/v1/audit-events/export')
    expect(href.searchParams.get('outcome')).toBe('denied')
    expect(href.searchParams.get('user')).toBe(USER)

    await user.click(screen.getByRole('button', { name: 'Next page (older events)' }))
    expect(await screen.findByText('req-1')).toBeInTheDocument()
    expect(asked[asked.length - 1]!.get('before')).toBe('7')
    expect(asked[asked.length - 1]!.get('outcome')).toBe('denied')
  })

  it('names a wrong filter next to the field and in the summary, and searches nothing', async () => {
    const asked: string[] = []
    stubApi({
      'GET /me': () => jsonResponse(200, auditor()),
      'GET /courts': () => jsonResponse(200, { courts: [] }),
      'GET /audit-events': (request) => {
        asked.push(request.url)
        return jsonResponse(200, { events: [] })
      },
    })
    const { user } = renderApp('/audit')
    await screen.findByRole('heading', { level: 1, name: 'Audit log' })
    const before = asked.length
    await user.type(screen.getByLabelText('User id'), 'pat')
    await user.type(within(screen.getByRole('group', { name: /Before/ })).getByLabelText('Month'), '13')
    await user.click(screen.getByRole('button', { name: 'Search' }))
    expect(await screen.findByRole('link', { name: /User id: Enter a user id/ })).toBeInTheDocument()
    expect(screen.getByRole('link', { name: /Before: Enter a whole date/ })).toBeInTheDocument()
    expect(screen.getByLabelText('User id')).toHaveAttribute('aria-invalid', 'true')
    expect(asked.length).toBe(before)
  })
})
