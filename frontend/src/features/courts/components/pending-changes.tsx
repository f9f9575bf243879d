import { useState } from 'react'
import { ProblemDetails } from '@/components/errors/problem-details'
import { problemOf } from '@/components/errors/error-fallback'
import { Alert } from '@/components/uswds/alert'
import { Button } from '@/components/uswds/button'
import { en } from '@/features/courts/copy'
import { decideChange, useAdminMutation, type CourtChange } from '@/features/courts/api/courts'

const copy = en.courtAdmin.changes

function describe(change: CourtChange): string {
  if (change.kind === 'ori') return copy.describe.ori(change.oldOri ?? '', change.newOri ?? '')
  if (change.kind === 'platform_admin') return copy.describe.platform_admin(change.username ?? '')
  return copy.describe.sharing_off
}

/** PendingChanges lists changes waiting for a second platform administrator, with approve and reject. */
export function PendingChanges({ changes, showCourt = false, headingLevel = 'h2' }: { changes: CourtChange[]; showCourt?: boolean; headingLevel?: 'h2' | 'h3' }) {
  const mutation = useAdminMutation(decideChange)
  const [notice, setNotice] = useState<string | null>(null)
  const Heading = headingLevel
  return (
    <section aria-labelledby="pending-changes" className="margin-top-4">
      <Heading id="pending-changes">{copy.heading}</Heading>
      <div role="status">{notice ? <Alert type="success">{notice}</Alert> : null}</div>
      {mutation.isError ? <ProblemDetails problem={problemOf(mutation.error)} /> : null}
      {changes.length === 0 ? <p>{copy.none}</p> : null}
      <ul className="usa-card-group">
        {changes.map((change) => (
          <li key={change.id} className="usa-card tablet:grid-col-6" data-testid="pending-change">
            <div className="usa-card__container">
              <div className="usa-card__header">
                <h3 className="usa-card__heading">{copy.kinds[change.kind] ?? change.kind}</h3>
              </div>
              <div className="usa-card__body">
                {showCourt ? <p className="text-bold">{change.courtName}</p> : null}
                <p>{describe(change)}</p>
                {change.reason ? (
                  <p>
                    {copy.reason}: {change.reason}
                  </p>
                ) : null}
                <p className="text-base">{copy.proposed(change.proposedByName || change.proposedBy, new Date(change.proposedAt).toLocaleString())}</p>
                {change.mine ? <p>{copy.own}</p> : null}
                {change.mine && change.approvers === 0 ? <p>{copy.lone}</p> : null}
              </div>
              {!change.mine ? (
                <div className="usa-card__footer usa-button-group">
                  <Button
                    disabled={mutation.isPending}
                    onClick={() => mutation.mutate({ id: change.id, approve: true }, { onSuccess: () => setNotice(copy.approved) })}
                  >
                    {`${copy.approve}: ${copy.kinds[change.kind] ?? change.kind}`}
                  </Button>
                  <Button
                    variant="outline"
                    disabled={mutation.isPending}
                    onClick={() => mutation.mutate({ id: change.id, approve: false }, { onSuccess: () => setNotice(copy.rejected) })}
                  >
                    {`${copy.reject}: ${copy.kinds[change.kind] ?? change.kind}`}
                  </Button>
                </div>
              ) : null}
            </div>
          </li>
        ))}
      </ul>
    </section>
  )
}
