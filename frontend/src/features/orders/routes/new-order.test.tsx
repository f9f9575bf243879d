import { screen, waitFor, within } from '@testing-library/react'
import type { UserEvent } from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import type { OrderContent } from '@/features/orders/api/types'
import { jsonResponse, problemResponse, stubApi } from '@/testing/api'
import { golden, goldenContent, order, orderResponse, ORDER_ID } from '@/testing/orders'
import { renderApp } from '@/testing/render-app'
import { me } from '@/testing/session'

const signedIn = () => jsonResponse(200, me())

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

describe('entering a CR-160', () => {
  it('lays out the sections of the printed form in order, with its item numbers', async () => {
    stubApi({ 'GET /me': signedIn })
    const { container } = renderApp('/orders/new')
    await screen.findByRole('heading', { level: 1, name: 'Enter a CR-160' })

    const legends = [...container.querySelectorAll('.ccpor-form-section > legend')].map((l) => l.textContent)
    expect(legends).toEqual([
      'Caption',
      'Person to be restrained',
      '1. Hearing',
      '2. Presence at the hearing',
      '3. The court orders: the defendant',
      '4–5. Peaceful contact for the exchange of children',
      '6. Recording',
      '7. Protected persons and other orders',
      '8. Expiry',
      'Issue date and form revision',
    ])
    const orders = section('3. The court orders: the defendant')
    const items = within(orders)
      .getAllByRole('checkbox')
      .map((box) => /^3\([a-f]\)/.exec(box.closest('.usa-checkbox')?.querySelector('label')?.textContent ?? '')?.[0])
    expect(items).toEqual(['3(a)', '3(b)', '3(c)', '3(d)', '3(e)', '3(f)'])
    expect(within(section('8. Expiry')).getByText('If no date is listed, this order expires three years from the date of issuance.')).toBeInTheDocument()
  })

  it('posts the seed’s CR-160 as the golden fixture has it, once, with an idempotency key', async () => {
    const g = golden()
    const { calls } = stubApi({
      'GET /me': signedIn,
      'POST /orders': () => orderResponse(201, order({ version: 1 }), '"v1"'),
      [`GET /orders/${ORDER_ID}`]: () => orderResponse(200, order({ version: 1 }), '"v1"'),
      [`GET /orders/${ORDER_ID}/versions`]: () => jsonResponse(200, { versions: [] }),
    })
    const { user } = renderApp('/orders/new')
    await screen.findByRole('heading', { level: 1, name: 'Enter a CR-160' })

    const caption = section('Caption')
    await type(user, caption, 'Case number', g.case_number)
    await user.click(within(caption).getByLabelText(/Order pending trial/))
    await user.click(within(caption).getByLabelText('Domestic violence case'))
    await user.click(within(caption).getByLabelText(/takes precedence/))
    await type(user, caption, /Statutes/, g.statutes.join('\n'))
    await type(user, caption, 'Court', g.court.name)
    await type(user, caption, 'Branch', g.court.branch)
    await type(user, caption, 'Court address', g.court.address)
    await date(user, caption, /Filed/, g.court.filed)
    await type(user, caption, 'Executive officer or clerk', g.court.clerk)
    await type(user, caption, 'Deputy clerk', g.court.deputy)

    const r = g.restrained_person
    const restrained = section('Person to be restrained')
    await type(user, restrained, 'Complete name', r.name)
    await user.click(within(restrained).getByLabelText('M'))
    const [feet, inches] = r.height.split('-')
    await type(user, restrained, 'Height: feet', feet!)
    await type(user, restrained, 'Height: inches', inches!)
    await type(user, restrained, 'Weight (pounds)', String(r.weight_lbs))
    await type(user, restrained, 'Hair color', r.hair)
    await type(user, restrained, 'Eye color', r.eyes)
    await type(user, restrained, 'Age', String(r.age))
    await date(user, restrained, 'Date of birth', r.dob)

    const hearing = section('1. Hearing')
    await date(user, hearing, /heard on/, g.hearing.date)
    await type(user, hearing, 'At (time)', g.hearing.time)
    await type(user, hearing, 'Dept.', g.hearing.department)
    await type(user, hearing, /judicial officer/, g.hearing.judicial_officer)
    await user.click(within(section('2. Presence at the hearing')).getByRole('checkbox'))

    const orders = section('3. The court orders: the defendant')
    await user.click(within(orders).getByLabelText(/^3\(a\)/))
    await user.click(within(orders).getByLabelText(/^3\(b\)/))
    const f = g.conditions.firearm_surrender
    await type(user, orders, /^\(1\)/, String(f.within_hours_if_present))
    await type(user, orders, /^\(2\)/, String(f.within_hours_if_served))
    await type(user, orders, /receipt/, String(f.receipt_within_hours))
    await user.click(within(orders).getByLabelText(/^3\(c\)/))
    await user.click(within(orders).getByLabelText(/^3\(d\)/))
    await user.click(within(orders).getByLabelText(/^3\(e\)/))
    await user.click(within(orders).getByLabelText(/^3\(f\)/))
    await type(user, orders, 'Yards', String(g.conditions.stay_away_yards))
    await user.click(within(orders).getByLabelText('Of the protected persons'))
    await user.click(within(section('6. Recording')).getByRole('checkbox'))

    const p = g.protected_persons[0]!
    const persons = section('7. Protected persons and other orders')
    const first = within(persons).getByRole('group', { name: 'Protected person 1' })
    await type(user, first, 'Complete name', p.name)
    await date(user, first, 'Date of birth', p.dob)
    await type(user, first, 'Address', p.address)
    await type(user, persons, /Other stay-away locations/, p.address)
    await type(user, persons, /^Other orders/, g.conditions.other_orders.join('\n'))

    await date(user, section('8. Expiry'), /expires on/, g.expires)
    const signature = section('Issue date and form revision')
    await date(user, signature, /Date issued/, g.issued)
    await user.click(within(signature).getByLabelText('Rev. January 1, 2005'))

    const issue = screen.getByRole('button', { name: 'Issue' })
    await user.dblClick(issue)

    expect(await screen.findByRole('heading', { level: 1, name: 'Order of case 06NF0886' }, { timeout: 5000 })).toBeInTheDocument()
    const posts = calls.filter((c) => c.method === 'POST')
    expect(posts).toHaveLength(1)
    const post = posts[0]!
    expect(new URL(post.url).search).toBe('')
    expect(post.headers.get('Idempotency-Key')).toMatch(/^[0-9a-f-]{36}$/)
    expect(post.headers.get('X-CSRF-Token')).toBe('csrf-token-1')
    expect(await post.json()).toEqual(goldenContent(g))
    expect(screen.getByText('The order was issued.')).toBeInTheDocument()
  }, 30_000)

  it('offers the items of the 2023 revision when that revision is chosen, and sends them', async () => {
    const { calls } = stubApi({
      'GET /me': signedIn,
      'POST /orders': () => problemResponse(500, { title: 'Internal Server Error' }),
    })
    const { user } = renderApp('/orders/new')
    await screen.findByRole('heading', { level: 1, name: 'Enter a CR-160' })
    expect(screen.queryByRole('group', { name: /^Findings/ })).not.toBeInTheDocument()
    expect(screen.queryByLabelText(/Electronic monitoring/)).not.toBeInTheDocument()

    await user.click(within(section('Issue date and form revision')).getByLabelText('Rev. March 1, 2023'))
    const findings = await screen.findByRole('group', { name: 'Findings (Rev. 2023, item 3)' })
    await user.click(within(findings).getByLabelText(/^3a\./))
    await user.click(within(findings).getByLabelText(/^3b\./))
    const orders = section('3. The court orders: the defendant')
    await user.click(within(orders).getByLabelText(/^3\(b\)/))
    await date(user, orders, /Firearm review hearing/, '2026-12-15')
    await user.click(within(orders).getByLabelText(/Must not obtain the addresses/))
    await type(user, orders, /Electronic monitoring/, 'six months')
    await user.click(screen.getByRole('button', { name: 'Issue' }))
    await screen.findByRole('heading', { level: 2, name: 'Internal Server Error' })

    const body = (await calls.find((c) => c.method === 'POST')!.json()) as OrderContent
    expect(body.form.revision).toBe('2023-03-01')
    expect(body.findings).toEqual({ familyMembersHarmed: true, witnessesHarassed: true })
    expect(body.conditions.firearms?.reviewHearingDate).toBe('2026-12-15')
    expect(body.conditions.noObtainingAddresses).toBe(true)
    expect(body.conditions.electronicMonitoring).toBe('six months')

    // Back on the 2005 form the findings are not sent (that revision prints none).
    await user.click(within(section('Issue date and form revision')).getByLabelText('Rev. January 1, 2005'))
    expect(screen.queryByRole('group', { name: /^Findings/ })).not.toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Issue' }))
    await waitFor(() => expect(calls.filter((c) => c.method === 'POST')).toHaveLength(2))
    const again = (await calls.filter((c) => c.method === 'POST')[1]!.json()) as OrderContent
    expect(again.findings).toBeUndefined()
    // The 2023 conditions already entered stay shown and sent: nothing typed is dropped unseen.
    expect(again.conditions.electronicMonitoring).toBe('six months')
    expect(screen.getByLabelText(/Electronic monitoring/)).toHaveValue('six months')
  }, 30_000)

  it('saves a draft with ?draft=true', async () => {
    const { calls } = stubApi({
      'GET /me': signedIn,
      'POST /orders': () => problemResponse(500, { title: 'Internal Server Error' }),
    })
    const { user } = renderApp('/orders/new')
    await user.click(await screen.findByRole('button', { name: 'Save as draft' }))
    await screen.findByRole('heading', { level: 2, name: 'Internal Server Error' })
    expect(new URL(calls.find((c) => c.method === 'POST')!.url).searchParams.get('draft')).toBe('true')
  })

  it('shows each problem next to its field and in a summary that takes focus', async () => {
    stubApi({
      'GET /me': signedIn,
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
    await user.click(await screen.findByRole('button', { name: 'Issue' }))

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

    const caseNumber = screen.getByLabelText('Case number')
    expect(caseNumber).toHaveAccessibleDescription(expect.stringContaining('expected string to match pattern'))
    const dob = within(within(section('Person to be restrained')).getByRole('group', { name: 'Date of birth' })).getByLabelText('Month')
    expect(dob).toHaveAccessibleDescription(expect.stringContaining('is after the issue date'))
    const personName = within(within(section(/^7\./)).getByRole('group', { name: 'Protected person 1' })).getByLabelText('Complete name')
    expect(personName).toHaveAccessibleDescription('expected length >= 1')
    expect(screen.getByLabelText('Height: feet')).toHaveAccessibleDescription('expected number >= 24')

    await user.click(links[1]!)
    expect(dob).toHaveFocus()
    await user.click(links[2]!)
    expect(personName).toHaveFocus()
  })
})
