import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { jsonResponse, problemResponse, stubApi } from '@/testing/api'
import orderForms from '@/testing/order-forms.json'
import { order, orderResponse, ORDER_ID } from '@/testing/orders'
import { renderApp } from '@/testing/render-app'
import { me } from '@/testing/session'

const OTHER = '7d1e2f00-0000-4000-8000-0000000000c1'
const NEW_ID = '7d1e2f00-0000-4000-8000-0000000000c2'
const PAGE_LOAD = { timeout: 10_000 }

/** report is what the registry answers of Marc Jones: a DV-130 exchange order protecting the same person. */
function report(self = 'this order') {
  return {
    orders: [
      {
        terms: {
          orderId: OTHER,
          courtId: 'c1',
          caseNumber: 'RIF2600123',
          form: 'DV-130',
          criminal: false,
          emergency: false,
          temporary: false,
          issuedOn: '2026-03-01',
          contact: 'exchange',
          stayAwayYards: 50,
        },
        courtName: 'Superior Court of California, County of Riverside',
        type: 'domestic_violence',
        restrainedName: 'Mark Jones',
        sameRestrained: true,
        sameProtected: ['Mary Smith'],
        inConflict: true,
      },
    ],
    groups: [
      {
        protected: 'Mary Smith',
        orders: [self, OTHER],
        enforcement: {
          terms: [
            { term: 'contact', value: 'no contact', from: [self], conflict: true, rule: '2' },
            { term: 'stayAway', value: 'stay away 100 yards', from: [self], conflict: true, rule: '2' },
            { term: 'firearms', value: 'no firearms', from: [self], conflict: false, rule: '5' },
          ],
        },
      },
    ],
    elsewhere: [{ courtId: 'c9', courtName: 'Superior Court of California, County of Inyo', orders: 1, message: 'x' }],
  }
}

const saves = (calls: Request[]) => calls.filter((c) => c.method === 'POST' && new URL(c.url).pathname.endsWith('/orders'))
const checks = (calls: Request[]) => calls.filter((c) => new URL(c.url).pathname.endsWith('/orders/conflicts'))

function stubEntry(conflicts: () => Response) {
  return stubApi({
    'GET /me': () => jsonResponse(200, me()),
    'GET /order-forms': () => jsonResponse(200, orderForms),
    'POST /orders/conflicts': conflicts,
    'POST /orders': () => orderResponse(201, order({ id: NEW_ID, version: 1 }), '"r1"'),
    [`GET /orders/${NEW_ID}`]: () => orderResponse(200, order({ id: NEW_ID, version: 1 }), '"r1"'),
    [`GET /orders/${NEW_ID}/versions`]: () => jsonResponse(200, { versions: [] }),
    [`GET /orders/${NEW_ID}/conflicts`]: () => jsonResponse(200, report(NEW_ID)),
  })
}

describe('conflicting orders in order entry', () => {
  it('shows the orders, the precedence term by term and the combined terms, and saves anyway with the orders shown', async () => {
    const { calls } = stubEntry(() => jsonResponse(200, report()))
    const { user } = renderApp('/orders/new')
    await user.click(await screen.findByRole('button', { name: 'Issue' }, PAGE_LOAD))

    const heading = await screen.findByRole('heading', { level: 2, name: 'Other active orders involve these persons' })
    await waitFor(() => expect(heading).toHaveFocus())
    const panel = screen.getByTestId('conflicts')
    const orders = within(panel).getByRole('table', { name: 'Active orders involving the same persons' })
    expect(within(orders).getByRole('rowheader')).toHaveTextContent('DV-130 case RIF2600123')
    expect(orders).toHaveTextContent('In conflict: precedence applies')
    expect(within(panel).queryByRole('link', { name: 'DV-130 case RIF2600123' })).not.toBeInTheDocument()
    const combined = within(panel).getByRole('heading', { level: 3, name: 'What an officer enforces for Mary Smith' })
    expect(combined.closest('.usa-summary-box')).toHaveTextContent('no contactstay away 100 yardsno firearms')
    const terms = within(panel).getByRole('table', { name: 'Precedence term by term, protecting Mary Smith' })
    const contact = within(terms).getByRole('rowheader', { name: 'Contact' }).closest('tr')!
    expect(contact).toHaveTextContent('no contactthis orderYes2. No-contact order')
    expect(panel).toHaveTextContent('A possibly conflicting order exists at Superior Court of California, County of Inyo. Contact that court.')
    expect(saves(calls)).toHaveLength(0)

    await user.click(within(panel).getByRole('button', { name: 'Save anyway' }))
    await screen.findByText('The order was issued.')
    expect(saves(calls)).toHaveLength(1)
    expect(new URL(saves(calls)[0]!.url).searchParams.get('conflictsReviewed')).toBe(OTHER)
  }, 30_000)

  it('goes back without saving, unlocked, with focus on the button that saved', async () => {
    const { calls } = stubEntry(() => jsonResponse(200, report()))
    const { user } = renderApp('/orders/new')
    await user.click(await screen.findByRole('button', { name: 'Issue' }, PAGE_LOAD))
    await user.click(await screen.findByRole('button', { name: 'Go back' }))

    expect(screen.queryByTestId('conflicts')).not.toBeInTheDocument()
    const issue = screen.getByRole('button', { name: 'Issue' })
    await waitFor(() => expect(issue).toHaveFocus())
    expect(issue).toBeEnabled()
    expect(saves(calls)).toHaveLength(0)
    // Issuing again checks again.
    await user.click(issue)
    await screen.findByRole('button', { name: 'Go back' })
    expect(checks(calls)).toHaveLength(2)
  }, 30_000)

  it('saves straight away when nothing is found, telling the registry the check found none', async () => {
    const { calls } = stubEntry(() => jsonResponse(200, { orders: [], groups: [], elsewhere: [] }))
    const { user } = renderApp('/orders/new')
    await user.click(await screen.findByRole('button', { name: 'Issue' }, PAGE_LOAD))
    await screen.findByText('The order was issued.')
    expect(new URL(saves(calls)[0]!.url).searchParams.get('conflictsReviewed')).toBe('none')
  }, 30_000)

  it('lets the save name the fields when the check refuses them, so every wrong field is listed at once', async () => {
    const { calls } = stubEntry(() =>
      problemResponse(422, { title: 'Unprocessable Entity', errors: [{ location: 'body.restrainedPerson.name', message: 'is required' }] }),
    )
    const { user } = renderApp('/orders/new')
    await user.click(await screen.findByRole('button', { name: 'Issue' }, PAGE_LOAD))
    await screen.findByText('The order was issued.')
    expect(new URL(saves(calls)[0]!.url).searchParams.has('conflictsReviewed')).toBe(false)
  }, 30_000)

  it('offers to save a failed check anyway, which the registry records as not reviewed', async () => {
    const { calls } = stubEntry(() => problemResponse(500, { title: 'Internal Server Error' }))
    const { user } = renderApp('/orders/new')
    await user.click(await screen.findByRole('button', { name: 'Issue' }, PAGE_LOAD))
    const heading = await screen.findByRole('heading', { level: 2, name: 'Conflicting orders could not be checked' })
    await waitFor(() => expect(heading).toHaveFocus())
    await user.click(screen.getByRole('button', { name: 'Save anyway' }))
    await screen.findByText('The order was issued.')
    expect(new URL(saves(calls)[0]!.url).searchParams.has('conflictsReviewed')).toBe(false)
  }, 30_000)

  it('does not check a draft: the registry checks it when it is issued', async () => {
    const { calls } = stubEntry(() => jsonResponse(200, report()))
    const { user } = renderApp('/orders/new')
    await user.click(await screen.findByRole('button', { name: 'Save as draft' }, PAGE_LOAD))
    await screen.findByText('The order was saved.')
    expect(checks(calls)).toHaveLength(0)
    expect(new URL(saves(calls)[0]!.url).searchParams.has('conflictsReviewed')).toBe(false)
  }, 30_000)
})

describe('conflicting orders on the order page', () => {
  it('links each related order and shows the combined terms', async () => {
    stubApi({
      'GET /me': () => jsonResponse(200, me()),
      [`GET /orders/${ORDER_ID}`]: () => orderResponse(200, order()),
      [`GET /orders/${ORDER_ID}/versions`]: () => jsonResponse(200, { versions: [] }),
      [`GET /orders/${ORDER_ID}/conflicts`]: () => jsonResponse(200, report(ORDER_ID)),
    })
    renderApp(`/orders/${ORDER_ID}`)
    const link = await screen.findByRole('link', { name: 'DV-130 case RIF2600123' }, PAGE_LOAD)
    expect(link).toHaveAttribute('href', `/orders/${OTHER}`)
    const panel = link.closest('section')!
    expect(within(panel).getByRole('heading', { level: 2 })).toHaveTextContent('Related and conflicting orders')
    const terms = within(panel).getByRole('table', { name: 'Precedence term by term, protecting Mary Smith' })
    expect(within(terms).getByRole('rowheader', { name: 'Contact' }).closest('tr')).toHaveTextContent('this order')
    expect(within(panel).getByRole('heading', { level: 3, name: 'What an officer enforces for Mary Smith' })).toBeInTheDocument()
    expect(within(panel).queryByRole('button')).not.toBeInTheDocument()
  })

  it('says so when no other order involves the persons', async () => {
    stubApi({
      'GET /me': () => jsonResponse(200, me()),
      [`GET /orders/${ORDER_ID}`]: () => orderResponse(200, order()),
      [`GET /orders/${ORDER_ID}/versions`]: () => jsonResponse(200, { versions: [] }),
      [`GET /orders/${ORDER_ID}/conflicts`]: () => jsonResponse(200, { orders: [], groups: [], elsewhere: [] }),
    })
    renderApp(`/orders/${ORDER_ID}`)
    const none = await screen.findByText('No other active order statewide restrains this person or protects these persons.', {}, PAGE_LOAD)
    expect(within(none.closest('section')!).getByRole('heading', { level: 2 })).toHaveTextContent('Related and conflicting orders')
    expect(screen.queryByRole('table', { name: 'Active orders involving the same persons' })).not.toBeInTheDocument()
  })
})
