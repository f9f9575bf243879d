import { useEffect } from 'react'
import { useRouteError } from 'react-router'
import { reportClientError } from '@/api/client-errors'
import { isApiError } from '@/api/problem'
import { ErrorFallback } from '@/components/errors/error-fallback'
import { GridContainer } from '@/components/uswds/grid'

/** RouteError is the router's last resort, when the shell itself failed to render. */
export function RouteError() {
  const error = useRouteError()
  useEffect(() => {
    if (!isApiError(error)) reportClientError(error, window.location.pathname)
  }, [error])
  return (
    <GridContainer className="padding-y-4">
      <ErrorFallback error={error} onRetry={() => window.location.reload()} />
    </GridContainer>
  )
}
