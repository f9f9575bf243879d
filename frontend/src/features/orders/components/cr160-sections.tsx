// The sections of the CR-160 in the order of the printed form (Rev. January 1, 2005,
// the seed's), with the form's item numbers and wording.
import { useContext } from 'react'
import { Button } from '@/components/uswds/button'
import { en } from '@/features/orders/copy'
import {
  CheckField,
  DateField,
  FormSection,
  LinesField,
  OrderFormContext,
  RadioField,
  TextField,
} from '@/features/orders/components/order-fields'
import { PERSON_FIELDS, personCount, REVISIONS } from '@/features/orders/components/order-values'

const copy = en.orders.form

export function CaptionSection() {
  return (
    <FormSection title={copy.sections.caption}>
      <TextField path="caseNumber" label={copy.caseNumber} hint={copy.caseNumberHint} width="md" />
      <RadioField path="orderKind" legend={copy.orderKind} options={en.orders.orderKinds} />
      <CheckField path="modification" label={copy.modification} />
      <CheckField path="domesticViolenceCase" label={copy.domesticViolenceCase} />
      <CheckField path="precedenceNotice" label={copy.precedenceNotice} />
      <LinesField path="statutes" label={copy.statutes} />
      <TextField path="caption.courtName" label={copy.courtName} />
      <TextField path="caption.branch" label={copy.branch} />
      <TextField path="caption.address" label={copy.courtAddress} />
      <DateField path="caption.filedOn" label={copy.filedOn} />
      <TextField path="caption.clerk" label={copy.clerk} />
      <TextField path="caption.deputy" label={copy.deputy} />
    </FormSection>
  )
}

export function RestrainedPersonSection() {
  const p = 'restrainedPerson.'
  return (
    <FormSection title={copy.sections.restrained}>
      <TextField path={`${p}name`} label={copy.name} />
      <RadioField path={`${p}sex`} legend={copy.sex} options={en.orders.sexes} />
      <div className="ccpor-inline-fields">
        <TextField path={`${p}heightFeet`} label={copy.heightFeet} width="2xs" numeric />
        <TextField path={`${p}heightIn`} label={copy.heightInches} width="2xs" numeric />
        <TextField path={`${p}weightPounds`} label={copy.weight} width="xs" numeric />
        <TextField path={`${p}hair`} label={copy.hair} width="xs" />
        <TextField path={`${p}eyes`} label={copy.eyes} width="xs" />
        <TextField path={`${p}race`} label={copy.race} width="xs" />
        <TextField path={`${p}age`} label={copy.age} width="2xs" numeric />
      </div>
      <DateField path={`${p}dob`} label={copy.dob} />
      <TextField path={`${p}address`} label={copy.address} />
      <CheckField path={`${p}peaceOfficer`} label={copy.peaceOfficer}>
        <TextField path={`${p}peaceOfficerDepartment`} label={copy.peaceOfficerDepartment} />
      </CheckField>
    </FormSection>
  )
}

export function HearingSection() {
  return (
    <>
      <FormSection title={copy.sections.hearing}>
        <DateField path="hearing.date" label={copy.hearingDate} />
        <div className="ccpor-inline-fields">
          <TextField path="hearing.time" label={copy.hearingTime} type="time" width="sm" />
          <TextField path="hearing.department" label={copy.department} width="xs" />
          <TextField path="hearing.room" label={copy.room} width="xs" />
        </div>
        <TextField path="hearing.judicialOfficer" label={copy.judicialOfficer} />
      </FormSection>
      <FormSection title={copy.sections.presence}>
        <CheckField path="hearing.defendantPresent" label={copy.defendantPresent} />
      </FormSection>
    </>
  )
}

/** REV_2023 is the revision whose items the older forms do not print. */
const REV_2023 = '2023-03-01'

/**
 * useShows2023 tells whether an item of the 2023 revision is shown: on a 2023 form,
 * or wherever the order already holds it (a value is never hidden from its editor).
 */
function useShows2023() {
  const state = useContext(OrderFormContext)
  return (path: string) => {
    const value = state?.values[path]
    return state?.values['form.revision'] === REV_2023 || value === true || (typeof value === 'string' && value !== '')
  }
}

/** FindingsSection is item 3 of the 2023 revision (findings 3a and 3b); other revisions have none. */
export function FindingsSection() {
  const state = useContext(OrderFormContext)
  if (state?.values['form.revision'] !== REV_2023) return null
  return (
    <FormSection title={copy.sections.findings}>
      <p className="usa-hint">{copy.only2023}</p>
      <CheckField path="findings.familyMembersHarmed" label={copy.findingsFamily} />
      <CheckField path="findings.witnessesHarassed" label={copy.findingsWitnesses} />
    </FormSection>
  )
}

export function OrdersSection() {
  const f = 'conditions.firearms.'
  const s = 'conditions.stayAway.'
  const shows = useShows2023()
  return (
    <FormSection title={copy.sections.orders}>
      <CheckField path="conditions.noAbuse" label={copy.noAbuse} />
      <CheckField path="conditions.firearms" label={copy.firearms}>
        <TextField path={`${f}surrenderWithinHoursIfPresent`} label={copy.surrenderIfPresent} width="xs" numeric />
        <TextField path={`${f}surrenderWithinHoursIfServed`} label={copy.surrenderIfServed} width="xs" numeric />
        <TextField path={`${f}surrenderOther`} label={copy.surrenderOther} />
        <TextField path={`${f}receiptWithinHours`} label={copy.receipt} width="xs" numeric />
        {shows(`${f}reviewHearingDate`) ? <DateField path={`${f}reviewHearingDate`} label={copy.reviewHearingDate} /> : null}
      </CheckField>
      <CheckField path="conditions.noDissuadingWitness" label={copy.noDissuadingWitness} />
      <CheckField path="conditions.noContact" label={copy.noContact} />
      <CheckField path="conditions.noThirdPartyContact" label={copy.noThirdPartyContact} />
      <CheckField path="conditions.stayAway" label={copy.stayAway}>
        <TextField path={`${s}yards`} label={copy.yards} width="xs" numeric />
        <CheckField path={`${s}fromProtectedPersons`} label={copy.fromProtectedPersons} />
        <CheckField path={`${s}home`} label={copy.home} />
        <CheckField path={`${s}workplace`} label={copy.workplace} />
        <CheckField path={`${s}vehicle`} label={copy.vehicle} />
      </CheckField>
      {shows('conditions.noObtainingAddresses') ? (
        <CheckField path="conditions.noObtainingAddresses" label={copy.noObtainingAddresses} />
      ) : null}
      {shows('conditions.electronicMonitoring') ? (
        <TextField path="conditions.electronicMonitoring" label={copy.electronicMonitoring} />
      ) : null}
    </FormSection>
  )
}

export function PeacefulContactSection() {
  const p = 'conditions.peacefulContactChildExchange.'
  return (
    <>
      <FormSection title={copy.sections.peaceful}>
        <CheckField path="conditions.peacefulContactChildExchange" label={copy.peacefulContact}>
          <TextField path={`${p}familyCaseNumber`} label={copy.familyCaseNumber} width="md" />
          <DateField path={`${p}orderIssuedOn`} label={copy.orderIssuedOn} />
          <CheckField path={`${p}laterOrders`} label={copy.laterOrders} />
        </CheckField>
      </FormSection>
      <FormSection title={copy.sections.recording}>
        <CheckField path="conditions.mayRecordProhibitedCommunications" label={copy.mayRecord} />
      </FormSection>
    </>
  )
}

export function ProtectedPersonsSection() {
  const state = useContext(OrderFormContext)
  if (!state) throw new Error('ProtectedPersonsSection: no OrderFormContext')
  const count = personCount(state.values)

  function add() {
    state?.set(`protectedPersons.${count}.name`, '')
    window.setTimeout(() => document.getElementById(`order-protectedPersons.${count}.name`)?.focus())
  }

  function remove(index: number) {
    state?.update((values) => {
      const next = { ...values }
      // Rows after the removed one move up by one; the last row's keys go.
      for (let i = index; i < count - 1; i++) {
        for (const field of PERSON_FIELDS) next[`protectedPersons.${i}.${field}`] = values[`protectedPersons.${i + 1}.${field}`] ?? ''
      }
      for (const field of PERSON_FIELDS) delete next[`protectedPersons.${count - 1}.${field}`]
      return next
    })
    window.setTimeout(() => document.getElementById(`order-protectedPersons.${Math.max(0, index - 1)}.name`)?.focus())
  }

  return (
    <FormSection title={copy.sections.protected}>
      {Array.from({ length: count }, (_, i) => {
        const p = `protectedPersons.${i}.`
        return (
          <fieldset className="usa-fieldset ccpor-person" key={i}>
            <legend className="usa-legend">{copy.protectedPerson(i + 1)}</legend>
            <TextField path={`${p}name`} label={copy.name} />
            <DateField path={`${p}dob`} label={copy.dob} />
            <RadioField path={`${p}sex`} legend={copy.sex} options={en.orders.sexes} />
            <TextField path={`${p}age`} label={copy.age} width="2xs" numeric />
            {i > 0 ? <TextField path={`${p}relationship`} label={copy.relationship} /> : null}
            <TextField path={`${p}address`} label={copy.address} />
            {count > 1 ? (
              <Button variant="outline" onClick={() => remove(i)} className="margin-top-2">
                {copy.removePerson(i + 1)}
              </Button>
            ) : null}
          </fieldset>
        )
      })}
      {count < 20 ? (
        <Button variant="secondary" onClick={add} className="margin-top-2">
          {copy.addPerson}
        </Button>
      ) : null}
      <LinesField path="conditions.stayAway.otherLocations" label={copy.otherLocations} />
      <LinesField path="conditions.otherOrders" label={copy.otherOrders} />
    </FormSection>
  )
}

export function ExpirySection() {
  const state = useContext(OrderFormContext)
  const revision = typeof state?.values['form.revision'] === 'string' ? state.values['form.revision'] : ''
  return (
    <>
      <FormSection title={copy.sections.expiry}>
        <DateField path="expiresOn" label={copy.expiresOn} hint={copy.expiresHint[revision]} />
      </FormSection>
      <FormSection title={copy.sections.signature}>
        <DateField path="issuedOn" label={copy.issuedOn} />
        <RadioField
          path="form.revision"
          legend={copy.revision}
          options={Object.fromEntries(REVISIONS.map((r) => [r, en.orders.revisions[r] ?? r]))}
        />
      </FormSection>
    </>
  )
}
