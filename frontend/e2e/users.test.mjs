// A court administrator manages the court's users: Riverside's demo court admin
// invites a clerk (the invitation is e-mailed to the development outbox); the clerk
// opens it there, sets password and second factor, and signs in; the admin's
// attempt to grant court_admin is refused with a clear message; removing and
// restoring ask for confirmation. Each screen is screenshot and checked by axe.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import {
  activeElement,
  appUrl,
  baseUrl,
  checkA11y,
  enrolAtProvider,
  launch,
  linkFromOutbox,
  login,
  newPage,
  screenshot,
  signInAtProvider,
} from './support.mjs'

describe('a court administrator manages the court’s users', () => {
  let browser

  before(async () => {
    baseUrl()
    browser = await launch()
  })

  after(async () => {
    await browser?.close()
  })

  test('invites a clerk, who enrols from the e-mailed link and signs in; granting court_admin is refused', async () => {
    const stamp = Date.now().toString(36)
    const clerk = { username: `e2e.clerk.${stamp}`, name: 'Cora Invited', email: `cora.${stamp}@courts.example`, password: 'a long walk by the bay', secret: '' }

    const admin = await newPage(browser)
    // USWDS hides the check box itself; people (and the test) click its label.
    const box = (role) => admin.locator(`label[for="invite-roles${role === 'clerk' ? '' : `-${role}`}"]`)
    await login(admin, 'court_admin', { court: 'riverside' })
    await admin.goto(appUrl())
    await admin.getByRole('navigation', { name: 'Registry' }).getByRole('link', { name: 'Users' }).click()
    await admin.getByRole('heading', { level: 1, name: 'Users' }).waitFor()
    const focused = await activeElement(admin)
    assert.equal(`${focused?.tag}:${focused?.text}`, 'h1:Users')
    const table = admin.getByRole('table', { name: 'Users of the court' })
    await table.waitFor()
    assert.match(await table.innerText(), /demo\.riverside\.clerk/)
    await checkA11y(admin, 'users')
    await screenshot(admin, 'users')

    // Nothing filled in: each error next to its field and in the summary.
    await admin.getByRole('button', { name: 'Send the invitation' }).click()
    await admin.getByRole('heading', { name: 'Fix these problems' }).waitFor()
    await admin.getByText('Enter the user’s full name.').first().waitFor()
    await checkA11y(admin, 'users-invite-errors')
    await screenshot(admin, 'users-invite-errors')

    // A court admin cannot make another court admin.
    await admin.getByLabel('Full name').fill(clerk.name)
    await admin.getByLabel(/^Username/).fill(clerk.username)
    await admin.getByLabel('E-mail address').fill(clerk.email)
    await box('court_admin').click()
    await admin.getByRole('button', { name: 'Send the invitation' }).click()
    const refusal = /The court administrator role is granted by a platform administrator\./
    await admin.getByRole('group', { name: 'Roles in this court' }).locator('.usa-error-message').getByText(refusal).waitFor()
    assert.match(await admin.locator('.ccpor-error-summary').innerText(), refusal)
    admin.problems.length = 0 // Chromium logs the refusal's 403 answer; it is the point here
    await checkA11y(admin, 'users-invite-court-admin-refused')
    await screenshot(admin, 'users-invite-court-admin-refused')

    // A clerk, CLETS certified until a date.
    await box('court_admin').click()
    await box('clerk').click()
    const until = new Date()
    until.setFullYear(until.getFullYear() + 1)
    await admin.getByLabel('Month').fill(String(until.getMonth() + 1))
    await admin.getByLabel('Day').fill('1')
    await admin.getByLabel('Year').fill(String(until.getFullYear()))
    await admin.getByRole('button', { name: 'Send the invitation' }).click()
    await admin.getByText(`Invitation sent to ${clerk.name} at ${clerk.email}.`).waitFor()
    const row = table.getByRole('row').filter({ hasText: clerk.username })
    await row.waitFor()
    assert.match(await row.innerText(), /Clerk/)
    assert.match(await row.innerText(), /Not yet \(invited\)/)
    await screenshot(admin, 'users-invited')

    // The clerk, in another browser: the link from the outbox, password, TOTP, sign-in.
    const page = await newPage(browser)
    const link = await linkFromOutbox(page, clerk.email, /https?:\/\/\S+\/idp\/enrol\?invitation=\S+/)
    await screenshot(page, 'users-outbox-invitation')
    await page.goto(link)
    await enrolAtProvider(page, clerk)
    await page.getByRole('link', { name: 'Continue to sign in' }).click()
    await signInAtProvider(page, clerk)
    const welcome = page.getByTestId('welcome')
    await welcome.waitFor()
    assert.match(await welcome.innerText(), /Cora Invited/)
    assert.match(await welcome.innerText(), /County of Riverside/)
    await screenshot(page, 'users-clerk-signed-in')
    assert.deepEqual(page.problems, [])
    await page.context().close()

    // Back at the admin's screen: the clerk has signed in; remove and restore, each confirmed.
    await admin.reload()
    await admin.getByRole('heading', { level: 1, name: 'Users' }).waitFor()
    const signedIn = admin.getByRole('table', { name: 'Users of the court' }).getByRole('row').filter({ hasText: clerk.username })
    assert.doesNotMatch(await signedIn.innerText(), /Not yet/)
    await signedIn.getByRole('button', { name: `Remove ${clerk.name}` }).click()
    const dialog = admin.getByRole('dialog', { name: `Remove ${clerk.name}` })
    await dialog.waitFor()
    await checkA11y(admin, 'users-remove-confirm')
    await screenshot(admin, 'users-remove-confirm')
    await dialog.getByRole('button', { name: 'Remove from the court' }).click()
    await admin.getByText(`${clerk.name} was removed from the court.`).waitFor()
    await signedIn.getByText('Removed').waitFor()
    await signedIn.getByRole('button', { name: `Restore ${clerk.name}` }).click()
    await admin.getByRole('dialog', { name: `Restore ${clerk.name}` }).getByRole('button', { name: 'Restore' }).click()
    await admin.getByText(`${clerk.name} was restored.`).waitFor()
    assert.doesNotMatch(await signedIn.innerText(), /Removed/)
    await screenshot(admin, 'users-restored')
    assert.deepEqual(admin.problems, [])
    await admin.context().close()
  })
})
