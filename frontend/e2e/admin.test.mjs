// Platform administration against a running server: a platform administrator creates
// a planned court and on-boards it through its checklist (dates entered earlier than
// the day they are recorded, where the 60 days' lead would otherwise block), is
// refused appointing themselves, appoints (invites) a court administrator and takes
// the court live; an ORI change waits until the second platform administrator
// approves it; the demo auditor finds the refused self-grant in the audit log.
// Each page is checked by axe and screenshot.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import {
  activeElement,
  appUrl,
  baseUrl,
  californiaDay as day,
  checkA11y,
  chooseLabel as choose,
  fillDate,
  launch,
  login,
  newPage,
  screenshot,
} from './support.mjs'

const RUN = Date.now().toString(36).toUpperCase()
const CODE = `e2e-${RUN.toLowerCase()}`
const NAME = `Superior Court of California, County of Test ${RUN}`
const ORI = `CA${RUN.slice(-7).padStart(7, '0')}`
const NEW_ORI = `CB${RUN.slice(-7).padStart(7, '0')}`

describe('platform administration', () => {
  let browser
  let page
  let courtUrl

  before(async () => {
    baseUrl()
    browser = await launch()
    page = await newPage(browser)
    await login(page, 'platform_admin', { username: 'demo.platform-admin' })
  })

  after(async () => {
    await browser?.close()
  })

  test('a platform administrator creates a planned court', async () => {
    await page.goto(appUrl())
    await page.getByRole('navigation', { name: 'Registry' }).getByRole('link', { name: 'Courts' }).click()
    await page.getByRole('heading', { level: 1, name: 'Courts' }).waitFor()
    assert.equal((await activeElement(page)).tag, 'h1')
    await checkA11y(page, 'admin-courts')
    await screenshot(page, 'admin-courts')

    await page.getByRole('link', { name: 'Create a court' }).click()
    await page.getByRole('heading', { level: 1, name: 'Create a court' }).waitFor()
    await page.getByLabel('Short name').fill('Bad Code')
    await page.getByRole('button', { name: 'Create the court' }).click()
    await page.getByRole('heading', { level: 2, name: 'Check these fields' }).waitFor()
    assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('ccpor-error-summary')), true)
    assert.match(await page.locator('#court-code-error').innerText(), /lower-case letters/)
    await checkA11y(page, 'admin-court-new-errors')
    await screenshot(page, 'admin-court-new-errors')

    await page.getByLabel('Short name').fill(CODE)
    await page.getByLabel('Name', { exact: true }).fill(NAME)
    await page.getByRole('textbox', { name: 'County' }).fill('Test')
    await page.getByLabel('ORI', { exact: true }).fill(ORI)
    await page.getByRole('button', { name: 'Create the court' }).click()
    await page.getByRole('heading', { level: 1, name: NAME }).waitFor()
    courtUrl = page.url()
    assert.match(await page.getByTestId('court-summary').innerText(), /Planned/)
  })

  test('records the checklist with earlier dates, is refused a self-grant, appoints an administrator and goes live', async () => {
    const checklist = page.locator('form[aria-labelledby="record-step-heading"]')
    await choose(checklist, 'Engagement meeting with the court’s CEO and the sheriff')
    await fillDate(checklist, /The day it happened/, day(-100))
    await checklist.getByLabel(/Note/).fill('CEO and sheriff of the test county')
    await checklist.getByRole('button', { name: 'Record the step' }).click()
    await page.getByText('The step is recorded.').waitFor()

    // A decision whose go-live date is 59 days later is refused next to the field.
    await choose(checklist, 'Decision to on-board and the go-live date')
    await fillDate(checklist, /The day it happened/, day(-90))
    await fillDate(checklist, /Go-live date/, day(-31))
    await checklist.getByRole('button', { name: 'Record the step' }).click()
    await page.getByRole('heading', { level: 2, name: 'Check these fields' }).waitFor()
    assert.match(await page.locator('#step-goLiveOn-error').innerText(), new RegExp(`at least 60 days after the decision: ${day(-30)} or later`))
    await checkA11y(page, 'admin-checklist-lead-time')
    await screenshot(page, 'admin-checklist-lead-time')

    await fillDate(checklist, /Go-live date/, day(-20))
    await checklist.getByRole('button', { name: 'Record the step' }).click()
    await page.getByText('The step is recorded.').waitFor()
    await choose(checklist, 'Follow-up discussions with the court’s representatives')
    await fillDate(checklist, /The day it happened/, day(-60))
    await checklist.getByRole('button', { name: 'Record the step' }).click()
    await page.getByText('The step is recorded.').waitFor()
    await page.getByTestId('blockers').getByText('Appoint a court administrator.').waitFor()

    const appoint = page.locator('form[aria-labelledby="appoint-heading"]')
    await appoint.getByLabel('Username').fill('demo.platform-admin')
    await appoint.getByRole('button', { name: 'Appoint' }).click()
    await page.getByText(/You cannot grant a role to yourself/).waitFor()
    await screenshot(page, 'admin-self-grant-refused')

    await appoint.getByLabel('Username').fill(`e2e.${RUN.toLowerCase()}.admin`)
    await appoint.getByLabel('Full name (new user only)').fill('Tess Admin')
    await appoint.getByLabel('E-mail address (new user only)').fill('tess.admin@test.courts.example')
    await appoint.getByRole('button', { name: 'Appoint' }).click()
    await page.getByText('An invitation was e-mailed to tess.admin@test.courts.example.', { exact: false }).waitFor()
    await page.getByRole('table', { name: 'The court’s administrators' }).getByText('Tess Admin').waitFor()
    await checkA11y(page, 'admin-court-onboarding')
    await screenshot(page, 'admin-court-onboarding')

    const goLive = page.locator('form[aria-label="Take the court live"]')
    await fillDate(goLive, /The day the court went live/, day(0))
    await goLive.getByRole('button', { name: 'Take the court live' }).click()
    await page.getByText('The court is live.').waitFor()
    assert.match(await page.getByTestId('court-summary').innerText(), /Live/)
    const checklistText = await page.getByTestId('checklist').innerText()
    const us = (iso) => `${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(0, 4)}`
    assert.match(checklistText, new RegExp(`${us(day(-100))}, recorded by Pat Admin \\(demo\\) on`))
    await checkA11y(page, 'admin-court-live')
    await screenshot(page, 'admin-court-live')
  })

  test('an ORI change waits for the second platform administrator, who approves it', async () => {
    const settings = page.locator('form[aria-label="Save the settings"]')
    await settings.getByLabel('ORI', { exact: true }).fill(NEW_ORI)
    await settings.getByLabel(/Reason for a change/).fill('DOJ assigned a new ORI')
    await settings.getByRole('button', { name: 'Save the settings' }).click()
    await page.getByText(/One change waits for a second platform administrator’s approval/).waitFor()
    const card = page.getByTestId('pending-change')
    await card.getByText(`ORI ${ORI} to ${NEW_ORI}`).waitFor()
    assert.equal(await card.getByRole('button', { name: /Approve/ }).count(), 0)
    assert.match(await page.getByTestId('court-summary').innerText(), new RegExp(ORI))
    await checkA11y(page, 'admin-ori-pending')
    await screenshot(page, 'admin-ori-pending')

    const second = await newPage(browser)
    await login(second, 'platform_admin', { username: 'demo.platform-admin-2' })
    await second.goto(appUrl('admin/courts'))
    await second.getByRole('heading', { level: 1, name: 'Courts' }).waitFor()
    const pending = second.getByTestId('pending-change').filter({ hasText: NEW_ORI })
    await pending.getByText('Proposed by Pat Admin (demo)', { exact: false }).waitFor()
    await screenshot(second, 'admin-ori-approval')
    await pending.getByRole('button', { name: 'Approve: Change of ORI' }).click()
    await second.getByText('The change is approved and applied.').waitFor()
    await second.goto(courtUrl)
    await second.getByRole('heading', { level: 1, name: NAME }).waitFor()
    assert.match(await second.getByTestId('court-summary').innerText(), new RegExp(NEW_ORI))
    await checkA11y(second, 'admin-ori-approved')
    await screenshot(second, 'admin-ori-approved')
    assert.deepEqual(second.problems, [])
    await second.context().close()
    // The refusals this file provokes (422 field errors, 403 self-grant) are the only failed loads.
    assert.deepEqual(page.problems.filter((p) => !/status of (403|422) /.test(p)), [])
  })

  test('the demo auditor finds the refused self-grant in the audit log', async () => {
    const auditor = await newPage(browser)
    await login(auditor, 'auditor', { court: 'statewide' })
    await auditor.goto(appUrl())
    await auditor.getByRole('navigation', { name: 'Registry' }).getByRole('link', { name: 'Audit log' }).click()
    await auditor.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor()
    assert.equal((await activeElement(auditor)).tag, 'h1')
    await auditor.getByLabel('Action', { exact: true }).fill('court.admin.appoint')
    await auditor.getByLabel('Outcome').selectOption('denied')
    await fillDate(auditor, /From/, day(-1))
    await auditor.getByRole('button', { name: 'Search' }).click()
    const table = auditor.getByRole('table', { name: 'Audit events, newest first' })
    await table.getByText(/You cannot grant a role to yourself/).first().waitFor()
    assert.match(await table.innerText(), /Denied/)
    const href = await auditor.getByRole('link', { name: 'Export these events as CSV' }).getAttribute('href')
    assert.match(href, /\/api\/v1\/audit-events\/export\?.*action=court\.admin\.appoint/)
    const csv = await auditor.request.get(href)
    assert.equal(csv.status(), 200)
    assert.match(await csv.text(), /court\.admin\.appoint/)
    await checkA11y(auditor, 'audit-log')
    await screenshot(auditor, 'audit-log')
    assert.deepEqual(auditor.problems, [])
  })
})
