// Shared helpers for the end-to-end tests: Debian's Chromium driven by playwright-core,
// axe for accessibility, full-page screenshots. The server is not started here: the
// tests run against E2E_BASE_URL (e.g. http://127.0.0.1:18080/ or .../ccpor/).
import assert from 'node:assert/strict'
import { createHmac } from 'node:crypto'
import { mkdir, readFile, rm } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import AxeBuilder from '@axe-core/playwright'
import { chromium } from 'playwright-core'

export const CHROMIUM = process.env.E2E_CHROMIUM ?? '/usr/bin/chromium'
const SCREENSHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url))
const AUTH_STATES = fileURLToPath(new URL('./.auth/', import.meta.url))
const DEMO_ACCOUNTS = fileURLToPath(new URL('../../docs/demo-accounts.md', import.meta.url))
const A11Y_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']
const BLOCKING_IMPACTS = new Set(['serious', 'critical'])

/** baseUrl is E2E_BASE_URL with a trailing slash; it fails clearly when unset. */
export function baseUrl() {
  const raw = process.env.E2E_BASE_URL
  if (!raw) {
    throw new Error(
      'E2E_BASE_URL is not set: start the server, then run e.g. E2E_BASE_URL=http://127.0.0.1:18080/ npm run e2e',
    )
  }
  return raw.endsWith('/') ? raw : `${raw}/`
}

/** appUrl resolves a client route ("orders/1", "/orders/1") under the base URL. */
export function appUrl(route = '') {
  return new URL(route.replace(/^\/+/, ''), baseUrl()).href
}

/** launch starts headless Chromium with flags that keep it off the (closed) network. */
export function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

/**
 * isSignedOutMe tells Chromium's "Failed to load resource: ... 401" for GET /api/v1/me
 * apart: that is how the server says nobody is signed in, not a problem.
 */
function isSignedOutMe(message) {
  return /\/api\/v1\/me$/.test(message.location().url ?? '') && /\b401\b/.test(message.text())
}

/**
 * isAbortedRead tells a GET cut off because the page navigated away (or the query
 * that asked it was cancelled) while it was in flight apart: leaving a page ends its
 * questions, which is no problem. A failed change, or a read that failed otherwise,
 * still counts.
 */
function isAbortedRead(request) {
  return request.method() === 'GET' && request.failure()?.errorText === 'net::ERR_ABORTED'
}

/**
 * newPage opens a page in a fresh context (no cookies shared between tests) and
 * collects console errors and failed requests, so a test can assert there were none.
 */
export async function newPage(browser, { viewport = { width: 1280, height: 900 } } = {}) {
  const context = await browser.newContext({ viewport, baseURL: baseUrl() })
  const page = await context.newPage()
  const problems = []
  page.on('console', (message) => {
    if (message.type() !== 'error' || isSignedOutMe(message)) return
    problems.push(`console: ${message.text()}`)
  })
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`))
  page.on('requestfailed', (request) => {
    if (isAbortedRead(request)) return
    problems.push(`request failed: ${request.url()} ${request.failure()?.errorText ?? ''}`)
  })
  page.problems = problems
  return page
}

/** checkA11y runs axe (WCAG 2.1 A and AA) and fails on any serious or critical violation. */
export async function checkA11y(page, name) {
  const results = await new AxeBuilder({ page }).withTags(A11Y_TAGS).analyze()
  const blocking = results.violations.filter((v) => BLOCKING_IMPACTS.has(v.impact))
  for (const violation of results.violations) {
    const where = violation.nodes.map((node) => node.target.join(' ')).join('; ')
    console.log(`axe [${name}] ${violation.impact}: ${violation.id}: ${violation.help} (${where})`)
  }
  assert.equal(
    blocking.length,
    0,
    `axe found ${blocking.length} serious or critical violation(s) on ${name}: ${blocking.map((v) => v.id).join(', ')}`,
  )
  return results
}

/** screenshot saves a full-page PNG to e2e/screenshots/<name>.png and returns its path. */
export async function screenshot(page, name) {
  await mkdir(SCREENSHOTS, { recursive: true })
  const path = `${SCREENSHOTS}${name}.png`
  await page.screenshot({ path, fullPage: true })
  return path
}

/** activeElement describes the focused element: its tag, text, id and class. */
export function activeElement(page) {
  return page.evaluate(() => {
    const el = document.activeElement
    return el
      ? { tag: el.tagName.toLowerCase(), text: el.textContent?.trim() ?? '', id: el.id, className: el.className }
      : null
  })
}

/**
 * demoAccount returns the demo account of role (and court and username, when given) from
 * docs/demo-accounts.md, which the seed generates: { role, court, username, password, secret, clets }.
 */
export async function demoAccount(role, court, wanted) {
  const text = await readFile(DEMO_ACCOUNTS, 'utf8')
  for (const line of text.split('\n')) {
    const cells = line.split('|').slice(1, -1).map((c) => c.trim().replace(/^`|`$/g, ''))
    if (cells.length < 5) continue
    const [r, c, username, password, secret, clets] = cells
    if (r === role && (!court || c === court) && (!wanted || username === wanted)) {
      return { role: r, court: c, username, password, secret, clets: clets === 'certified' }
    }
  }
  throw new Error(`no demo account for ${role}${court ? ` in ${court}` : ''}${wanted ? ` called ${wanted}` : ''} in docs/demo-accounts.md`)
}

function base32(secret) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
  let bits = 0
  let value = 0
  const out = []
  for (const ch of secret.replace(/=+$/, '').toUpperCase()) {
    value = ((value << 5) | alphabet.indexOf(ch)) & 0xffff
    bits += 5
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff)
      bits -= 8
    }
  }
  return Buffer.from(out)
}

/** totp computes the RFC 6238 code (SHA-1, 6 digits, 30 s) of a base32 secret at step. */
export function totp(secret, step = Math.floor(Date.now() / 30_000)) {
  const counter = Buffer.alloc(8)
  counter.writeBigUInt64BE(BigInt(step))
  const mac = createHmac('sha1', base32(secret)).update(counter).digest()
  const offset = mac[mac.length - 1] & 0x0f
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0')
}

// The provider accepts each code once: remember the last step used per account.
const lastStep = new Map()

/** rememberStep records that account's code of step was used (e.g. at enrolment). */
export function rememberStep(username, step) {
  lastStep.set(username, Math.max(step, lastStep.get(username) ?? step))
}

async function freshStep(username) {
  let step = Math.floor(Date.now() / 30_000)
  while (lastStep.get(username) !== undefined && step <= lastStep.get(username)) {
    await new Promise((resolve) => setTimeout(resolve, 1000))
    step = Math.floor(Date.now() / 30_000)
  }
  lastStep.set(username, step)
  return step
}

/**
 * signInAtProvider walks the built-in provider's pages (use notice, password,
 * one-time code) from where page is. onPage(name) runs on each page, e.g. for
 * screenshots and axe. A code used already (another test file signed in the same
 * account in this 30 s step) is retried once with the next step's code.
 */
export async function signInAtProvider(page, account, onPage = async () => {}) {
  await page.getByRole('heading', { level: 1, name: 'Use notice' }).waitFor()
  await onPage('idp-notice')
  await page.getByRole('button', { name: 'I acknowledge, continue' }).click()
  await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor()
  await page.getByLabel('Username').fill(account.username)
  await page.getByLabel('Password').fill(account.password)
  await onPage('idp-password')
  await page.getByRole('button', { name: 'Continue' }).click()
  await page.getByRole('heading', { level: 1, name: 'One-time code' }).waitFor()
  await onPage('idp-otp')
  for (let attempt = 0; attempt < 2; attempt++) {
    await page.getByLabel('One-time code').fill(totp(account.secret, await freshStep(account.username)))
    await page.getByRole('button', { name: 'Sign in' }).click()
    // Either the provider lets go (back to the registry) or the page says why not.
    const left = page.waitForURL((url) => !url.pathname.includes('/idp/login')).then(() => true)
    const refused = page.getByRole('alert').waitFor().then(() => false)
    if (await Promise.race([left, refused])) return
    const alert = await page.getByRole('alert').innerText()
    if (!/used already/.test(alert)) throw new Error(`the one-time code was refused: ${alert}`)
  }
  throw new Error('the one-time code was refused twice')
}

/**
 * login signs page in as the demo account of role through the built-in provider,
 * then reuses that signed-in state (saved in e2e/.auth/) for later calls: a code
 * cannot be reused, and failures lock accounts. It returns the account.
 */
export async function login(page, role, { court, username } = {}) {
  const account = await demoAccount(role, court, username)
  const file = `${AUTH_STATES}${account.username}.json`
  try {
    const state = JSON.parse(await readFile(file, 'utf8'))
    await page.context().addCookies(state.cookies)
    const me = await page.request.get(appUrl('api/v1/me'))
    if (me.ok()) return account
    await page.context().clearCookies()
  } catch {
    // no saved state, or it is over: sign in
  }
  await page.goto(appUrl('auth/login'))
  await signInAtProvider(page, account)
  await page.getByTestId('welcome').waitFor()
  await mkdir(AUTH_STATES, { recursive: true })
  await page.context().storageState({ path: file })
  return account
}

/** forgetLogin drops role's saved signed-in state (after signing out). */
export async function forgetLogin(account) {
  await rm(`${AUTH_STATES}${account.username}.json`, { force: true })
}

/**
 * linkFromOutbox opens the development mail outbox (/idp/dev/outbox) and returns
 * the first link of the newest mail to recipient whose text matches pattern.
 */
export async function linkFromOutbox(page, recipient, pattern = /https?:\/\/\S+/) {
  await page.goto(appUrl('idp/dev/outbox'))
  const mail = page.getByTestId('mail').filter({ hasText: `To: ${recipient}` }).filter({ hasText: pattern }).first()
  await mail.waitFor()
  const found = (await mail.innerText()).match(pattern)
  if (!found) throw new Error(`no link like ${pattern} in the mail to ${recipient}`)
  return found[0]
}

/**
 * enrolAtProvider sets the password and the one-time codes on the built-in
 * provider's enrolment pages (from an invitation, or at the sign-in after a
 * second-factor reset), from the page headed heading to the recovery codes.
 * onPage(name) runs on each page. It keeps the new secret in account.secret.
 */
export async function enrolAtProvider(page, account, { heading = 'Set your password', onPage = async () => {} } = {}) {
  await page.getByRole('heading', { level: 1, name: heading }).waitFor()
  await onPage('password')
  await page.getByLabel('New password', { exact: true }).fill(account.password)
  await page.getByLabel('New password again').fill(account.password)
  await page.getByRole('button', { name: 'Continue' }).click()
  await page.getByRole('heading', { level: 1, name: 'Set up one-time codes' }).waitFor()
  account.secret = (await page.getByTestId('totp-secret').innerText()).trim()
  await onPage('totp')
  const step = Math.floor(Date.now() / 30_000)
  await page.getByLabel('The six-digit code the app shows').fill(totp(account.secret, step))
  await page.getByRole('button', { name: 'Confirm' }).click()
  await page.getByRole('heading', { level: 1, name: 'Save your recovery codes' }).waitFor()
  rememberStep(account.username, step)
  await onPage('codes')
}

/** californiaDay is today's date in California, shifted by days, as YYYY-MM-DD. */
export function californiaDay(shift = 0) {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Los_Angeles' }).format(new Date())
  const d = new Date(`${today}T12:00:00Z`)
  d.setUTCDate(d.getUTCDate() + shift)
  return d.toISOString().slice(0, 10)
}

/** fillDate fills the USWDS memorable date named legend within scope with an ISO date. */
export async function fillDate(scope, legend, iso) {
  const [year, month, day] = iso.split('-')
  const group = scope.getByRole('group', { name: legend })
  await group.getByLabel('Month').fill(month)
  await group.getByLabel('Day').fill(day)
  await group.getByLabel('Year').fill(year)
}

/**
 * enterSteps fills the CR-160 entry form from its list of steps
 * (src/testing/cr160-entry.mjs): text and dates filled, boxes ticked with Space as a
 * keyboard user does (USWDS hides the native box). The keyboard-only entry is the orders test's.
 */
export async function enterSteps(page, steps) {
  const named = (name) => ({ name, exact: typeof name === 'string' })
  const byLabel = (scope, label) => scope.getByLabel(label, { exact: typeof label === 'string' })
  for (const step of steps) {
    let scope = page.getByRole('group', named(step.section))
    if (step.group) scope = scope.getByRole('group', named(step.group))
    if ('choose' in step) {
      const box = byLabel(scope, step.choose)
      await box.focus()
      await page.keyboard.press('Space')
      assert.equal(await box.isChecked(), true, `ticked: ${step.choose}`)
    } else if ('date' in step) {
      const [year, month, day] = step.value.split('-')
      const group = scope.getByRole('group', named(step.date))
      await group.getByLabel('Month').fill(month)
      await group.getByLabel('Day').fill(day)
      await group.getByLabel('Year').fill(year)
    } else await byLabel(scope, step.text).fill(step.value)
  }
}

/** chooseLabel clicks the label with text (USWDS hides radio buttons and check boxes behind theirs). */
export async function chooseLabel(scope, text) {
  await scope.locator('label').filter({ hasText: text }).first().click()
}

/**
 * saveThroughConflicts waits, after Issue or Save changes is pressed, for the order's page. When
 * the registry first shows active orders involving the same persons, the clerk saves
 * anyway (the choice is recorded); it returns whether the panel was shown.
 */
export async function saveThroughConflicts(page, timeout = 20000) {
  const anyway = page.getByTestId('conflicts').getByRole('button', { name: 'Save anyway' })
  const saved = page.waitForURL(/\/orders\/[0-9a-f-]{36}$/, { timeout }).then(() => 'saved')
  const asked = anyway.waitFor({ timeout }).then(() => 'asked')
  asked.catch(() => {}) // the page moved on without asking
  const first = await Promise.race([saved, asked])
  if (first === 'asked') {
    // by keyboard, as every entry test works
    await anyway.focus()
    await page.keyboard.press('Enter')
  }
  await saved
  return first === 'asked'
}
