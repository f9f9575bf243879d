import { screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { callsTo, jsonResponse, problemResponse, stubApi, systemInfo } from '@/testing/api'
import { renderApp } from '@/testing/render-app'
import { FRESNO, me } from '@/testing/session'

// The help desk of Fresno (me() holds helpdesk there).
const asHelpdesk = () => jsonResponse(200, me({ activeCourt: FRESNO }))

const ann = {
  id: '5f0c1c2e-0000-4000-8000-00000000000a',
  username: 'ann',
  displayName: 'Ann Clerk',
  email: 'ann@fresno.courts.ca.gov',
  memberships: [{ courtId: FRESNO.id, courtCode: 'fresno', courtName: FRESNO.name, role: 'clerk' }],
  disabled: false,
  hasAccount: true,
  locked: true,
  secondFactor: true,
  reenrol: false,
  refusal: '',
}
const carl = {
  ...ann,
  id: '5f0c1c2e-0000-4000-8000-00000000000c',
  username: 'carl',
  displayName: 'Carl Admin',
  email: 'carl@fresno.courts.ca.gov',
  memberships: [{ courtId: FRESNO.id, courtCode: 'fresno', courtName: FRESNO.name, role: 'court_admin' }],
  locked: false,
  refusal: 'privileged',
}

describe('the help desk console', () => {
  it('is in the navigation of the help desk', async () => {
    stubApi({ 'GET /me': asHelpdesk, 'GET /system': () => jsonResponse(200, systemInfo) })
    renderApp('/')
    const nav = screen.getByRole('navigation', { name: 'Registry' })
    expect(await within(nav).findByRole('link', { name: 'Help desk' })).toHaveAttribute('href', '/helpdesk')
  })

  it('is not in the navigation of a clerk', async () => {
    stubApi({ 'GET /me': () => jsonResponse(200, me()), 'GET /system': () => jsonResponse(200, systemInfo) })
    renderApp('/')
    await screen.findByTestId('welcome')
    expect(within(screen.getByRole('navigation', { name: 'Registry' })).queryByRole('link', { name: 'Help desk' })).not.toBeInTheDocument()
  })

  it('asks for at least two characters, next to the field and in a summary', async () => {
    const { calls } = stubApi({ 'GET /me': asHelpdesk })
    const { user } = renderApp('/helpdesk')
    await screen.findByRole('heading', { level: 1, name: 'Help desk' })
    await user.type(screen.getByLabelText('Username, name or e-mail address'), 'a')
    await user.click(screen.getByRole('button', { name: 'Find users' }))
    const field = screen.getByLabelText('Username, name or e-mail address')
    expect(field).toHaveAccessibleDescription(expect.stringContaining('Enter 2 to 100 characters'))
    expect(screen.getByRole('heading', { name: 'The search could not run' })).toBeInTheDocument()
    await user.click(screen.getByRole('link', { name: /Enter 2 to 100 characters/ }))
    expect(field).toHaveFocus()
    expect(callsTo(calls)).not.toContain('GET /helpdesk/users')
  })

  it('lists the users found, offers the acts it may do and says why not for the others', async () => {
    stubApi({ 'GET /me': asHelpdesk, 'GET /helpdesk/users': () => jsonResponse(200, { users: [ann, carl] }) })
    const { user } = renderApp('/helpdesk')
    await user.type(await screen.findByLabelText('Username, name or e-mail address'), 'fresno')
    await user.click(screen.getByRole('button', { name: 'Find users' }))
    const table = await screen.findByRole('table', { name: 'Users matching “fresno”' })
    const annActions = within(table).getByRole('list', { name: 'Actions for Ann Clerk' })
    expect(within(annActions).getAllByRole('button').map((b) => b.textContent)).toEqual([
      'Send reset link',
      'Reset second factor',
      'Release lockout',
      'End sessions',
    ])
    expect(within(table).getByText('Locked after failed sign-ins')).toBeInTheDocument()
    expect(within(table).queryByRole('list', { name: 'Actions for Carl Admin' })).not.toBeInTheDocument()
    expect(within(table).getByText(/only the statewide help desk may reset it/)).toBeInTheDocument()
    expect(within(table).getByText(`${FRESNO.name}: Court administrator`)).toBeInTheDocument()
  })

  it('resets the second factor after confirming, then says so', async () => {
    const { calls } = stubApi({
      'GET /me': asHelpdesk,
      'GET /helpdesk/users': () => jsonResponse(200, { users: [ann] }),
      [`POST /helpdesk/users/${ann.id}/second-factor-reset`]: () => jsonResponse(200, { done: 'second factor reset' }),
    })
    const { user } = renderApp('/helpdesk?q=ann')
    await user.click(await screen.findByRole('button', { name: 'Reset second factor' }))
    const dialog = screen.getByRole('dialog', { name: 'Reset the second factor?' })
    expect(dialog).toHaveAccessibleDescription(expect.stringContaining('chooses a new password and sets up one-time codes again'))
    // Cancel changes nothing.
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }))
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument()
    expect(callsTo(calls)).not.toContain(`POST /helpdesk/users/${ann.id}/second-factor-reset`)

    await user.click(screen.getByRole('button', { name: 'Reset second factor' }))
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Reset the second factor' }))
    expect(await screen.findByText(/Ann Clerk's second factor is reset/)).toBeInTheDocument()
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument()
    const post = calls.find((c) => c.method === 'POST')
    expect(post?.headers.get('X-CSRF-Token')).toBe('csrf-token-1')
    expect(callsTo(calls).filter((c) => c === 'GET /helpdesk/users')).toHaveLength(2) // read again after the act
  })

  it('shows the refusal in the dialog', async () => {
    stubApi({
      'GET /me': asHelpdesk,
      'GET /helpdesk/users': () => jsonResponse(200, { users: [ann] }),
      [`POST /helpdesk/users/${ann.id}/unlock`]: () =>
        problemResponse(409, { title: 'Conflict', detail: 'This account is not locked.' }),
    })
    const { user } = renderApp('/helpdesk?q=ann')
    await user.click(await screen.findByRole('button', { name: 'Release lockout' }))
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Release the lockout' }))
    expect(await within(screen.getByRole('dialog')).findByText('This account is not locked.')).toBeInTheDocument()
  })

  it('offers a court’s help desk no disabling of whole accounts', async () => {
    stubApi({ 'GET /me': asHelpdesk, 'GET /helpdesk/users': () => jsonResponse(200, { users: [ann], statewide: false }) })
    renderApp('/helpdesk?q=ann')
    const actions = await screen.findByRole('list', { name: 'Actions for Ann Clerk' })
    expect(within(actions).queryByRole('button', { name: 'Disable account' })).not.toBeInTheDocument()
  })

  it('lets the statewide help desk disable a whole account after confirming, then enable it again', async () => {
    let disabled = false
    const { calls } = stubApi({
      'GET /me': asHelpdesk,
      'GET /helpdesk/users': () => jsonResponse(200, { users: [{ ...ann, locked: false, disabled }], statewide: true }),
      [`POST /users/${ann.id}/disable`]: () => {
        disabled = true
        return new Response(null, { status: 204 })
      },
      [`POST /users/${ann.id}/enable`]: () => {
        disabled = false
        return new Response(null, { status: 204 })
      },
    })
    const { user } = renderApp('/helpdesk?q=ann')
    const actions = await screen.findByRole('list', { name: 'Actions for Ann Clerk' })
    expect(within(actions).getAllByRole('button').map((b) => b.textContent)).toEqual([
      'Send reset link',
      'Reset second factor',
      'End sessions',
      'Disable account',
    ])
    await user.click(within(actions).getByRole('button', { name: 'Disable account' }))
    const dialog = screen.getByRole('dialog', { name: 'Disable the whole account?' })
    expect(dialog).toHaveAccessibleDescription(expect.stringContaining('can no longer sign in, in any court'))
    // Cancel changes nothing.
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }))
    expect(callsTo(calls)).not.toContain(`POST /users/${ann.id}/disable`)

    await user.click(screen.getByRole('button', { name: 'Disable account' }))
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Disable the account' }))
    expect(await screen.findByText("Ann Clerk's account is disabled; Ann Clerk was told by e-mail.")).toBeInTheDocument()
    expect(calls.find((c) => c.method === 'POST')?.headers.get('X-CSRF-Token')).toBe('csrf-token-1')
    // Read again: the account is disabled, and only ending sessions or enabling is offered.
    const after = await screen.findByRole('button', { name: 'Enable account' })
    expect(screen.getByText('Account disabled')).toBeInTheDocument()
    expect(within(screen.getByRole('list', { name: 'Actions for Ann Clerk' })).getAllByRole('button').map((b) => b.textContent)).toEqual([
      'End sessions',
      'Enable account',
    ])
    await user.click(after)
    const enable = screen.getByRole('dialog', { name: 'Enable the account again?' })
    await user.click(within(enable).getByRole('button', { name: 'Enable the account' }))
    expect(await screen.findByText("Ann Clerk's account is enabled again; Ann Clerk was told by e-mail.")).toBeInTheDocument()
    expect(callsTo(calls)).toContain(`POST /users/${ann.id}/enable`)
    expect(await screen.findByRole('button', { name: 'Disable account' })).toBeInTheDocument()
  })

  it('shows a refused disabling in the dialog and keeps the account as it was', async () => {
    stubApi({
      'GET /me': asHelpdesk,
      'GET /helpdesk/users': () => jsonResponse(200, { users: [ann], statewide: true }),
      [`POST /users/${ann.id}/disable`]: () =>
        problemResponse(403, { title: 'Forbidden', detail: 'Only the statewide help desk and platform administrators disable whole accounts.' }),
    })
    const { user } = renderApp('/helpdesk?q=ann')
    await user.click(await screen.findByRole('button', { name: 'Disable account' }))
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Disable the account' }))
    expect(await within(screen.getByRole('dialog')).findByText(/Only the statewide help desk and platform administrators/)).toBeInTheDocument()
    expect(screen.queryByText('Account disabled')).not.toBeInTheDocument()
  })
})
