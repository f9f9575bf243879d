import { screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { assignLocation } from '@/lib/browser-location'
import { callsTo, jsonResponse, problemResponse, stubApi, systemInfo } from '@/testing/api'
import { renderApp } from '@/testing/render-app'
import { FRESNO, me } from '@/testing/session'

vi.mock('@/lib/browser-location', () => ({ assignLocation: vi.fn() }))

function account() {
  return screen.getByRole('region', { name: 'Your account' })
}

describe('the header’s user area', () => {
  afterEach(() => {
    document.head.querySelectorAll('meta[name="ccpor-base-path"]').forEach((meta) => meta.remove())
  })

  it('offers Sign in, coming back to this page under the base path', async () => {
    document.head.insertAdjacentHTML('beforeend', '<meta name="ccpor-base-path" content="/ccpor">')
    stubApi({})
    renderApp('/orders/unknown?page=2')

    const signIn = await within(account()).findByRole('link', { name: 'Sign in' })
    expect(signIn).toHaveAttribute('href', '/ccpor/auth/login?return=%2Fccpor%2Forders%2Funknown%3Fpage%3D2')
    expect(signIn).toHaveClass('usa-button')
    expect(account()).toHaveTextContent('Not signed in')
  })

  it('shows the user’s name, acting court and roles there', async () => {
    stubApi({ 'GET /me': () => jsonResponse(200, me()), 'GET /system': () => jsonResponse(200, systemInfo) })
    renderApp('/')

    expect(await within(account()).findByText('Maria Garcia')).toBeInTheDocument()
    expect(account()).toHaveTextContent('Acting for: Superior Court of California, County of Alameda')
    expect(account()).toHaveTextContent('Roles: Clerk, Judicial officer')
    expect(within(account()).getByRole('button', { name: 'Sign out' })).toBeInTheDocument()
    expect(within(account()).queryByRole('link', { name: 'Sign in' })).not.toBeInTheDocument()
  })

  it('switches court with the CSRF token, then refetches /me and the court’s queries', async () => {
    let current = me()
    const { calls } = stubApi({
      'GET /me': () => jsonResponse(200, current),
      'GET /system': () => jsonResponse(200, systemInfo),
      'PUT /me/active-court': () => {
        current = me({ activeCourt: FRESNO, csrfToken: 'csrf-token-1' })
        return jsonResponse(200, current)
      },
    })
    const { user } = renderApp('/')
    await waitFor(() => expect(callsTo(calls)).toEqual(['GET /me', 'GET /system', 'GET /me']))
    const before = calls.length

    await user.selectOptions(within(account()).getByLabelText('Switch court'), FRESNO.name)
    await user.click(within(account()).getByRole('button', { name: 'Switch' }))

    await waitFor(() => expect(account()).toHaveTextContent(`Acting for: ${FRESNO.name}`))
    expect(account()).toHaveTextContent('Roles: Help desk')
    expect(within(account()).getByRole('status')).toHaveTextContent(`You now act for ${FRESNO.name}.`)
    const put = calls.find((c) => c.method === 'PUT')!
    expect(put.headers.get('X-CSRF-Token')).toBe('csrf-token-1')
    expect(await put.json()).toEqual({ courtId: FRESNO.id })
    await waitFor(() => expect(callsTo(calls.slice(before))).toEqual(['PUT /me/active-court', 'GET /system', 'GET /me']))
  })

  it('signs out with the CSRF token and goes where the server says', async () => {
    const { calls } = stubApi({
      'GET /me': () => jsonResponse(200, me()),
      'GET /system': () => jsonResponse(200, systemInfo),
      'POST /auth/logout': () => jsonResponse(200, { redirectTo: 'https://idp.example/logout?x=1' }),
    })
    const { user } = renderApp('/')
    await user.click(await within(account()).findByRole('button', { name: 'Sign out' }))

    await waitFor(() => expect(assignLocation).toHaveBeenCalledWith('https://idp.example/logout?x=1'))
    const logout = calls.find((c) => c.url.endsWith('/auth/logout'))!
    expect(logout.method).toBe('POST')
    expect(logout.headers.get('X-CSRF-Token')).toBe('csrf-token-1')
  })

  it('moves to "You were signed out" on a 401 after sign-in, once', async () => {
    let signedIn = true
    const { calls } = stubApi({
      'GET /me': () => (signedIn ? jsonResponse(200, me()) : problemResponse(401, { title: 'Unauthorized' })),
      'GET /system': () => jsonResponse(200, systemInfo),
      'PUT /me/active-court': () => problemResponse(401, { title: 'Unauthorized' }),
    })
    const { user } = renderApp('/')
    // Loading the page was activity: /me is asked again for the new idle expiry.
    await waitFor(() => expect(callsTo(calls)).toEqual(['GET /me', 'GET /system', 'GET /me']))
    signedIn = false

    await user.selectOptions(within(account()).getByLabelText('Switch court'), FRESNO.name)
    await user.click(within(account()).getByRole('button', { name: 'Switch' }))

    const heading = await screen.findByRole('heading', { level: 1, name: 'You were signed out' })
    await waitFor(() => expect(heading).toHaveFocus())
    expect(within(screen.getByRole('main')).getByRole('link', { name: 'Sign in' })).toHaveAttribute(
      'href',
      '/auth/login?return=%2F',
    )
    expect(account()).toHaveTextContent('Not signed in')
    // Nothing is asked again: the app waits for the user to sign in.
    expect(callsTo(calls)).toEqual(['GET /me', 'GET /system', 'GET /me', 'PUT /me/active-court'])
  })
})
