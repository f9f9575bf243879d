import { useEffect, useRef, useState, type FormEvent } from 'react'
import { ProblemDetails } from '@/components/errors/problem-details'
import { problemOf } from '@/components/errors/error-fallback'
import { Button } from '@/components/uswds/button'
import { ErrorSummary } from '@/components/uswds/error-summary'
import { DateInput, TextInput } from '@/components/uswds/form-controls'
import { Select } from '@/components/uswds/select'
import { en } from '@/features/orders/copy'
import { serveOrder, useOrderMutation } from '@/features/orders/api/change-order'
import type { ServiceRecord } from '@/features/orders/api/types'
import { isoDate } from '@/features/orders/forms/form-definitions'

const copy = en.orders.service
const FIELDS = ['servedOn', 'servedAt', 'method', 'servedBy', 'agency', 'address', 'documents'] as const
type Field = (typeof FIELDS)[number]

type RecordServiceProps = {
  orderId: string
  etag: string
  onClose: () => void
  onDone: () => void
}

/** RecordServiceForm records the proof of service: when, how, by whom, for which agency. */
export function RecordServiceForm({ orderId, etag, onClose, onDone }: RecordServiceProps) {
  const [values, setValues] = useState<Record<Field, string>>({
    servedOn: '',
    servedAt: '',
    method: '',
    servedBy: '',
    agency: '',
    address: '',
    documents: '',
  })
  const [attempt, setAttempt] = useState(0)
  const mutation = useOrderMutation(serveOrder)
  const heading = useRef<HTMLHeadingElement>(null)
  useEffect(() => heading.current?.focus(), []) // the form opens below the button that opened it
  const set = (field: Field) => (value: string) => setValues((v) => ({ ...v, [field]: value }))

  const problem = mutation.isError ? problemOf(mutation.error) : null
  const errors: Partial<Record<Field, string>> = {}
  for (const e of problem?.errors ?? []) {
    const field = FIELDS.find((f) => e.location === `body.${f}` || e.location?.startsWith(`body.${f}[`))
    if (field) errors[field] = e.message
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const documents = values.documents
      .split(',')
      .map((d) => d.trim().toUpperCase())
      .filter(Boolean)
    const record: ServiceRecord = {
      servedOn: isoDate(values.servedOn) ?? '',
      method: values.method as ServiceRecord['method'],
      servedBy: values.servedBy.trim(),
      ...(values.servedAt ? { servedAt: values.servedAt } : {}),
      ...(values.agency.trim() ? { agency: values.agency.trim() } : {}),
      ...(values.address.trim() ? { address: values.address.trim() } : {}),
      ...(documents.length ? { documents } : {}),
    }
    mutation.mutate({ id: orderId, etag, record }, { onSuccess: onDone, onError: () => setAttempt((n) => n + 1) })
  }

  const id = (field: Field) => `service-${field}`
  return (
    <section aria-labelledby="service-heading" className="ccpor-no-print margin-top-4">
      <h2 id="service-heading" ref={heading} tabIndex={-1}>
        {copy.heading}
      </h2>
      {problem?.errors?.length ? (
        <ErrorSummary
          heading={en.orders.form.errorHeading}
          focusKey={attempt}
          items={problem.errors.map((e) => {
            const field = FIELDS.find((f) => e.location === `body.${f}` || e.location?.startsWith(`body.${f}[`))
            return { message: e.message ?? '', fieldId: field ? id(field) : undefined }
          })}
        />
      ) : problem ? (
        <ProblemDetails problem={problem} />
      ) : null}
      <form className="usa-form" noValidate onSubmit={submit}>
        <DateInput
          id={id('servedOn')}
          legend={copy.servedOn}
          hint={en.orders.date.hint}
          value={values.servedOn}
          onChange={set('servedOn')}
          labels={en.orders.date}
          error={errors.servedOn}
        />
        <TextInput id={id('servedAt')} label={copy.servedAt} type="time" width="sm" value={values.servedAt} onChange={set('servedAt')} error={errors.servedAt} />
        <Select
          label={copy.method}
          name={id('method')}
          id={id('method')}
          value={values.method}
          onChange={set('method')}
          error={errors.method}
          options={[{ value: '', label: copy.chooseMethod }, ...Object.entries(en.orders.serviceMethods).map(([value, label]) => ({ value, label }))]}
        />
        <TextInput id={id('servedBy')} label={copy.servedBy} value={values.servedBy} onChange={set('servedBy')} error={errors.servedBy} />
        <TextInput id={id('agency')} label={copy.agency} value={values.agency} onChange={set('agency')} error={errors.agency} />
        <TextInput id={id('address')} label={copy.address} value={values.address} onChange={set('address')} error={errors.address} />
        <TextInput
          id={id('documents')}
          label={copy.documents}
          hint={copy.documentsHint}
          value={values.documents}
          onChange={set('documents')}
          error={errors.documents}
        />
        <div className="usa-button-group margin-top-3">
          <Button type="submit" disabled={mutation.isPending}>
            {copy.submit}
          </Button>
          <Button variant="outline" onClick={onClose}>
            {copy.close}
          </Button>
        </div>
      </form>
    </section>
  )
}
