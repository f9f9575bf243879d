import { useState, type FormEvent } from 'react'
import { ProblemDetails } from '@/components/errors/problem-details'
import { Alert } from '@/components/uswds/alert'
import { Button } from '@/components/uswds/button'
import { ErrorSummary } from '@/components/uswds/error-summary'
import { DateInput, RadioGroup, Textarea } from '@/components/uswds/form-controls'
import { Table } from '@/components/uswds/table'
import { en } from '@/features/courts/copy'
import { usDate } from '@/lib/dates'
import { recordStep, useAdminMutation, type Onboarding, type OnboardingStep, type StepInput } from '@/features/courts/api/courts'
import { calendarDate } from '@/lib/dates'
import { failureOf, fieldId, type Failure } from '@/features/courts/components/form-failure'

const copy = en.courtAdmin.checklist
const ORDER = ['engagement_meeting', 'decision', 'follow_up', 'go_live'] as const

function latest(steps: OnboardingStep[], kind: string) {
  return [...steps].reverse().find((s) => s.step === kind)
}

const recordedAt = (at: string) => new Date(at).toLocaleString()

/** Checklist shows the seed's on-boarding steps, each with its date and who recorded it. */
export function Checklist({ onboarding }: { onboarding: Onboarding }) {
  const steps = onboarding.steps ?? []
  return (
    <section aria-labelledby="checklist-heading" className="margin-top-4">
      <h2 id="checklist-heading">{copy.heading}</h2>
      <p>{copy.intro}</p>
      <ol className="usa-process-list" data-testid="checklist">
        {ORDER.map((kind) => {
          const step = latest(steps, kind)
          return (
            <li key={kind} className="usa-process-list__item">
              <h3 className="usa-process-list__heading">{copy.steps[kind]}</h3>
              <p className="margin-top-05">
                {step ? copy.done(usDate(step.occurredOn), step.recordedByName || step.recordedBy, recordedAt(step.recordedAt)) : copy.notYet}
              </p>
              {step?.goLiveOn ? <p>{copy.goLiveOn(usDate(step.goLiveOn))}</p> : null}
              {step?.note ? <p className="text-base">{step.note}</p> : null}
            </li>
          )
        })}
      </ol>
      {steps.length > 0 ? (
        <Table
          caption={copy.historyCaption}
          headers={copy.historyColumns}
          rows={steps.map((s) => ({
            key: s.id,
            cells: [copy.steps[s.step] ?? s.step, usDate(s.occurredOn), usDate(s.goLiveOn), s.note ?? '', s.recordedByName || s.recordedBy, recordedAt(s.recordedAt)],
          }))}
        />
      ) : null}
      {onboarding.court.onboardingStatus !== 'live' ? <RecordStepForm courtId={onboarding.court.id} /> : null}
    </section>
  )
}

const labels: Record<string, string> = { step: copy.step, occurredOn: copy.occurredOn, goLiveOn: copy.goLiveOnLabel, note: copy.note }

/** RecordStepForm records one step, dated as entered. */
function RecordStepForm({ courtId }: { courtId: string }) {
  const [step, setStep] = useState<StepInput['step']>('engagement_meeting')
  const [occurredOn, setOccurredOn] = useState('')
  const [goLiveOn, setGoLiveOn] = useState('')
  const [note, setNote] = useState('')
  const [failure, setFailure] = useState<Failure | null>(null)
  const [attempt, setAttempt] = useState(0)
  const [done, setDone] = useState(false)
  const mutation = useAdminMutation(recordStep)
  const id = (field: string) => fieldId('step', field)
  const error = (field: string) => (failure?.kind === 'fields' ? failure.errors[field] : undefined)

  function fail(next: Failure) {
    setFailure(next)
    setAttempt((n) => n + 1)
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    setDone(false)
    const occurred = calendarDate(occurredOn)
    const goLive = step === 'decision' ? calendarDate(goLiveOn) : ''
    const errors: Record<string, string> = {}
    if (!occurred) errors.occurredOn = copy.dateInvalid
    if (goLive === null) errors.goLiveOn = copy.dateInvalid
    if (Object.keys(errors).length) {
      fail({ kind: 'fields', errors, items: Object.entries(errors).map(([f, m]) => ({ message: `${labels[f]}: ${m}`, fieldId: id(f) })) })
      return
    }
    mutation.mutate(
      { id: courtId, body: { step, occurredOn: occurred!, goLiveOn: goLive || undefined, note: note.trim() || undefined } },
      {
        onSuccess: () => {
          setFailure(null)
          setDone(true)
          setOccurredOn('')
          setGoLiveOn('')
          setNote('')
        },
        onError: (err) => fail(failureOf(err, 'step', labels)),
      },
    )
  }

  return (
    <form className="usa-form usa-form--large margin-top-3" noValidate onSubmit={submit} aria-labelledby="record-step-heading">
      <h3 id="record-step-heading">{copy.recordHeading}</h3>
      <div role="status">{done ? <Alert type="success">{copy.recorded}</Alert> : null}</div>
      {failure?.kind === 'fields' ? <ErrorSummary heading={en.courtAdmin.form.errorHeading} items={failure.items} focusKey={attempt} /> : null}
      {failure?.kind === 'problem' ? <ProblemDetails problem={failure.problem} /> : null}
      <RadioGroup
        id={id('step')}
        legend={copy.step}
        value={step}
        onChange={(v) => setStep(v as StepInput['step'])}
        options={(['engagement_meeting', 'decision', 'follow_up'] as const).map((k) => ({ value: k, label: copy.steps[k] ?? k }))}
        error={error('step')}
      />
      <DateInput id={id('occurredOn')} legend={copy.occurredOn} hint={copy.occurredHint} value={occurredOn} onChange={setOccurredOn} labels={copy.dateLabels} error={error('occurredOn')} />
      {step === 'decision' ? (
        <DateInput id={id('goLiveOn')} legend={copy.goLiveOnLabel} hint={copy.goLiveOnHint} value={goLiveOn} onChange={setGoLiveOn} labels={copy.dateLabels} error={error('goLiveOn')} />
      ) : null}
      <Textarea id={id('note')} label={copy.note} value={note} onChange={setNote} error={error('note')} />
      <Button type="submit" className="margin-top-3" disabled={mutation.isPending}>
        {copy.record}
      </Button>
    </form>
  )
}
