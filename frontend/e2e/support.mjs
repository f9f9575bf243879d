// Shared helpers for the end-to-end tests: Debian's Chromium driven by playwright-core,
// axe for accessibility, full-page screenshots. The server is not started here: the
// tests run against E2E_BASE_URL (e.g. http://127.0.0.1:18080/ or .../ccpor/).
import assert from 'node:assert/strict'
import { mkdir } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import AxeBuilder from '@axe-core/playwright'
import { chromium } from 'playwright-core'

export const CHROMIUM = process.env.E2E_CHROMIUM ?? '/usr/bin/chromium'
const SCREENSHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url))
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
