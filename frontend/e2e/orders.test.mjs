// The CR-160 against a running server, as a demo clerk: the seed's CR-160 entered by
// keyboard (problems listed and focused first), issued, found by case number,
// modified with the diff, served, its history with who saved each version, then
// replaced by a superseding order, which is cancelled. Each page is checked by axe
// and screenshot.
//
// The seed's CR-160 is entered field for field as printed (testing/cr160-entry.mjs,
// the steps the entry form's Vitest test runs too), except its dates: as printed
// (issued 6-7-06, expiring 6/7/2009) it is expired on entry, and an expired order can
// be neither modified nor served. So the order's own dates (issue, expiry, FILED
// stamp, hearing) move forward by the whole years that make it current; the dates of
// birth (and the printed age) are facts of the persons and stay as printed. Whole
// years keep the day and month of every date and the spans between them (issued
// five months after the hearing, expiring three years after issuance).
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { courtToday, loadGolden, seedEntry, yearsToCurrent } from '../src/testing/cr160-entry.mjs'
import { activeElement, appUrl, baseUrl, checkA11y, launch, login, newPage, saveThroughConflicts, screenshot } from './support.mjs'

const TODAY = courtToday()
const GOLDEN = loadGolden()
const YEARS = yearsToCurrent(GOLDEN.issued, TODAY)
const STEPS = seedEntry(GOLDEN, YEARS)
const CASE = GOLDEN.case_number
const usDate = (iso) => iso.replace(/^(\d{4})-(\d{2})-(\d{2})$/, '$2/$3/$1')

/** within finds a labelled thing inside a scope: strings match the whole name. */
const named = (name) => ({ name, exact: typeof name === 'string' })
const byLabel = (scope, label) => scope.getByLabel(label, { exact: typeof label === 'string' })

/** typeInto puts the keyboard focus in a field, clears it and types the value key by key. */
async function typeInto(page, field, value) {
  await field.focus()
  await page.keyboard.press('ControlOrMeta+A')
  await page.keyboard.press('Delete')
  await page.keyboard.type(value)
}

/** typeTime types HH:MM into a time input, segment by segment (hour, minute, then AM or PM). */
async function typeTime(page, field, value) {
  const [hour, minute] = value.split(':').map(Number)
  await field.focus()
  const twelve = hour % 12 === 0 ? 12 : hour % 12
  await page.keyboard.type(`${String(twelve).padStart(2, '0')}${String(minute).padStart(2, '0')}${hour < 12 ? 'A' : 'P'}`)
  assert.equal(await field.inputValue(), value)
}

async function typeDate(page, group, iso) {
  const [year, month, day] = iso.split('-')
  await typeInto(page, group.getByLabel('Month'), month)
  await typeInto(page, group.getByLabel('Day'), day)
  await typeInto(page, group.getByLabel('Year'), year)
}

/** enterByKeyboard runs the entry steps with the keyboard only: focus, type, Space to tick. */
async function enterByKeyboard(page, steps) {
  for (const step of steps) {
    let scope = page.getByRole('group', named(step.section))
    if (step.group) scope = scope.getByRole('group', named(step.group))
    if ('choose' in step) {
      const box = byLabel(scope, step.choose)
      await box.focus()
      await page.keyboard.press('Space')
      assert.equal(await box.isChecked(), true, `ticked: ${step.choose}`)
    } else if ('date' in step) {
      await typeDate(page, scope.getByRole('group', named(step.date)), step.value)
    } else if (step.time) {
      await typeTime(page, byLabel(scope, step.text), step.value)
    } else {
      const field = byLabel(scope, step.text)
      await typeInto(page, field, step.value)
      assert.equal(await field.inputValue(), step.value, `typed: ${step.text}`)
    }
  }
}

/** press puts the focus on a button or link and presses Enter. */
async function press(page, locator) {
  await locator.focus()
  await page.keyboard.press('Enter')
}

describe('orders', () => {
  let browser
  let page
  let firstUrl

  before(async () => {
    baseUrl()
    browser = await launch()
    page = await newPage(browser)
    await login(page, 'clerk')
  })

  after(async () => {
    await browser?.close()
  })

  test('a clerk enters the seed’s CR-160 by keyboard: problems are listed and focused, then it is issued', async () => {
    assert.ok(YEARS >= 20, `the seed's dates move by ${YEARS} years`)
    await page.goto(appUrl())
    await press(page, page.getByRole('navigation', { name: 'Registry' }).getByRole('link', { name: 'Enter a CR-160' }))
    const heading = page.getByRole('heading', { level: 1, name: 'Enter a CR-160' })
    await heading.waitFor()
    assert.deepEqual(await activeElement(page), { tag: 'h1', text: 'Enter a CR-160', id: '', className: 'margin-top-0' })
    await checkA11y(page, 'order-new')
    await screenshot(page, 'order-new')

    await press(page, page.getByRole('button', { name: 'Issue' }))
    const summary = page.getByRole('heading', { level: 2, name: 'Fix these to save the order' })
    await summary.waitFor()
    assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('ccpor-error-summary')), true)
    await checkA11y(page, 'order-new-errors')
    await screenshot(page, 'order-new-errors')

    await enterByKeyboard(page, STEPS)
    await screenshot(page, 'order-new-seed')
    await press(page, page.getByRole('button', { name: 'Issue' }))
    await saveThroughConflicts(page) // the demo data holds orders of the same persons
    await page.getByRole('heading', { level: 1, name: `Order of case ${CASE}` }).waitFor()
    firstUrl = page.url()
    const status = await page.getByTestId('order-status').innerText()
    assert.match(status, /Active/)
    assert.match(status, new RegExp(usDate(STEPS.find((s) => s.section === '8. Expiry').value)))
    assert.match(status, /item 8/)

    // The order's page reads back what was typed: every text and every date.
    const shown = await page.locator('main').innerText()
    for (const step of STEPS) {
      if ('date' in step) assert.ok(shown.includes(usDate(step.value)), `shown: ${step.date} ${step.value}`)
      else if ('text' in step && !/^Height/.test(String(step.text))) {
        for (const line of step.value.split('\n')) assert.ok(shown.includes(line), `shown: ${step.text} ${line}`)
      }
    }
    assert.match(shown, /6-1/) // height, typed as feet and inches
    await checkA11y(page, 'order-detail')
    await screenshot(page, 'order-detail')

    // The printed summary: no banner, header, navigation or buttons.
    await page.emulateMedia({ media: 'print' })
    assert.equal(await page.getByRole('navigation', { name: 'Registry' }).isVisible(), false)
    assert.equal(await page.getByRole('button', { name: 'Print' }).isVisible(), false)
    assert.equal(await page.getByRole('heading', { level: 1, name: `Order of case ${CASE}` }).isVisible(), true)
    await screenshot(page, 'order-print')
    await page.emulateMedia({ media: 'screen' })
  })

  test('the case number finds the order', async () => {
    await press(page, page.getByRole('navigation', { name: 'Registry' }).getByRole('link', { name: 'Orders', exact: true }))
    await page.getByRole('heading', { level: 1, name: 'Orders' }).waitFor()
    await typeInto(page, page.getByLabel('Case number'), CASE)
    await page.keyboard.press('Enter')
    const table = page.getByRole('table', { name: `Orders of case ${CASE}` })
    await table.waitFor()
    await checkA11y(page, 'orders-find')
    await screenshot(page, 'orders-find')
    await press(page, table.getByRole('link', { name: `CR-160 ${CASE}` }))
    await page.getByRole('heading', { level: 1, name: `Order of case ${CASE}` }).waitFor()
  })

  test('modify writes version 2, and the diff shows the change', async () => {
    await press(page, page.getByRole('link', { name: 'Modify' }))
    await page.getByRole('heading', { level: 1, name: `Modify the order of case ${CASE}` }).waitFor()
    await typeInto(page, page.getByLabel('Yards'), '150')
    await checkA11y(page, 'order-modify')
    await press(page, page.getByRole('button', { name: 'Save changes' }))
    await saveThroughConflicts(page) // other orders of the same persons are active
    await page.getByText('The order was saved.').waitFor()

    await press(page, page.getByRole('button', { name: 'Compare' }))
    const diff = page.getByRole('table', { name: 'Changes from version 1 to version 2' })
    await diff.waitFor()
    assert.match(await diff.innerText(), /conditions\.stayAway\.yards\s+100\s+150/)
    await checkA11y(page, 'order-diff')
    await screenshot(page, 'order-diff')
  })

  test('service is recorded; the history names who saved each version', async () => {
    await press(page, page.getByRole('button', { name: 'Record service' }))
    const form = page.getByRole('region', { name: 'Record service' })
    await typeDate(page, form.getByRole('group', { name: 'Date served' }), TODAY)
    await typeTime(page, form.getByLabel('Time served'), '14:05')
    await form.getByLabel('Method').focus()
    await form.getByLabel('Method').selectOption('personal')
    await typeInto(page, form.getByLabel('Served by (name)'), 'Deputy R. Lee')
    await press(page, form.getByRole('button', { name: 'Record service' }))
    await page.getByText('Service was recorded.').waitFor()
    assert.match(await page.getByTestId('order-status').innerText(), /Served/)

    const history = page.getByRole('table', { name: 'Versions of this order' })
    const rows = await history.getByRole('row').allInnerTexts()
    assert.equal(rows.length, 3, rows.join('\n'))
    for (const row of rows.slice(1)) assert.match(row, /Carla Clerk \(demo\)/)
    await screenshot(page, 'order-history')
  })

  test('a superseding order replaces it, and is then cancelled with a reason', async () => {
    await press(page, page.getByRole('link', { name: 'Enter the superseding order' }))
    await page.getByRole('heading', { level: 1, name: `Enter the order that supersedes the order of case ${CASE}` }).waitFor()
    assert.equal(await page.getByLabel('Case number').inputValue(), CASE)
    await checkA11y(page, 'order-supersede')
    await screenshot(page, 'order-supersede')
    await typeDate(page, page.getByRole('group', { name: /^Date issued/ }), TODAY)
    await press(page, page.getByRole('button', { name: 'Issue' }))
    await saveThroughConflicts(page) // the order it supersedes is still active until then
    await page.getByText('The order was issued.').waitFor()
    const secondUrl = page.url()
    assert.notEqual(secondUrl, firstUrl)

    await page.goto(firstUrl)
    await page.getByRole('heading', { level: 1, name: `Order of case ${CASE}` }).waitFor()
    assert.match(await page.getByTestId('order-status').innerText(), /Superseded/)
    assert.equal(await page.getByRole('link', { name: 'Modify' }).count(), 0)
    await screenshot(page, 'order-superseded')
    await press(page, page.getByRole('link', { name: 'the order that replaced it' }))
    await page.waitForURL(secondUrl)

    await press(page, page.getByRole('button', { name: 'Cancel the order' }))
    const dialog = page.getByRole('dialog', { name: 'Cancel this order?' })
    await typeInto(page, dialog.getByLabel('Reason'), 'terminated by CR-165')
    await checkA11y(page, 'order-cancel')
    await screenshot(page, 'order-cancel')
    await press(page, dialog.getByRole('button', { name: 'Cancel the order' }))
    await page.getByText('The order was cancelled.').waitFor()
    assert.match(await page.getByTestId('order-status').innerText(), /Cancelled/)
    // The first, empty Issue answered 422 on purpose; nothing else may have failed.
    assert.deepEqual(page.problems.filter((problem) => !/status of 422/.test(problem)), [])
  })

  test('the demo registry: a temporary order and the order after hearing that superseded it', async () => {
    await page.goto(appUrl('orders'))
    await page.getByRole('heading', { level: 1, name: 'Orders' }).waitFor()
    await typeInto(page, page.getByLabel('Case number'), 'RIF2600417')
    await page.keyboard.press('Enter')
    const table = page.getByRole('table', { name: 'Orders of case RIF2600417' })
    await table.waitFor()
    const rows = await table.getByRole('row').allInnerTexts()
    assert.equal(rows.length, 3, rows.join('\n'))
    assert.match(rows.join('\n'), /Active/)
    assert.match(rows.join('\n'), /Superseded/)
  })
})
