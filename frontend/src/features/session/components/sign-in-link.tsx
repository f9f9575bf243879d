import { useLocation } from 'react-router'
import { ButtonLink } from '@/components/uswds/button-link'
import { readBasePath } from '@/config/base-path'
import { en } from '@/features/session/copy'
import { signInUrl } from '@/features/session/api/auth-urls'

/**
 * SignInLink starts sign-in; afterwards the server brings the user back to this page,
 * or to returnPath (an SPA path such as "/") when given.
 */
export function SignInLink({ variant = 'primary', returnPath }: { variant?: 'primary' | 'inverse'; returnPath?: string }) {
  const { pathname, search } = useLocation()
  const basePath = readBasePath()
  const back = returnPath ?? `${pathname}${search}`
  return (
    <ButtonLink href={signInUrl(`${basePath}${back}`, basePath)} variant={variant}>
      {en.session.signIn}
    </ButtonLink>
  )
}
