import { configure, screen, within } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { callsTo, jsonResponse, problemResponse, stubApi } from '@/testing/api'
import { renderApp } from '@/testing/render-app'
import { me } from '@/testing/session'

// Pages load lazily: on a busy machine the first render takes longer than the defaults wait.
configure({ asyncUtilTimeout: 10_000 })
vi.setConfig({ testTimeout: 30_000 })

const STATEWIDE = { id: '0b7c3f5e-0000-4000-8000-0000000000ff', name: 'Statewide (Judicial Council)' }
const MONO = '0b7c3f5e-0000-4000-8000-000000000026'
const platformAdmin = (username = 'pat') =>
  me({
    user: { id: 'u-pat', username, displayName: 'Pat Admin', email: 'pat@courts.example' },
    activeCourt: STATEWIDE,
    courts: [{ ...STATEWIDE, roles: ['platform_admin'] }],
  })

const court = {
  id: MONO,
  code: 'mono',
  name: 'Superior Court of California, County of Mono',
  kind: 'county',
  county: 'Mono',
  ori: 'CA0260000',
  cletsSubmitting: false,
  sharesStatewide: true,
  onboardingStatus: 'onboarding',
}

const change = (proposedBy: string, approvers: number, mine: boolean) => ({
  id: 'c-1',
  courtId: MONO,
  courtName: court.name,
  kind: 'ori',
  oldOri: 'CA0260000',
  newOri: 'CA0269999',
  reason: 'DOJ reassigned',
  proposedBy,
  proposedByName: proposedBy,
  proposedAt: '2026-06-15T17:00:00Z',
  approvers,
  mine,
})

const onboarding = (extra: Record<string, unknown> = {}) => ({
  court,
  steps: [
    {
      id: 's-1',
      step: 'engagement_meeting',
      occurredOn: '2026-02-20',
      note: 'CEO and sheriff',
      recordedBy: 'pat',
      recordedByName: 'Pat Admin',
      recordedAt: '2026-06-15T17:00:00Z',
    },
  ],
  courtAdmins: [],
  pending: [],
  blockers: ['Record the decision to on-board and the go-live date.', 'Appoint a court administrator.'],
  ...extra,
})

describe('the court page', () => {
  it('shows the checklist with entered and recorded dates, and what keeps the court from going live', async () => {
    stubApi({ 'GET /me': () => jsonResponse(200, platformAdmin()), [`GET /courts/${MONO}/onboarding`]: () => jsonResponse(200, onboarding()) })
    renderApp(`/admin/courts/${MONO}`)
    expect(await screen.findByRole('heading', { level: 1, name: court.name })).toBeInTheDocument()
    const checklist = screen.getByTestId('checklist')
    expect(within(checklist).getByText(/02\/20\/2026, recorded by Pat Admin on/)).toBeInTheDocument()
    expect(within(checklist).getAllByText('Not yet recorded')).toHaveLength(3)
    const blockers = screen.getByTestId('blockers')
    expect(within(blockers).getByText('Appoint a court administrator.')).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Take the court live' })).not.toBeInTheDocument()
  })

  it('checks dates before sending a step, then shows the server’s field error next to the field', async () => {
    const { calls } = stubApi({
      'GET /me': () => jsonResponse(200, platformAdmin()),
      [`GET /courts/${MONO}/onboarding`]: () => jsonResponse(200, onboarding()),
      [`POST /courts/${MONO}/onboarding/steps`]: () =>
        problemResponse(422, {
          title: 'Unprocessable Entity',
          detail: 'the request has invalid fields',
          errors: [{ location: 'body.goLiveOn', message: 'Choose a go-live date at least 60 days after the decision: 2026-04-30 or later.' }],
        }),
    })
    const { user } = renderApp(`/admin/courts/${MONO}`)
    await screen.findByRole('heading', { level: 1, name: court.name })
    await user.click(screen.getByRole('button', { name: 'Record the step' }))
    expect(await screen.findByRole('link', { name: /The day it happened: Enter a whole date/ })).toBeInTheDocument()
    expect(callsTo(calls)).not.toContain(`POST /courts/${MONO}/onboarding/steps`)

    await user.click(screen.getByLabelText('Decision to on-board and the go-live date'))
    const happened = screen.getByRole('group', { name: /The day it happened/ })
    await user.type(within(happened).getByLabelText('Month'), '3')
    await user.type(within(happened).getByLabelText('Day'), '1')
    await user.type(within(happened).getByLabelText('Year'), '2026')
    const goLive = screen.getByRole('group', { name: /Go-live date/ })
    await user.type(within(goLive).getByLabelText('Month'), '4')
    await user.type(within(goLive).getByLabelText('Day'), '29')
    await user.type(within(goLive).getByLabelText('Year'), '2026')
    await user.click(screen.getByRole('button', { name: 'Record the step' }))
    expect(await screen.findByRole('link', { name: /Go-live date: Choose a go-live date at least 60 days/ })).toBeInTheDocument()
    const sent = calls.find((c) => c.method === 'POST')!
    expect(await sent.clone().json()).toEqual({ step: 'decision', occurredOn: '2026-03-01', goLiveOn: '2026-04-29' })
    expect(within(goLive).getByText(/2026-04-30 or later/)).toBeInTheDocument()
  })

  it('offers approval of another administrator’s change, never of one’s own', async () => {
    stubApi({
      'GET /me': () => jsonResponse(200, platformAdmin()),
      [`GET /courts/${MONO}/onboarding`]: () => jsonResponse(200, onboarding({ pending: [change('pat', 0, true)] })),
    })
    const { unmount } = renderApp(`/admin/courts/${MONO}`)
    const own = await screen.findByTestId('pending-change')
    expect(within(own).getByText('ORI CA0260000 to CA0269999')).toBeInTheDocument()
    expect(within(own).getByText(/a different platform administrator approves/)).toBeInTheDocument()
    expect(within(own).getByText('No other platform administrator can approve it yet.')).toBeInTheDocument()
    expect(within(own).queryByRole('button', { name: /Approve/ })).not.toBeInTheDocument()
    unmount()

    const { calls } = stubApi({
      'GET /me': () => jsonResponse(200, platformAdmin('quinn')),
      [`GET /courts/${MONO}/onboarding`]: () => jsonResponse(200, onboarding({ pending: [change('pat', 1, false)] })),
      'POST /court-changes/c-1/approve': () => jsonResponse(200, { ...change('pat', 1, false), decision: 'approved', decidedBy: 'quinn' }),
    })
    const { user } = renderApp(`/admin/courts/${MONO}`)
    const other = await screen.findByTestId('pending-change')
    await user.click(within(other).getByRole('button', { name: 'Approve: Change of ORI' }))
    expect(await screen.findByText('The change is approved and applied.')).toBeInTheDocument()
    expect(callsTo(calls)).toContain('POST /court-changes/c-1/approve')
  })

  it('says the new administrator’s invitation was e-mailed, and shows no link', async () => {
    const { calls } = stubApi({
      'GET /me': () => jsonResponse(200, platformAdmin()),
      [`GET /courts/${MONO}/onboarding`]: () => jsonResponse(200, onboarding()),
      [`POST /courts/${MONO}/court-admins`]: () => jsonResponse(200, { userId: 'u-new', invited: true }),
    })
    const { user } = renderApp(`/admin/courts/${MONO}`)
    await screen.findByRole('heading', { level: 1, name: court.name })
    await user.type(screen.getByLabelText('Username'), 'tess.admin')
    await user.type(screen.getByLabelText('Full name (new user only)'), 'Tess Admin')
    await user.type(screen.getByLabelText('E-mail address (new user only)'), 'tess@mono.courts.example')
    await user.click(screen.getByRole('button', { name: 'Appoint' }))
    expect(await screen.findByText('tess.admin is now a court administrator of this court.')).toBeInTheDocument()
    expect(screen.getByText('An invitation was e-mailed to tess@mono.courts.example. Its link works once, within 7 days.')).toBeInTheDocument()
    expect(screen.queryByText(/invitation=/)).not.toBeInTheDocument()
    expect(callsTo(calls)).toContain(`POST /courts/${MONO}/court-admins`)
  })

  it('shows a refusal’s reason', async () => {
    stubApi({
      'GET /me': () => jsonResponse(200, platformAdmin()),
      [`GET /courts/${MONO}/onboarding`]: () => jsonResponse(200, onboarding()),
      [`POST /courts/${MONO}/court-admins`]: () =>
        problemResponse(403, { title: 'Forbidden', detail: 'You cannot grant a role to yourself; another platform administrator must appoint you.' }),
    })
    const { user } = renderApp(`/admin/courts/${MONO}`)
    await screen.findByRole('heading', { level: 1, name: court.name })
    await user.type(screen.getByLabelText('Username'), 'pat')
    await user.click(screen.getByRole('button', { name: 'Appoint' }))
    expect(await screen.findByText(/You cannot grant a role to yourself/)).toBeInTheDocument()
  })
})

describe('the courts list', () => {
  it('lists the courts (not the statewide domain) for a platform administrator, with the nav link', async () => {
    stubApi({
      'GET /me': () => jsonResponse(200, platformAdmin()),
      'GET /courts': () => jsonResponse(200, { courts: [court, { ...STATEWIDE, code: 'statewide', kind: 'statewide', cletsSubmitting: false, sharesStatewide: false, onboardingStatus: 'live' }] }),
      'GET /court-changes': () => jsonResponse(200, { changes: [] }),
    })
    renderApp('/admin/courts')
    expect(await screen.findByRole('link', { name: court.name })).toHaveAttribute('href', `/admin/courts/${MONO}`)
    expect(screen.queryByRole('link', { name: STATEWIDE.name })).not.toBeInTheDocument()
    expect(within(screen.getByRole('navigation', { name: 'Registry' })).getByRole('link', { name: 'Courts' })).toBeInTheDocument()
    expect(screen.getByText('No change is waiting for approval.')).toBeInTheDocument()
  })
})
