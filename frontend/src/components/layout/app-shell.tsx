import { QueryErrorResetBoundary } from '@tanstack/react-query'
import { Suspense, type ReactNode } from 'react'
import { Outlet, useLocation } from 'react-router'
import { isApiError } from '@/api/problem'
import { reportClientError } from '@/api/client-errors'
import { ErrorBoundary } from '@/components/errors/error-boundary'
import { NavigationFocusProvider } from '@/components/layout/navigation-focus'
import { SideNavigation } from '@/components/layout/side-navigation'
import { SiteBanner } from '@/components/layout/site-banner'
import { SiteFooter } from '@/components/layout/site-footer'
import { SiteHeader } from '@/components/layout/site-header'
import { GridContainer } from '@/components/uswds/grid'
import { SkipNav } from '@/components/uswds/skip-nav'
import { en } from '@/copy/en'

const MAIN_ID = 'main-content'

/** reportUnexpected reports errors of the SPA itself; the server logged its own problems. */
function reportUnexpected(error: unknown) {
  if (!isApiError(error)) reportClientError(error, window.location.pathname)
}

type AppShellProps = {
  /** userArea goes at the right of the header: who is signed in. */
  userArea: ReactNode
  /** notice goes under the header on every page (maintenance announcements). */
  notice?: ReactNode
  /** children is the page; the route's outlet unless the app wraps it (e.g. in a gate). */
  children?: ReactNode
}

/** AppShell is the frame of every page: banner, header, side navigation, footer. */
export function AppShell({ userArea, notice, children = <Outlet /> }: AppShellProps) {
  const { pathname } = useLocation()
  return (
    <NavigationFocusProvider>
      <div className="ccpor-app">
        <SkipNav targetId={MAIN_ID}>{en.skipLink}</SkipNav>
        <SiteBanner />
        <SiteHeader userArea={userArea} />
        {notice}
        <GridContainer className="ccpor-body">
          <div className="grid-row grid-gap-4">
            <div className="desktop:grid-col-3 padding-top-4">
              <SideNavigation />
            </div>
            <main id={MAIN_ID} tabIndex={-1} className="desktop:grid-col-9 padding-y-4 ccpor-main">
              <QueryErrorResetBoundary>
                {({ reset }) => (
                  <ErrorBoundary resetKey={pathname} onReset={reset} onError={reportUnexpected}>
                    <Suspense fallback={<p>{en.loading}</p>}>
                      {children}
                    </Suspense>
                  </ErrorBoundary>
                )}
              </QueryErrorResetBoundary>
            </main>
          </div>
        </GridContainer>
        <SiteFooter />
      </div>
    </NavigationFocusProvider>
  )
}
