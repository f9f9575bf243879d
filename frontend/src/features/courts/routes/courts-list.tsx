import { useState, type FormEvent } from 'react'
import { ProblemDetails } from '@/components/errors/problem-details'
import { PageHeading } from '@/components/layout/page-heading'
import { Alert } from '@/components/uswds/alert'
import { Button } from '@/components/uswds/button'
import { ErrorSummary } from '@/components/uswds/error-summary'
import { TextInput } from '@/components/uswds/form-controls'
import { Link } from '@/components/uswds/link'
import { Table } from '@/components/uswds/table'
import { en } from '@/features/courts/copy'
import { usDate } from '@/lib/dates'
import { proposePlatformAdmin, useAdminCourts, useAdminMutation, useCourtChanges } from '@/features/courts/api/courts'
import { failureOf, fieldId, type Failure } from '@/features/courts/components/form-failure'
import { PendingChanges } from '@/features/courts/components/pending-changes'

const copy = en.courtAdmin

/** ProposePlatformAdmin proposes a user as a platform administrator, for a second one to approve. */
function ProposePlatformAdmin() {
  const [username, setUsername] = useState('')
  const [reason, setReason] = useState('')
  const [failure, setFailure] = useState<Failure | null>(null)
  const [attempt, setAttempt] = useState(0)
  const [done, setDone] = useState(false)
  const mutation = useAdminMutation(proposePlatformAdmin)
  const labels = { username: copy.changes.proposeUsername, reason: copy.changes.proposeReason }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    setDone(false)
    mutation.mutate(
      { username: username.trim(), reason: reason.trim() || undefined },
      {
        onSuccess: () => {
          setFailure(null)
          setDone(true)
          setUsername('')
          setReason('')
        },
        onError: (err) => {
          setFailure(failureOf(err, 'propose', labels))
          setAttempt((n) => n + 1)
        },
      },
    )
  }

  return (
    <section aria-labelledby="propose-heading" className="margin-top-4">
      <h2 id="propose-heading">{copy.changes.proposeHeading}</h2>
      <p>{copy.changes.proposeIntro}</p>
      <div role="status">{done ? <Alert type="success">{copy.changes.proposedDone}</Alert> : null}</div>
      <form className="usa-form" noValidate onSubmit={submit} aria-label={copy.changes.proposeHeading}>
        {failure?.kind === 'fields' ? <ErrorSummary heading={copy.form.errorHeading} items={failure.items} focusKey={attempt} /> : null}
        {failure?.kind === 'problem' ? <ProblemDetails problem={failure.problem} /> : null}
        <TextInput
          id={fieldId('propose', 'username')}
          label={labels.username}
          value={username}
          onChange={setUsername}
          error={failure?.kind === 'fields' ? failure.errors.username : undefined}
        />
        <TextInput id={fieldId('propose', 'reason')} label={labels.reason} value={reason} onChange={setReason} />
        <Button type="submit" disabled={mutation.isPending}>
          {copy.changes.propose}
        </Button>
      </form>
    </section>
  )
}

/** CourtsListRoute lists every court for platform administrators, and the changes waiting for approval. */
export default function CourtsListRoute() {
  const courts = useAdminCourts()
  const pending = useCourtChanges('pending')
  return (
    <>
      <PageHeading>{copy.list.title}</PageHeading>
      <p className="usa-intro">{copy.list.intro}</p>
      <p>
        <Link to="/admin/courts/new" button>
          {copy.list.create}
        </Link>
      </p>
      {pending.data ? <PendingChanges changes={pending.data} showCourt /> : null}
      <section aria-labelledby="courts-heading" className="margin-top-4">
        <h2 id="courts-heading">{copy.list.caption}</h2>
        {courts.data ? (
          <Table
            caption={copy.list.caption}
            headers={copy.list.columns}
            rows={courts.data
              .filter((c) => c.kind !== 'statewide')
              .map((c) => ({
                key: c.id,
                cells: [
                  <Link key="l" to={`/admin/courts/${c.id}`}>
                    {c.name}
                  </Link>,
                  copy.kinds[c.kind] ?? c.kind,
                  copy.statuses[c.onboardingStatus] ?? c.onboardingStatus,
                  c.ori ?? '',
                  usDate(c.goLiveDate),
                ],
              }))}
          />
        ) : (
          <p>{en.loading}</p>
        )}
      </section>
      <ProposePlatformAdmin />
    </>
  )
}
