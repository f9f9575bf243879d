import { useMemo, useRef, useState, type FormEvent } from 'react'
import { isApiError, type Problem } from '@/api/problem'
import { problemOf } from '@/components/errors/error-fallback'
import { ProblemDetails } from '@/components/errors/problem-details'
import { Alert } from '@/components/uswds/alert'
import { Button } from '@/components/uswds/button'
import { ErrorSummary, type SummaryItem } from '@/components/uswds/error-summary'
import { en } from '@/features/orders/copy'
import type { OrderContent } from '@/features/orders/api/types'
import {
  CaptionSection,
  ExpirySection,
  FindingsSection,
  HearingSection,
  OrdersSection,
  PeacefulContactSection,
  ProtectedPersonsSection,
  RestrainedPersonSection,
} from '@/features/orders/components/cr160-sections'
import { fieldId, OrderFormContext } from '@/features/orders/components/order-fields'
import { fieldKeys, fieldOf, numberErrors, toContent, type Values } from '@/features/orders/components/order-values'

const copy = en.orders.form

/** SubmitAction is what a button asks: save a draft, issue, or save a modification. */
export type SubmitAction = 'draft' | 'issue' | 'save'

type OrderFormProps = {
  initialValues: Values
  /** base is the version being modified; fields the form does not show are kept. */
  base?: OrderContent
  /** actions are the buttons offered, in order; the last one is the form's submit. */
  actions: SubmitAction[]
  /** submit saves; it answers false when nothing was saved (the clerk went back), which unlocks the form. */
  submit: (content: OrderContent, action: SubmitAction) => Promise<unknown>
  /** onReload reads the order again after a 412 (modify only). */
  onReload?: () => void
}

/**
 * labelOf names a field as the page shows it, for the error summary: its label, or
 * the legend of its date or radio group, after the protected person it belongs to.
 */
function labelOf(id: string): string {
  const field = document.getElementById(id)
  if (!field) return ''
  const group = field.closest('.usa-memorable-date, .usa-radio') ? field.closest('fieldset') : null
  const own = group
    ? group.querySelector('legend')?.textContent
    : [...document.querySelectorAll('label')].find((label) => label.htmlFor === id)?.textContent
  const person = field.closest('.ccpor-person')?.querySelector('legend')?.textContent
  return [person, own].filter(Boolean).join(', ')
}

type Failure =
  | { kind: 'fields'; items: SummaryItem[]; errors: Record<string, string> }
  | { kind: 'stale' }
  | { kind: 'problem'; problem: Problem }

/**
 * OrderForm is the CR-160 laid out like the printed form. A failed save lists its
 * problems at the top (focus moves there) and shows each next to its field.
 */
export function OrderForm({ initialValues, base, actions, submit, onReload }: OrderFormProps) {
  const [values, setValues] = useState<Values>(initialValues)
  const [failure, setFailure] = useState<Failure | null>(null)
  const [attempt, setAttempt] = useState(0)
  const [pending, setPending] = useState(false)
  const busy = useRef(false) // a second click before the first answer sends nothing
  const staleRef = useRef<HTMLDivElement>(null)

  const state = useMemo(
    () => ({
      values,
      set: (path: string, value: string | boolean) => setValues((current) => ({ ...current, [path]: value })),
      update: (change: (current: Values) => Values) => setValues(change),
      errors: failure?.kind === 'fields' ? failure.errors : {},
    }),
    [values, failure],
  )

  function fail(next: Failure) {
    setFailure(next)
    setAttempt((n) => n + 1)
    if (next.kind === 'stale') window.setTimeout(() => staleRef.current?.focus())
  }

  function fieldFailure(list: Array<{ location?: string; message: string }>): Failure {
    const fields = fieldKeys(values)
    const errors: Record<string, string> = {}
    const items = list.map(({ location, message }) => {
      const field = fieldOf(location, fields)
      if (field) errors[field] = errors[field] ? `${errors[field]} ${message}` : message
      if (!field) return { message }
      const label = labelOf(fieldId(field))
      return { message: label ? `${label}: ${message}` : message, fieldId: fieldId(field) }
    })
    return { kind: 'fields', items, errors }
  }

  async function run(action: SubmitAction) {
    if (busy.current) return
    const badNumbers = numberErrors(values)
    if (badNumbers.length) {
      fail(fieldFailure(badNumbers.map((location) => ({ location, message: copy.invalidNumber }))))
      return
    }
    busy.current = true
    setPending(true)
    try {
      if ((await submit(toContent(values, base), action)) === false) {
        busy.current = false
        setPending(false)
      }
      // Saved: the form stays locked while the page moves on, so a late click sends nothing.
    } catch (error) {
      busy.current = false
      setPending(false)
      const problem = problemOf(error)
      if (isApiError(error) && error.status === 412) fail({ kind: 'stale' })
      else if (problem.errors?.length) fail(fieldFailure(problem.errors.map((e) => ({ location: e.location, message: e.message ?? '' }))))
      else fail({ kind: 'problem', problem })
    }
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    void run(actions[actions.length - 1] ?? 'save')
  }

  const label = (action: SubmitAction) => (action === 'draft' ? copy.saveDraft : action === 'issue' ? copy.issue : copy.save)

  return (
    <form className="usa-form usa-form--large ccpor-order-form" noValidate onSubmit={onSubmit} aria-label={copy.title}>
      {failure?.kind === 'fields' ? <ErrorSummary heading={copy.errorHeading} items={failure.items} focusKey={attempt} /> : null}
      {failure?.kind === 'stale' ? (
        <div ref={staleRef} tabIndex={-1}>
          <Alert type="error" heading={copy.staleHeading} announce blockContent>
            <p className="usa-alert__text">{copy.stale}</p>
            {onReload ? (
              <Button onClick={onReload} className="margin-top-1">
                {copy.reload}
              </Button>
            ) : null}
          </Alert>
        </div>
      ) : null}
      {failure?.kind === 'problem' ? <ProblemDetails problem={failure.problem} /> : null}

      <OrderFormContext value={state}>
        <CaptionSection />
        <RestrainedPersonSection />
        <HearingSection />
        <FindingsSection />
        <OrdersSection />
        <PeacefulContactSection />
        <ProtectedPersonsSection />
        <ExpirySection />
      </OrderFormContext>

      <div className="usa-button-group margin-top-4 ccpor-no-print">
        {actions.map((action, index) => (
          <Button
            key={action}
            type={index === actions.length - 1 ? 'submit' : 'button'}
            variant={index === actions.length - 1 ? 'primary' : 'outline'}
            onClick={index === actions.length - 1 ? undefined : () => void run(action)}
            disabled={pending}
          >
            {pending ? copy.saving : label(action)}
          </Button>
        ))}
      </div>
    </form>
  )
}
