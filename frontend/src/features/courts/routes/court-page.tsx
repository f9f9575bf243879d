import { useState } from 'react'
import { useParams } from 'react-router'
import { PageHeading } from '@/components/layout/page-heading'
import { Alert } from '@/components/uswds/alert'
import { Link } from '@/components/uswds/link'
import { SummaryBox } from '@/components/uswds/summary-box'
import { en } from '@/features/courts/copy'
import { Facts } from '@/components/data/facts'
import { usDate } from '@/lib/dates'
import { editCourt, useAdminMutation, useOnboarding } from '@/features/courts/api/courts'
import { Checklist } from '@/features/courts/components/checklist'
import { CourtAdmins } from '@/features/courts/components/court-admins'
import { CourtForm, valuesOf } from '@/features/courts/components/court-form'
import { GoLive } from '@/features/courts/components/go-live'
import { PendingChanges } from '@/features/courts/components/pending-changes'

const copy = en.courtAdmin

/** CourtPageRoute is one court for platform administrators: where it stands, its checklist, administrators, pending changes and settings. */
export default function CourtPageRoute() {
  const { courtId = '' } = useParams()
  const query = useOnboarding(courtId)
  const edit = useAdminMutation(editCourt)
  const [notice, setNotice] = useState<string | null>(null)
  const [saves, setSaves] = useState(0)
  if (!query.data) return <p>{en.loading}</p>
  const o = query.data
  const c = o.court
  const yes = (b: boolean) => (b ? copy.page.yes : copy.page.no)

  return (
    <>
      <PageHeading>{c.name}</PageHeading>
      <p>
        <Link to="/admin/courts">{copy.page.back}</Link>
      </p>
      <SummaryBox heading={copy.page.summary}>
        <Facts
          testId="court-summary"
          rows={[
            [copy.page.status, copy.statuses[c.onboardingStatus] ?? c.onboardingStatus],
            [copy.page.kind, copy.kinds[c.kind] ?? c.kind],
            [copy.page.ori, c.ori ?? ''],
            [copy.page.goLive, usDate(c.goLiveDate)],
            [copy.page.sharing, yes(c.sharesStatewide)],
            [copy.page.clets, yes(c.cletsSubmitting)],
          ]}
        />
      </SummaryBox>
      <PendingChanges changes={o.pending ?? []} />
      <Checklist onboarding={o} />
      <CourtAdmins onboarding={o} />
      <GoLive onboarding={o} />
      <section aria-labelledby="settings-heading" className="margin-top-4">
        <h2 id="settings-heading">{copy.form.editHeading}</h2>
        <p>{copy.form.editIntro}</p>
        <div role="status">{notice ? <Alert type="success">{notice}</Alert> : null}</div>
        <CourtForm
          key={`${c.id}-${c.ori ?? ''}-${String(c.sharesStatewide)}-${saves}`}
          prefix="settings"
          initial={valuesOf(c)}
          creating={false}
          submitLabel={copy.form.save}
          onSubmit={async ({ code: _code, kind: _kind, ...body }) => {
            setNotice(null)
            const res = await edit.mutateAsync({ id: c.id, body: { ...body, reason: body.reason.trim() || undefined } })
            const n = res.pending?.length ?? 0
            setSaves((k) => k + 1) // the form shows the court as it now is, not the proposal
            setNotice(n ? `${copy.form.saved} ${copy.form.pending(n)}` : copy.form.saved)
          }}
        />
      </section>
    </>
  )
}
