import { screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { jsonResponse, problemResponse, stubApi } from '@/testing/api'
import { renderApp } from '@/testing/render-app'
import { me } from '@/testing/session'
import { fieldOf } from './maintenance'

const STATEWIDE = { id: '0b7c3f5e-0000-4000-8000-000000000009', name: 'Statewide' }
const admin = () => jsonResponse(200, me({ activeCourt: STATEWIDE, courts: [{ ...STATEWIDE, roles: ['platform_admin'] }] }))
const courts = () =>
  jsonResponse(200, {
    courts: [
      { id: STATEWIDE.id, name: 'Statewide', kind: 'statewide' },
      { id: 'c-1', name: 'Superior Court of California, County of Riverside', kind: 'county' },
    ],
  })

describe('fieldOf', () => {
  it('names the form field of an API location', () => {
    expect(fieldOf('body.endsAt')).toBe('endsAt')
    expect(fieldOf('body.courtIds[2]')).toBe('courtIds')
    expect(fieldOf('body.other')).toBeUndefined()
    expect(fieldOf(undefined)).toBeUndefined()
  })
})

describe('MaintenanceRoute', () => {
  it('lists the server’s problems at the top and next to each field', async () => {
    const { calls } = stubApi({
      'GET /me': admin,
      'GET /courts': courts,
      'GET /maintenance-windows': () => jsonResponse(200, { windows: [] }),
      'POST /maintenance-windows': () =>
        problemResponse(422, {
          title: 'Unprocessable Entity',
          errors: [
            { location: 'body.endsAt', message: 'The end must be after the start' },
            { location: 'body.message', message: 'Enter the message users will see' },
          ],
        }),
    })
    const { user } = renderApp('/maintenance')
    expect(await screen.findByRole('heading', { level: 1, name: 'Maintenance' })).toBeInTheDocument()
    expect(await screen.findByText('No maintenance has been scheduled.')).toBeInTheDocument()
    // The statewide court is no court to maintain.
    expect(await screen.findByLabelText('Superior Court of California, County of Riverside')).toBeInTheDocument()
    expect(screen.queryByLabelText('Statewide')).not.toBeInTheDocument()

    await user.click(screen.getByRole('button', { name: 'Schedule window' }))
    const summary = await screen.findByRole('heading', { level: 2, name: 'Fix these to schedule the window' })
    const list = summary.parentElement as HTMLElement
    expect(within(list).getByRole('link', { name: 'End: The end must be after the start' })).toHaveAttribute('href', '#ends-at')
    expect(within(list).getByRole('link', { name: 'Message to users: Enter the message users will see' })).toBeInTheDocument()
    expect(screen.getByLabelText('End')).toHaveAccessibleDescription(/The end must be after the start/)
    expect(calls.some((c) => c.method === 'POST')).toBe(true)
  })
})
