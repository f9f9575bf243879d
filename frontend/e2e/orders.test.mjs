// The CR-160 against a running server, as a demo clerk: entry with the error summary,
// issue, the order's page, find by case number, modify with the diff, service, cancel.
// Each page is checked by axe and screenshot.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { activeElement, appUrl, baseUrl, checkA11y, launch, login, newPage, screenshot } from './support.mjs'

/** A case number no earlier run used: the registry keeps every order. */
const CASE = `E2E${Date.now().toString(36).toUpperCase()}`

/** choose ticks a USWDS radio or check box by its label (the input itself is drawn off screen). */
async function choose(scope, label) {
  await scope.locator('label').filter({ hasText: label }).first().click()
}

async function fillDate(scope, legend, iso) {
  const [year, month, day] = iso.split('-')
  const group = scope.getByRole('group', { name: legend })
  await group.getByLabel('Month').fill(month)
  await group.getByLabel('Day').fill(day)
  await group.getByLabel('Year').fill(year)
}

describe('orders', () => {
  let browser
  let page

  before(async () => {
    baseUrl()
    browser = await launch()
    page = await newPage(browser)
    await login(page, 'clerk')
  })

  after(async () => {
    await browser?.close()
  })

  test('a clerk enters a CR-160: problems are listed and focused, then it is issued', async () => {
    await page.goto(appUrl())
    await page.getByRole('navigation', { name: 'Registry' }).getByRole('link', { name: 'Enter a CR-160' }).click()
    const heading = page.getByRole('heading', { level: 1, name: 'Enter a CR-160' })
    await heading.waitFor()
    assert.deepEqual(await activeElement(page), { tag: 'h1', text: 'Enter a CR-160', id: '', className: 'margin-top-0' })
    await checkA11y(page, 'order-new')
    await screenshot(page, 'order-new')

    await page.getByRole('button', { name: 'Issue' }).click()
    const summary = page.getByRole('heading', { level: 2, name: 'Fix these to save the order' })
    await summary.waitFor()
    assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('ccpor-error-summary')), true)
    await checkA11y(page, 'order-new-errors')
    await screenshot(page, 'order-new-errors')

    const caption = page.getByRole('group', { name: 'Caption' })
    await caption.getByLabel('Case number').fill(CASE)
    await choose(caption, /^Order pending trial/)
    await caption.getByLabel('Court', { exact: true }).fill('Superior Court of California, County of Riverside')
    const restrained = page.getByRole('group', { name: 'Person to be restrained' })
    await restrained.getByLabel('Complete name').fill('Marc Jones')
    await choose(restrained, /^M$/)
    await fillDate(restrained, 'Date of birth', '1981-11-21')
    const orders = page.getByRole('group', { name: '3. The court orders: the defendant' })
    await choose(orders, /^3\(a\)/)
    await choose(orders, /^3\(f\)/)
    await orders.getByLabel('Yards').fill('100')
    const persons = page.getByRole('group', { name: '7. Protected persons and other orders' })
    await persons.getByRole('group', { name: 'Protected person 1' }).getByLabel('Complete name').fill('Mary Smith')
    await fillDate(page.getByRole('group', { name: 'Issue date and form revision' }), /Date issued/, '2026-11-20')

    await page.getByRole('button', { name: 'Issue' }).click()
    await page.getByRole('heading', { level: 1, name: `Order of case ${CASE}` }).waitFor()
    assert.match(await page.getByTestId('order-status').innerText(), /Active/)
    assert.match(await page.getByTestId('order-status').innerText(), /until further order|three years/i)
    await checkA11y(page, 'order-detail')
    await screenshot(page, 'order-detail')

    // The printed summary: no banner, header, navigation or buttons.
    await page.emulateMedia({ media: 'print' })
    assert.equal(await page.getByRole('navigation', { name: 'Registry' }).isVisible(), false)
    assert.equal(await page.getByRole('button', { name: 'Print' }).isVisible(), false)
    assert.equal(await page.getByRole('heading', { level: 1, name: `Order of case ${CASE}` }).isVisible(), true)
    await screenshot(page, 'order-print')
    await page.emulateMedia({ media: 'screen' })
  })

  test('the case number finds the order', async () => {
    await page.getByRole('navigation', { name: 'Registry' }).getByRole('link', { name: 'Orders', exact: true }).click()
    await page.getByRole('heading', { level: 1, name: 'Orders' }).waitFor()
    await page.getByLabel('Case number').fill(CASE)
    await page.getByRole('button', { name: 'Find orders' }).click()
    const table = page.getByRole('table', { name: `Orders of case ${CASE}` })
    await table.waitFor()
    await checkA11y(page, 'orders-find')
    await screenshot(page, 'orders-find')
    await table.getByRole('link', { name: `CR-160 ${CASE}` }).click()
    await page.getByRole('heading', { level: 1, name: `Order of case ${CASE}` }).waitFor()
  })

  test('modify writes version 2, and the diff shows the change', async () => {
    await page.getByRole('link', { name: 'Modify' }).click()
    await page.getByRole('heading', { level: 1, name: `Modify the order of case ${CASE}` }).waitFor()
    await page.getByLabel('Yards').fill('150')
    await checkA11y(page, 'order-modify')
    await page.getByRole('button', { name: 'Save changes' }).click()
    await page.getByText('The order was saved.').waitFor()

    await page.getByRole('button', { name: 'Compare' }).click()
    const diff = page.getByRole('table', { name: 'Changes from version 1 to version 2' })
    await diff.waitFor()
    assert.match(await diff.innerText(), /conditions\.stayAway\.yards\s+100\s+150/)
    await checkA11y(page, 'order-diff')
    await screenshot(page, 'order-diff')
  })

  test('service is recorded, then the order is cancelled with a reason', async () => {
    await page.getByRole('button', { name: 'Record service' }).click()
    const form = page.getByRole('region', { name: 'Record service' })
    await fillDate(form, 'Date served', '2026-11-21')
    await form.getByLabel('Time served').fill('14:05')
    await form.getByLabel('Method').selectOption('personal')
    await form.getByLabel('Served by (name)').fill('Deputy R. Lee')
    await form.getByRole('button', { name: 'Record service' }).click()
    await page.getByText('Service was recorded.').waitFor()
    assert.match(await page.getByTestId('order-status').innerText(), /Served/)

    await page.getByRole('button', { name: 'Cancel the order' }).click()
    const dialog = page.getByRole('dialog', { name: 'Cancel this order?' })
    await dialog.getByLabel('Reason').fill('terminated by CR-165')
    await checkA11y(page, 'order-cancel')
    await screenshot(page, 'order-cancel')
    await dialog.getByRole('button', { name: 'Cancel the order' }).click()
    await page.getByText('The order was cancelled.').waitFor()
    assert.match(await page.getByTestId('order-status').innerText(), /Cancelled/)
    // The first, empty Issue answered 422 on purpose; nothing else may have failed.
    assert.deepEqual(page.problems.filter((problem) => !/status of 422/.test(problem)), [])
  })
})
