// The help desk console: Riverside's help desk finds a clerk of its court and
// resets the clerk's second factor; the clerk's next sign-in (a fresh browser)
// takes the old password, then a new password and new one-time codes. The clerk
// is made for this test by scripts/e2e.sh (`ccpor invite`), so no other test's
// demo account changes.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { appUrl, checkA11y, enrolAtProvider as enrol, launch, login, newPage, screenshot, signInAtProvider } from './support.mjs'

const clerk = { username: 'e2e.helped', password: 'a green lantern by the bay', secret: '' }

describe('the help desk console', () => {
  let browser

  before(async () => {
    browser = await launch()
  })

  after(async () => {
    await browser?.close()
  })

  test('the help desk resets a clerk’s second factor; the clerk enrols again at the next sign-in', {
    skip: !process.env.E2E_HELPDESK_INVITATION_URL && 'E2E_HELPDESK_INVITATION_URL is not set',
  }, async () => {
    // The clerk enrols from the invitation and signs in once.
    const first = await newPage(browser)
    await first.goto(process.env.E2E_HELPDESK_INVITATION_URL)
    await enrol(first, clerk, { heading: 'Set your password' })
    await first.getByRole('link', { name: 'Continue to sign in' }).click()
    await signInAtProvider(first, clerk)
    await first.getByTestId('welcome').waitFor()
    await first.context().close()

    // Riverside's help desk finds the clerk and resets the second factor.
    const desk = await newPage(browser)
    await login(desk, 'helpdesk', { court: 'riverside' })
    await desk.goto(appUrl())
    await desk.getByRole('navigation', { name: 'Registry' }).getByRole('link', { name: 'Help desk' }).click()
    await desk.getByRole('heading', { level: 1, name: 'Help desk' }).waitFor()
    assert.equal(await desk.evaluate(() => document.activeElement?.tagName), 'H1')
    await desk.getByRole('button', { name: 'Find users' }).click() // empty: refused next to the field
    await desk.getByRole('heading', { name: 'The search could not run' }).waitFor()
    await checkA11y(desk, 'helpdesk-search-error')
    await screenshot(desk, 'helpdesk-search-error')

    await desk.getByLabel('Username, name or e-mail address').fill('e2e.helped')
    await desk.getByRole('button', { name: 'Find users' }).click()
    const table = desk.getByRole('table', { name: 'Users matching “e2e.helped”' })
    await table.waitFor()
    await checkA11y(desk, 'helpdesk-results')
    await screenshot(desk, 'helpdesk-results')
    await table.getByRole('list', { name: 'Actions for Hugo Helped' }).getByRole('button', { name: 'Reset second factor' }).click()
    const dialog = desk.getByRole('dialog', { name: 'Reset the second factor?' })
    await dialog.waitFor()
    await checkA11y(desk, 'helpdesk-confirm')
    await screenshot(desk, 'helpdesk-confirm')
    await dialog.getByRole('button', { name: 'Reset the second factor' }).click()
    await desk.getByText(/Hugo Helped's second factor is reset/).waitFor()
    await desk.getByText(/sets a new password and codes at the next sign-in/).waitFor()
    await checkA11y(desk, 'helpdesk-done')
    await screenshot(desk, 'helpdesk-done')

    // A privileged account of the court is the statewide help desk's: no actions here.
    await desk.getByLabel('Username, name or e-mail address').fill('demo.riverside.admin')
    await desk.getByRole('button', { name: 'Find users' }).click()
    await desk.getByText(/only the statewide help desk may reset it/).waitFor()
    assert.deepEqual(desk.problems, [])
    await desk.context().close()

    // The clerk was told by e-mail.
    const mail = await newPage(browser)
    await mail.goto(appUrl('idp/dev/outbox'))
    await mail.getByTestId('mail').filter({ hasText: 'your second factor was reset' }).filter({ hasText: 'hugo@courts.example' }).first().waitFor()
    await mail.context().close()

    // The clerk's next sign-in, in a fresh browser: old password, then a new one and new codes.
    const again = await newPage(browser)
    await again.goto(appUrl('auth/login'))
    await again.getByRole('button', { name: 'I acknowledge, continue' }).click()
    await again.getByLabel('Username').fill(clerk.username)
    await again.getByLabel('Password').fill(clerk.password)
    await again.getByRole('button', { name: 'Continue' }).click()
    const oldSecret = clerk.secret
    clerk.password = 'a red kite over the dunes'
    await enrol(again, clerk, {
      heading: 'Set a new password',
      onPage: async (name) => {
        await checkA11y(again, `idp-reenrol-${name}`)
        await screenshot(again, `idp-reenrol-${name}`)
      },
    })
    assert.notEqual(clerk.secret, oldSecret)
    await again.getByRole('link', { name: 'Continue to sign in' }).click()
    const welcome = again.getByTestId('welcome')
    await welcome.waitFor()
    assert.match(await welcome.innerText(), /Hugo Helped/)
    assert.deepEqual(again.problems, [])
    await again.context().close()
  })
})
