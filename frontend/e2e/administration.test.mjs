// Administration from end to end, against a running server: a platform
// administrator on-boards a planned court through its checklist (dates entered
// earlier than the day they are recorded, where the 60 days' lead would otherwise
// block), appoints a new court administrator (invited by e-mail) and takes the court
// live; the administrator enrols from the e-mail in the development outbox, signs in
// and invites a clerk; the clerk enrols from the e-mail and signs in; the statewide
// help desk resets the clerk's second factor (and disables the whole account and
// enables it again) and the clerk enrols again at the next sign-in. Names are
// unique per run, so the test runs again on the same database.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import {
  appUrl,
  baseUrl,
  californiaDay as day,
  checkA11y,
  chooseLabel,
  enrolAtProvider,
  fillDate,
  launch,
  linkFromOutbox,
  login,
  newPage,
  screenshot,
  signInAtProvider,
} from './support.mjs'

const RUN = `${Date.now().toString(36)}${Math.floor(Math.random() * 36 ** 2).toString(36)}`.toUpperCase()
const run = RUN.toLowerCase()
const NAME = `Superior Court of California, County of Onboard ${RUN}`
const ENROL = /https?:\/\/\S+\/idp\/enrol\?invitation=\S+/

describe('administration from end to end', () => {
  let browser

  before(async () => {
    baseUrl()
    browser = await launch()
  })

  after(async () => {
    await browser?.close()
  })

  test('a court is on-boarded, its administrator invites a clerk, and the help desk resets the clerk’s second factor', async () => {
    const admin = { username: `e2e.admin.${run}`, name: `Ada Onboard ${RUN}`, email: `ada.${run}@onboard.courts.example`, password: 'a quiet harbour at dawn', secret: '' }
    const clerk = { username: `e2e.clerk.${run}`, name: `Cal Onboard ${RUN}`, email: `cal.${run}@onboard.courts.example`, password: 'a steady lamp on the pier', secret: '' }

    // The platform administrator creates the planned court.
    const platform = await newPage(browser)
    await login(platform, 'platform_admin', { username: 'demo.platform-admin' })
    await platform.goto(appUrl('admin/courts/new'))
    await platform.getByRole('heading', { level: 1, name: 'Create a court' }).waitFor()
    await platform.getByLabel('Short name').fill(`e2e-ob-${run}`)
    await platform.getByLabel('Name', { exact: true }).fill(NAME)
    await platform.getByRole('textbox', { name: 'County' }).fill('Onboard')
    await platform.getByLabel('ORI', { exact: true }).fill(`CO${RUN.slice(-7).padStart(7, '0')}`)
    await platform.getByRole('button', { name: 'Create the court' }).click()
    await platform.getByRole('heading', { level: 1, name: NAME }).waitFor()
    assert.match(await platform.getByTestId('court-summary').innerText(), /Planned/)
    await screenshot(platform, 'onboard-1-planned')

    // Its checklist, dated earlier: the decision 90 days ago and go-live 70 days after it.
    const checklist = platform.locator('form[aria-labelledby="record-step-heading"]')
    const record = async (step, happened, goLive) => {
      await chooseLabel(checklist, step)
      await fillDate(checklist, /The day it happened/, day(happened))
      if (goLive !== undefined) await fillDate(checklist, /Go-live date/, day(goLive))
      await checklist.getByRole('button', { name: 'Record the step' }).click()
      await platform.getByText('The step is recorded.').waitFor()
    }
    await record('Engagement meeting with the court’s CEO and the sheriff', -100)
    await record('Decision to on-board and the go-live date', -90, -20)
    await record('Follow-up discussions with the court’s representatives', -60)
    await platform.getByTestId('blockers').getByText('Appoint a court administrator.').waitFor()
    await screenshot(platform, 'onboard-2-checklist')

    // The court administrator, new to the registry, is invited by e-mail.
    const appoint = platform.locator('form[aria-labelledby="appoint-heading"]')
    await appoint.getByLabel('Username').fill(admin.username)
    await appoint.getByLabel('Full name (new user only)').fill(admin.name)
    await appoint.getByLabel('E-mail address (new user only)').fill(admin.email)
    await appoint.getByRole('button', { name: 'Appoint' }).click()
    await platform.getByText(`An invitation was e-mailed to ${admin.email}.`, { exact: false }).waitFor()
    await platform.getByRole('table', { name: 'The court’s administrators' }).getByText(admin.name).waitFor()
    await checkA11y(platform, 'onboard-3-appointed')
    await screenshot(platform, 'onboard-3-appointed')

    const goLive = platform.locator('form[aria-label="Take the court live"]')
    await fillDate(goLive, /The day the court went live/, day(0))
    await goLive.getByRole('button', { name: 'Take the court live' }).click()
    await platform.getByText('The court is live.').waitFor()
    assert.match(await platform.getByTestId('court-summary').innerText(), /Live/)
    await screenshot(platform, 'onboard-4-live')
    assert.deepEqual(platform.problems, [])
    await platform.context().close()

    // The administrator enrols from the e-mail and signs in to the new court.
    const adminPage = await newPage(browser)
    const adminLink = await linkFromOutbox(adminPage, admin.email, ENROL)
    assert.match(await adminPage.getByTestId('mail').filter({ hasText: `To: ${admin.email}` }).first().innerText(), new RegExp(`Your username is ${admin.username.replace(/\./g, '\\.')}`))
    await screenshot(adminPage, 'onboard-5-admin-invitation')
    await adminPage.goto(adminLink)
    await enrolAtProvider(adminPage, admin)
    await adminPage.getByRole('link', { name: 'Continue to sign in' }).click()
    await signInAtProvider(adminPage, admin)
    const adminWelcome = adminPage.getByTestId('welcome')
    await adminWelcome.waitFor()
    assert.match(await adminWelcome.innerText(), new RegExp(admin.name))
    assert.match(await adminWelcome.innerText(), new RegExp(`County of Onboard ${RUN}`))
    await screenshot(adminPage, 'onboard-6-admin-signed-in')

    // ... and invites a clerk.
    await adminPage.getByRole('navigation', { name: 'Registry' }).getByRole('link', { name: 'Users' }).click()
    await adminPage.getByRole('heading', { level: 1, name: 'Users' }).waitFor()
    await adminPage.getByLabel('Full name').fill(clerk.name)
    await adminPage.getByLabel(/^Username/).fill(clerk.username)
    await adminPage.getByLabel('E-mail address').fill(clerk.email)
    await adminPage.locator('label[for="invite-roles"]').click() // clerk
    await adminPage.getByRole('button', { name: 'Send the invitation' }).click()
    await adminPage.getByText(`Invitation sent to ${clerk.name} at ${clerk.email}.`).waitFor()
    const row = adminPage.getByRole('table', { name: 'Users of the court' }).getByRole('row').filter({ hasText: clerk.username })
    assert.match(await row.innerText(), /Clerk/)
    await checkA11y(adminPage, 'onboard-7-clerk-invited')
    await screenshot(adminPage, 'onboard-7-clerk-invited')
    assert.deepEqual(adminPage.problems, [])
    await adminPage.context().close()

    // The clerk enrols from the e-mail and signs in.
    const clerkPage = await newPage(browser)
    await clerkPage.goto(await linkFromOutbox(clerkPage, clerk.email, ENROL))
    await enrolAtProvider(clerkPage, clerk)
    await clerkPage.getByRole('link', { name: 'Continue to sign in' }).click()
    await signInAtProvider(clerkPage, clerk)
    const clerkWelcome = clerkPage.getByTestId('welcome')
    await clerkWelcome.waitFor()
    assert.match(await clerkWelcome.innerText(), new RegExp(clerk.name))
    await screenshot(clerkPage, 'onboard-8-clerk-signed-in')
    assert.deepEqual(clerkPage.problems, [])
    await clerkPage.context().close()

    // The court has no help desk of its own yet: the statewide help desk resets the clerk's second factor.
    const desk = await newPage(browser)
    await login(desk, 'helpdesk', { court: 'statewide' })
    await desk.goto(appUrl())
    await desk.getByRole('navigation', { name: 'Registry' }).getByRole('link', { name: 'Help desk' }).click()
    await desk.getByRole('heading', { level: 1, name: 'Help desk' }).waitFor()
    await desk.getByLabel('Username, name or e-mail address').fill(clerk.username)
    await desk.getByRole('button', { name: 'Find users' }).click()
    const found = desk.getByRole('table', { name: `Users matching “${clerk.username}”` })
    await found.getByRole('list', { name: `Actions for ${clerk.name}` }).getByRole('button', { name: 'Reset second factor' }).click()
    await desk.getByRole('dialog', { name: 'Reset the second factor?' }).getByRole('button', { name: 'Reset the second factor' }).click()
    await desk.getByText(`${clerk.name}'s second factor is reset`, { exact: false }).waitFor()
    await checkA11y(desk, 'onboard-9-helpdesk-reset')
    await screenshot(desk, 'onboard-9-helpdesk-reset')

    // The statewide help desk may also disable a whole account, after confirming, and enable it again.
    const actions = () => found.getByRole('list', { name: `Actions for ${clerk.name}` })
    await actions().getByRole('button', { name: 'Disable account' }).click()
    const disable = desk.getByRole('dialog', { name: 'Disable the whole account?' })
    await checkA11y(desk, 'onboard-9a-disable-confirm')
    await screenshot(desk, 'onboard-9a-disable-confirm')
    await disable.getByRole('button', { name: 'Disable the account' }).click()
    await desk.getByText(`${clerk.name}'s account is disabled`, { exact: false }).waitFor()
    await found.getByText('Account disabled').waitFor()
    await screenshot(desk, 'onboard-9b-disabled')
    await actions().getByRole('button', { name: 'Enable account' }).click()
    await desk.getByRole('dialog', { name: 'Enable the account again?' }).getByRole('button', { name: 'Enable the account' }).click()
    await desk.getByText(`${clerk.name}'s account is enabled again`, { exact: false }).waitFor()
    await actions().getByRole('button', { name: 'Disable account' }).waitFor()
    assert.deepEqual(desk.problems, [])
    await desk.context().close()

    // The clerk's next sign-in: the old password, then a new password and new codes.
    const again = await newPage(browser)
    await again.goto(appUrl('auth/login'))
    await again.getByRole('button', { name: 'I acknowledge, continue' }).click()
    await again.getByLabel('Username').fill(clerk.username)
    await again.getByLabel('Password').fill(clerk.password)
    await again.getByRole('button', { name: 'Continue' }).click()
    const oldSecret = clerk.secret
    clerk.password = 'a second lamp on the pier'
    await enrolAtProvider(again, clerk, {
      heading: 'Set a new password',
      onPage: async (name) => {
        if (name === 'password') await screenshot(again, 'onboard-10-clerk-reenrol')
      },
    })
    assert.notEqual(clerk.secret, oldSecret)
    await again.getByRole('link', { name: 'Continue to sign in' }).click()
    const welcomeAgain = again.getByTestId('welcome')
    await welcomeAgain.waitFor()
    assert.match(await welcomeAgain.innerText(), new RegExp(clerk.name))
    await screenshot(again, 'onboard-11-clerk-signed-in-again')
    assert.deepEqual(again.problems, [])
    await again.context().close()
  })
})
