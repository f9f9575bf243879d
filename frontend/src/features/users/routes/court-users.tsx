import { useState } from 'react'
import { ProblemDetails } from '@/components/errors/problem-details'
import { problemOf } from '@/components/errors/error-fallback'
import { PageHeading } from '@/components/layout/page-heading'
import { Alert } from '@/components/uswds/alert'
import { Button } from '@/components/uswds/button'
import { Table } from '@/components/uswds/table'
import { en } from '@/features/users/copy'
import { useActingCourt } from '@/lib/acting-court'
import { usDate, usDateTime } from '@/lib/dates'
import { useCourtUsers, type CourtUser } from '@/features/users/api/users'
import { InviteForm } from '@/features/users/components/invite-form'
import { CertifyDialog, MembershipDialog, RolesDialog } from '@/features/users/components/user-forms'

const copy = en.users
type Open = { kind: 'roles' | 'certify' | 'membership'; user: CourtUser } | null

/** CourtUsersRoute is the court admin's screen of the court's users. */
export default function CourtUsersRoute() {
  const court = useActingCourt()
  const users = useCourtUsers()
  const [open, setOpen] = useState<Open>(null)
  const [notice, setNotice] = useState('')

  function close() {
    const opener = open ? document.getElementById(`${open.kind}-${open.user.userId}`) : null
    setOpen(null)
    opener?.focus()
  }
  function done(message: string) {
    close()
    setNotice(message)
  }

  if (!court) {
    return (
      <>
        <PageHeading>{copy.title}</PageHeading>
        <p>{copy.noCourt}</p>
      </>
    )
  }

  const row = (u: CourtUser) => {
    const tags = [u.removed ? copy.removedTag : '', u.disabled ? copy.disabledTag : ''].filter(Boolean)
    return {
      key: u.userId,
      cells: [
        <span key="n">
          {u.displayName}
          {tags.map((t) => (
            <span key={t} className="usa-tag margin-left-1">
              {t}
            </span>
          ))}
          <span className="ccpor-username">{u.username}</span>
        </span>,
        (u.roles ?? []).map((r) => en.roles[r] ?? r).join(', '),
        u.cletsCertifiedUntil ? usDate(u.cletsCertifiedUntil) : copy.notCertified,
        u.lastSignIn ? usDateTime(u.lastSignIn) : copy.neverSignedIn,
        <div key="a" className="ccpor-table-actions">
          {u.removed ? null : (
            <>
              <Button className="usa-button--unstyled" id={`roles-${u.userId}`} ariaLabel={copy.changeRoles(u.displayName)} onClick={() => setOpen({ kind: 'roles', user: u })}>
                {copy.changeRolesShort}
              </Button>
              <Button className="usa-button--unstyled" id={`certify-${u.userId}`} ariaLabel={copy.certify(u.displayName)} onClick={() => setOpen({ kind: 'certify', user: u })}>
                {copy.certifyShort}
              </Button>
            </>
          )}
          <Button
            className="usa-button--unstyled"
            id={`membership-${u.userId}`}
            ariaLabel={u.removed ? copy.restore(u.displayName) : copy.remove(u.displayName)}
            onClick={() => setOpen({ kind: 'membership', user: u })}
          >
            {u.removed ? copy.restoreShort : copy.removeShort}
          </Button>
        </div>,
      ],
    }
  }

  return (
    <>
      <PageHeading>{copy.title}</PageHeading>
      <p className="usa-intro">{copy.intro}</p>
      <div aria-live="polite">{notice ? <Alert type="success">{notice}</Alert> : null}</div>
      {users.isError ? <ProblemDetails problem={problemOf(users.error)} /> : null}
      {users.isPending ? <p>{en.loading}</p> : null}
      {users.data ? <Table caption={copy.caption} headers={copy.columns} rows={users.data.map(row)} /> : null}
      <InviteForm courtId={court} onSent={setNotice} />
      {open?.kind === 'roles' ? <RolesDialog courtId={court} user={open.user} onClose={close} onDone={done} /> : null}
      {open?.kind === 'certify' ? <CertifyDialog courtId={court} user={open.user} onClose={close} onDone={done} /> : null}
      {open?.kind === 'membership' ? <MembershipDialog courtId={court} user={open.user} onClose={close} onDone={done} /> : null}
    </>
  )
}
