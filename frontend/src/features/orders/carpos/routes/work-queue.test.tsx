import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { jsonResponse, problemResponse, stubApi, systemInfo } from '@/testing/api'
import { ORDER_ID } from '@/testing/orders'
import { renderApp } from '@/testing/render-app'
import { me } from '@/testing/session'

const MESSAGE_ID = '5a000000-0000-4000-8000-000000000009'
const rejected = (reason: string) => ({
  id: MESSAGE_ID,
  orderId: ORDER_ID,
  caseNumber: '26RV0001',
  seq: 1,
  kind: 'ENTER',
  orderVersion: 1,
  state: 'rejected',
  attempts: 1,
  reason,
  createdAt: '2026-11-24T17:00:00Z',
  rejectedAt: '2026-11-24T17:00:03Z',
  due: '2026-11-26T08:00:00Z',
  late: false,
})

describe('the CARPOS work queue', () => {
  it('lists a rejection with its reason and what to fix, and resends after a confirmation', async () => {
    let resent = false
    const { calls } = stubApi({
      'GET /me': () => jsonResponse(200, me()),
      'GET /system': () => jsonResponse(200, systemInfo),
      'GET /carpos/queue': () => jsonResponse(200, { messages: resent ? [] : [rejected('rejected by the DOJ: DOB/ is missing')] }),
      [`POST /carpos/messages/${MESSAGE_ID}/resend`]: () => {
        resent = true
        return jsonResponse(200, { ...rejected(''), state: 'pending' })
      },
    })
    const { user } = renderApp('/')
    await user.click(await within(screen.getByRole('navigation', { name: 'Registry' })).findByRole('link', { name: 'CARPOS work queue' }))
    const heading = await screen.findByRole('heading', { level: 1, name: 'CARPOS work queue' })
    await waitFor(() => expect(heading).toHaveFocus())
    const table = await screen.findByRole('table', { name: 'Rejected messages, oldest first' })
    const row = within(table).getAllByRole('row')[1]!
    expect(row).toHaveTextContent('26RV0001')
    expect(row).toHaveTextContent('rejected by the DOJ: DOB/ is missing')
    expect(row).toHaveTextContent('Correct the field the reason names by modifying the order, then resend.')

    await user.click(within(row).getByRole('button', { name: 'Resend message 1 of 26RV0001' }))
    const dialog = screen.getByRole('dialog', { name: 'Resend this message?' })
    await user.click(within(dialog).getByRole('button', { name: 'Not now' }))
    expect(calls.some((c) => c.method === 'POST')).toBe(false)

    await user.click(within(row).getByRole('button', { name: 'Resend message 1 of 26RV0001' }))
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Yes, resend' }))
    expect(await screen.findByText('The message of 26RV0001 was resent; it is pending at the DOJ.')).toBeInTheDocument()
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(1)
    expect(await screen.findByText(/The work queue is empty/)).toBeInTheDocument()
  })

  it('says what to do when the DOJ did not answer, and shows a refused resend', async () => {
    stubApi({
      'GET /me': () => jsonResponse(200, me()),
      'GET /carpos/queue': () => jsonResponse(200, { messages: [rejected('no answer after 8 tries: CARPOS is unreachable')] }),
      [`POST /carpos/messages/${MESSAGE_ID}/resend`]: () =>
        problemResponse(422, { title: 'Unprocessable Entity', detail: 'the DOJ would refuse it', errors: [{ location: 'body.restrainedPerson.dob', message: 'DOB is required' }] }),
    })
    const { user } = renderApp('/carpos/queue')
    const row = within(await screen.findByRole('table')).getAllByRole('row')[1]!
    expect(row).toHaveTextContent('Nothing to fix on the order: the DOJ did not answer.')
    await user.click(within(row).getByRole('button', { name: /Resend/ }))
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Yes, resend' }))
    expect(await screen.findByRole('alert')).toHaveTextContent('DOB is required')
  })

  it('is not offered without a current CLETS certification', async () => {
    const { calls } = stubApi({ 'GET /me': () => jsonResponse(200, me({ cletsCurrent: false })), 'GET /system': () => jsonResponse(200, systemInfo) })
    renderApp('/carpos/queue')
    expect(await screen.findByText('The CARPOS work queue is shown only to users with a current CLETS certification.')).toBeInTheDocument()
    expect(within(screen.getByRole('navigation', { name: 'Registry' })).queryByRole('link', { name: 'CARPOS work queue' })).not.toBeInTheDocument()
    expect(calls.some((c) => new URL(c.url).pathname.includes('/carpos'))).toBe(false)
  })
})
