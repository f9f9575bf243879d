// @vitest-environment node
// The first page load must stay light: every JavaScript file that dist/index.html loads
// (module scripts and modulepreload links), gzipped, adds up to at most 250 KB.
// Pages fetched later carry their own words (each feature's copy module), not the first load.
// `npm test` builds first; run `npm run build` before running this file alone.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { en as audit } from '@/features/audit/copy'
import { en as courts } from '@/features/courts/copy'
import { en as helpdesk } from '@/features/helpdesk/copy'
import { en as orders } from '@/features/orders/copy'
import { en as reports } from '@/features/reports/copy'
import { en as users } from '@/features/users/copy'

const BUDGET_BYTES = 250 * 1024
const DIST = fileURLToPath(new URL('../dist/', import.meta.url))

/** firstLoadScripts lists the JS files index.html loads, as paths relative to dist/. */
function firstLoadScripts(html: string): string[] {
  const urls = new Set<string>()
  for (const tag of html.match(/<(script|link)\b[^>]*>/g) ?? []) {
    const isScript = tag.startsWith('<script') && /\bsrc=/.test(tag)
    const isPreload = tag.startsWith('<link') && /\brel=["']?modulepreload/.test(tag)
    if (!isScript && !isPreload) continue
    const url = /\b(?:src|href)=["']?([^"' >]+)/.exec(tag)?.[1]
    if (url) urls.add(url.replace(/^\.?\//, ''))
  }
  return [...urls]
}

describe('bundle budget', () => {
  it('parses script tags and modulepreload links', () => {
    const html =
      '<script type="module" crossorigin src="./assets/index-a.js"></script>' +
      '<link rel="modulepreload" crossorigin href="./assets/vendor-b.js">' +
      '<link rel="stylesheet" href="./assets/index-c.css">'
    expect(firstLoadScripts(html)).toEqual(['assets/index-a.js', 'assets/vendor-b.js'])
  })

  it('keeps the JavaScript of the first load under 250 KB gzipped', () => {
    const indexHtml = `${DIST}index.html`
    expect(existsSync(indexHtml), 'dist/index.html is missing: run `npm run build` first').toBe(true)
    const scripts = firstLoadScripts(readFileSync(indexHtml, 'utf8'))
    expect(scripts.length, 'index.html loads no script: is the build broken?').toBeGreaterThan(0)

    let total = 0
    for (const script of scripts) {
      const gzipped = gzipSync(readFileSync(`${DIST}${script}`), { level: 9 }).length
      total += gzipped
      console.log(`bundle budget: ${script} ${(gzipped / 1024).toFixed(1)} KB gzipped`)
    }
    console.log(`bundle budget: first load ${(total / 1024).toFixed(1)} KB of ${BUDGET_BYTES / 1024} KB gzipped`)
    expect(total).toBeLessThanOrEqual(BUDGET_BYTES)
  })

  it('leaves the words of the lazily loaded features to their own chunks', () => {
    // One text of each feature whose pages are fetched when first visited (ASCII, so it
    // reads the same in the built JavaScript).
    const lazyWords = {
      orders: orders.orders.form.noContact,
      users: users.users.intro,
      courts: courts.courtAdmin.checklist.intro,
      audit: audit.auditLog.intro,
      helpdesk: helpdesk.helpdesk.queryInvalid,
      reports: reports.reports.statisticsIntro,
    }
    const firstLoad = firstLoadScripts(readFileSync(`${DIST}index.html`, 'utf8')).map((script) =>
      readFileSync(`${DIST}${script}`, 'utf8'),
    )
    const chunks = readdirSync(`${DIST}assets`)
      .filter((name) => name.endsWith('.js'))
      .map((name) => readFileSync(`${DIST}assets/${name}`, 'utf8'))
    for (const [feature, words] of Object.entries(lazyWords)) {
      expect(words, feature).toMatch(/^[\x20-\x7e]+$/)
      expect(chunks.some((chunk) => chunk.includes(words)), `${feature}: its words are in no chunk`).toBe(true)
      expect(firstLoad.some((chunk) => chunk.includes(words)), `${feature}: its words are in the first load`).toBe(false)
    }
  })

  it('loads pdf.js only when a PDF is opened, with its worker as a file of the build', () => {
    const scripts = firstLoadScripts(readFileSync(`${DIST}index.html`, 'utf8'))
    for (const script of scripts) {
      expect(readFileSync(`${DIST}${script}`, 'utf8'), `${script} holds pdf.js`).not.toMatch(/GlobalWorkerOptions/)
    }
    const assets = readdirSync(`${DIST}assets`)
    // The server names this one file in its CSP worker-src (httpapi.WorkerSource).
    expect(assets.filter((name) => /^pdf\.worker\.min-[\w-]+\.mjs$/.test(name))).toHaveLength(1)
    const lazy = assets.filter((name) => name.endsWith('.js') && readFileSync(`${DIST}assets/${name}`, 'utf8').includes('GlobalWorkerOptions'))
    expect(lazy.length, 'pdf.js is in no chunk at all').toBeGreaterThan(0)
  })
})
