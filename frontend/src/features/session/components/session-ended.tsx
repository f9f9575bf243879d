import { PageHeading } from '@/components/layout/page-heading'
import { en } from '@/features/session/copy'
import { SignInLink } from '@/features/session/components/sign-in-link'

/** SessionEnded replaces the page once the server has ended the session. */
export function SessionEnded() {
  const copy = en.session.ended
  return (
    <>
      {/* The page changed without a navigation: move focus here, so it is heard. */}
      <PageHeading focusOnMount>{copy.title}</PageHeading>
      <p className="usa-intro">{copy.body}</p>
      <p>{copy.again}</p>
      <p>
        <SignInLink />
      </p>
    </>
  )
}
