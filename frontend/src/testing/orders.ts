import type { Order, OrderContent } from '@/features/orders/api/types'
import { loadGolden } from '@/testing/cr160-entry.mjs'
import { ALAMEDA } from '@/testing/session'

/** Golden is the seed's CR-160 as the registry should hold it (testdata/seed/cr160-seed.json). */
export type Golden = {
  form: { number: string; revision: string }
  court: { name: string; branch: string; address: string; filed: string; clerk: string; deputy: string }
  case_number: string
  order_kind: string
  domestic_violence_case: boolean
  statutes: string[]
  restrained_person: { name: string; sex: string; height: string; weight_lbs: number; hair: string; eyes: string; age: number; dob: string; peace_officer: boolean }
  hearing: { date: string; time: string; department: string; room: string | null; judicial_officer: string; defendant_present: boolean }
  conditions: {
    no_harass_stalk_threaten_assault: boolean
    firearm_surrender: { ordered: boolean; within_hours_if_present: number; within_hours_if_served: number; receipt_within_hours: number }
    no_dissuading_witness: boolean
    no_contact: boolean
    no_third_party_contact_except_attorney: boolean
    stay_away_yards: number
    peaceful_contact_child_exchange: boolean
    may_record_prohibited_communications: boolean
    other_orders: string[]
  }
  protected_persons: Array<{ name: string; dob: string; address: string }>
  issued: string
  expires: string
  precedence_notice: string
}

/** golden is the seed's CR-160 as the shared fixture writes it. */
export function golden(): Golden {
  return loadGolden()
}

/**
 * goldenContent maps the fixture to the API's content, with the readings of the
 * backend's golden test: 123 Main Street is also an other stay-away location, and the
 * stay-away is from the protected persons.
 */
export function goldenContent(g: Golden = golden()): OrderContent {
  const [feet = 0, inches = 0] = g.restrained_person.height.split('-').map(Number)
  const k = g.conditions
  return {
    type: 'criminal_protective_order',
    form: { number: 'CR-160', revision: g.form.revision as OrderContent['form']['revision'] },
    caseNumber: g.case_number,
    orderKind: g.order_kind as OrderContent['orderKind'],
    domesticViolenceCase: g.domestic_violence_case,
    statutes: g.statutes,
    caption: {
      courtName: g.court.name,
      branch: g.court.branch,
      address: g.court.address,
      filedOn: g.court.filed,
      clerk: g.court.clerk,
      deputy: g.court.deputy,
    },
    issuedOn: g.issued,
    expiresOn: g.expires,
    precedenceNotice: g.precedence_notice !== '',
    restrainedPerson: {
      name: g.restrained_person.name,
      sex: g.restrained_person.sex as 'M',
      heightInches: feet * 12 + inches,
      weightPounds: g.restrained_person.weight_lbs,
      hair: g.restrained_person.hair,
      eyes: g.restrained_person.eyes,
      age: g.restrained_person.age,
      dob: g.restrained_person.dob,
    },
    hearing: {
      date: g.hearing.date,
      time: g.hearing.time,
      department: g.hearing.department,
      judicialOfficer: g.hearing.judicial_officer,
      defendantPresent: g.hearing.defendant_present,
    },
    conditions: {
      noAbuse: k.no_harass_stalk_threaten_assault,
      firearms: {
        prohibited: k.firearm_surrender.ordered,
        surrenderWithinHoursIfPresent: k.firearm_surrender.within_hours_if_present,
        surrenderWithinHoursIfServed: k.firearm_surrender.within_hours_if_served,
        receiptWithinHours: k.firearm_surrender.receipt_within_hours,
      },
      noDissuadingWitness: k.no_dissuading_witness,
      noContact: k.no_contact,
      noThirdPartyContact: k.no_third_party_contact_except_attorney,
      stayAway: { yards: k.stay_away_yards, fromProtectedPersons: true, otherLocations: [g.protected_persons[0]!.address] },
      mayRecordProhibitedCommunications: k.may_record_prohibited_communications,
      otherOrders: k.other_orders,
    },
    protectedPersons: g.protected_persons.map((p) => ({ name: p.name, dob: p.dob, address: p.address })),
  }
}

export const ORDER_ID = '7d1e2f00-0000-4000-8000-0000000000a1'

/** order is a GET /orders/{id} body: the golden CR-160, issued and unserved. */
export function order(overrides: Partial<Order> = {}): Order {
  return {
    id: ORDER_ID,
    courtId: ALAMEDA.id,
    status: 'active',
    version: 2,
    expiry: { on: '2009-06-07', rule: 'written' },
    service: { status: 'unserved' },
    pcoCodes: ['01', '04', '05', '07', '08'],
    formItems: { noAbuse: '3(a)', firearms: '3(b)', stayAway: '3(f)', expiresOn: '8' },
    content: goldenContent(),
    ...overrides,
  }
}

/** orderResponse answers an order with its ETag, as the API does. */
export function orderResponse(status: number, body: Order, etag = '"v2"'): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ETag: etag } })
}
