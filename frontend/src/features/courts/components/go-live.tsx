import { useState, type FormEvent } from 'react'
import { ProblemDetails } from '@/components/errors/problem-details'
import { problemOf } from '@/components/errors/error-fallback'
import { Alert } from '@/components/uswds/alert'
import { Button } from '@/components/uswds/button'
import { ErrorSummary } from '@/components/uswds/error-summary'
import { DateInput } from '@/components/uswds/form-controls'
import { en } from '@/features/courts/copy'
import { usDate } from '@/lib/dates'
import { goLive, useAdminMutation, type Onboarding } from '@/features/courts/api/courts'
import { calendarDate } from '@/lib/dates'
import { failureOf, type Failure } from '@/features/courts/components/form-failure'

const copy = en.courtAdmin.goLive

/** GoLive says what keeps the court from going live, or takes it live on a day entered. */
export function GoLive({ onboarding }: { onboarding: Onboarding }) {
  const [day, setDay] = useState('')
  const [failure, setFailure] = useState<Failure | null>(null)
  const [attempt, setAttempt] = useState(0)
  const mutation = useAdminMutation(goLive)
  const court = onboarding.court
  const blockers = onboarding.blockers ?? []

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const occurredOn = calendarDate(day)
    if (!occurredOn) {
      setFailure({ kind: 'fields', errors: { occurredOn: en.courtAdmin.checklist.dateInvalid }, items: [{ message: `${copy.occurredOn}: ${en.courtAdmin.checklist.dateInvalid}`, fieldId: 'golive-occurredOn' }] })
      setAttempt((n) => n + 1)
      return
    }
    mutation.mutate(
      { id: court.id, occurredOn },
      {
        onSuccess: () => setFailure(null),
        onError: (err) => {
          setFailure(failureOf(err, 'golive', { occurredOn: copy.occurredOn }))
          setAttempt((n) => n + 1)
        },
      },
    )
  }

  return (
    <section aria-labelledby="golive-heading" className="margin-top-4">
      <h2 id="golive-heading">{copy.heading}</h2>
      <div role="status">{mutation.isSuccess ? <Alert type="success">{copy.done}</Alert> : null}</div>
      {court.onboardingStatus === 'live' ? (
        <p>{copy.live(usDate(court.goLiveDate))}</p>
      ) : blockers.length > 0 ? (
        <Alert type="warning" heading={copy.blockers} headingLevel="h3" blockContent>
          <ul className="usa-list" data-testid="blockers">
            {blockers.map((b) => (
              <li key={b}>{b}</li>
            ))}
          </ul>
        </Alert>
      ) : (
        <form className="usa-form" noValidate onSubmit={submit} aria-label={copy.submit}>
          <p>{copy.ready}</p>
          {failure?.kind === 'fields' ? <ErrorSummary heading={en.courtAdmin.form.errorHeading} items={failure.items} focusKey={attempt} /> : null}
          {failure?.kind === 'problem' ? <ProblemDetails problem={failure.problem} /> : null}
          <DateInput
            id="golive-occurredOn"
            legend={copy.occurredOn}
            value={day}
            onChange={setDay}
            labels={en.courtAdmin.checklist.dateLabels}
            error={failure?.kind === 'fields' ? failure.errors.occurredOn : undefined}
          />
          <Button type="submit" className="margin-top-3" disabled={mutation.isPending}>
            {copy.submit}
          </Button>
        </form>
      )}
      {mutation.isError && !failure ? <ProblemDetails problem={problemOf(mutation.error)} /> : null}
    </section>
  )
}
