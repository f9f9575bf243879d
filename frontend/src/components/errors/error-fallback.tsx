import { isApiError, type Problem } from '@/api/problem'
import { ProblemDetails } from '@/components/errors/problem-details'
import { PageHeading } from '@/components/layout/page-heading'
import { Button } from '@/components/uswds/button'
import { en } from '@/copy/en'

type ErrorFallbackProps = {
  error: unknown
  onRetry?: () => void
}

/** problemOf turns anything thrown into a problem to show; only API errors say more. */
export function problemOf(error: unknown): Problem {
  if (isApiError(error)) return error.problem
  return { type: 'about:blank', title: en.errors.unexpectedTitle, detail: en.errors.unexpectedDetail }
}

/** ErrorFallback replaces a page that failed: a heading, the problem, a retry button. */
export function ErrorFallback({ error, onRetry }: ErrorFallbackProps) {
  return (
    <>
      <PageHeading>{en.errors.heading}</PageHeading>
      <ProblemDetails problem={problemOf(error)} />
      {onRetry ? (
        <div className="margin-top-3">
          <Button onClick={onRetry}>{en.errors.retry}</Button>
        </div>
      ) : null}
    </>
  )
}
