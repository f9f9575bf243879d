import { screen, waitFor, within } from '@testing-library/react'
import type { UserEvent } from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import type { OrderContent } from '@/features/orders/api/types'
import { jsonResponse, problemResponse, stubApi } from '@/testing/api'
import { seedEntry, type EntryStep } from '@/testing/cr160-entry.mjs'
import { golden, goldenContent, order, orderResponse, ORDER_ID } from '@/testing/orders'
import orderForms from '@/testing/order-forms.json'
import { renderApp } from '@/testing/render-app'
import { me } from '@/testing/session'

const signedIn = () => jsonResponse(200, me())
/** forms answers GET /order-forms with the definitions the server serves (a backend test keeps them equal). */
const forms = () => jsonResponse(200, orderForms)
/** noConflicts answers the check before saving: no related order. */
const noConflicts = () => jsonResponse(200, { orders: [], groups: [], elsewhere: [] })
/** saves are the calls that save an order (not the conflict check before it). */
const saves = (calls: Request[]) => calls.filter((c) => c.method === 'POST' && new URL(c.url).pathname.endsWith('/orders'))

/** type fills a text field found by its label inside a part of the form. */
async function type(user: UserEvent, scope: HTMLElement, label: string | RegExp, value: string) {
  const field = within(scope).getByLabelText(label)
  await user.clear(field)
  // Pasted, not typed key by key: the whole form re-renders on each change.
  await user.click(field)
  await user.paste(value)
}

/** date fills a USWDS memorable date found by its legend. */
async function date(user: UserEvent, scope: HTMLElement, legend: string | RegExp, iso: string) {
  const [year, month, day] = iso.split('-')
  const group = within(scope).getByRole('group', { name: legend })
  await type(user, group, 'Month', month!)
  await type(user, group, 'Day', day!)
  await type(user, group, 'Year', year!)
}

const section = (name: string | RegExp) => screen.getByRole('group', { name })

/** PAGE_LOAD bounds the wait for the lazily loaded entry page (slow on a busy machine). */
const PAGE_LOAD = { timeout: 10_000 }

/** enter runs entry steps (testing/cr160-entry.mjs) with user-event. */
async function enter(user: UserEvent, steps: EntryStep[]) {
  for (const step of steps) {
    let scope = section(step.section)
    if (step.group) scope = within(scope).getByRole('group', { name: step.group })
    if ('choose' in step) await user.click(within(scope).getByLabelText(step.choose))
    else if ('date' in step) await date(user, scope, step.date, step.value)
    else await type(user, scope, step.text, step.value)
  }
}

describe('entering a CR-160', () => {
  it('lays out the sections of the printed form in order, with its item numbers', async () => {
    stubApi({ 'GET /me': signedIn, 'GET /order-forms': forms })
    const { container, user } = renderApp('/orders/new')
    await screen.findByRole('heading', { level: 1, name: 'Enter a CR-160' }, PAGE_LOAD)
    // A new order starts on the current revision; the seed's is chosen as printed in its footer.
    expect(within(await screen.findByRole('group', { name: 'Form revision' }, PAGE_LOAD)).getByLabelText('Rev. March 1, 2023')).toBeChecked()
    await user.click(screen.getByLabelText('Rev. January 1, 2005'))

    const legends = [...container.querySelectorAll('.ccpor-form-section > legend')].map((l) => l.textContent)
    expect(legends).toEqual([
      'Form revision',
      'Caption',
      'Person to be restrained',
      '1. Hearing',
      '2. Presence at the hearing',
      '3. The court orders: the defendant',
      '4–5. Peaceful contact for the exchange of children',
      '6. Recording',
      '7. Protected persons and other orders',
      '8. Expiry',
      'Signature',
    ])
    const orders = section('3. The court orders: the defendant')
    const items = within(orders)
      .getAllByRole('checkbox')
      .map((box) => /^3\([a-f]\)/.exec(box.closest('.usa-checkbox')?.querySelector('label')?.textContent ?? '')?.[0])
    expect(items).toEqual(['3(a)', '3(b)', '3(c)', '3(d)', '3(e)', '3(f)'])
    // A group's members are under its box, shown once the box is ticked.
    expect(within(orders).queryByLabelText(/^\(1\) Hours after issuance/)).not.toBeInTheDocument()
    await user.click(within(orders).getByLabelText(/^3\(b\)/))
    expect(within(orders).getByLabelText(/^\(1\) Hours after issuance/)).toBeInTheDocument()
    expect(within(section('8. Expiry')).getByText('If no date is listed, this order expires three years from the date of issuance.')).toBeInTheDocument()
  })

  it('posts the seed’s CR-160 as the golden fixture has it, once, with an idempotency key', async () => {
    const g = golden()
    const { calls } = stubApi({
      'GET /me': signedIn,
      'GET /order-forms': forms,
      'POST /orders/conflicts': noConflicts,
      'POST /orders': () => orderResponse(201, order({ version: 1 }), '"v1"'),
      [`GET /orders/${ORDER_ID}`]: () => orderResponse(200, order({ version: 1 }), '"v1"'),
      [`GET /orders/${ORDER_ID}/versions`]: () => jsonResponse(200, { versions: [] }),
    })
    const { user } = renderApp('/orders/new')
    await screen.findByRole('heading', { level: 1, name: 'Enter a CR-160' }, PAGE_LOAD)

    // The same steps the end-to-end test types in Chromium (testing/cr160-entry.mjs).
    await enter(user, seedEntry(g))

    const issue = screen.getByRole('button', { name: 'Issue' })
    await user.dblClick(issue)

    expect(await screen.findByRole('heading', { level: 1, name: 'Order of case 06NF0886' }, { timeout: 5000 })).toBeInTheDocument()
    const posts = saves(calls)
    expect(posts).toHaveLength(1)
    const post = posts[0]!
    expect(new URL(post.url).search).toBe('?conflictsReviewed=none')
    expect(post.headers.get('Idempotency-Key')).toMatch(/^[0-9a-f-]{36}$/)
    expect(post.headers.get('X-CSRF-Token')).toBe('csrf-token-1')
    expect(await post.json()).toEqual(goldenContent(g))
    expect(screen.getByText('The order was issued.')).toBeInTheDocument()
  }, 90_000)

  it('offers the items of the 2023 revision on that revision only, and sends only the chosen revision’s items', async () => {
    const { calls } = stubApi({
      'GET /me': signedIn,
      'GET /order-forms': forms,
      'POST /orders/conflicts': noConflicts,
      'POST /orders': () => problemResponse(500, { title: 'Internal Server Error' }),
    })
    const { user } = renderApp('/orders/new')
    const findings = await screen.findByRole('group', { name: 'Findings' }, PAGE_LOAD)
    await user.click(within(findings).getByLabelText(/^3\. Findings/))
    await user.click(within(findings).getByLabelText(/family members harmed/))
    const orders = section('Orders')
    await user.click(within(orders).getByLabelText(/^8\. No firearms/))
    await date(user, orders, /Firearm review hearing/, '2026-12-15')
    await user.click(within(orders).getByLabelText(/^10\. Must not obtain/))
    await type(user, orders, /Electronic monitoring/, 'six months')
    await user.click(screen.getByRole('button', { name: 'Issue' }))
    await screen.findByRole('heading', { level: 2, name: 'Internal Server Error' })

    const body = (await saves(calls)[0]!.json()) as OrderContent
    expect(body.form.revision).toBe('2023-03-01')
    expect(body.findings).toEqual({ familyMembersHarmed: true })
    expect(body.conditions.firearms).toEqual({ prohibited: true, reviewHearingDate: '2026-12-15' })
    expect(body.conditions.noObtainingAddresses).toBe(true)
    expect(body.conditions.electronicMonitoring).toBe('six months')

    // The 2005 form prints none of them: they are neither shown nor sent.
    await user.click(screen.getByLabelText('Rev. January 1, 2005'))
    expect(screen.queryByRole('group', { name: 'Findings' })).not.toBeInTheDocument()
    expect(screen.queryByLabelText(/Electronic monitoring/)).not.toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Issue' }))
    await waitFor(() => expect(saves(calls)).toHaveLength(2))
    const again = (await saves(calls)[1]!.json()) as OrderContent
    expect(again.form.revision).toBe('2005-01-01')
    expect(again.findings).toBeUndefined()
    expect(again.conditions.electronicMonitoring).toBeUndefined()
    expect(again.conditions.noObtainingAddresses).toBeUndefined()
    expect(again.conditions.firearms).toEqual({ prohibited: true })
  }, 30_000)

  it('refuses a number that is not whole before sending, and removes a protected person', async () => {
    const { calls } = stubApi({ 'GET /me': signedIn, 'GET /order-forms': forms })
    const { user } = renderApp('/orders/new')
    await user.click(await screen.findByLabelText('Rev. January 1, 2005', {}, PAGE_LOAD))
    await type(user, section('Person to be restrained'), 'Height: feet', 'six')
    await user.click(screen.getByRole('button', { name: 'Issue' }))
    const summary = await screen.findByRole('heading', { level: 2, name: 'Fix these to save the order' })
    expect(within(summary.closest('.usa-alert') as HTMLElement).getByRole('link').textContent).toBe('Height: feet: Enter a whole number.')
    expect(saves(calls)).toHaveLength(0)

    const persons = section(/^7\./)
    await user.click(within(persons).getByRole('button', { name: 'Add another protected person' }))
    const second = within(persons).getByRole('group', { name: 'Protected person 2' })
    await type(user, second, /^Complete name/, 'Lily Smith')
    expect(within(second).getByLabelText('Relationship to the first protected person')).toBeInTheDocument()
    expect(within(within(persons).getByRole('group', { name: 'Protected person 1' })).queryByLabelText(/Relationship/)).not.toBeInTheDocument()
    await user.click(within(persons).getByRole('button', { name: 'Remove protected person 1' }))
    expect(within(persons).queryByRole('group', { name: 'Protected person 2' })).not.toBeInTheDocument()
    expect(within(within(persons).getByRole('group', { name: 'Protected person 1' })).getByLabelText(/^Complete name/)).toHaveValue('Lily Smith')
  }, 30_000)

  it('saves a draft with ?draft=true', async () => {
    const { calls } = stubApi({
      'GET /me': signedIn,
      'GET /order-forms': forms,
      'POST /orders/conflicts': noConflicts,
      'POST /orders': () => problemResponse(500, { title: 'Internal Server Error' }),
    })
    const { user } = renderApp('/orders/new')
    await user.click(await screen.findByRole('button', { name: 'Save as draft' }, PAGE_LOAD))
    await screen.findByRole('heading', { level: 2, name: 'Internal Server Error' })
    expect(new URL(saves(calls)[0]!.url).searchParams.get('draft')).toBe('true')
  })

  it('shows each problem next to its field and in a summary that takes focus', async () => {
    stubApi({
      'GET /me': signedIn,
      'GET /order-forms': forms,
      'POST /orders/conflicts': noConflicts,
      'POST /orders': () =>
        problemResponse(422, {
          title: 'Unprocessable Entity',
          detail: 'validation failed',
          errors: [
            { location: 'body.caseNumber', message: 'expected string to match pattern' },
            { location: 'body.restrainedPerson.dob', message: 'is after the issue date' },
            { location: 'body.protectedPersons[0].name', message: 'expected length >= 1' },
            { location: 'body.restrainedPerson.heightInches', message: 'expected number >= 24' },
          ],
        }),
    })
    const { user } = renderApp('/orders/new')
    await user.click(await screen.findByLabelText('Rev. January 1, 2005', {}, PAGE_LOAD))
    await user.click(screen.getByRole('button', { name: 'Issue' }))

    const summary = await screen.findByRole('heading', { level: 2, name: 'Fix these to save the order' })
    const box = summary.closest('.usa-alert') as HTMLElement
    await waitFor(() => expect(box).toHaveFocus())
    const links = within(box).getAllByRole('link')
    expect(links.map((l) => l.textContent)).toEqual([
      'Case number: expected string to match pattern',
      'Date of birth: is after the issue date',
      'Protected person 1, Complete name: expected length >= 1',
      'Height: feet: expected number >= 24',
    ])

    const caseNumber = screen.getByLabelText(/^Case number/)
    expect(caseNumber).toHaveAccessibleDescription(expect.stringContaining('expected string to match pattern'))
    const dob = within(within(section('Person to be restrained')).getByRole('group', { name: 'Date of birth' })).getByLabelText('Month')
    expect(dob).toHaveAccessibleDescription(expect.stringContaining('is after the issue date'))
    const personName = within(within(section(/^7\./)).getByRole('group', { name: 'Protected person 1' })).getByLabelText(/^Complete name/)
    expect(personName).toHaveAccessibleDescription('expected length >= 1')
    expect(screen.getByLabelText('Height: feet')).toHaveAccessibleDescription('expected number >= 24')

    await user.click(links[1]!)
    expect(dob).toHaveFocus()
    await user.click(links[2]!)
    expect(personName).toHaveFocus()
  })
})
