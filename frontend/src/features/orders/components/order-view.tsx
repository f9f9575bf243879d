// An order's content shown in the sections of the printed CR-160, with the item
// numbers the registry gives for its revision.
import type { ReactNode } from 'react'
import { en } from '@/features/orders/copy'
import type { Order } from '@/features/orders/api/types'
import { Facts, type Fact } from '@/features/orders/components/facts'
import { heightText, usDate } from '@/features/orders/components/format'

const form = en.orders.form
const detail = en.orders.detail

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="ccpor-order-section" aria-label={title}>
      <h2 className="font-heading-md margin-bottom-1">{title}</h2>
      {children}
    </section>
  )
}

/** OrderView shows every field of an order's version, section by section. */
export function OrderView({ order }: { order: Order }) {
  const c = order.content
  const r = c.restrainedPerson
  const k = c.conditions
  // Labels carry the 2005 form's item numbers; another revision numbers its items
  // otherwise, and the registry says which (formItems, for the conditions ordered).
  const item = (condition: string, label: string) => {
    const number = order.formItems?.[condition]
    const bare = label.replace(/^\d+(\([a-z]\))?\.?\s+/, '')
    if (number) return `${/^\d+$/.test(number) ? `${number}.` : number} ${bare}`
    return c.form.revision === '2005-01-01' ? label : bare
  }
  const ordered = (set: boolean | undefined) => (set ? detail.ordered : detail.notOrdered)

  const conditions: Fact[] = [
    [item('noAbuse', form.noAbuse), ordered(k.noAbuse)],
    [
      item('firearms', form.firearms),
      k.firearms
        ? [
            k.firearms.surrenderWithinHoursIfPresent ? `${form.surrenderIfPresent}: ${k.firearms.surrenderWithinHoursIfPresent}` : '',
            k.firearms.surrenderWithinHoursIfServed ? `${form.surrenderIfServed}: ${k.firearms.surrenderWithinHoursIfServed}` : '',
            k.firearms.surrenderOther ? `${form.surrenderOther}: ${k.firearms.surrenderOther}` : '',
            k.firearms.receiptWithinHours ? `${form.receipt}: ${k.firearms.receiptWithinHours}` : '',
          ]
            .filter(Boolean)
            .join('; ') || detail.ordered
        : detail.notOrdered,
    ],
    [item('noDissuadingWitness', form.noDissuadingWitness), ordered(k.noDissuadingWitness)],
    [item('noContact', form.noContact), ordered(k.noContact)],
    [item('noThirdPartyContact', form.noThirdPartyContact), ordered(k.noThirdPartyContact)],
    [
      item('stayAway', form.stayAway),
      k.stayAway
        ? [
            `${k.stayAway.yards} ${form.yards.toLowerCase()}`,
            k.stayAway.fromProtectedPersons ? form.fromProtectedPersons : '',
            k.stayAway.home ? form.home : '',
            k.stayAway.workplace ? form.workplace : '',
            k.stayAway.vehicle ? form.vehicle : '',
          ]
            .filter(Boolean)
            .join('; ')
        : detail.notOrdered,
    ],
  ]
  if (k.noObtainingAddresses) conditions.push([item('noObtainingAddresses', form.noObtainingAddresses), detail.ordered])
  if (k.electronicMonitoring) conditions.push([item('electronicMonitoring', form.electronicMonitoring), k.electronicMonitoring])

  const pc = k.peacefulContactChildExchange
  return (
    <div className="ccpor-order-view">
      <Section title={form.sections.caption}>
        <Facts
          rows={[
            [form.caseNumber, c.caseNumber],
            [form.orderKind, en.orders.orderKinds[c.orderKind] ?? c.orderKind],
            [form.modification, c.modification ? en.orders.yes : ''],
            [form.domesticViolenceCase, c.domesticViolenceCase ? en.orders.yes : ''],
            [form.precedenceNotice, c.precedenceNotice ? en.orders.yes : ''],
            [form.statutes, (c.statutes ?? []).join('; ')],
            [form.courtName, c.caption.courtName],
            [form.branch, c.caption.branch],
            [form.courtAddress, c.caption.address],
            [form.filedOn, usDate(c.caption.filedOn)],
            [form.clerk, c.caption.clerk],
            [form.deputy, c.caption.deputy],
          ]}
        />
      </Section>
      <Section title={form.sections.restrained}>
        <Facts
          testId="restrained-person"
          rows={[
            [form.name, r.name],
            [form.sex, en.orders.sexes[r.sex] ?? r.sex],
            [form.height, heightText(r.heightInches)],
            [form.weight, r.weightPounds ? String(r.weightPounds) : ''],
            [form.hair, r.hair],
            [form.eyes, r.eyes],
            [form.race, r.race],
            [form.age, r.age !== undefined ? String(r.age) : ''],
            [form.dob, usDate(r.dob)],
            [form.address, r.address],
            [form.peaceOfficer, r.peaceOfficer ? r.peaceOfficerDepartment || en.orders.yes : ''],
          ]}
        />
      </Section>
      <Section title={form.sections.hearing}>
        <Facts
          rows={[
            [form.hearingDate, usDate(c.hearing?.date)],
            [form.hearingTime, c.hearing?.time],
            [form.department, c.hearing?.department],
            [form.room, c.hearing?.room],
            [form.judicialOfficer, c.hearing?.judicialOfficer],
          ]}
        />
      </Section>
      <Section title={form.sections.presence}>
        <p>{c.hearing?.defendantPresent ? form.defendantPresent : en.orders.no}</p>
      </Section>
      <Section title={form.sections.orders}>
        <Facts rows={conditions} wide />
      </Section>
      <Section title={form.sections.peaceful}>
        <Facts
          wide
          rows={[
            [
              item('peacefulContactChildExchange', form.peacefulContact),
              pc
                ? [pc.familyCaseNumber ? `${form.familyCaseNumber} ${pc.familyCaseNumber}` : '', pc.orderIssuedOn ? `${form.orderIssuedOn} ${usDate(pc.orderIssuedOn)}` : '']
                    .filter(Boolean)
                    .join('; ') || detail.ordered
                : detail.notOrdered,
            ],
            [form.laterOrders, pc?.laterOrders ? en.orders.yes : ''],
          ]}
        />
      </Section>
      <Section title={form.sections.recording}>
        <Facts wide rows={[[item('mayRecordProhibitedCommunications', form.mayRecord), ordered(k.mayRecordProhibitedCommunications)]]} />
      </Section>
      <Section title={form.sections.protected}>
        {(c.protectedPersons ?? []).map((p, i) => (
          <div key={i} data-testid={`protected-person-${i + 1}`}>
            <h3 className="font-heading-sm margin-bottom-05">{form.protectedPerson(i + 1)}</h3>
            <Facts
              rows={[
                [form.name, p.name],
                [form.dob, usDate(p.dob)],
                [form.sex, p.sex ? (en.orders.sexes[p.sex] ?? p.sex) : ''],
                [form.age, p.age !== undefined ? String(p.age) : ''],
                [form.relationship, p.relationship],
                [form.address, p.addressMasked ? en.orders.masked : p.address],
              ]}
            />
          </div>
        ))}
        <Facts
          rows={[
            [form.otherLocations, (k.stayAway?.otherLocations ?? []).join('; ')],
            [item('otherOrders', form.otherOrders), (k.otherOrders ?? []).join('; ')],
          ]}
        />
      </Section>
      <Section title={form.sections.expiry}>
        <Facts rows={[[form.expiresOn, c.expiresOn ? usDate(c.expiresOn) : en.orders.none]]} />
      </Section>
      <Section title={form.sections.signature}>
        <Facts
          rows={[
            [form.issuedOn, usDate(c.issuedOn)],
            [form.revision, `${c.form.number} ${en.orders.revisions[c.form.revision] ?? c.form.revision}`],
            [detail.pcoCodes, (order.pcoCodes ?? []).join(', ')],
          ]}
        />
      </Section>
    </div>
  )
}
