import { screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { callsTo, jsonResponse, problemResponse, stubApi } from '@/testing/api'
import { renderApp } from '@/testing/render-app'
import { ALAMEDA, me } from '@/testing/session'

const USERS = `/courts/${ALAMEDA.id}/users`
const CLERK_ID = '7e0b6a8e-5b1e-4d7c-9a53-2f1d0c9e8b71'
const admin = () => me({ courts: [{ ...ALAMEDA, roles: ['court_admin'] }] })

const clerk = {
  userId: CLERK_ID,
  username: 'ccruz',
  displayName: 'Carla Cruz',
  email: 'ccruz@courts.example',
  roles: ['clerk'],
  removed: false,
  cletsCertifiedUntil: '2027-06-30',
  lastSignIn: '2026-11-20T17:30:00Z',
  neverSignedIn: false,
  disabled: false,
}

function stub(extra: Parameters<typeof stubApi>[0] = {}) {
  return stubApi({
    'GET /me': () => jsonResponse(200, admin()),
    [`GET ${USERS}`]: () => jsonResponse(200, { users: [clerk, { ...clerk, userId: 'u-2', username: 'old', displayName: 'Otto Old', removed: true, cletsCertifiedUntil: undefined, lastSignIn: undefined, neverSignedIn: true }] }),
    ...extra,
  })
}

describe('the users screen', () => {
  it('is offered to court admins only', async () => {
    stub()
    const { unmount } = renderApp('/')
    const nav = screen.getByRole('navigation', { name: 'Registry' })
    expect(await within(nav).findByRole('link', { name: 'Users' })).toHaveAttribute('href', '/users')
    unmount()
    stubApi({ 'GET /me': () => jsonResponse(200, me()) })
    renderApp('/')
    await screen.findByTestId('welcome')
    expect(within(screen.getByRole('navigation', { name: 'Registry' })).queryByRole('link', { name: 'Users' })).not.toBeInTheDocument()
  })

  it('lists the users with roles, certification and last sign-in; removed ones can be restored', async () => {
    stub()
    renderApp('/users')
    expect(await screen.findByRole('heading', { level: 1, name: 'Users' })).toBeInTheDocument()
    const table = await screen.findByRole('table', { name: 'Users of the court' })
    const rows = within(table).getAllByRole('row')
    expect(rows[1]).toHaveTextContent('Carla Cruz')
    expect(rows[1]).toHaveTextContent('Carla CruzccruzClerk06/30/202711/20/2026, 9:30 AM')
    expect(rows[2]).toHaveTextContent('Otto OldRemoved')
    expect(rows[2]).toHaveTextContent('Not certifiedNot yet (invited)')
    expect(within(rows[2]!).getByRole('button', { name: 'Restore Otto Old' })).toBeInTheDocument()
    expect(within(rows[2]!).queryByRole('button', { name: 'Change roles of Otto Old' })).not.toBeInTheDocument()
  })

  it('checks the invitation before sending: each error next to its field and in the summary', async () => {
    const { calls } = stub()
    const { user } = renderApp('/users')
    await user.click(await screen.findByRole('button', { name: 'Send the invitation' }))
    const summary = await screen.findByRole('heading', { name: 'Fix these problems' })
    expect(summary.closest('.usa-alert')).toHaveFocus()
    expect(screen.getByLabelText('Full name')).toHaveAccessibleDescription('Enter the user’s full name.')
    expect(screen.getByLabelText('E-mail address')).toHaveAccessibleDescription(expect.stringContaining('Enter an e-mail address'))
    expect(screen.getByRole('group', { name: 'Roles in this court' })).toHaveAccessibleDescription(expect.stringContaining('Choose at least one role.'))
    expect(callsTo(calls)).not.toContain(`POST ${USERS}`)
  })

  it('invites with the roles chosen, and shows a refusal to grant court_admin next to the roles', async () => {
    let body: Record<string, unknown> = {}
    const refusal = 'A court administrator grants only the clerk, judicial officer, sheriff, auditor and help desk roles. The court administrator role is granted by a platform administrator.'
    stub({
      [`POST ${USERS}`]: async (request) => {
        body = (await request.json()) as Record<string, unknown>
        if ((body.roles as string[]).includes('court_admin')) {
          return problemResponse(403, { title: 'Forbidden', detail: refusal, errors: [{ location: 'body.roles', message: refusal }] })
        }
        return jsonResponse(201, { userId: 'u-new' })
      },
    })
    const { user } = renderApp('/users')
    await user.type(await screen.findByLabelText('Full name'), 'Nora Clerk')
    await user.type(screen.getByLabelText(/^Username/), 'nclerk')
    await user.type(screen.getByLabelText('E-mail address'), 'nora@courts.example')
    await user.click(screen.getByLabelText('Court administrator'))
    await user.click(screen.getByRole('button', { name: 'Send the invitation' }))
    const roles = screen.getByRole('group', { name: 'Roles in this court' })
    expect(await screen.findByRole('link', { name: refusal })).toBeInTheDocument()
    expect(roles).toHaveAccessibleDescription(expect.stringContaining(refusal))

    await user.click(screen.getByLabelText('Court administrator'))
    await user.click(screen.getByLabelText('Clerk'))
    await user.type(screen.getByLabelText('Month'), '6')
    await user.type(screen.getByLabelText('Day'), '30')
    await user.type(screen.getByLabelText('Year'), '2027')
    await user.click(screen.getByRole('button', { name: 'Send the invitation' }))
    expect(await screen.findByText('Invitation sent to Nora Clerk at nora@courts.example.')).toBeInTheDocument()
    expect(body).toEqual({ username: 'nclerk', displayName: 'Nora Clerk', email: 'nora@courts.example', roles: ['clerk'], cletsCertifiedUntil: '2027-06-30' })
    expect(screen.getByLabelText('Full name')).toHaveValue('')
  }, 30_000) // much typing: slow when every test file runs at once

  it('removes a user only after confirmation', async () => {
    const { calls } = stub({ [`POST ${USERS}/${CLERK_ID}/remove`]: () => new Response(null, { status: 204 }) })
    const { user } = renderApp('/users')
    await user.click(await screen.findByRole('button', { name: 'Remove Carla Cruz' }))
    const dialog = screen.getByRole('dialog', { name: 'Remove Carla Cruz' })
    expect(dialog).toHaveTextContent('Their account and their roles in other courts stay')
    await user.click(within(dialog).getByRole('button', { name: 'Keep' }))
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument()
    expect(callsTo(calls)).not.toContain(`POST ${USERS}/${CLERK_ID}/remove`)

    await user.click(screen.getByRole('button', { name: 'Remove Carla Cruz' }))
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Remove from the court' }))
    expect(await screen.findByText('Carla Cruz was removed from the court.')).toBeInTheDocument()
    expect(callsTo(calls)).toContain(`POST ${USERS}/${CLERK_ID}/remove`)
  }, 15_000)

  it('changes roles and shows a refusal in the dialog', async () => {
    const refusal = 'You cannot grant or change your own roles. Another administrator must do it.'
    let sent: unknown
    stub({
      [`PUT ${USERS}/${CLERK_ID}/roles`]: async (request) => {
        sent = await request.json()
        return problemResponse(403, { title: 'Forbidden', detail: refusal })
      },
    })
    const { user } = renderApp('/users')
    await user.click(await screen.findByRole('button', { name: 'Change roles of Carla Cruz' }))
    const dialog = screen.getByRole('dialog', { name: 'Change roles of Carla Cruz' })
    await user.click(within(dialog).getByLabelText('Sheriff'))
    await user.click(within(dialog).getByRole('button', { name: 'Save roles' }))
    expect(await within(dialog).findByText(refusal)).toBeInTheDocument()
    expect(sent).toEqual({ roles: ['clerk', 'sheriff'] })
  })

  it('records a certification, refusing an impossible date before sending', async () => {
    let sent: unknown
    const { calls } = stub({
      [`PUT ${USERS}/${CLERK_ID}/certification`]: async (request) => {
        sent = await request.json()
        return new Response(null, { status: 204 })
      },
    })
    const { user } = renderApp('/users')
    await user.click(await screen.findByRole('button', { name: 'Certification of Carla Cruz' }))
    const dialog = screen.getByRole('dialog', { name: 'Certification of Carla Cruz' })
    expect(dialog).toHaveTextContent('Currently certified until 06/30/2027.')
    await user.type(within(dialog).getByLabelText('Month'), '2')
    await user.type(within(dialog).getByLabelText('Day'), '30')
    await user.type(within(dialog).getByLabelText('Year'), '2028')
    await user.click(within(dialog).getByRole('button', { name: 'Record certification' }))
    expect(within(dialog).getByLabelText('Month')).toHaveAccessibleDescription(expect.stringContaining('Enter a real date'))
    expect(callsTo(calls)).not.toContain(`PUT ${USERS}/${CLERK_ID}/certification`)
    await user.clear(within(dialog).getByLabelText('Day'))
    await user.type(within(dialog).getByLabelText('Day'), '28')
    await user.click(within(dialog).getByRole('button', { name: 'Record certification' }))
    expect(await screen.findByText('CLETS certification of Carla Cruz recorded.')).toBeInTheDocument()
    expect(sent).toEqual({ until: '2028-02-28' })
  }, 15_000)
})
