import { screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { jsonResponse, problemResponse, stubApi } from '@/testing/api'
import { order, orderResponse, ORDER_ID } from '@/testing/orders'
import { renderApp } from '@/testing/render-app'
import { me } from '@/testing/session'

const ORDER = `/orders/${ORDER_ID}`
const FCN = 'F261590000000042'
const NIC = 'H0000000042'

const message = (overrides: Record<string, unknown> = {}) => ({
  id: '5a000000-0000-4000-8000-000000000001',
  orderId: ORDER_ID,
  caseNumber: '06NF0886',
  seq: 1,
  kind: 'ENTER',
  orderVersion: 1,
  state: 'acknowledged',
  attempts: 1,
  fcn: FCN,
  nic: NIC,
  text: 'MKE/ENTER\nNAM/JONES,MARC DOB/19811121',
  createdAt: '2026-11-24T17:00:00Z',
  sentAt: '2026-11-24T17:00:01Z',
  acknowledgedAt: '2026-11-24T17:00:02.5Z',
  due: '2026-11-26T08:00:00Z',
  late: false,
  secondsToAcknowledgement: 2.5,
  ...overrides,
})

function stub(clets: boolean, carpos: () => Response) {
  return stubApi({
    'GET /me': () => jsonResponse(200, me({ cletsCurrent: clets })),
    [`GET ${ORDER}`]: () => orderResponse(200, order()),
    [`GET ${ORDER}/versions`]: () => jsonResponse(200, { versions: [] }),
    [`GET ${ORDER}/images`]: () => jsonResponse(200, { images: [] }),
    [`GET ${ORDER}/carpos`]: carpos,
  })
}

describe('CARPOS on the order page', () => {
  it('shows a certified user the state, FCN and NIC, and each message with its time to acknowledgement', async () => {
    stub(true, () =>
      jsonResponse(200, {
        orderId: ORDER_ID,
        state: 'acknowledged',
        fcn: FCN,
        nic: NIC,
        late: false,
        messages: [message(), message({ id: '5a000000-0000-4000-8000-000000000002', seq: 2, kind: 'MODIFY', orderVersion: 2, secondsToAcknowledgement: 90 })],
      }),
    )
    renderApp(ORDER)
    const section = await screen.findByRole('region', { name: 'CARPOS (DOJ)' })
    const summary = await within(section).findByTestId('carpos-summary')
    expect(summary).toHaveTextContent('StateAcknowledged')
    expect(summary).toHaveTextContent(`FCN${FCN}`)
    expect(summary).toHaveTextContent(`NIC${NIC}`)
    expect(summary).toHaveTextContent('One-business-day deadlineMet')
    const table = within(section).getByRole('table', { name: 'Messages to CARPOS, in order' })
    const rows = within(table).getAllByRole('row').slice(1)
    expect(rows[0]).toHaveTextContent('1. Enter (version 1)')
    expect(rows[0]).toHaveTextContent('2.5 s')
    expect(rows[0]).toHaveTextContent('on time')
    expect(rows[1]).toHaveTextContent('2. Modify (version 2)')
    expect(rows[1]).toHaveTextContent('1.5 min')
    expect(within(section).getByText('CLETS text of message 1')).toBeInTheDocument()
  })

  it('flags a message that missed its one-business-day deadline in words, and a rejection with its reason', async () => {
    stub(true, () =>
      jsonResponse(200, {
        orderId: ORDER_ID,
        state: 'rejected',
        late: true,
        messages: [message({ state: 'rejected', fcn: undefined, nic: undefined, acknowledgedAt: undefined, secondsToAcknowledgement: undefined, late: true, reason: 'rejected by the DOJ: DOB/ missing' })],
      }),
    )
    renderApp(ORDER)
    const section = await screen.findByRole('region', { name: 'CARPOS (DOJ)' })
    expect(await within(section).findByTestId('late')).toHaveTextContent('LATE')
    expect(within(section).getByTestId('carpos-summary')).toHaveTextContent('StateRejected (in the work queue)')
    expect(within(section).getByTestId('carpos-summary')).toHaveTextContent('One-business-day deadlineMissed: a message reached or is reaching the DOJ after its deadline')
    expect(within(section).getByRole('table')).toHaveTextContent('Rejected (in the work queue): rejected by the DOJ: DOB/ missing')
  })

  it('says when nothing was sent', async () => {
    stub(true, () => jsonResponse(200, { orderId: ORDER_ID, state: 'not_sent', late: false, messages: [] }))
    renderApp(ORDER)
    expect(await screen.findByText(/Nothing was sent to CARPOS for this order/)).toBeInTheDocument()
  })

  it('shows a user without a current CLETS certification no CARPOS section, and never asks for it', async () => {
    const { calls } = stub(false, () => problemResponse(403, { title: 'Forbidden' }))
    renderApp(ORDER)
    await screen.findByRole('heading', { level: 1, name: 'Order of case 06NF0886' })
    await screen.findByRole('heading', { name: 'Version history' })
    expect(screen.queryByRole('region', { name: 'CARPOS (DOJ)' })).not.toBeInTheDocument()
    expect(calls.some((c) => new URL(c.url).pathname.endsWith('/carpos'))).toBe(false)
  })

  it('says so when the status cannot be read', async () => {
    stub(true, () => problemResponse(500, { title: 'Internal Server Error' }))
    renderApp(ORDER)
    const section = await screen.findByRole('region', { name: 'CARPOS (DOJ)' })
    expect(await within(section).findByText('The CARPOS status could not be read.')).toBeInTheDocument()
  })
})
