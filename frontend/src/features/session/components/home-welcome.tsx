import { SummaryBox } from '@/components/uswds/summary-box'
import { en } from '@/features/session/copy'
import type { Me } from '@/features/session/api/get-me'
import { courtsOf, roleNames } from '@/features/session/components/role-names'
import { useSession } from '@/features/session/components/session-context'
import { SignInLink } from '@/features/session/components/sign-in-link'

/** HomeWelcome greets a signed-in user, or asks to sign in, with the use notice. */
export function HomeWelcome() {
  const { status, session } = useSession()
  if (status === 'signed-in' && session) return <Welcome me={session.me} />
  if (status === 'signed-out') return <SignInPrompt />
  return null
}

function Welcome({ me }: { me: Me }) {
  const copy = en.home.welcome
  const roles = roleNames(me)
  const rows: Array<[string, string]> = [
    [copy.courtLabel, me.activeCourt?.name ?? (courtsOf(me).length > 0 ? copy.noCourt : copy.noCourts)],
    [copy.rolesLabel, roles.length > 0 ? roles.join(', ') : copy.noRoles],
    [copy.cletsLabel, me.cletsCurrent ? copy.cletsCurrent : copy.cletsNotCurrent],
  ]
  return (
    <div className="margin-bottom-4" data-testid="welcome">
      <SummaryBox heading={copy.heading(me.user.displayName)}>
        <dl className="ccpor-facts">
          {rows.map(([label, value]) => (
            <div key={label} className="ccpor-facts__row">
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      </SummaryBox>
    </div>
  )
}

function SignInPrompt() {
  const copy = en.home.signedOut
  return (
    <div className="margin-bottom-4" data-testid="sign-in-prompt">
      <SummaryBox heading={copy.heading}>
        <p className="margin-top-0">{copy.body}</p>
        <p className="text-bold">{en.session.useNotice}</p>
        <SignInLink />
      </SummaryBox>
    </div>
  )
}
