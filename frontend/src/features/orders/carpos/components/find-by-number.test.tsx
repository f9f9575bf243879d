import { screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { jsonResponse, stubApi } from '@/testing/api'
import { ORDER_ID } from '@/testing/orders'
import { renderApp } from '@/testing/render-app'
import { me } from '@/testing/session'

const FCN = 'F261590000000042'
const NIC = 'H0000000042'

describe('finding orders by FCN or NIC', () => {
  it('checks the numbers next to the fields, then lists the orders found', async () => {
    const { calls } = stubApi({
      'GET /me': () => jsonResponse(200, me()),
      'GET /courts': () => jsonResponse(200, { courts: [] }),
      'GET /carpos/orders': () => jsonResponse(200, { orders: [{ orderId: ORDER_ID, caseNumber: '26RV0001', status: 'active', fcn: FCN, nic: NIC }] }),
    })
    const { user } = renderApp('/orders')
    const form = await screen.findByRole('search', { name: 'Find by FCN or NIC' })
    await user.click(within(form).getByRole('button', { name: 'Find by FCN or NIC' }))
    expect(within(form).getByLabelText('FCN')).toHaveAccessibleDescription(expect.stringContaining('Enter an FCN or a NIC.'))
    await user.type(within(form).getByLabelText('FCN'), 'F12')
    await user.type(within(form).getByLabelText('NIC'), '12345')
    await user.click(within(form).getByRole('button', { name: 'Find by FCN or NIC' }))
    expect(within(form).getByLabelText('FCN')).toHaveAccessibleDescription(expect.stringContaining('F followed by 15 digits'))
    expect(within(form).getByLabelText('NIC')).toHaveAccessibleDescription(expect.stringContaining('H followed by 10 digits'))
    expect(screen.getByRole('link', { name: 'Enter the NIC as H followed by 10 digits.' })).toBeInTheDocument()
    expect(calls.some((c) => new URL(c.url).pathname.endsWith('/carpos/orders'))).toBe(false)

    await user.clear(within(form).getByLabelText('FCN'))
    await user.clear(within(form).getByLabelText('NIC'))
    await user.type(within(form).getByLabelText('NIC'), NIC.toLowerCase())
    await user.click(within(form).getByRole('button', { name: 'Find by FCN or NIC' }))
    const table = await screen.findByRole('table', { name: 'Orders with this FCN or NIC' })
    expect(within(table).getByRole('link', { name: '26RV0001' })).toHaveAttribute('href', `/orders/${ORDER_ID}`)
    expect(table).toHaveTextContent(FCN)
    const call = calls.find((c) => new URL(c.url).pathname.endsWith('/carpos/orders'))!
    expect(new URL(call.url).search).toBe(`?nic=${NIC}`)
  })

  it('is not offered without a current CLETS certification', async () => {
    stubApi({ 'GET /me': () => jsonResponse(200, me({ cletsCurrent: false })), 'GET /courts': () => jsonResponse(200, { courts: [] }) })
    renderApp('/orders')
    await screen.findByRole('search', { name: 'Orders' })
    expect(screen.queryByRole('search', { name: 'Find by FCN or NIC' })).not.toBeInTheDocument()
    expect(screen.queryByLabelText('FCN')).not.toBeInTheDocument()
  })
})
