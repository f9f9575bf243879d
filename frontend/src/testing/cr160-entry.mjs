// The seed's CR-160 entered into the entry form (drawn from the CR-160's definition),
// field by field, as a clerk types it from the printed page. One list of steps, two
// drivers: the Vitest test of the entry form (user-event) and the end-to-end test
// (Chromium, keyboard only), so both enter the same fields from the same data
// (testdata/seed/cr160-seed.json).
import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

// (path.resolve, not new URL(…, import.meta.url), which Vite rewrites as an asset)
const GOLDEN = resolve(dirname(fileURLToPath(import.meta.url)), '../../../testdata/seed/cr160-seed.json')

/** loadGolden reads the seed's CR-160 as data (testdata/seed at the repository's root). */
export function loadGolden() {
  return JSON.parse(readFileSync(GOLDEN, 'utf8'))
}

/**
 * moveYears adds whole years to a date (YYYY-MM-DD). A 29 February that lands in a
 * common year is left to the form's own validation; the seed's dates have none.
 */
export function moveYears(iso, years) {
  if (!years) return iso
  const [year, month, day] = iso.split('-')
  return `${String(Number(year) + years).padStart(4, '0')}-${month}-${day}`
}

/**
 * yearsToCurrent is the whole number of years that brings an order issued on
 * issuedOn into the year before today (both YYYY-MM-DD): issued on or before today
 * and less than a year ago. The seed's order (issued 2006-06-07, expiring
 * 2009-06-07) moved by it is in force today.
 */
export function yearsToCurrent(issuedOn, today) {
  let years = Number(today.slice(0, 4)) - Number(issuedOn.slice(0, 4))
  if (moveYears(issuedOn, years) > today) years--
  return years
}

/** courtToday is today's date where the order's days are counted (America/Los_Angeles). */
export function courtToday(now = new Date()) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Los_Angeles' }).format(now)
}

const ORDER_KINDS = {
  pending_trial: /^Order pending trial/,
  probation_condition: /^Order post-trial probation condition/,
  post_conviction: /^Order upon conviction/,
}
const REVISIONS = { '2005-01-01': 'Rev. January 1, 2005', '2019-01-22': 'Rev. January 22, 2019', '2023-03-01': 'Rev. March 1, 2023' }
const SEXES = { M: 'Male', F: 'Female', X: 'Nonbinary (X)' }

/**
 * seedEntry lists the steps that enter the golden CR-160 g, in the form's order:
 * first the revision printed in its footer (the form then shows that revision's
 * items), then every section of the form as its definition labels it. Each step
 * names the form section (its legend), optionally a group inside it (a protected
 * person), and one of:
 *   { text: label, value }       a text field or text area ("\n" between lines)
 *   { choose: label }            tick a check box or pick a radio button
 *   { date: legend, value }      a month/day/year date, YYYY-MM-DD
 * Labels are strings (the whole label) or regular expressions (a required field's
 * label ends with its mark).
 *
 * years moves the dates of the order (issue, expiry, FILED stamp, hearing) forward
 * by whole years; dates of birth and the printed age are facts of the persons and
 * stay as printed. Everything else is entered exactly as printed.
 */
export function seedEntry(g, years = 0) {
  const moved = (iso) => moveYears(iso, years)
  const r = g.restrained_person
  const k = g.conditions
  const f = k.firearm_surrender
  const p = g.protected_persons[0]
  const [feet, inches] = r.height.split('-')
  const revision = 'Form revision'
  const caption = 'Caption'
  const restrained = 'Person to be restrained'
  const hearing = '1. Hearing'
  const orders = '3. The court orders: the defendant'
  const persons = '7. Protected persons and other orders'
  const signature = 'Signature'
  return [
    { section: revision, choose: REVISIONS[g.form.revision] },

    { section: caption, text: 'Case number (required)', value: g.case_number },
    { section: caption, choose: ORDER_KINDS[g.order_kind] },
    ...(g.domestic_violence_case ? [{ section: caption, choose: 'Domestic violence case' }] : []),
    ...(g.precedence_notice ? [{ section: caption, choose: /takes precedence/ }] : []),
    { section: caption, text: /^Statutes/, value: g.statutes.join('\n') },
    { section: caption, text: /^Court \(required/, value: g.court.name },
    { section: caption, text: 'Branch', value: g.court.branch },
    { section: caption, text: 'Court address', value: g.court.address },
    { section: caption, date: /^Filed/, value: moved(g.court.filed) },
    { section: caption, text: 'Executive officer or clerk', value: g.court.clerk },
    { section: caption, text: 'Deputy clerk', value: g.court.deputy },

    { section: restrained, text: /^Complete name/, value: r.name },
    { section: restrained, choose: SEXES[r.sex] },
    { section: restrained, text: 'Height: feet', value: feet },
    { section: restrained, text: 'Height: inches', value: inches },
    { section: restrained, text: 'Weight (pounds)', value: String(r.weight_lbs) },
    { section: restrained, text: 'Hair color', value: r.hair },
    { section: restrained, text: 'Eye color', value: r.eyes },
    { section: restrained, text: 'Age', value: String(r.age) },
    { section: restrained, date: 'Date of birth', value: r.dob },

    { section: hearing, date: /heard on/, value: moved(g.hearing.date) },
    { section: hearing, text: 'At (time)', value: g.hearing.time, time: true },
    { section: hearing, text: 'Dept.', value: g.hearing.department },
    { section: hearing, text: /judicial officer/, value: g.hearing.judicial_officer },
    ...(g.hearing.defendant_present ? [{ section: '2. Presence at the hearing', choose: /^2\. Defendant was personally present/ }] : []),

    ...(k.no_harass_stalk_threaten_assault ? [{ section: orders, choose: /^3\(a\)/ }] : []),
    ...(f.ordered
      ? [
          { section: orders, choose: /^3\(b\)/ },
          { section: orders, text: /^\(1\)/, value: String(f.within_hours_if_present) },
          { section: orders, text: /^\(2\)/, value: String(f.within_hours_if_served) },
          { section: orders, text: /receipt/, value: String(f.receipt_within_hours) },
        ]
      : []),
    ...(k.no_dissuading_witness ? [{ section: orders, choose: /^3\(c\)/ }] : []),
    ...(k.no_contact ? [{ section: orders, choose: /^3\(d\)/ }] : []),
    ...(k.no_third_party_contact_except_attorney ? [{ section: orders, choose: /^3\(e\)/ }] : []),
    { section: orders, choose: /^3\(f\)/ },
    { section: orders, text: /^Yards/, value: String(k.stay_away_yards) },
    { section: orders, choose: 'Of the protected persons' },
    ...(k.may_record_prohibited_communications ? [{ section: '6. Recording', choose: /^6\. The protected person may record/ }] : []),

    { section: persons, group: 'Protected person 1', text: /^Complete name/, value: p.name },
    { section: persons, group: 'Protected person 1', date: 'Date of birth', value: p.dob },
    { section: persons, group: 'Protected person 1', text: 'Address', value: p.address },
    // The readings: 123 Main Street under item 7 is also an other stay-away location.
    { section: persons, text: /^Other stay-away locations/, value: p.address },
    { section: persons, text: /^Other orders/, value: k.other_orders.join('\n') },

    { section: '8. Expiry', date: /expires on/, value: moved(g.expires) },
    { section: signature, date: /^Date issued/, value: moved(g.issued) },
  ]
}
