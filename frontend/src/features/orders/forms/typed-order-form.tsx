import { useMemo, useRef, useState, type FormEvent } from 'react'
import { problemOf } from '@/components/errors/error-fallback'
import { ProblemDetails } from '@/components/errors/problem-details'
import type { Problem } from '@/api/problem'
import { Button } from '@/components/uswds/button'
import { ErrorSummary, type SummaryItem } from '@/components/uswds/error-summary'
import { en } from '@/features/orders/copy'
import type { OrderEntry } from '@/features/orders/api/types'
import {
  CheckField,
  DateField,
  FormSection,
  LinesField,
  OrderFormContext,
  RadioField,
  TextField,
  fieldId,
} from '@/features/orders/components/order-fields'
import {
  fieldOfError,
  fieldsOf,
  keyOf,
  requiredMark,
  toTypedContent,
  type FormDefinition,
  type FormField,
  type FormValues,
} from '@/features/orders/forms/form-definitions'

const copy = en.orders.typed

function optionLabels(options: string[]): Record<string, string> {
  const names: Record<string, string> = copy.choices
  return Object.fromEntries(options.map((o) => [o, names[o] ?? o]))
}

/** Field renders one input of a form by its kind, labelled as the form prints it. */
function Field({ field, valueKey }: { field: FormField; valueKey: string }) {
  const mark = requiredMark(field, { required: copy.requiredMark, ifUsed: copy.requiredIfUsed })
  const label = mark ? `${field.label} ${mark}` : field.label
  const hint = field.item ? copy.item(field.item) : undefined
  switch (field.kind) {
    case 'boolean':
      return <CheckField path={valueKey} label={field.item ? `${field.label} (${copy.item(field.item)})` : field.label} />
    case 'date':
      return <DateField path={valueKey} label={label} hint={hint ? `${hint}. ${en.orders.date.hint}` : undefined} />
    case 'lines':
      return <LinesField path={valueKey} label={label} />
    case 'choice':
      return <RadioField path={valueKey} legend={label} options={optionLabels(field.options ?? [])} />
    case 'number':
      return <TextField path={valueKey} label={label} hint={hint} numeric width="sm" />
    case 'time':
      return <TextField path={valueKey} label={label} hint={hint} type="time" width="sm" />
    default:
      return <TextField path={valueKey} label={label} hint={hint} />
  }
}

type Failure = { kind: 'fields'; items: SummaryItem[]; errors: Record<string, string> } | { kind: 'problem'; problem: Problem }

type TypedOrderFormProps = {
  definition: FormDefinition
  submit: (content: OrderEntry) => Promise<unknown>
  /** initialValues and initialPersons prefill the form (to modify an order). */
  initialValues?: FormValues
  initialPersons?: number
  submitLabel?: string
}

/**
 * TypedOrderForm renders any form from its definition: its sections in the printed
 * order, each field under its item number and label, the protected persons once
 * per person. A refused save lists its problems at the top and by each field.
 */
export function TypedOrderForm({ definition, submit, initialValues, initialPersons, submitLabel }: TypedOrderFormProps) {
  const [values, setValues] = useState<FormValues>(initialValues ?? {})
  const [persons, setPersons] = useState(initialPersons ?? 1)
  const [failure, setFailure] = useState<Failure | null>(null)
  const [attempt, setAttempt] = useState(0)
  const [pending, setPending] = useState(false)
  const busy = useRef(false)

  const state = useMemo(
    () => ({
      values: values as Record<string, string | boolean>,
      set: (path: string, value: string | boolean) => setValues((current) => ({ ...current, [path]: value })),
      update: (change: (current: FormValues) => FormValues) => setValues(change),
      errors: failure?.kind === 'fields' ? failure.errors : {},
    }),
    [values, failure],
  )

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    if (busy.current) return
    busy.current = true
    setPending(true)
    try {
      if ((await submit(toTypedContent(definition, values, persons))) === false) {
        busy.current = false // not saved: the clerk went back
        setPending(false)
      }
    } catch (error) {
      busy.current = false
      setPending(false)
      const problem = problemOf(error)
      if (!problem.errors?.length) {
        setFailure({ kind: 'problem', problem })
        return
      }
      const keys = new Set(fieldsOf(definition, persons).map((f) => f.key))
      const labels = new Map(fieldsOf(definition, persons).map((f) => [f.key, f.field.label]))
      const errors: Record<string, string> = {}
      const items = problem.errors.map(({ location, message = '' }) => {
        const key = fieldOfError(location, message, keys)
        if (!key) return { message }
        errors[key] = errors[key] ? `${errors[key]} ${message}` : message
        const person = /^protectedPersons\.(\d+)\./.exec(key)?.[1]
        const label = [person ? copy.person(Number(person) + 1) : '', labels.get(key)].filter(Boolean).join(', ')
        return { message: `${label}: ${message}`, fieldId: fieldId(key) }
      })
      setFailure({ kind: 'fields', items, errors })
      setAttempt((n) => n + 1)
    }
  }

  return (
    <form className="usa-form usa-form--large ccpor-order-form" noValidate onSubmit={(e) => void onSubmit(e)} aria-label={definition.title}>
      {failure?.kind === 'fields' ? <ErrorSummary heading={en.orders.form.errorHeading} items={failure.items} focusKey={attempt} /> : null}
      {failure?.kind === 'problem' ? <ProblemDetails problem={failure.problem} /> : null}
      <OrderFormContext value={state}>
        {(definition.sections ?? []).map((section) =>
          section.repeat ? (
            <FormSection key={section.name} title={section.name}>
              {Array.from({ length: persons }, (_, i) => (
                <fieldset key={i} className="usa-fieldset ccpor-person">
                  <legend className="usa-legend">{copy.person(i + 1)}</legend>
                  {(section.fields ?? []).map((field) => (
                    <Field key={field.path} field={field} valueKey={keyOf(field.path, i)} />
                  ))}
                </fieldset>
              ))}
              <Button variant="outline" className="margin-top-2" onClick={() => setPersons((n) => n + 1)}>
                {copy.addPerson}
              </Button>
            </FormSection>
          ) : (
            <FormSection key={section.name} title={section.name}>
              {(section.fields ?? []).map((field) => (
                <Field key={field.path} field={field} valueKey={field.path} />
              ))}
            </FormSection>
          ),
        )}
      </OrderFormContext>
      <div className="usa-button-group margin-top-4 ccpor-no-print">
        <Button type="submit" disabled={pending}>
          {pending ? en.orders.form.saving : (submitLabel ?? en.orders.form.issue)}
        </Button>
      </div>
    </form>
  )
}
