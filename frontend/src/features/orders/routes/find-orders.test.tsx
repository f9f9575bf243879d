import { screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { jsonResponse, stubApi, systemInfo } from '@/testing/api'
import { ORDER_ID } from '@/testing/orders'
import { renderApp } from '@/testing/render-app'
import { ALAMEDA, FRESNO, me } from '@/testing/session'

const court = (c: { id: string; name: string }) => ({
  ...c,
  code: c.name,
  kind: 'county',
  cletsSubmitting: true,
  sharesStatewide: true,
  onboardingStatus: 'live',
})

describe('the side navigation', () => {
  it('offers orders and entry to a clerk', async () => {
    stubApi({ 'GET /me': () => jsonResponse(200, me()), 'GET /system': () => jsonResponse(200, systemInfo) })
    renderApp('/')
    const nav = screen.getByRole('navigation', { name: 'Registry' })
    expect(await within(nav).findByRole('link', { name: 'Orders' })).toHaveAttribute('href', '/orders')
    expect(within(nav).getByRole('link', { name: 'Enter a CR-160' })).toHaveAttribute('href', '/orders/new')
  })

  it('offers a judicial officer orders to read, not to enter; the help desk neither', async () => {
    stubApi({
      'GET /me': () => jsonResponse(200, me({ courts: [{ ...ALAMEDA, roles: ['judicial_officer'] }] })),
      'GET /system': () => jsonResponse(200, systemInfo),
    })
    const { unmount } = renderApp('/')
    const nav = screen.getByRole('navigation', { name: 'Registry' })
    expect(await within(nav).findByRole('link', { name: 'Orders' })).toBeInTheDocument()
    expect(within(nav).queryByRole('link', { name: 'Enter a CR-160' })).not.toBeInTheDocument()
    unmount()

    stubApi({
      'GET /me': () => jsonResponse(200, me({ activeCourt: FRESNO })),
      'GET /system': () => jsonResponse(200, systemInfo),
    })
    renderApp('/')
    await screen.findByTestId('welcome')
    expect(within(screen.getByRole('navigation', { name: 'Registry' })).queryByRole('link', { name: 'Orders' })).not.toBeInTheDocument()
  })
})

describe('finding orders by case number', () => {
  it('asks for a valid case number, then lists the case’s orders with links', async () => {
    const { calls } = stubApi({
      'GET /me': () => jsonResponse(200, me()),
      'GET /courts': () => jsonResponse(200, { courts: [court(ALAMEDA), court(FRESNO)] }),
      'GET /orders': () =>
        jsonResponse(200, {
          orders: [
            {
              id: ORDER_ID,
              courtId: FRESNO.id,
              caseNumber: '06NF0886',
              type: 'criminal_protective_order',
              formNumber: 'CR-160',
              status: 'active',
              issuedOn: '2006-06-07',
              expiresOn: '2009-06-07',
              version: 2,
              serviceStatus: 'unserved',
            },
          ],
        }),
    })
    const { user } = renderApp('/orders')
    await screen.findByRole('heading', { level: 1, name: 'Orders' })

    await user.type(screen.getByLabelText('Case number'), '6?')
    await user.click(screen.getByRole('button', { name: 'Find orders' }))
    expect(screen.getByLabelText('Case number')).toHaveAccessibleDescription(expect.stringContaining('Enter the case number'))
    expect(screen.getByLabelText('Case number')).toHaveFocus()

    await user.selectOptions(await screen.findByLabelText('Court'), FRESNO.name)
    await user.clear(screen.getByLabelText('Case number'))
    await user.type(screen.getByLabelText('Case number'), '06nf0886')
    await user.click(screen.getByRole('button', { name: 'Find orders' }))

    const table = await screen.findByRole('table', { name: 'Orders of case 06NF0886' })
    expect(within(table).getByRole('link', { name: 'CR-160 06NF0886' })).toHaveAttribute('href', `/orders/${ORDER_ID}`)
    expect(table).toHaveTextContent('Active06/07/200606/07/2009Not served2')
    const list = calls.find((c) => new URL(c.url).pathname === '/api/v1/orders')!
    expect(new URL(list.url).searchParams.get('caseNumber')).toBe('06NF0886')
    expect(new URL(list.url).searchParams.get('court')).toBe(FRESNO.id)
  })
})
