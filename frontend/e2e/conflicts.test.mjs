// Conflicting orders, end to end: a Riverside clerk enters the seed's CR-160 for a
// case, then another order for the same persons with a shorter stay-away. Before the second is saved the
// registry shows the first as conflicting, with the precedence term by term and the
// combined terms; the clerk saves anyway, and the new order's page shows the same
// panel. An auditor finds the recorded choice naming the first order. Each panel is
// checked by axe and screenshot.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { courtToday, loadGolden, seedEntry, yearsToCurrent } from '../src/testing/cr160-entry.mjs'
import { activeElement, appUrl, baseUrl, checkA11y, enterSteps, launch, login, newPage, saveThroughConflicts, screenshot } from './support.mjs'

const GOLDEN = loadGolden()
const RUN = String(Date.now() % 10000).padStart(4, '0')
const FIRST = `26RV${RUN}A`
const SECOND = `26RV${RUN}B`
const steps = (caseNumber) =>
  seedEntry(GOLDEN, yearsToCurrent(GOLDEN.issued, courtToday())).map((s) => (s.text === 'Case number (required)' ? { ...s, value: caseNumber } : s))



/** shot saves a picture of one part of the page beside the full-page screenshots. */
const shot = (locator, name) => locator.screenshot({ path: fileURLToPath(new URL(`screenshots/${name}.png`, import.meta.url)) })

const idOf = (url) => url.match(/\/orders\/([0-9a-f-]{36})$/)[1]

describe('conflicting orders', () => {
  let browser
  before(async () => {
    baseUrl()
    browser = await launch()
  })
  after(async () => {
    await browser?.close()
  })

  test('a clerk sees the conflicting order before saving, saves anyway, and sees the combined terms on the new order', async () => {
    const page = await newPage(browser)
    await login(page, 'clerk', { court: 'riverside' })

    // The first order of these persons (the demo data may already hold some: saved anyway).
    await page.goto(appUrl('orders/new'))
    await page.getByRole('heading', { level: 1, name: 'Enter a CR-160' }).waitFor()
    await enterSteps(page, steps(FIRST))
    await page.getByRole('button', { name: 'Issue' }).click()
    await saveThroughConflicts(page)
    const firstId = idOf(page.url())

    // The second: the panel comes before anything is saved.
    await page.goto(appUrl('orders/new'))
    await page.getByRole('heading', { level: 1, name: 'Enter a CR-160' }).waitFor()
    await enterSteps(page, steps(SECOND))
    // A term that conflicts: a shorter stay-away than the first order's.
    await page.getByLabel('Yards').fill('50')
    await page.getByRole('button', { name: 'Issue' }).click()
    const panel = page.getByTestId('conflicts')
    const heading = panel.getByRole('heading', { level: 2, name: 'Other active orders involve these persons' })
    await heading.waitFor()
    assert.deepEqual((await activeElement(page)).text, 'Other active orders involve these persons')
    const orders = panel.getByRole('table', { name: 'Active orders involving the same persons' })
    const row = orders.getByRole('row').filter({ hasText: `CR-160 case ${FIRST}` })
    assert.match(await row.innerText(), /In conflict: precedence applies/)
    const combined = panel.getByRole('heading', { level: 3, name: /^What an officer enforces for / }).first()
    await combined.waitFor()
    const terms = panel.getByRole('table', { name: /^Precedence term by term, protecting / }).first()
    assert.match(await terms.innerText(), /Contact\s+no contact/)
    const distance = terms.getByRole('row').filter({ hasText: 'Stay-away distance' })
    assert.match(await distance.innerText(), /Stay-away distance\s+stay away \d+ yards\s+.*\s+Yes\s+[1-4]\. /)
    assert.equal(page.url().endsWith('/orders/new'), true, 'nothing saved yet')
    await checkA11y(page, 'conflicts-entry')
    await heading.scrollIntoViewIfNeeded()
    await screenshot(page, 'conflicts-entry')
    await shot(panel, 'conflicts-entry-panel')

    // Going back keeps the entry; saving anyway saves it.
    await panel.getByRole('button', { name: 'Go back' }).click()
    await panel.waitFor({ state: 'detached' })
    // focus returns to Issue once the form has unlocked it
    await page
      .waitForFunction(() => document.activeElement?.textContent?.trim() === 'Issue', null, { timeout: 5000 })
      .catch(() => {})
    assert.equal((await activeElement(page)).text, 'Issue')
    await page.getByRole('button', { name: 'Issue' }).click()
    await panel.getByRole('button', { name: 'Save anyway' }).click()
    await page.getByRole('heading', { level: 1, name: `Order of case ${SECOND}` }).waitFor()
    const secondId = idOf(page.url())

    // The new order's page: related and conflicting orders, with links and the combined terms.
    const section = page.getByRole('region', { name: 'Related and conflicting orders' })
    const link = section.getByRole('link', { name: `CR-160 case ${FIRST}` })
    await link.waitFor()
    assert.equal(await link.getAttribute('href'), `/ccpor/orders/${firstId}`)
    const enforced = section.locator('.usa-summary-box').first()
    assert.match(await enforced.innerText(), /What an officer enforces for .*\n[\s\S]*no contact[\s\S]*stay away \d+ yards/)
    await section.getByRole('heading', { level: 2 }).scrollIntoViewIfNeeded()
    await checkA11y(page, 'conflicts-order-page')
    await screenshot(page, 'conflicts-order-page')
    await shot(section, 'conflicts-order-page-panel')
    await page.close()

    // The auditor finds the choice, naming the first order.
    const auditor = await newPage(browser)
    await login(auditor, 'auditor', { court: 'riverside' })
    const res = await auditor.request.get(appUrl(`api/v1/audit-events?action=order.conflicts_proceed&objectId=${secondId}`))
    assert.equal(res.status(), 200, await res.text())
    const { events } = await res.json()
    assert.equal(events.length, 1, JSON.stringify(events))
    assert.match(events[0].reason, /^proceeded despite \d+ conflicting orders? \(/)
    assert.ok(events[0].reason.includes(firstId), events[0].reason)
    await auditor.close()
  })
})
