import { screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { jsonResponse, problemResponse, stubApi } from '@/testing/api'
import { ORDER_ID } from '@/testing/orders'
import { renderApp } from '@/testing/render-app'
import { ALAMEDA, me } from '@/testing/session'

const hit = {
  orderId: ORDER_ID,
  courtId: ALAMEDA.id,
  courtName: 'Superior Court of Alameda',
  caseNumber: '06NF0886',
  type: 'criminal_protective_order',
  status: 'active',
  issuedOn: '2026-11-20',
  role: 'restrained',
  person: 0,
  name: 'William Jones',
  dob: '1984-11-21',
  score: 0.962,
  why: ['found by name key', 'nickname bill = william', 'date of birth with day and month swapped'],
}

describe('the person search', () => {
  it('asks for a name and a reason, next to the fields and in a summary', async () => {
    const { calls } = stubApi({ 'GET /me': () => jsonResponse(200, me()) })
    const { user } = renderApp('/search')
    await screen.findByRole('heading', { level: 1, name: 'Person search' })
    await user.click(screen.getByRole('button', { name: 'Search' }))
    const summary = await screen.findByRole('heading', { name: 'Correct the search' })
    expect(summary.closest('.usa-alert')).toHaveFocus()
    expect(screen.getByLabelText('Name')).toHaveAccessibleDescription(expect.stringContaining('Enter a name to search for.'))
    expect(screen.getByLabelText('Reason for the search')).toHaveAccessibleDescription(expect.stringContaining('Enter the case number or purpose'))
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0)
  })

  it('sends the reason and shows each result with its score and why it matched', async () => {
    const { calls } = stubApi({
      'GET /me': () => jsonResponse(200, me()),
      'POST /orders/search': () => jsonResponse(200, { results: [hit], matchFloor: 0.8 }),
    })
    const { user } = renderApp('/search')
    await user.type(await screen.findByLabelText('Name'), 'Bill Jones')
    await user.type(screen.getByLabelText('Date of birth (optional)'), '21/11/1984')
    await user.type(screen.getByLabelText('Reason for the search'), '26CR0001 arraignment')
    await user.click(screen.getByRole('button', { name: 'Search' }))
    const table = await screen.findByRole('table', { name: '1 person found, best match first' })
    const row = within(table).getAllByRole('row')[1]!
    expect(within(row).getByRole('link', { name: '06NF0886' })).toHaveAttribute('href', `/orders/${ORDER_ID}`)
    expect(row).toHaveTextContent('0.96 (likely the same person)')
    expect(row).toHaveTextContent('nickname bill = william')
    expect(row).toHaveTextContent('Restrained, born 11/21/1984')
    const sent = calls.find((c) => c.method === 'POST')!
    expect(await sent.json()).toEqual({ name: 'Bill Jones', dob: '21/11/1984', reason: '26CR0001 arraignment' })
  })

  it('places the server’s field errors and says when searches come too fast', async () => {
    let n = 0
    stubApi({
      'GET /me': () => jsonResponse(200, me({ courts: [{ ...ALAMEDA, roles: ['judicial_officer'] }] })),
      'POST /orders/search': () =>
        ++n === 1
          ? problemResponse(422, { title: 'Unprocessable Entity', errors: [{ location: 'body.dob', message: 'is not a date: write it as YYYY-MM-DD or MM/DD/YYYY' }] })
          : problemResponse(429, { title: 'Too Many Requests' }),
    })
    const { user } = renderApp('/search')
    await user.type(await screen.findByLabelText('Name'), 'Bill Jones')
    await user.type(screen.getByLabelText('Date of birth (optional)'), 'spring')
    await user.type(screen.getByLabelText('Reason for the search'), '26CR0001')
    await user.click(screen.getByRole('button', { name: 'Search' }))
    expect(await screen.findByLabelText('Date of birth (optional)')).toHaveAccessibleDescription(expect.stringContaining('is not a date'))
    await user.click(screen.getByRole('button', { name: 'Search' }))
    expect(await screen.findByText(/searched many times in a short time/)).toBeInTheDocument()
  })
})
