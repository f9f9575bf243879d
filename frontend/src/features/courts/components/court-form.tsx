import { useState, type FormEvent } from 'react'
import { ProblemDetails } from '@/components/errors/problem-details'
import { Button } from '@/components/uswds/button'
import { ErrorSummary } from '@/components/uswds/error-summary'
import { Checkbox, RadioGroup, TextInput, Textarea } from '@/components/uswds/form-controls'
import { en } from '@/features/courts/copy'
import { failureOf, fieldId, type Failure } from '@/features/courts/components/form-failure'
import type { Court, NewCourt } from '@/features/courts/api/courts'

const copy = en.courtAdmin.form

export type CourtValues = NewCourt & { reason: string }

/** valuesOf is a court's settings as the form edits them. */
export function valuesOf(court?: Court): CourtValues {
  return {
    code: court?.code ?? '',
    kind: (court?.kind === 'tribal' ? 'tribal' : 'county') as NewCourt['kind'],
    name: court?.name ?? '',
    county: court?.county ?? '',
    ori: court?.ori ?? '',
    cletsSubmitting: court?.cletsSubmitting ?? false,
    sharesStatewide: court?.sharesStatewide ?? true,
    contact: { name: court?.contact?.name ?? '', phone: court?.contact?.phone ?? '', email: court?.contact?.email ?? '' },
    reason: '',
  }
}

const labels: Record<string, string> = {
  code: copy.code,
  kind: copy.kind,
  name: copy.name,
  county: copy.county,
  ori: copy.ori,
  'contact.name': copy.contactName,
  'contact.phone': copy.contactPhone,
  'contact.email': copy.contactEmail,
  reason: copy.reason,
}

type CourtFormProps = {
  prefix: string
  initial: CourtValues
  creating: boolean
  submitLabel: string
  onSubmit: (values: CourtValues) => Promise<unknown>
}

/** CourtForm edits a court's settings; the server's field errors show next to the fields and in a summary. */
export function CourtForm({ prefix, initial, creating, submitLabel, onSubmit }: CourtFormProps) {
  const [values, setValues] = useState(initial)
  const [failure, setFailure] = useState<Failure | null>(null)
  const [attempt, setAttempt] = useState(0)
  const [pending, setPending] = useState(false)
  const set = <K extends keyof CourtValues>(key: K) => (value: CourtValues[K]) => setValues((v) => ({ ...v, [key]: value }))
  const setContact = (key: 'name' | 'phone' | 'email') => (value: string) => setValues((v) => ({ ...v, contact: { ...v.contact, [key]: value } }))
  const error = (field: string) => (failure?.kind === 'fields' ? failure.errors[field] : undefined)
  const id = (field: string) => fieldId(prefix, field)

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    if (pending) return
    setPending(true)
    try {
      await onSubmit(values)
      setFailure(null)
    } catch (err) {
      setFailure(failureOf(err, prefix, labels))
      setAttempt((n) => n + 1)
    } finally {
      setPending(false)
    }
  }

  return (
    <form className="usa-form usa-form--large" noValidate onSubmit={submit} aria-label={submitLabel}>
      {failure?.kind === 'fields' ? <ErrorSummary heading={copy.errorHeading} items={failure.items} focusKey={attempt} /> : null}
      {failure?.kind === 'problem' ? <ProblemDetails problem={failure.problem} /> : null}
      {creating ? (
        <>
          <TextInput id={id('code')} label={copy.code} hint={copy.codeHint} value={values.code} onChange={set('code')} error={error('code')} width="md" />
          <RadioGroup
            id={id('kind')}
            legend={copy.kind}
            value={values.kind}
            onChange={(v) => set('kind')(v as NewCourt['kind'])}
            options={[
              { value: 'county', label: en.courtAdmin.kinds.county ?? 'County' },
              { value: 'tribal', label: en.courtAdmin.kinds.tribal ?? 'Tribal' },
            ]}
            error={error('kind')}
          />
        </>
      ) : null}
      <TextInput id={id('name')} label={copy.name} value={values.name} onChange={set('name')} error={error('name')} />
      <TextInput id={id('county')} label={copy.county} value={values.county ?? ''} onChange={set('county')} error={error('county')} width="md" />
      <TextInput id={id('ori')} label={copy.ori} hint={copy.oriHint} value={values.ori ?? ''} onChange={set('ori')} error={error('ori')} width="md" />
      <Checkbox id={id('cletsSubmitting')} label={copy.clets} checked={values.cletsSubmitting} onChange={set('cletsSubmitting')} />
      <Checkbox id={id('sharesStatewide')} label={copy.sharing} checked={values.sharesStatewide} onChange={set('sharesStatewide')} />
      <TextInput id={id('contact.name')} label={copy.contactName} value={values.contact.name ?? ''} onChange={setContact('name')} error={error('contact.name')} />
      <TextInput id={id('contact.phone')} label={copy.contactPhone} value={values.contact.phone ?? ''} onChange={setContact('phone')} error={error('contact.phone')} type="tel" width="md" />
      <TextInput id={id('contact.email')} label={copy.contactEmail} value={values.contact.email ?? ''} onChange={setContact('email')} error={error('contact.email')} type="email" />
      {!creating ? <Textarea id={id('reason')} label={copy.reason} hint={copy.reasonHint} value={values.reason} onChange={set('reason')} error={error('reason')} /> : null}
      <Button type="submit" className="margin-top-3" disabled={pending}>
        {pending ? copy.saving : submitLabel}
      </Button>
    </form>
  )
}
