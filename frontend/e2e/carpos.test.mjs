// CARPOS against a running server and the DOJ simulator (scripts/e2e.sh starts
// `ccpor carpos-sim` and points CCPOR_CARPOS_URL at it): a CLETS-certified clerk of
// Riverside (a CLETS-submitting court) enters an order and sees its message
// acknowledged with an FCN and a NIC; a user without a certification sees no CARPOS
// section; a CLETS-certified sheriff checks the seed's CLETS response against the
// seed's CR-160 (Fresno's demo order, made current), sees every difference and records
// the outcome. Each page is checked by axe and screenshot.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { after, before, describe, test } from 'node:test'
import { courtToday, loadGolden, seedEntry, yearsToCurrent } from '../src/testing/cr160-entry.mjs'
import { activeElement, appUrl, baseUrl, checkA11y, demoAccount, enterSteps, launch, login, newPage, saveThroughConflicts, screenshot } from './support.mjs'

const GOLDEN = loadGolden()
// A case of its own: Riverside takes one live order per court and case, and the
// orders test enters the seed's case number there.
const CASE = '26RV0412'
const STEPS = seedEntry(GOLDEN, yearsToCurrent(GOLDEN.issued, courtToday())).map((s) =>
  s.text === 'Case number (required)' ? { ...s, value: CASE } : s,
)
const RESPONSE = readFileSync(resolve(dirname(fileURLToPath(import.meta.url)), '../../testdata/seed/clets-response-seed.txt'), 'utf8')



describe('CARPOS', () => {
  let browser
  let orderUrl

  before(async () => {
    baseUrl()
    browser = await launch()
  })

  after(async () => {
    await browser?.close()
  })

  test('a CLETS-certified clerk enters an order and sees it acknowledged by the DOJ with its FCN and NIC', async () => {
    assert.equal((await demoAccount('clerk', 'riverside')).clets, true)
    const page = await newPage(browser)
    await login(page, 'clerk', { court: 'riverside' })
    await page.goto(appUrl('orders/new'))
    await page.getByRole('heading', { level: 1, name: 'Enter a CR-160' }).waitFor()
    await enterSteps(page, STEPS)
    await page.getByRole('button', { name: 'Issue' }).click()
    await saveThroughConflicts(page) // the demo data holds orders of the same persons
    await page.getByRole('heading', { level: 1, name: `Order of case ${CASE}` }).waitFor()
    orderUrl = page.url()

    const section = page.getByRole('region', { name: 'CARPOS (DOJ)' })
    await section.waitFor()
    const summary = section.getByTestId('carpos-summary')
    await summary.getByText('Acknowledged').waitFor()
    const text = await summary.innerText()
    assert.match(text, /FCN\s+F\d{15}/)
    assert.match(text, /NIC\s+H\d{10}/)
    assert.match(text, /One-business-day deadline\s+Met/)
    const rows = await section.getByRole('table', { name: 'Messages to CARPOS, in order' }).getByRole('row').allInnerTexts()
    assert.equal(rows.length, 2, rows.join('\n'))
    assert.match(rows[1], /1\. Enter \(version 1\)\s+Acknowledged/)
    assert.match(rows[1], /\d+\.\d s/) // the time from commit to acknowledgement
    assert.match(rows[1], /on time/)
    const fcn = text.match(/F\d{15}/)[0]
    await section.getByRole('heading', { name: 'CARPOS (DOJ)' }).scrollIntoViewIfNeeded()
    await checkA11y(page, 'carpos-order-acknowledged')
    await screenshot(page, 'carpos-order-acknowledged')

    // The FCN finds the order.
    await page.getByRole('navigation', { name: 'Registry' }).getByRole('link', { name: 'Orders', exact: true }).click()
    await page.getByRole('heading', { level: 1, name: 'Orders' }).waitFor()
    const find = page.getByRole('search', { name: 'Find by FCN or NIC' })
    await find.getByRole('button', { name: 'Find by FCN or NIC' }).click()
    await page.locator('.ccpor-error-summary').getByText('Enter an FCN or a NIC.').waitFor()
    await checkA11y(page, 'carpos-find-errors')
    await find.getByLabel('FCN').fill(fcn)
    await find.getByRole('button', { name: 'Find by FCN or NIC' }).click()
    const found = page.getByRole('table', { name: 'Orders with this FCN or NIC' })
    await found.waitFor()
    assert.match(await found.innerText(), new RegExp(`${CASE}\\s+Active\\s+${fcn}`))
    await checkA11y(page, 'carpos-find')
    await screenshot(page, 'carpos-find')

    // The work queue: nothing rejected.
    await page.getByRole('navigation', { name: 'Registry' }).getByRole('link', { name: 'CARPOS work queue' }).click()
    await page.getByRole('heading', { level: 1, name: 'CARPOS work queue' }).waitFor()
    assert.deepEqual((await activeElement(page)).tag, 'h1')
    await page.getByText(/The work queue is empty|Rejected messages/).first().waitFor()
    await checkA11y(page, 'carpos-queue')
    await screenshot(page, 'carpos-queue')
    await page.close()
  })

  test('a message the DOJ refuses waits in the work queue with its reason; resent, it is acknowledged', async () => {
    assert.ok(orderUrl, 'the order of the first test')
    const sim = process.env.E2E_CARPOS_SIM_URL
    assert.ok(sim, 'E2E_CARPOS_SIM_URL: the simulator scripts/e2e.sh starts')
    const faults = (body) => fetch(`${sim}/admin/faults`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
    const page = await newPage(browser)
    await login(page, 'clerk', { court: 'riverside' })
    try {
      assert.equal((await faults({ rejectShare: 1 })).ok, true)
      await page.goto(orderUrl)
      await page.getByRole('link', { name: 'Modify' }).click()
      await page.getByRole('heading', { level: 1, name: `Modify the order of case ${CASE}` }).waitFor()
      await page.getByLabel('Yards').fill('150')
      await page.getByRole('button', { name: 'Save changes' }).click()
      await saveThroughConflicts(page) // other orders of the same persons are active
      await page.getByText('The order was saved.').waitFor()

      // The queue, read again until the refusal has come back from the DOJ.
      let row
      for (let i = 0; i < 30; i++) {
        await page.goto(appUrl('carpos/queue'))
        await page.getByText(/The work queue is empty|Rejected messages/).first().waitFor()
        row = page.getByRole('row').filter({ hasText: CASE })
        if ((await row.count()) > 0) break
        await page.waitForTimeout(500)
      }
      const text = await row.innerText()
      assert.match(text, /2\. Modify/)
      assert.match(text, /rejected by the DOJ/)
      assert.match(text, /Correct the field the reason names by modifying the order, then resend\./)
      await checkA11y(page, 'carpos-queue-rejected')
      await screenshot(page, 'carpos-queue-rejected')

      assert.equal((await faults({})).ok, true)
      await row.getByRole('button', { name: `Resend message 2 of ${CASE}` }).click()
      const dialog = page.getByRole('dialog', { name: 'Resend this message?' })
      await dialog.waitFor()
      await checkA11y(page, 'carpos-queue-resend')
      await screenshot(page, 'carpos-queue-resend')
      await dialog.getByRole('button', { name: 'Yes, resend' }).click()
      await page.getByText(`The message of ${CASE} was resent; it is pending at the DOJ.`).waitFor()

      await page.goto(orderUrl)
      const section = page.getByRole('region', { name: 'CARPOS (DOJ)' })
      await section.getByTestId('carpos-summary').getByText('Acknowledged').waitFor()
      const rows = await section.getByRole('table').getByRole('row').allInnerTexts()
      assert.equal(rows.length, 3, rows.join('\n'))
      assert.match(rows[2], /2\. Modify \(version 2\)\s+Acknowledged/)
      await screenshot(page, 'carpos-order-resent')
    } finally {
      await faults({})
      await page.close()
    }
  })

  test('a user without a CLETS certification sees no CARPOS section', async () => {
    assert.ok(orderUrl, 'the order of the first test')
    assert.equal((await demoAccount('judicial_officer', 'riverside')).clets, false)
    const page = await newPage(browser)
    await login(page, 'judicial_officer', { court: 'riverside' })
    await page.goto(orderUrl)
    await page.getByRole('heading', { level: 1, name: `Order of case ${CASE}` }).waitFor()
    await page.getByRole('heading', { name: 'Version history' }).waitFor()
    assert.equal(await page.getByRole('region', { name: 'CARPOS (DOJ)' }).count(), 0)
    assert.doesNotMatch(await page.locator('main').innerText(), /CARPOS|FCN|NIC/)
    assert.equal(await page.getByRole('navigation', { name: 'Registry' }).getByRole('link', { name: 'CARPOS work queue' }).count(), 0)
    const refused = await page.request.get(orderUrl.replace(/\/orders\//, '/api/v1/orders/') + '/carpos')
    assert.equal(refused.status(), 403)
    await screenshot(page, 'carpos-not-certified')
    await page.close()
  })

  test('a sheriff checks the seed’s CLETS response against the seed’s CR-160, sees every difference and records the outcome', async () => {
    const page = await newPage(browser)
    await login(page, 'sheriff', { court: 'riverside' })
    await page.goto(appUrl())
    await page.getByRole('navigation', { name: 'Registry' }).getByRole('link', { name: 'Confirm a CLETS hit' }).click()
    await page.getByRole('heading', { level: 1, name: 'Confirm a CLETS hit' }).waitFor()
    assert.deepEqual((await activeElement(page)).tag, 'h1')

    // Nothing entered: the problems next to the fields and in the summary.
    await page.getByRole('button', { name: 'Find the order' }).click()
    const problems = page.locator('.ccpor-error-summary')
    await problems.getByText('Paste the CLETS response.').waitFor()
    assert.match(await problems.innerText(), /Enter the case number/)
    await checkA11y(page, 'carpos-hit-errors')
    await screenshot(page, 'carpos-hit-errors')

    await page.getByRole('textbox', { name: 'CLETS response' }).fill(RESPONSE)
    const court = page.getByLabel('Court', { exact: true })
    const fresno = await court.locator('option', { hasText: /County of Fresno/ }).getAttribute('value')
    await court.selectOption(fresno)
    await page.getByLabel('Case number (OCA/ or COURT CASE NUMBER/)').fill(GOLDEN.case_number)
    await page.getByRole('button', { name: 'Find the order' }).click()
    const list = page.getByRole('table', { name: 'Orders of the case' })
    await list.waitFor()
    await list.getByRole('button', { name: `Compare with CR-160 ${GOLDEN.case_number}` }).click()
    const comparison = page.getByTestId('hit-comparison')
    await comparison.waitFor()
    assert.match(await comparison.innerText(), new RegExp(`Order ${GOLDEN.case_number}, version \\d+ \\(its current version\\), status: Active\\.`))
    await comparison.getByRole('heading', { name: 'Images of the order' }).waitFor()

    // Every difference the server finds is listed, each marked in words.
    const table = comparison.getByRole('table', { name: 'Where the CLETS response and the order disagree' })
    // (the tag's text is set in capitals by the style: compare it as words)
    const rows = (await table.getByRole('row').allInnerTexts()).slice(1).map((r) => r.split('\t').map((c, i) => (i === 3 ? c.trim().toLowerCase() : c.trim())))
    const href = await comparison.getByRole('link', { name: /Open the order’s page/ }).getAttribute('href')
    const orderId = href.split('/').pop()
    const me = await (await page.request.get(appUrl('api/v1/me'))).json()
    const api = await page.request.post(appUrl(`api/v1/orders/${orderId}/clets-hit`), {
      headers: { 'X-CSRF-Token': me.csrfToken },
      data: { response: RESPONSE },
    })
    assert.equal(api.status(), 200)
    const differences = (await api.json()).differences
    assert.deepEqual(
      rows,
      differences.map((d) => [d.field, d.a, d.b, 'differs']),
    )
    // The seed's two documents disagree on the case number, a date of birth, the hair,
    // the issue date and the courthouse (and the agency, whose ORI is the registry's court's).
    const fields = rows.map((r) => r[0])
    for (const f of ['OCA', 'COURT CASE NUMBER', 'PROTECTED PERSON DOB', 'HAI', 'ISSUE DATE', 'COURT NAME', 'ORI']) {
      assert.ok(fields.includes(f), `listed: ${f} in ${fields.join(', ')}`)
    }
    assert.equal(await table.locator('mark').count(), rows.length * 2)
    await comparison.getByRole('heading', { name: '3. The order and the differences' }).scrollIntoViewIfNeeded()
    await checkA11y(page, 'carpos-hit-comparison')
    await screenshot(page, 'carpos-hit-comparison')

    // The outcome: asked for, then recorded.
    await page.getByRole('button', { name: 'Record the outcome' }).click()
    await problems.getByText('Choose what the check found.').waitFor()
    await page.getByRole('radio', { name: 'Mismatch reported to the court' }).focus()
    await page.keyboard.press('Space')
    await page.getByLabel('Note (optional)').fill('Case number, a date of birth, hair and issue date differ from the registry.')
    await page.getByRole('button', { name: 'Record the outcome' }).click()
    await page.getByText('The hit confirmation was recorded: Mismatch reported to the court.').waitFor()
    await checkA11y(page, 'carpos-hit-recorded')
    await screenshot(page, 'carpos-hit-recorded')

    const kept = await (await page.request.get(appUrl('api/v1/clets-hits'))).json()
    const mine = kept.confirmations.find((c) => c.orderId === orderId && c.outcome === 'mismatch_reported')
    assert.ok(mine, JSON.stringify(kept))
    assert.equal(mine.differences.length, rows.length)
    await page.close()
  })
})
