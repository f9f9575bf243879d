// Reports against a running server: a clerk's court figures and operations, a
// platform administrator's statewide counts by county; the CSV download is the
// table. Each page is checked by axe and screenshot.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { activeElement, appUrl, baseUrl, checkA11y, launch, login, newPage, screenshot } from './support.mjs'

/** tableRows reads a table's body and total as arrays of cell texts. */
async function tableRows(table) {
  return table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => [...r.children].map((c) => c.textContent.trim())))
}

describe('reports', () => {
  let browser

  before(async () => {
    baseUrl()
    browser = await launch()
  })

  after(async () => {
    await browser?.close()
  })

  test('a clerk sees the court’s counts with charts and tables, and its operations', async () => {
    const page = await newPage(browser)
    await login(page, 'clerk', { court: 'riverside' })
    await page.goto(appUrl())
    await page.getByRole('navigation', { name: 'Registry' }).getByRole('link', { name: 'Reports' }).click()
    await page.getByRole('heading', { level: 1, name: 'Reports' }).waitFor()
    assert.equal((await activeElement(page)).tag, 'h1')
    const table = page.getByRole('table', { name: 'Orders by court' })
    await table.waitFor()
    await page.getByRole('table', { name: 'Active orders not yet served, by days since issuance' }).waitFor()
    await page.locator('.ccpor-chart svg').first().waitFor()
    const rows = await tableRows(table)
    assert.equal(rows.at(-1)[0], 'Total')
    const carpos = await tableRows(page.getByRole('table', { name: 'CARPOS messages now, and orders of the last 30 days' }))
    assert.deepEqual(carpos.map((r) => r[0]), [
      'Messages waiting for the DOJ’s acknowledgement',
      'Messages rejected, in the work queue',
      'Orders issued in the last 30 days that the DOJ acknowledged',
      'Median time from issuance to acknowledgement',
      'Time within which 95% were acknowledged',
      'Orders that missed the one-business-day deadline, last 30 days',
    ])
    await checkA11y(page, 'reports-clerk')
    await screenshot(page, 'reports-clerk')
    assert.deepEqual(page.problems, [])
  })

  test('a platform administrator sees statewide counts by county; the CSV is the table', async () => {
    const page = await newPage(browser)
    await login(page, 'platform_admin')
    await page.goto(appUrl('reports'))
    await page.getByRole('heading', { level: 1, name: 'Reports' }).waitFor()
    await page.getByLabel('Group by').selectOption('county')
    await page.getByRole('button', { name: 'Show report' }).click()
    const table = page.getByRole('table', { name: 'Orders by county' })
    await table.waitFor()
    assert.equal(await page.getByRole('heading', { name: 'Your court’s operations' }).count(), 0)
    const rows = await tableRows(table)
    const href = await page.getByRole('link', { name: 'Download as CSV' }).getAttribute('href')
    const csv = await (await page.request.get(href)).text()
    const lines = csv.trim().split('\n').map((l) => l.split(','))
    assert.deepEqual(lines[0], ['county', 'issued', 'modified', 'cancelled', 'served', 'active'])
    assert.deepEqual(lines.slice(1), rows)
    await checkA11y(page, 'reports-platform')
    await screenshot(page, 'reports-platform')
    assert.deepEqual(page.problems, [])
  })
})
