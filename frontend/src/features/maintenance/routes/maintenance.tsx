import { useQuery } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { api } from '@/api/client'
import { unwrap, type Problem } from '@/api/problem'
import { problemOf } from '@/components/errors/error-fallback'
import { ProblemDetails } from '@/components/errors/problem-details'
import { PageHeading } from '@/components/layout/page-heading'
import { Alert } from '@/components/uswds/alert'
import { Button } from '@/components/uswds/button'
import { ErrorSummary, type SummaryItem } from '@/components/uswds/error-summary'
import { Checkbox, ErrorMessage, Textarea, TextInput } from '@/components/uswds/form-controls'
import { Table } from '@/components/uswds/table'
import { en } from '@/features/maintenance/copy'
import { useCancelWindow, useSchedule, useWindows, type MaintenanceWindow } from '@/features/maintenance/api/maintenance'
import { span } from '@/features/maintenance/components/format'
import { useActingCourt } from '@/lib/acting-court'
import { courtQueryKey } from '@/lib/query-keys'

const copy = en.maintenance

/** The form's fields, by the API's field names (body.startsAt → startsAt). */
type Field = 'startsAt' | 'endsAt' | 'message' | 'courtIds' | 'readOnly'
const FIELD_IDS: Record<Field, string> = {
  startsAt: 'starts-at',
  endsAt: 'ends-at',
  message: 'message',
  courtIds: 'courts',
  readOnly: 'read-only',
}

/** fieldOf names the form field of an API location ("body.courtIds[1]" → courtIds). */
export function fieldOf(location: string | undefined): Field | undefined {
  const name = location?.replace(/^body\./, '').replace(/\[\d+\]$/, '')
  return name && name in FIELD_IDS ? (name as Field) : undefined
}

function useCourtChoices() {
  const court = useActingCourt()
  return useQuery({
    queryKey: courtQueryKey(court, 'maintenance', 'courts'),
    queryFn: async ({ signal }) => ((await unwrap(api.GET('/courts', { signal }))).courts ?? []).filter((c) => c.kind !== 'statewide'),
  })
}

/** ScheduleForm enters a window: Pacific times, message, courts, read-only. */
function ScheduleForm({ onScheduled }: { onScheduled: (w: MaintenanceWindow) => void }) {
  const [startsAt, setStartsAt] = useState('')
  const [endsAt, setEndsAt] = useState('')
  const [message, setMessage] = useState('')
  const [courtIds, setCourtIds] = useState<string[]>([])
  const [readOnly, setReadOnly] = useState(false)
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({})
  const [problem, setProblem] = useState<Problem | null>(null)
  const [attempt, setAttempt] = useState(0)
  const courts = useCourtChoices()
  const schedule = useSchedule()

  async function submit(event: FormEvent) {
    event.preventDefault()
    setProblem(null)
    try {
      const w = await schedule.mutateAsync({ startsAt, endsAt, message, courtIds, readOnly })
      setErrors({})
      setStartsAt('')
      setEndsAt('')
      setMessage('')
      setCourtIds([])
      setReadOnly(false)
      onScheduled(w)
    } catch (error) {
      const p = problemOf(error)
      const next: Partial<Record<Field, string>> = {}
      for (const e of p.errors ?? []) {
        const field = fieldOf(e.location)
        if (field && !next[field]) next[field] = e.message ?? ''
      }
      setErrors(next)
      if (Object.keys(next).length === 0) setProblem(p)
      setAttempt((n) => n + 1)
    }
  }

  const items: SummaryItem[] = (Object.keys(FIELD_IDS) as Field[])
    .filter((f) => errors[f])
    .map((f) => ({ message: `${copy.form.labels[f]}: ${errors[f]}`, fieldId: f === 'courtIds' ? `court-${courts.data?.[0]?.id ?? ''}` : FIELD_IDS[f] }))

  return (
    <form className="usa-form usa-form--large" noValidate onSubmit={submit} aria-labelledby="schedule-heading">
      <h2 id="schedule-heading">{copy.form.heading}</h2>
      {items.length > 0 ? <ErrorSummary heading={copy.form.errorHeading} items={items} focusKey={attempt} /> : null}
      {problem ? <ProblemDetails problem={problem} /> : null}
      <TextInput id="starts-at" type="datetime-local" label={copy.form.labels.startsAt} hint={copy.form.timeHint} value={startsAt} onChange={setStartsAt} error={errors.startsAt} />
      <TextInput id="ends-at" type="datetime-local" label={copy.form.labels.endsAt} hint={copy.form.timeHint} value={endsAt} onChange={setEndsAt} error={errors.endsAt} />
      <Textarea id="message" label={copy.form.labels.message} hint={copy.form.messageHint} value={message} onChange={setMessage} error={errors.message} />
      <fieldset className={`usa-fieldset usa-form-group${errors.courtIds ? ' usa-form-group--error' : ''}`} aria-describedby={`courts-hint${errors.courtIds ? ' courts-error' : ''}`}>
        <legend className="usa-legend">{copy.form.labels.courtIds}</legend>
        <span className="usa-hint" id="courts-hint">
          {copy.form.courtsHint}
        </span>
        {errors.courtIds ? <ErrorMessage id="courts-error">{errors.courtIds}</ErrorMessage> : null}
        {(courts.data ?? []).map((c) => (
          <Checkbox
            key={c.id}
            id={`court-${c.id}`}
            label={c.name}
            checked={courtIds.includes(c.id)}
            onChange={(on) => setCourtIds((ids) => (on ? [...ids, c.id] : ids.filter((id) => id !== c.id)))}
          />
        ))}
      </fieldset>
      <div className="usa-form-group">
        <Checkbox id="read-only" label={copy.form.labels.readOnly} checked={readOnly} onChange={setReadOnly} error={errors.readOnly} />
      </div>
      <Button type="submit" disabled={schedule.isPending}>
        {schedule.isPending ? copy.form.working : copy.form.submit}
      </Button>
    </form>
  )
}

/** WindowList shows every window with its state; those not over can be cancelled. */
function WindowList() {
  const { data } = useWindows()
  const cancel = useCancelWindow()
  const windows = data ?? []
  if (windows.length === 0) return <p>{copy.list.none}</p>
  return (
    <>
      {cancel.isError ? <ProblemDetails problem={problemOf(cancel.error)} /> : null}
      <Table
        caption={copy.list.caption}
        headers={copy.list.headers}
        rows={windows.map((w) => ({
          key: w.id,
          cells: [
            span(w.startsAt, w.endsAt),
            copy.states[w.state],
            w.message,
            w.courtIds.length === 0 ? copy.list.everyCourt : copy.list.courts(w.courtIds.length),
            w.readOnly ? copy.list.yes : copy.list.no,
            w.state === 'scheduled' || w.state === 'underway' ? (
              <Button variant="outline" className="margin-0" disabled={cancel.isPending} onClick={() => cancel.mutate(w.id)}>
                {copy.list.cancel}
                <span className="usa-sr-only"> {span(w.startsAt, w.endsAt)}</span>
              </Button>
            ) : null,
          ],
        }))}
      />
    </>
  )
}

/** MaintenanceRoute is where platform administrators schedule maintenance. */
export default function MaintenanceRoute() {
  const [scheduled, setScheduled] = useState<MaintenanceWindow | null>(null)
  return (
    <>
      <PageHeading>{copy.title}</PageHeading>
      <p className="usa-intro">{copy.intro}</p>
      {scheduled ? (
        <Alert type="success" heading={copy.form.done} headingLevel="h2">
          {span(scheduled.startsAt, scheduled.endsAt)}
        </Alert>
      ) : null}
      <ScheduleForm onScheduled={setScheduled} />
      <h2>{copy.list.heading}</h2>
      <WindowList />
    </>
  )
}

