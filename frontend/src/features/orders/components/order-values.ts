// The CR-160 form's values, flat and keyed by the field's path in the API's content
// (restrainedPerson.dob, protectedPersons.0.name), so a problem's errors[].location
// (body.restrainedPerson.dob, body.protectedPersons[0].name) finds its field.
import type { EntryOn, OrderContent, ProtectedPerson } from '@/features/orders/api/types'

export type Values = Record<string, string | boolean>

export const REVISIONS = ['2005-01-01', '2019-01-22', '2023-03-01'] as const

export const PERSON_FIELDS = ['name', 'dob', 'sex', 'age', 'relationship', 'address'] as const

/** emptyValues is a new CR-160: the 2005 revision, one protected person. */
export function emptyValues(): Values {
  return { 'form.revision': '2005-01-01', 'protectedPersons.0.name': '' }
}

/** personCount is how many protected-person rows the values hold. */
export function personCount(values: Values): number {
  let n = 0
  while (`protectedPersons.${n}.name` in values) n++
  return Math.max(n, 1)
}

const text = (values: Values, key: string) => {
  const v = values[key]
  return typeof v === 'string' ? v.trim() : ''
}
const flag = (values: Values, key: string) => values[key] === true

/** lines splits a textarea into its non-empty lines. */
const lines = (values: Values, key: string) =>
  text(values, key)
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)

/** isoDate turns the parts typed in a date input into YYYY-MM-DD, or undefined when blank. */
export function isoDate(value: string): string | undefined {
  if (!value.replace(/-/g, '')) return undefined
  const [year = '', month = '', day = ''] = value.split('-')
  return `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`
}

/** NUMBER_FIELDS are typed as digits; anything else is refused before sending. */
export const NUMBER_FIELDS = [
  'restrainedPerson.heightFeet',
  'restrainedPerson.heightIn',
  'restrainedPerson.weightPounds',
  'restrainedPerson.age',
  'conditions.firearms.surrenderWithinHoursIfPresent',
  'conditions.firearms.surrenderWithinHoursIfServed',
  'conditions.firearms.receiptWithinHours',
  'conditions.stayAway.yards',
]

/** numberErrors lists the number fields that hold something other than a whole number. */
export function numberErrors(values: Values): string[] {
  const keys = Object.keys(values).filter((key) => NUMBER_FIELDS.includes(key) || /^protectedPersons\.\d+\.age$/.test(key))
  return keys.filter((key) => text(values, key) !== '' && !/^\d+$/.test(text(values, key)))
}

const int = (values: Values, key: string) => (text(values, key) === '' ? undefined : Number(text(values, key)))
const str = (values: Values, key: string) => text(values, key) || undefined
const date = (values: Values, key: string) => isoDate(text(values, key))
const yes = (values: Values, key: string) => flag(values, key) || undefined

/** compact drops the keys whose value is undefined, as the API's omitempty does. */
function compact<T extends object>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined)) as T
}

/** cr160Entry is a CR-160's content as the CR-160 member of the API's entry union. */
export function cr160Entry(c: OrderContent): EntryOn<'CR-160'> {
  if (c.form.number !== 'CR-160' || c.type !== 'criminal_protective_order') throw new Error(`not a CR-160: ${c.form.number}`)
  return c as EntryOn<'CR-160'>
}

/**
 * toContent builds the API's content from the values. Required fields are always
 * sent, empty or not, so the server names each missing one at its own location.
 * base is the version being modified: what this form does not show is kept.
 */
export function toContent(values: Values, base?: OrderContent): OrderContent {
  const v = values
  const feet = int(v, 'restrainedPerson.heightFeet')
  const inches = int(v, 'restrainedPerson.heightIn')
  const height = feet === undefined && inches === undefined ? undefined : (feet ?? 0) * 12 + (inches ?? 0)
  const stayAwayLocations = lines(v, 'conditions.stayAway.otherLocations')
  const baseConditions = base?.conditions ?? {}
  const persons: ProtectedPerson[] = []
  for (let i = 0; i < personCount(v); i++) {
    const p = `protectedPersons.${i}.`
    const kept = { ...(base?.protectedPersons?.[i] ?? {}) }
    delete kept.addressMasked // set by the registry, refused in a request
    persons.push(
      compact({
        ...kept,
        name: text(v, `${p}name`),
        dob: date(v, `${p}dob`),
        sex: str(v, `${p}sex`) as ProtectedPerson['sex'],
        age: int(v, `${p}age`),
        relationship: str(v, `${p}relationship`),
        address: str(v, `${p}address`),
      }),
    )
  }
  const hearing = compact({
    ...(base?.hearing ?? {}),
    date: date(v, 'hearing.date'),
    time: str(v, 'hearing.time'),
    department: str(v, 'hearing.department'),
    room: str(v, 'hearing.room'),
    judicialOfficer: str(v, 'hearing.judicialOfficer'),
    defendantPresent: yes(v, 'hearing.defendantPresent'),
  })
  return compact({
    ...(base ?? {}),
    type: 'criminal_protective_order',
    form: { number: 'CR-160', revision: text(v, 'form.revision') as OrderContent['form']['revision'] },
    caseNumber: text(v, 'caseNumber'),
    orderKind: text(v, 'orderKind') as OrderContent['orderKind'],
    modification: yes(v, 'modification'),
    domesticViolenceCase: yes(v, 'domesticViolenceCase'),
    statutes: lines(v, 'statutes').length ? lines(v, 'statutes') : undefined,
    caption: compact({
      courtName: text(v, 'caption.courtName'),
      branch: str(v, 'caption.branch'),
      address: str(v, 'caption.address'),
      filedOn: date(v, 'caption.filedOn'),
      clerk: str(v, 'caption.clerk'),
      deputy: str(v, 'caption.deputy'),
    }),
    issuedOn: date(v, 'issuedOn') ?? '',
    expiresOn: date(v, 'expiresOn'),
    precedenceNotice: yes(v, 'precedenceNotice'),
    restrainedPerson: compact({
      ...(base?.restrainedPerson ?? {}),
      name: text(v, 'restrainedPerson.name'),
      sex: text(v, 'restrainedPerson.sex') as OrderContent['restrainedPerson']['sex'],
      race: str(v, 'restrainedPerson.race'),
      heightInches: height,
      weightPounds: int(v, 'restrainedPerson.weightPounds'),
      hair: str(v, 'restrainedPerson.hair'),
      eyes: str(v, 'restrainedPerson.eyes'),
      age: int(v, 'restrainedPerson.age'),
      dob: date(v, 'restrainedPerson.dob'),
      address: str(v, 'restrainedPerson.address'),
      peaceOfficer: yes(v, 'restrainedPerson.peaceOfficer'),
      peaceOfficerDepartment: flag(v, 'restrainedPerson.peaceOfficer')
        ? str(v, 'restrainedPerson.peaceOfficerDepartment')
        : undefined,
    }),
    hearing: Object.keys(hearing).length ? hearing : undefined,
    conditions: compact({
      ...baseConditions,
      noAbuse: yes(v, 'conditions.noAbuse'),
      firearms: flag(v, 'conditions.firearms')
        ? compact({
            ...(baseConditions.firearms ?? {}),
            prohibited: true,
            surrenderWithinHoursIfPresent: int(v, 'conditions.firearms.surrenderWithinHoursIfPresent'),
            surrenderWithinHoursIfServed: int(v, 'conditions.firearms.surrenderWithinHoursIfServed'),
            surrenderOther: str(v, 'conditions.firearms.surrenderOther'),
            receiptWithinHours: int(v, 'conditions.firearms.receiptWithinHours'),
            reviewHearingDate: date(v, 'conditions.firearms.reviewHearingDate'),
          })
        : undefined,
      noDissuadingWitness: yes(v, 'conditions.noDissuadingWitness'),
      noContact: yes(v, 'conditions.noContact'),
      noThirdPartyContact: yes(v, 'conditions.noThirdPartyContact'),
      stayAway:
        flag(v, 'conditions.stayAway') || stayAwayLocations.length
          ? compact({
              yards: int(v, 'conditions.stayAway.yards') as number,
              fromProtectedPersons: yes(v, 'conditions.stayAway.fromProtectedPersons'),
              home: yes(v, 'conditions.stayAway.home'),
              workplace: yes(v, 'conditions.stayAway.workplace'),
              vehicle: yes(v, 'conditions.stayAway.vehicle'),
              otherLocations: stayAwayLocations.length ? stayAwayLocations : undefined,
            })
          : undefined,
      peacefulContactChildExchange: flag(v, 'conditions.peacefulContactChildExchange')
        ? compact({
            familyCaseNumber: str(v, 'conditions.peacefulContactChildExchange.familyCaseNumber'),
            orderIssuedOn: date(v, 'conditions.peacefulContactChildExchange.orderIssuedOn'),
            laterOrders: yes(v, 'conditions.peacefulContactChildExchange.laterOrders'),
          })
        : undefined,
      noObtainingAddresses: yes(v, 'conditions.noObtainingAddresses'),
      electronicMonitoring: str(v, 'conditions.electronicMonitoring'),
      mayRecordProhibitedCommunications: yes(v, 'conditions.mayRecordProhibitedCommunications'),
      otherOrders: lines(v, 'conditions.otherOrders').length ? lines(v, 'conditions.otherOrders') : undefined,
    }),
    protectedPersons: persons,
    findings: findingsOf(v),
  })
}

/** findingsOf is item 3 of the 2023 revision; the other revisions print no findings. */
function findingsOf(v: Values): OrderContent['findings'] {
  if (text(v, 'form.revision') !== '2023-03-01') return undefined
  const f = compact({
    familyMembersHarmed: yes(v, 'findings.familyMembersHarmed'),
    witnessesHarassed: yes(v, 'findings.witnessesHarassed'),
  })
  return Object.keys(f).length ? f : undefined
}

const s = (value: string | number | undefined | null) => (value === undefined || value === null ? '' : String(value))

/** fromContent fills the form from an order's content, to modify it. */
export function fromContent(c: OrderContent): Values {
  const r = c.restrainedPerson
  const k = c.conditions
  const values: Values = {
    'form.revision': c.form.revision,
    caseNumber: c.caseNumber,
    orderKind: c.orderKind,
    modification: c.modification ?? false,
    domesticViolenceCase: c.domesticViolenceCase ?? false,
    precedenceNotice: c.precedenceNotice ?? false,
    statutes: (c.statutes ?? []).join('\n'),
    'caption.courtName': c.caption.courtName,
    'caption.branch': s(c.caption.branch),
    'caption.address': s(c.caption.address),
    'caption.filedOn': s(c.caption.filedOn),
    'caption.clerk': s(c.caption.clerk),
    'caption.deputy': s(c.caption.deputy),
    'restrainedPerson.name': r.name,
    'restrainedPerson.sex': r.sex,
    'restrainedPerson.race': s(r.race),
    'restrainedPerson.heightFeet': r.heightInches ? String(Math.floor(r.heightInches / 12)) : '',
    'restrainedPerson.heightIn': r.heightInches ? String(r.heightInches % 12) : '',
    'restrainedPerson.weightPounds': s(r.weightPounds),
    'restrainedPerson.hair': s(r.hair),
    'restrainedPerson.eyes': s(r.eyes),
    'restrainedPerson.age': s(r.age),
    'restrainedPerson.dob': s(r.dob),
    'restrainedPerson.address': s(r.address),
    'restrainedPerson.peaceOfficer': r.peaceOfficer ?? false,
    'restrainedPerson.peaceOfficerDepartment': s(r.peaceOfficerDepartment),
    'hearing.date': s(c.hearing?.date),
    'hearing.time': s(c.hearing?.time),
    'hearing.department': s(c.hearing?.department),
    'hearing.room': s(c.hearing?.room),
    'hearing.judicialOfficer': s(c.hearing?.judicialOfficer),
    'hearing.defendantPresent': c.hearing?.defendantPresent ?? false,
    'conditions.noAbuse': k.noAbuse ?? false,
    'conditions.firearms': k.firearms !== undefined,
    'conditions.firearms.surrenderWithinHoursIfPresent': s(k.firearms?.surrenderWithinHoursIfPresent),
    'conditions.firearms.surrenderWithinHoursIfServed': s(k.firearms?.surrenderWithinHoursIfServed),
    'conditions.firearms.surrenderOther': s(k.firearms?.surrenderOther),
    'conditions.firearms.receiptWithinHours': s(k.firearms?.receiptWithinHours),
    'conditions.firearms.reviewHearingDate': s(k.firearms?.reviewHearingDate),
    'conditions.noObtainingAddresses': k.noObtainingAddresses ?? false,
    'conditions.electronicMonitoring': s(k.electronicMonitoring),
    'findings.familyMembersHarmed': c.findings?.familyMembersHarmed ?? false,
    'findings.witnessesHarassed': c.findings?.witnessesHarassed ?? false,
    'conditions.noDissuadingWitness': k.noDissuadingWitness ?? false,
    'conditions.noContact': k.noContact ?? false,
    'conditions.noThirdPartyContact': k.noThirdPartyContact ?? false,
    'conditions.stayAway': k.stayAway !== undefined,
    'conditions.stayAway.yards': s(k.stayAway?.yards),
    'conditions.stayAway.fromProtectedPersons': k.stayAway?.fromProtectedPersons ?? false,
    'conditions.stayAway.home': k.stayAway?.home ?? false,
    'conditions.stayAway.workplace': k.stayAway?.workplace ?? false,
    'conditions.stayAway.vehicle': k.stayAway?.vehicle ?? false,
    'conditions.stayAway.otherLocations': (k.stayAway?.otherLocations ?? []).join('\n'),
    'conditions.peacefulContactChildExchange': k.peacefulContactChildExchange !== undefined,
    'conditions.peacefulContactChildExchange.familyCaseNumber': s(k.peacefulContactChildExchange?.familyCaseNumber),
    'conditions.peacefulContactChildExchange.orderIssuedOn': s(k.peacefulContactChildExchange?.orderIssuedOn),
    'conditions.peacefulContactChildExchange.laterOrders': k.peacefulContactChildExchange?.laterOrders ?? false,
    'conditions.mayRecordProhibitedCommunications': k.mayRecordProhibitedCommunications ?? false,
    'conditions.otherOrders': (k.otherOrders ?? []).join('\n'),
    issuedOn: c.issuedOn,
    expiresOn: s(c.expiresOn),
  }
  const persons = c.protectedPersons?.length ? c.protectedPersons : [{ name: '' }]
  persons.forEach((p: ProtectedPerson, i) => {
    const at = `protectedPersons.${i}.`
    values[`${at}name`] = p.name
    values[`${at}dob`] = s(p.dob)
    values[`${at}sex`] = s(p.sex)
    values[`${at}age`] = s(p.age)
    values[`${at}relationship`] = s(p.relationship)
    values[`${at}address`] = s(p.address)
  })
  return values
}

// A location the form shows under another field's name.
const ALIASES: Record<string, string> = {
  'restrainedPerson.heightInches': 'restrainedPerson.heightFeet',
  'conditions.firearms.prohibited': 'conditions.firearms',
  form: 'form.revision',
  'form.number': 'form.revision',
}

/**
 * fieldOf finds the field of an error location ("body.protectedPersons[0].dob"):
 * the path itself, or the nearest enclosing field the form shows (a line of a
 * list goes to the list's box); undefined when the form shows none.
 */
export function fieldOf(location: string | undefined, fields: Set<string>): string | undefined {
  if (!location) return undefined
  let path = location.replace(/^body\.?/, '').replace(/\[(\d+)\]/g, '.$1')
  while (path) {
    const key = ALIASES[path] ?? path
    if (fields.has(key)) return key
    path = path.includes('.') ? path.slice(0, path.lastIndexOf('.')) : ''
  }
  return undefined
}

/** fieldKeys lists every field the form holds for these values, for fieldOf. */
export function fieldKeys(values: Values): Set<string> {
  return new Set([...Object.keys(fromContent(toContent(values))), ...Object.keys(values)])
}
