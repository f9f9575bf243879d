import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { jsonResponse, stubApi } from '@/testing/api'
import { renderApp } from '@/testing/render-app'
import { ALAMEDA, FRESNO, me } from '@/testing/session'

const window = (over: Record<string, unknown>) => ({
  id: 'w-1',
  startsAt: '2026-12-03T02:00:00Z',
  endsAt: '2026-12-03T05:00:00Z',
  message: 'Database upgrade.',
  courtIds: [],
  readOnly: false,
  state: 'scheduled',
  createdAt: '2026-11-25T00:00:00Z',
  ...over,
})

describe('MaintenanceBanner', () => {
  it('announces a coming window to someone not signed in, in Pacific time', async () => {
    stubApi({ 'GET /maintenance': () => jsonResponse(200, { windows: [window({})] }) })
    renderApp('/')
    const notices = await screen.findByRole('region', { name: 'Maintenance notices' })
    expect(within(notices).getByRole('heading', { name: 'Maintenance scheduled' })).toBeInTheDocument()
    expect(notices).toHaveTextContent(/December 2, 2026.*6:00\s?PM to 9:00\s?PM Pacific time\. Database upgrade\./)
    expect(notices).toHaveTextContent('The registry stays available during this time.')
  })

  it('warns of a read-only window under way, and leaves out windows of other courts', async () => {
    stubApi({
      'GET /me': () => jsonResponse(200, me()),
      'GET /maintenance': () =>
        jsonResponse(200, {
          windows: [
            window({ id: 'w-1', state: 'underway', readOnly: true, message: 'Storage move.' }),
            window({ id: 'w-2', courtIds: [FRESNO.id], message: 'Fresno only.' }),
            window({ id: 'w-3', courtIds: [ALAMEDA.id], message: 'Alameda too.' }),
          ],
        }),
    })
    renderApp('/')
    // Once /me says the acting court, only its windows and those of every court remain.
    await waitFor(() => expect(screen.getByRole('region', { name: 'Maintenance notices' })).not.toHaveTextContent('Fresno only.'))
    const notices = screen.getByRole('region', { name: 'Maintenance notices' })
    expect(within(notices).getByRole('heading', { name: 'Maintenance under way' })).toBeInTheDocument()
    expect(notices).toHaveTextContent('you cannot enter or change them')
    expect(notices).toHaveTextContent('Alameda too.')
    expect(notices).not.toHaveTextContent('Fresno only.')
  })

  it('shows nothing when no window is announced', async () => {
    stubApi({})
    renderApp('/')
    await screen.findByRole('navigation', { name: 'Registry' })
    expect(screen.queryByRole('region', { name: 'Maintenance notices' })).not.toBeInTheDocument()
  })
})
