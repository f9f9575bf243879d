import { useState, type FormEvent } from 'react'
import { ProblemDetails } from '@/components/errors/problem-details'
import { Alert } from '@/components/uswds/alert'
import { Button } from '@/components/uswds/button'
import { ErrorSummary } from '@/components/uswds/error-summary'
import { TextInput } from '@/components/uswds/form-controls'
import { Table } from '@/components/uswds/table'
import { en } from '@/features/courts/copy'
import { appointCourtAdmin, useAdminMutation, type Appointed, type Onboarding } from '@/features/courts/api/courts'
import { failureOf, fieldId, type Failure } from '@/features/courts/components/form-failure'

const copy = en.courtAdmin.admins
const labels: Record<string, string> = { username: copy.username, displayName: copy.displayName, email: copy.email }

/** CourtAdmins lists the court's administrators and appoints another (inviting a new user if need be). */
export function CourtAdmins({ onboarding }: { onboarding: Onboarding }) {
  const admins = onboarding.courtAdmins ?? []
  const [values, setValues] = useState({ username: '', displayName: '', email: '' })
  const [failure, setFailure] = useState<Failure | null>(null)
  const [attempt, setAttempt] = useState(0)
  const [done, setDone] = useState<{ username: string; email: string; result: Appointed } | null>(null)
  const mutation = useAdminMutation(appointCourtAdmin)
  const set = (key: keyof typeof values) => (value: string) => setValues((v) => ({ ...v, [key]: value }))
  const error = (field: string) => (failure?.kind === 'fields' ? failure.errors[field] : undefined)
  const id = (field: string) => fieldId('appoint', field)

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    setDone(null)
    const username = values.username.trim()
    const email = values.email.trim()
    mutation.mutate(
      { id: onboarding.court.id, body: { username, displayName: values.displayName.trim() || undefined, email: email || undefined } },
      {
        onSuccess: (result) => {
          setFailure(null)
          setDone({ username, email, result })
          setValues({ username: '', displayName: '', email: '' })
        },
        onError: (err) => {
          setFailure(failureOf(err, 'appoint', labels))
          setAttempt((n) => n + 1)
        },
      },
    )
  }

  return (
    <section aria-labelledby="admins-heading" className="margin-top-4">
      <h2 id="admins-heading">{copy.heading}</h2>
      {admins.length === 0 ? (
        <p>{copy.none}</p>
      ) : (
        <Table caption={copy.caption} headers={copy.columns} rows={admins.map((a) => ({ key: a.userId, cells: [a.displayName, a.username] }))} />
      )}
      <form className="usa-form usa-form--large margin-top-3" noValidate onSubmit={submit} aria-labelledby="appoint-heading">
        <h3 id="appoint-heading">{copy.appointHeading}</h3>
        <p>{copy.appointIntro}</p>
        <div role="status">
          {done ? (
            <Alert type="success" blockContent>
              <p className="usa-alert__text">{copy.appointed(done.username)}</p>
              {done.result.invited ? <p className="usa-alert__text">{copy.invited(done.email)}</p> : null}
            </Alert>
          ) : null}
        </div>
        {failure?.kind === 'fields' ? <ErrorSummary heading={en.courtAdmin.form.errorHeading} items={failure.items} focusKey={attempt} /> : null}
        {failure?.kind === 'problem' ? <ProblemDetails problem={failure.problem} /> : null}
        <TextInput id={id('username')} label={copy.username} value={values.username} onChange={set('username')} error={error('username')} width="md" />
        <TextInput id={id('displayName')} label={copy.displayName} value={values.displayName} onChange={set('displayName')} error={error('displayName')} />
        <TextInput id={id('email')} label={copy.email} value={values.email} onChange={set('email')} error={error('email')} type="email" />
        <Button type="submit" className="margin-top-3" disabled={mutation.isPending}>
          {copy.submit}
        </Button>
      </form>
    </section>
  )
}
