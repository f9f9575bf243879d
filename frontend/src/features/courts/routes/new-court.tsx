import { useNavigate } from 'react-router'
import { PageHeading } from '@/components/layout/page-heading'
import { Link } from '@/components/uswds/link'
import { en } from '@/features/courts/copy'
import { createCourt, useAdminMutation } from '@/features/courts/api/courts'
import { CourtForm, valuesOf } from '@/features/courts/components/court-form'

const copy = en.courtAdmin

/** NewCourtRoute creates a planned court and opens its page. */
export default function NewCourtRoute() {
  const navigate = useNavigate()
  const mutation = useAdminMutation(createCourt)
  return (
    <>
      <PageHeading>{copy.form.createTitle}</PageHeading>
      <p className="usa-intro">{copy.form.createIntro}</p>
      <p>
        <Link to="/admin/courts">{copy.page.back}</Link>
      </p>
      <CourtForm
        prefix="court"
        initial={valuesOf()}
        creating
        submitLabel={copy.form.create}
        onSubmit={async ({ reason: _reason, ...values }) => {
          const court = await mutation.mutateAsync(values)
          void navigate(`/admin/courts/${court.id}`)
        }}
      />
    </>
  )
}
