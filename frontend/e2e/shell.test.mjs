// The SPA shell against a running server: it renders, shows /system, answers unknown
// routes with its 404 page (also after a reload), is keyboard operable and passes axe.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { activeElement, appUrl, baseUrl, checkA11y, launch, newPage, screenshot } from './support.mjs'

describe('shell', () => {
  let browser

  before(async () => {
    baseUrl() // fails at once, with how to set it, when E2E_BASE_URL is unset
    browser = await launch()
  })

  after(async () => {
    await browser?.close()
  })

  test('home renders the header, the navigation and what /system says', async () => {
    const page = await newPage(browser)
    const systemResponse = page.waitForResponse((r) => r.url().endsWith('/api/v1/system'))
    await page.goto(appUrl())
    const system = await (await systemResponse).json()

    await page.getByRole('heading', { level: 1, name: 'Home' }).waitFor()
    const banner = page.getByRole('banner')
    assert.match(await banner.innerText(), /CCPOR/)
    assert.match(await banner.innerText(), /California Courts Protective Order Registry/)
    assert.match(await banner.innerText(), /Not signed in/)
    await page.getByRole('navigation', { name: 'Registry' }).getByRole('link', { name: 'Home' }).waitFor()

    const summary = page.getByTestId('system-summary')
    await summary.waitFor()
    const text = await summary.innerText()
    assert.match(text, new RegExp(system.product))
    assert.ok(text.includes(system.version), `version ${system.version} shown in: ${text}`)
    assert.match(text, /Development|Production/)
    assert.equal(await page.title(), 'Home | CCPOR')

    await checkA11y(page, 'home')
    await screenshot(page, 'home')
    assert.deepEqual(page.problems, [])
    await page.context().close()
  })

  test('signed out, home asks to sign in, with the use notice, and sign-in comes back here', async () => {
    const page = await newPage(browser)
    const me = page.waitForResponse((r) => r.url().endsWith('/api/v1/me'))
    await page.goto(appUrl())
    assert.equal((await me).status(), 401)

    const prompt = page.getByTestId('sign-in-prompt')
    await prompt.getByRole('heading', { level: 2, name: 'Sign in to use the registry' }).waitFor()
    assert.match(
      await prompt.innerText(),
      /This is a criminal justice information system\. Authorized use only\. Every access is recorded\./,
    )
    const basePath = new URL(appUrl()).pathname.replace(/\/$/, '')
    const want = `${basePath}/auth/login?return=${encodeURIComponent(`${basePath}/`)}`
    assert.equal(await prompt.getByRole('link', { name: 'Sign in' }).getAttribute('href'), want)
    const header = page.getByRole('region', { name: 'Your account' })
    assert.equal(await header.getByRole('link', { name: 'Sign in' }).getAttribute('href'), want)

    await checkA11y(page, 'home-signed-out')
    await screenshot(page, 'home-signed-out')
    assert.deepEqual(page.problems, [])
    await page.context().close()
  })

  test('sign-in that cannot complete lands on a page that says why, in our words', async () => {
    // A malformed invitation link: the server sends the browser to the sign-in
    // problem page with the code invitation_malformed, never text of its own.
    const page = await newPage(browser)
    await page.goto(appUrl('auth/login?invitation=not*valid'))
    await page.getByRole('heading', { level: 1, name: 'We could not sign you in' }).waitFor()
    assert.match(new URL(page.url()).pathname, /\/sign-in-problem$/)
    assert.match(await page.getByRole('main').innerText(), /The invitation link is incomplete/)
    await checkA11y(page, 'sign-in-problem')
    await screenshot(page, 'sign-in-problem')
    assert.deepEqual(page.problems, [])
    await page.context().close()
  })

  test('home fits a phone-sized screen', async () => {
    const page = await newPage(browser, { viewport: { width: 390, height: 844 } })
    await page.goto(appUrl())
    await page.getByTestId('system-summary').waitFor()
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    assert.ok(overflow <= 0, `page scrolls sideways by ${overflow}px`)
    await checkA11y(page, 'home-mobile')
    await screenshot(page, 'home-mobile')
    await page.context().close()
  })

  test('an unknown client route shows the 404 page, also after a reload', async () => {
    const page = await newPage(browser)
    await page.goto(appUrl('no/such/page'))
    await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor()
    await page.reload()
    await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor()
    await checkA11y(page, 'not-found')
    await screenshot(page, 'not-found')

    // Navigating back home moves focus to the new page's h1.
    await page.getByRole('link', { name: 'Go to the home page' }).click()
    await page.getByRole('heading', { level: 1, name: 'Home' }).waitFor()
    // The router writes the base path without its trailing slash (/ccpor for /ccpor/).
    assert.equal(page.url().replace(/\/$/, ''), appUrl().replace(/\/$/, ''))
    const focused = await activeElement(page)
    assert.deepEqual([focused?.tag, focused?.text], ['h1', 'Home'])
    assert.deepEqual(page.problems, [])
    await page.context().close()
  })

  test('keyboard: Tab reaches the skip link first, and it moves focus to the main content', async () => {
    const page = await newPage(browser)
    // A deep route: with <base href> in the page, a plain #fragment link would leave it.
    const url = appUrl('no/such/page')
    await page.goto(url)
    await page.getByRole('heading', { level: 1 }).waitFor()

    await page.keyboard.press('Tab')
    const first = await activeElement(page)
    assert.equal(first?.text, 'Skip to main content')
    assert.match(first?.className ?? '', /usa-skipnav/)
    await page.waitForTimeout(300) // the skip link slides in
    await screenshot(page, 'skip-link')

    await page.keyboard.press('Enter')
    const afterSkip = await activeElement(page)
    assert.equal(afterSkip?.tag, 'main')
    assert.equal(page.url(), url)

    // The next Tab stop is inside the main content: the link home on the 404 page.
    await page.keyboard.press('Tab')
    const next = await activeElement(page)
    assert.equal(next?.text, 'Go to the home page')
    await page.context().close()
  })

  test('the banner expands and collapses from the keyboard', async () => {
    const page = await newPage(browser)
    await page.goto(appUrl())
    const button = page.getByRole('button', { name: 'Here’s how you know' })
    await button.focus()
    assert.equal(await button.getAttribute('aria-expanded'), 'false')
    await page.keyboard.press('Enter')
    assert.equal(await button.getAttribute('aria-expanded'), 'true')
    await page.getByText('Authorized use only', { exact: true }).waitFor()
    await checkA11y(page, 'banner-open')
    await screenshot(page, 'banner-open')
    await page.keyboard.press('Enter')
    assert.equal(await button.getAttribute('aria-expanded'), 'false')
    await page.context().close()
  })
})
