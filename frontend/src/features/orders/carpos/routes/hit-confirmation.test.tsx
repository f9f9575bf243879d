import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { jsonResponse, problemResponse, stubApi, systemInfo } from '@/testing/api'
import { ORDER_ID } from '@/testing/orders'
import { renderApp } from '@/testing/render-app'
import { ALAMEDA, FRESNO, me } from '@/testing/session'

const sheriff = (clets = true) => me({ courts: [{ ...ALAMEDA, roles: ['sheriff'] }], cletsCurrent: clets })
const court = (c: { id: string; name: string }) => ({ ...c, code: c.name, kind: 'county', cletsSubmitting: true, sharesStatewide: true, onboardingStatus: 'live' })
const RESPONSE = 'ROS HIT # 001\n FCN/F111111111111111\n OCA/11NF1111\nNAM/JONES,MARC DOB/19811121\n SEX/M RAC/B HGT/601 WGT/260 EYE/BRO HAI/BRO'
const listed = {
  id: ORDER_ID,
  courtId: FRESNO.id,
  caseNumber: '06NF0886',
  type: 'criminal_protective_order',
  formNumber: 'CR-160',
  status: 'active',
  issuedOn: '2026-11-02',
  expiresOn: '2029-11-02',
  version: 1,
  serviceStatus: 'unserved',
}
const comparison = {
  orderId: ORDER_ID,
  version: 1,
  status: 'active',
  response: { oca: '11NF1111' },
  registry: { oca: '06NF0886', caseNumber: '06NF0886' },
  differences: [
    { field: 'OCA', a: '06NF0886', b: '11NF1111' },
    { field: 'DOB', a: '19811120', b: '19811121' },
    { field: 'HAI', a: 'BLK', b: 'BRO' },
  ],
}

function stub(extra: Record<string, (r: Request) => Response> = {}) {
  return stubApi({
    'GET /me': () => jsonResponse(200, sheriff()),
    'GET /system': () => jsonResponse(200, systemInfo),
    'GET /courts': () => jsonResponse(200, { courts: [court(ALAMEDA), court(FRESNO)] }),
    'GET /orders': () => jsonResponse(200, { orders: [listed] }),
    [`GET /orders/${ORDER_ID}/images`]: () => jsonResponse(200, { images: [] }),
    [`POST /orders/${ORDER_ID}/clets-hit`]: () => jsonResponse(200, comparison),
    'POST /clets-hits': () =>
      jsonResponse(201, { id: 'c-1', courtId: ALAMEDA.id, orderId: ORDER_ID, orderVersion: 1, outcome: 'mismatch_reported', differences: comparison.differences, createdBy: 'u-1', createdAt: '2026-11-26T01:00:00Z' }),
    ...extra,
  })
}

describe('CLETS hit confirmation', () => {
  it('asks for the response and the case number next to each field and in a summary', async () => {
    const { calls } = stub()
    const { user } = renderApp('/')
    await user.click(await within(screen.getByRole('navigation', { name: 'Registry' })).findByRole('link', { name: 'Confirm a CLETS hit' }))
    const heading = await screen.findByRole('heading', { level: 1, name: 'Confirm a CLETS hit' })
    await waitFor(() => expect(heading).toHaveFocus())
    await user.click(screen.getByRole('button', { name: 'Find the order' }))
    expect(screen.getByLabelText('CLETS response')).toHaveAccessibleDescription(expect.stringContaining('Paste the CLETS response.'))
    expect(screen.getByLabelText('Case number (OCA/ or COURT CASE NUMBER/)')).toHaveAccessibleDescription(expect.stringContaining('Enter the case number'))
    const summary = screen.getByRole('heading', { name: 'Fix these to go on' }).closest('.ccpor-error-summary') as HTMLElement
    expect(summary).toHaveFocus()
    expect(within(summary).getAllByRole('link')).toHaveLength(2)
    expect(calls.some((c) => new URL(c.url).pathname.endsWith('/orders'))).toBe(false)
  })

  it('finds the order, lists every difference marked in words, and records the outcome', async () => {
    const { calls } = stub()
    const { user } = renderApp('/clets-hits')
    await screen.findByRole('heading', { level: 1, name: 'Confirm a CLETS hit' })
    await user.click(screen.getByLabelText('CLETS response'))
    await user.paste(RESPONSE)
    await user.selectOptions(await screen.findByLabelText('Court'), FRESNO.name)
    await user.type(screen.getByLabelText('Case number (OCA/ or COURT CASE NUMBER/)'), '06nf0886')
    await user.click(screen.getByRole('button', { name: 'Find the order' }))
    const list = await screen.findByRole('table', { name: 'Orders of the case' })
    const search = new URL(calls.find((c) => new URL(c.url).pathname.endsWith('/orders'))!.url).searchParams
    expect(search.get('caseNumber')).toBe('06NF0886')
    expect(search.get('court')).toBe(FRESNO.id)

    await user.click(within(list).getByRole('button', { name: 'Compare with CR-160 06NF0886' }))
    const found = await screen.findByTestId('hit-comparison')
    expect(within(found).getByRole('heading', { name: '3. The order and the differences' })).toHaveFocus()
    expect(found).toHaveTextContent('Order 06NF0886, version 1 (its current version), status: Active.')
    expect(within(found).getByRole('link', { name: /Open the order’s page/ })).toHaveAttribute('href', `/orders/${ORDER_ID}`)
    expect(within(found).getByText('3 fields differ.')).toBeInTheDocument()
    const table = within(found).getByRole('table', { name: 'Where the CLETS response and the order disagree' })
    const rows = within(table).getAllByRole('row').map((row) => [...row.querySelectorAll('th, td')].map((c) => c.textContent))
    expect(rows).toEqual([
      ['CLETS field', 'In the registry', 'In the CLETS response', 'Finding'],
      ['OCA', '06NF0886', '11NF1111', 'Differs'],
      ['DOB', '19811120', '19811121', 'Differs'],
      ['HAI', 'BLK', 'BRO', 'Differs'],
    ])
    expect(table.querySelectorAll('mark')).toHaveLength(6)
    const compare = calls.find((c) => new URL(c.url).pathname.endsWith('/clets-hit'))!
    expect(await compare.json()).toEqual({ response: RESPONSE })

    await user.click(screen.getByRole('button', { name: 'Record the outcome' }))
    expect(screen.getByRole('group', { name: 'What the check found' })).toHaveAccessibleDescription('Choose what the check found.')
    await user.click(screen.getByRole('link', { name: 'Choose what the check found.' }))
    expect(screen.getByRole('radio', { name: 'Confirmed in force' })).toHaveFocus()
    expect(calls.some((c) => new URL(c.url).pathname.endsWith('/clets-hits'))).toBe(false)

    await user.click(screen.getByRole('radio', { name: 'Mismatch reported to the court' }))
    await user.type(screen.getByLabelText('Note (optional)'), 'Case number and DOB differ')
    await user.click(screen.getByRole('button', { name: 'Record the outcome' }))
    expect(await screen.findByText('The hit confirmation was recorded: Mismatch reported to the court.')).toBeInTheDocument()
    const post = calls.find((c) => new URL(c.url).pathname.endsWith('/clets-hits'))!
    expect(await post.json()).toEqual({ response: RESPONSE, outcome: 'mismatch_reported', orderId: ORDER_ID, note: 'Case number and DOB differ' })
  })

  it('shows the server’s refusal next to the outcome', async () => {
    stub({
      'POST /clets-hits': () =>
        problemResponse(422, { title: 'Unprocessable Entity', errors: [{ location: 'body.outcome', message: 'says in force, but the order is expired' }] }),
    })
    const { user } = renderApp('/clets-hits')
    await user.click(await screen.findByLabelText('CLETS response'))
    await user.paste(RESPONSE)
    await user.type(screen.getByLabelText('Case number (OCA/ or COURT CASE NUMBER/)'), '06NF0886')
    await user.click(screen.getByRole('button', { name: 'Find the order' }))
    await user.click(within(await screen.findByRole('table', { name: 'Orders of the case' })).getByRole('button', { name: /Compare/ }))
    await screen.findByTestId('hit-comparison')
    await user.click(screen.getByRole('radio', { name: 'Confirmed in force' }))
    await user.click(screen.getByRole('button', { name: 'Record the outcome' }))
    expect(await screen.findByRole('group', { name: 'What the check found' })).toHaveAccessibleDescription('says in force, but the order is expired')
    expect(screen.getByRole('link', { name: 'says in force, but the order is expired' })).toBeInTheDocument()
  })

  it('records "not found" when the case has no order', async () => {
    const { calls } = stub({ 'GET /orders': () => jsonResponse(200, { orders: [] }) })
    const { user } = renderApp('/clets-hits')
    await user.click(await screen.findByLabelText('CLETS response'))
    await user.paste(RESPONSE)
    await user.type(screen.getByLabelText('Case number (OCA/ or COURT CASE NUMBER/)'), '11NF1111')
    await user.click(screen.getByRole('button', { name: 'Find the order' }))
    expect(await screen.findByText(/No order was found for case 11NF1111/)).toBeInTheDocument()
    await user.click(screen.getByRole('radio', { name: 'Not found in the registry' }))
    await user.click(screen.getByRole('button', { name: 'Record the outcome' }))
    await screen.findByText(/The hit confirmation was recorded/)
    const post = calls.find((c) => new URL(c.url).pathname.endsWith('/clets-hits'))!
    expect(await post.json()).toEqual({ response: RESPONSE, outcome: 'not_found' })
  })

  it('is not offered to a sheriff without a current CLETS certification', async () => {
    stubApi({ 'GET /me': () => jsonResponse(200, sheriff(false)), 'GET /system': () => jsonResponse(200, systemInfo) })
    renderApp('/clets-hits')
    expect(await screen.findByText('Hit confirmation is open only to users with a current CLETS certification.')).toBeInTheDocument()
    expect(within(screen.getByRole('navigation', { name: 'Registry' })).queryByRole('link', { name: 'Confirm a CLETS hit' })).not.toBeInTheDocument()
  })
})
