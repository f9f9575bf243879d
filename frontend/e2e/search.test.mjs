// Person search against a running server: a clerk searches a seeded restrained
// person by a swapped name, with the reason; the result says why it matched.
// Checked by axe and screenshot.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { activeElement, appUrl, baseUrl, checkA11y, launch, login, newPage, screenshot } from './support.mjs'

describe('person search', () => {
  let browser

  before(async () => {
    baseUrl()
    browser = await launch()
  })

  after(async () => {
    await browser?.close()
  })

  test('a clerk finds a person by a swapped name, with the reason, and sees why', async () => {
    const page = await newPage(browser)
    await login(page, 'clerk', { court: 'riverside' })
    await page.goto(appUrl())
    await page.getByRole('navigation', { name: 'Registry' }).getByRole('link', { name: 'Person search' }).click()
    await page.getByRole('heading', { level: 1, name: 'Person search' }).waitFor()
    assert.equal((await activeElement(page)).tag, 'h1')

    await page.getByRole('button', { name: 'Search' }).click()
    await page.getByRole('heading', { name: 'Correct the search' }).waitFor()
    await checkA11y(page, 'search-errors')
    await screenshot(page, 'search-errors')

    await page.getByLabel('Name', { exact: true }).fill('Ortega Dail')
    await page.getByLabel('Reason for the search').fill('26CR0001 arraignment')
    await page.keyboard.press('Enter')
    const table = page.getByRole('table', { name: /found, best match first/ })
    await table.waitFor()
    const first = table.locator('tbody tr').first()
    assert.match(await first.textContent(), /Dale Ortega/)
    assert.match(await first.textContent(), /likely the same person/)
    assert.match(await first.textContent(), /given and family names swapped/)
    assert.match(await first.textContent(), /dail/)
    await checkA11y(page, 'search-results')
    await screenshot(page, 'search-results')
    assert.deepEqual(page.problems, [])
  })
})
