// Maintenance windows against a running server: a platform administrator schedules
// one (its problems listed first), a clerk sees the notice, and during a read-only
// window a change is answered 503 while reading goes on. Each page is checked by
// axe and screenshot; the windows made here are cancelled at the end.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { activeElement, appUrl, baseUrl, checkA11y, launch, login, newPage, screenshot } from './support.mjs'

const RUN = Date.now().toString(36).toUpperCase()

/** pacific is a time in California as a datetime-local field takes it: 2026-12-02T18:00. */
function pacific(date) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: 'America/Los_Angeles',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  )
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`
}

async function schedule(page, { start, end, message, readOnly = false }) {
  await page.getByLabel('Start').fill(pacific(start))
  await page.getByLabel('End', { exact: true }).fill(pacific(end))
  await page.getByLabel('Message to users').fill(message)
  if (readOnly) await page.locator('label[for="read-only"]').click()
  await page.getByRole('button', { name: 'Schedule window' }).click()
  await page.getByRole('heading', { level: 2, name: /Window scheduled/ }).waitFor()
}

describe('maintenance', () => {
  let browser
  let admin
  let clerk

  before(async () => {
    baseUrl()
    browser = await launch()
    admin = await newPage(browser)
    await login(admin, 'platform_admin')
    clerk = await newPage(browser)
    await login(clerk, 'clerk', { court: 'riverside' })
  })

  after(async () => {
    // Leave no window for the other tests: cancel every one still open.
    if (admin) {
      await admin.goto(appUrl('maintenance'))
      // The heading comes before the list: count the buttons once the table is there.
      await admin.getByRole('table', { name: 'Maintenance windows, the latest first' }).waitFor()
      for (;;) {
        const cancel = admin.getByRole('button', { name: /^Cancel/ })
        const open = await cancel.count()
        if (open === 0) break
        await cancel.first().click()
        await admin.waitForFunction(
          (n) => [...document.querySelectorAll('button')].filter((b) => b.textContent.startsWith('Cancel')).length < n,
          open,
        )
      }
      const announced = await (await admin.request.get(appUrl('api/v1/maintenance'))).json()
      assert.deepEqual(announced.windows ?? announced, [], 'no window is left announced for the other tests')
    }
    await browser?.close()
  })

  test('a platform administrator schedules a window; wrong times are named first', async () => {
    await admin.goto(appUrl())
    await admin.getByRole('navigation', { name: 'Registry' }).getByRole('link', { name: 'Maintenance' }).click()
    await admin.getByRole('heading', { level: 1, name: 'Maintenance' }).waitFor()
    assert.equal((await activeElement(admin)).tag, 'h1')
    await checkA11y(admin, 'maintenance')
    await screenshot(admin, 'maintenance')

    const tomorrow = new Date(Date.now() + 24 * 3600_000)
    await admin.getByLabel('Start').fill(pacific(tomorrow))
    await admin.getByLabel('End', { exact: true }).fill(pacific(new Date(tomorrow.getTime() - 3600_000)))
    await admin.getByRole('button', { name: 'Schedule window' }).click()
    const summary = admin.getByRole('heading', { level: 2, name: 'Fix these to schedule the window' })
    await summary.waitFor()
    const items = await admin.locator('.ccpor-error-summary li').allTextContents()
    assert.deepEqual(items, ['End: The end must be after the start', 'Message to users: Enter the message users will see'])
    assert.equal(await admin.evaluate(() => document.activeElement?.classList.contains('ccpor-error-summary')), true)
    await checkA11y(admin, 'maintenance-errors')
    await screenshot(admin, 'maintenance-errors')

    await schedule(admin, { start: tomorrow, end: new Date(tomorrow.getTime() + 3 * 3600_000), message: `Database upgrade ${RUN}.` })
    const row = admin.getByRole('row').filter({ hasText: `Database upgrade ${RUN}.` })
    assert.match(await row.textContent(), /Scheduled.*Every court/)
    await checkA11y(admin, 'maintenance-scheduled')
    await screenshot(admin, 'maintenance-scheduled')
  })

  test('a clerk sees the notice of the coming window', async () => {
    await clerk.goto(appUrl())
    const notices = clerk.getByRole('region', { name: 'Maintenance notices' })
    await notices.getByText(`Database upgrade ${RUN}.`).waitFor()
    assert.match(await notices.textContent(), /Maintenance scheduled.*Pacific time/)
    await checkA11y(clerk, 'maintenance-banner-clerk')
    await screenshot(clerk, 'maintenance-banner-clerk')
  })

  test('during a read-only window a change gets 503; reading goes on', async () => {
    const now = new Date()
    await admin.goto(appUrl('maintenance'))
    await admin.getByRole('heading', { level: 1, name: 'Maintenance' }).waitFor()
    await schedule(admin, { start: now, end: new Date(now.getTime() + 3600_000), message: `Storage move ${RUN}.`, readOnly: true })

    await clerk.goto(appUrl('orders/new'))
    await clerk.getByRole('heading', { level: 1, name: 'Enter a CR-160' }).waitFor()
    const notices = clerk.getByRole('region', { name: 'Maintenance notices' })
    await notices.getByRole('heading', { name: 'Maintenance under way' }).waitFor()
    assert.match(await notices.textContent(), /you cannot enter or change them/)

    const answer = clerk.waitForResponse((r) => r.url().endsWith('/api/v1/orders') && r.request().method() === 'POST')
    await clerk.getByRole('button', { name: 'Issue' }).click()
    const response = await answer
    assert.equal(response.status(), 503)
    assert.ok(Number(response.headers()['retry-after']) > 0, 'Retry-After gives the seconds until the end')
    assert.match(response.headers()['ccpor-maintenance'], /state=underway; read-only/)
    const alert = clerk.getByRole('alert').filter({ hasText: 'read-only for maintenance' })
    await alert.waitFor()
    assert.match(await alert.textContent(), /Service Unavailable.*Status: 503/)
    await checkA11y(clerk, 'maintenance-read-only-refused')
    await screenshot(clerk, 'maintenance-read-only-refused')

    // Reading goes on.
    const read = await clerk.request.get(appUrl('api/v1/orders?caseNumber=06NF0886'))
    assert.equal(read.status(), 200)
    assert.deepEqual(clerk.problems.filter((p) => !/status of 503/.test(p)), [])
  })
})
