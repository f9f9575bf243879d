import { useSearchParams } from 'react-router'
import { Alert } from '@/components/uswds/alert'
import { PageHeading } from '@/components/layout/page-heading'
import { en } from '@/features/session/copy'
import { SignInLink } from '@/features/session/components/sign-in-link'

/**
 * SignInProblemRoute is where the server sends a browser whose sign-in could not
 * complete. The address carries only a code; the words are ours.
 */
export function SignInProblemRoute() {
  const [params] = useSearchParams()
  const copy = en.session.problem
  const code = params.get('code') ?? ''
  const reason = Object.hasOwn(copy.reasons, code) ? copy.reasons[code] : copy.unknown
  return (
    <>
      <PageHeading>{copy.title}</PageHeading>
      <Alert type="error" headingLevel="h2" heading={reason} />
      <p>{copy.again}</p>
      <p>
        <SignInLink returnPath="/" />
      </p>
    </>
  )
}

export default SignInProblemRoute
