import { Button } from '@/components/uswds/button'
import { en } from '@/features/session/copy'
import { CourtSwitcher } from '@/features/session/components/court-switcher'
import { courtsOf, roleNames } from '@/features/session/components/role-names'
import { useSession } from '@/features/session/components/session-context'
import { SignInLink } from '@/features/session/components/sign-in-link'

/** UserArea shows who is signed in, for which court, and how to switch court or sign out. */
export function UserArea() {
  const { status, session, signOut, signingOut, signOutFailed } = useSession()
  const copy = en.header

  let content
  if (status === 'loading') {
    content = <span>{copy.checking}</span>
  } else if (status === 'signed-in' && session) {
    const { me } = session
    const roles = roleNames(me)
    const courts = courtsOf(me)
    const canSwitch = courts.length > 1 || (courts.length === 1 && !me.activeCourt)
    content = (
      <>
        <div className="ccpor-user__who">
          <p className="ccpor-user__name">{me.user.displayName}</p>
          <p>
            {copy.actingFor}: {me.activeCourt?.name ?? copy.noActingCourt}
          </p>
          {roles.length > 0 ? (
            <p>
              {copy.rolesLabel}: {roles.join(', ')}
            </p>
          ) : null}
        </div>
        {canSwitch ? <CourtSwitcher courts={courts} activeCourtId={me.activeCourt?.id ?? null} /> : null}
        <div>
          <Button variant="inverse" onClick={signOut} className="margin-right-0">
            {signingOut ? en.session.signingOut : en.session.signOut}
          </Button>
          {signOutFailed ? (
            <p className="ccpor-user__error" role="alert">
              {en.session.signOutFailed}
            </p>
          ) : null}
        </div>
      </>
    )
  } else {
    content = (
      <>
        <span>{copy.notSignedIn}</span>
        <SignInLink variant="inverse" />
      </>
    )
  }

  return (
    <section aria-label={copy.userAreaLabel} className="ccpor-user">
      {content}
    </section>
  )
}
