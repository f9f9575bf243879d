import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { jsonResponse, problemResponse, stubApi } from '@/testing/api'
import orderForms from '@/testing/order-forms.json'
import { order, orderResponse, ORDER_ID } from '@/testing/orders'
import { renderApp } from '@/testing/render-app'
import { ALAMEDA, me } from '@/testing/session'

const ORDER = `/orders/${ORDER_ID}`
const signedIn = () => jsonResponse(200, me())
const versions = () =>
  jsonResponse(200, {
    versions: [
      { version: 1, createdAt: '2006-06-07T17:00:00Z', createdBy: 'u-1', createdByName: 'Carla Clerk' },
      { version: 2, createdAt: '2006-06-08T17:00:00Z', createdBy: 'u-2', createdByName: 'Felix Clerk' },
    ],
  })

function stubOrder(extra: Record<string, (request: Request) => Response> = {}) {
  return stubApi({
    'GET /me': signedIn,
    'GET /order-forms': () => jsonResponse(200, orderForms),
    [`GET ${ORDER}`]: () => orderResponse(200, order()),
    [`GET ${ORDER}/versions`]: versions,
    ...extra,
  })
}

describe('an order’s page', () => {
  it('shows the status, the expiry and its rule, service, and every section of the form', async () => {
    stubOrder({
      [`GET ${ORDER}`]: () => {
        const o = order()
        o.content.protectedPersons![0] = { name: 'Mary Smith', addressMasked: true }
        return orderResponse(200, o)
      },
    })
    renderApp(ORDER)

    expect(await screen.findByRole('heading', { level: 1, name: 'Order of case 06NF0886' })).toBeInTheDocument()
    const status = screen.getByTestId('order-status')
    expect(status).toHaveTextContent('StatusActive')
    expect(status).toHaveTextContent('Expires06/07/2009')
    expect(status).toHaveTextContent('Expiry rulethe date written on the order (item 8)')
    expect(status).toHaveTextContent('ServiceNot served')
    expect(screen.getByTestId('restrained-person')).toHaveTextContent('Height6-1')
    expect(screen.getByTestId('protected-person-1')).toHaveTextContent('AddressMasked (only the issuing court and sheriffs see it)')
    expect(screen.getByRole('region', { name: '3. The court orders: the defendant' })).toHaveTextContent('3(f) Must not come within the following distance:100 yards; Of the protected persons')
  })

  it('numbers the conditions as the order’s revision does', async () => {
    stubOrder({
      [`GET ${ORDER}`]: () => {
        const o = order({ formItems: { stayAway: '13', noAbuse: '11' } })
        o.content.form.revision = '2023-03-01'
        return orderResponse(200, o)
      },
    })
    renderApp(ORDER)
    const orders = await screen.findByRole('region', { name: '3. The court orders: the defendant' })
    expect(orders).toHaveTextContent('13. Must not come within the following distance:100 yards')
    expect(orders).toHaveTextContent('11. Must not annoy')
    expect(orders).not.toHaveTextContent('3(c)')
  })

  it('prints a summary with the Print button', async () => {
    stubOrder()
    const print = vi.spyOn(window, 'print').mockImplementation(() => {})
    const { user } = renderApp(ORDER)
    await user.click(await screen.findByRole('button', { name: 'Print' }))
    expect(print).toHaveBeenCalledOnce()
  })

  it('compares two versions in a table of field, before and after', async () => {
    const { calls } = stubOrder({
      [`GET ${ORDER}/diff`]: () =>
        jsonResponse(200, {
          changes: [
            { field: 'conditions.stayAway.yards', from: 100, to: 150 },
            { field: 'expiresOn', from: '2009-06-07', to: null },
          ],
        }),
    })
    const { user } = renderApp(ORDER)
    await user.click(await screen.findByRole('button', { name: 'Compare' }))

    const table = await screen.findByRole('table', { name: 'Changes from version 1 to version 2' })
    const rows = within(table).getAllByRole('row').map((row) => [...row.querySelectorAll('th, td')].map((c) => c.textContent))
    expect(rows).toEqual([
      ['Field', 'Before', 'After'],
      ['conditions.stayAway.yards', '100', '150'],
      ['expiresOn', '06/07/2009', '(empty)'],
    ])
    const diff = calls.find((c) => new URL(c.url).pathname.endsWith('/diff'))!
    expect(new URL(diff.url).search).toBe('?from=1&to=2')
  })

  it('cancels with a reason given in a confirmation dialog', async () => {
    const { calls } = stubOrder({
      [`POST ${ORDER}/cancel`]: () => orderResponse(200, order({ status: 'cancelled', version: 3, cancellation: { on: '2026-11-25', reason: 'terminated by CR-165' } }), '"v3"'),
    })
    const { user } = renderApp(ORDER)
    await user.click(await screen.findByRole('button', { name: 'Cancel the order' }))

    const dialog = screen.getByRole('dialog', { name: 'Cancel this order?' })
    await user.click(within(dialog).getByRole('button', { name: 'Cancel the order' }))
    expect(within(dialog).getByLabelText('Reason')).toHaveAccessibleDescription('Enter the reason: at least 3 characters.')
    expect(calls.some((c) => c.method === 'POST')).toBe(false)

    await user.type(within(dialog).getByLabelText('Reason'), 'terminated by CR-165')
    await user.click(within(dialog).getByRole('button', { name: 'Cancel the order' }))

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument())
    const post = calls.find((c) => c.method === 'POST')!
    expect(post.headers.get('If-Match')).toBe('"v2"')
    expect(await post.json()).toEqual({ reason: 'terminated by CR-165' })
    expect(screen.getByText('The order was cancelled.')).toBeInTheDocument()
    expect(screen.getByTestId('order-status')).toHaveTextContent('StatusCancelled')
  })

  it('records service with its date, time, method, server and agency', async () => {
    const { calls } = stubOrder({
      [`POST ${ORDER}/service`]: () =>
        orderResponse(200, order({ version: 3, service: { status: 'served', record: { servedOn: '2006-06-08', method: 'personal', servedBy: 'Deputy R. Lee' } } }), '"v3"'),
    })
    const { user } = renderApp(ORDER)
    await user.click(await screen.findByRole('button', { name: 'Record service' }))

    const form = screen.getByRole('region', { name: 'Record service' })
    const served = within(form).getByRole('group', { name: 'Date served' })
    await user.type(within(served).getByLabelText('Month'), '6')
    await user.type(within(served).getByLabelText('Day'), '8')
    await user.type(within(served).getByLabelText('Year'), '2006')
    await user.type(within(form).getByLabelText('Time served'), '14:05')
    await user.selectOptions(within(form).getByLabelText('Method'), 'Personal service')
    await user.type(within(form).getByLabelText('Served by (name)'), 'Deputy R. Lee')
    await user.type(within(form).getByLabelText('Agency'), 'Orange County Sheriff')
    await user.click(within(form).getByRole('button', { name: 'Record service' }))

    expect(await screen.findByText('Service was recorded.')).toBeInTheDocument()
    const post = calls.find((c) => c.method === 'POST')!
    expect(new URL(post.url).pathname).toBe(`/api/v1${ORDER}/service`)
    expect(await post.json()).toEqual({
      servedOn: '2006-06-08',
      servedAt: '14:05',
      method: 'personal',
      servedBy: 'Deputy R. Lee',
      agency: 'Orange County Sheriff',
    })
    expect(screen.getByTestId('order-status')).toHaveTextContent('ServiceServed: Served on 06/08/2006 by Deputy R. Lee')
  })

  it('offers a judicial officer no change to the order', async () => {
    stubOrder({
      'GET /me': () => jsonResponse(200, me({ courts: [{ ...ALAMEDA, roles: ['judicial_officer'] }] })),
    })
    renderApp(ORDER)
    await screen.findByRole('heading', { level: 1, name: 'Order of case 06NF0886' })
    expect(screen.queryByRole('link', { name: 'Modify' })).not.toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Cancel the order' })).not.toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Record service' })).not.toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Print' })).toBeInTheDocument()
  })
})

describe('modifying an order', () => {
  it('checks conflicts leaving the order out, sends the form prefilled with If-Match, and after a 412 offers to reload', async () => {
    let reads = 0
    const { calls, user } = (() => {
      const stub = stubOrder({
        'POST /orders/conflicts': () => jsonResponse(200, { orders: [], groups: [], elsewhere: [] }),
        [`GET ${ORDER}`]: () => orderResponse(200, order(), reads++ === 0 ? '"v2"' : '"v3"'),
        [`PUT ${ORDER}`]: () => problemResponse(412, { title: 'Precondition Failed', detail: 'the order changed' }),
      })
      return { ...stub, ...renderApp(`${ORDER}/modify`) }
    })()

    await screen.findByRole('heading', { level: 1, name: 'Modify the order of case 06NF0886' })
    const yards = screen.getByLabelText(/^Yards/)
    expect(yards).toHaveValue('100')
    await user.clear(yards)
    await user.type(yards, '150')
    await user.click(screen.getByRole('button', { name: 'Save changes' }))

    const alert = await screen.findByRole('heading', { level: 2, name: 'This order was changed' })
    expect(alert.closest('.usa-alert')).toHaveTextContent('Someone changed this order while you were editing it.')
    const check = calls.find((c) => new URL(c.url).pathname.endsWith('/orders/conflicts'))!
    expect(((await check.clone().json()) as { modifies?: string }).modifies).toBe(ORDER_ID)
    const put = calls.find((c) => c.method === 'PUT')!
    expect(put.headers.get('If-Match')).toBe('"v2"')
    expect(new URL(put.url).searchParams.get('conflictsReviewed')).toBe('none')
    const body = await put.json()
    expect(body.conditions.stayAway.yards).toBe(150)
    expect(body.caseNumber).toBe('06NF0886')

    await user.click(screen.getByRole('button', { name: 'Reload the order' }))
    await waitFor(() => expect(screen.queryByRole('heading', { name: 'This order was changed' })).not.toBeInTheDocument())
    expect(screen.getByLabelText(/^Yards/)).toHaveValue('100')
    expect(calls.filter((c) => c.method === 'GET' && new URL(c.url).pathname === `/api/v1${ORDER}`)).toHaveLength(2)
  })
})

describe('the history and the superseding order', () => {
  it('names who saved each version', async () => {
    stubOrder()
    renderApp(ORDER)
    const table = await screen.findByRole('table', { name: 'Versions of this order' })
    const rows = within(table).getAllByRole('row').slice(1).map((row) => row.querySelectorAll('td, th')[2]?.textContent)
    expect(rows).toEqual(['Carla Clerk', 'Felix Clerk'])
  })

  it('offers a late proof of service on an expired, unserved order, and no other change', async () => {
    stubOrder({ [`GET ${ORDER}`]: () => orderResponse(200, order({ status: 'expired' })) })
    renderApp(ORDER)
    await screen.findByRole('heading', { level: 1, name: 'Order of case 06NF0886' })
    expect(screen.getByRole('button', { name: 'Record service' })).toBeInTheDocument()
    expect(screen.queryByRole('link', { name: 'Modify' })).not.toBeInTheDocument()
    expect(screen.queryByRole('link', { name: 'Enter the superseding order' })).not.toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Cancel the order' })).not.toBeInTheDocument()
  })

  it('enters the superseding order from the order’s page, starting from its content, and posts ?supersedes=', async () => {
    const NEW_ID = '7d1e2f00-0000-4000-8000-0000000000b2'
    const { calls, user } = (() => {
      const stub = stubOrder({
        'POST /orders/conflicts': () => jsonResponse(200, { orders: [], groups: [], elsewhere: [] }),
        'POST /orders': () => orderResponse(201, order({ id: NEW_ID, version: 1 }), '"r1"'),
        [`GET /orders/${NEW_ID}`]: () => orderResponse(200, order({ id: NEW_ID, version: 1 }), '"r1"'),
        [`GET /orders/${NEW_ID}/versions`]: versions,
      })
      return { ...stub, ...renderApp(ORDER) }
    })()
    await user.click(await screen.findByRole('link', { name: 'Enter the superseding order' }))
    await screen.findByRole('heading', { level: 1, name: 'Enter the order that supersedes the order of case 06NF0886' })
    expect(screen.getByLabelText(/^Case number/)).toHaveValue('06NF0886')
    expect(screen.getByLabelText(/^Yards/)).toHaveValue('100')
    const issued = within(screen.getByRole('group', { name: /Date issued/ }))
    expect(issued.getByLabelText('Year')).toHaveValue('')
    await user.type(issued.getByLabelText('Month'), '11')
    await user.type(issued.getByLabelText('Day'), '20')
    await user.type(issued.getByLabelText('Year'), '2026')
    await user.click(screen.getByRole('button', { name: 'Issue' }))

    await screen.findByText('The order was issued.')
    const post = calls.find((c) => c.method === 'POST' && new URL(c.url).pathname.endsWith('/orders'))!
    expect(new URL(post.url).searchParams.get('supersedes')).toBe(ORDER_ID)
    // the conflict check leaves out the order being superseded
    const check = calls.find((c) => new URL(c.url).pathname.endsWith('/orders/conflicts'))!
    expect(((await check.clone().json()) as { supersedes?: string }).supersedes).toBe(ORDER_ID)
    const body = await post.json()
    expect(body.caseNumber).toBe('06NF0886')
    expect(body.issuedOn).toBe('2026-11-20')
    expect(body.expiresOn).toBeUndefined()
  }, 20_000)

  it('links a superseded order to the order that replaced it', async () => {
    const NEW_ID = '7d1e2f00-0000-4000-8000-0000000000b2'
    stubOrder({ [`GET ${ORDER}`]: () => orderResponse(200, order({ status: 'superseded', supersededBy: NEW_ID })) })
    renderApp(ORDER)
    await screen.findByRole('heading', { level: 1, name: 'Order of case 06NF0886' })
    expect(screen.getByTestId('order-status')).toHaveTextContent('StatusSuperseded')
    expect(screen.getByRole('link', { name: 'the order that replaced it' })).toHaveAttribute('href', `/orders/${NEW_ID}`)
    expect(screen.queryByRole('link', { name: 'Enter the superseding order' })).not.toBeInTheDocument()
  })
})
