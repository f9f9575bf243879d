import { lazy } from 'react'
import { createBrowserRouter, Outlet, type RouteObject } from 'react-router'
import { RouteError } from '@/components/errors/route-error'
import { AppShell } from '@/components/layout/app-shell'
import { MaintenanceBanner } from '@/features/maintenance/components/maintenance-banner'
import { DashboardRoute } from '@/features/dashboard/routes/dashboard'
import { HomeWelcome } from '@/features/session/components/home-welcome'
import { SessionGate } from '@/features/session/components/session-gate'
import { SessionProvider } from '@/features/session/components/session-provider'
import { UserArea } from '@/features/session/components/user-area'

// Home is in the first bundle; every other page is fetched when first visited.
const NotFoundRoute = lazy(() => import('@/app/routes/not-found'))
const SignInProblemRoute = lazy(() => import('@/features/session/routes/sign-in-problem'))
const FindOrdersRoute = lazy(() => import('@/features/orders/routes/find-orders'))
const NewOrderRoute = lazy(() => import('@/features/orders/routes/new-order'))
const TypedOrderRoute = lazy(() => import('@/features/orders/routes/typed-order'))
const OrderFormsRoute = lazy(() => import('@/features/orders/routes/typed-order').then((m) => ({ default: m.OrderFormsRoute })))
const OrderDetailRoute = lazy(() => import('@/features/orders/routes/order-detail'))
const ModifyOrderRoute = lazy(() => import('@/features/orders/routes/modify-order'))
const WorkQueueRoute = lazy(() => import('@/features/orders/carpos/routes/work-queue'))
const HitConfirmationRoute = lazy(() => import('@/features/orders/carpos/routes/hit-confirmation'))
const PersonSearchRoute = lazy(() => import('@/features/orders/routes/person-search'))
const HelpdeskRoute = lazy(() => import('@/features/helpdesk/routes/helpdesk'))
const CourtUsersRoute = lazy(() => import('@/features/users/routes/court-users'))
const ReportsRoute = lazy(() => import('@/features/reports/routes/reports'))
const MaintenanceRoute = lazy(() => import('@/features/maintenance/routes/maintenance'))
const CourtsListRoute = lazy(() => import('@/features/courts/routes/courts-list'))
const NewCourtRoute = lazy(() => import('@/features/courts/routes/new-court'))
const CourtPageRoute = lazy(() => import('@/features/courts/routes/court-page'))
const AuditLogRoute = lazy(() => import('@/features/audit/routes/audit-log'))

/** routes is the app's route tree, shared by the browser router and tests. */
export const routes: RouteObject[] = [
  {
    path: '/',
    // The session wraps the shell: the header shows the user, every page waits for /me.
    element: (
      <SessionProvider>
        <AppShell userArea={<UserArea />} notice={<MaintenanceBanner />}>
          <SessionGate>
            <Outlet />
          </SessionGate>
        </AppShell>
      </SessionProvider>
    ),
    errorElement: <RouteError />,
    children: [
      { index: true, element: <DashboardRoute welcome={<HomeWelcome />} /> },
      { path: 'sign-in-problem', element: <SignInProblemRoute /> },
      { path: 'orders', element: <FindOrdersRoute /> },
      { path: 'orders/new', element: <NewOrderRoute /> },
      { path: 'orders/forms', element: <OrderFormsRoute /> },
      { path: 'orders/new/:form', element: <TypedOrderRoute /> },
      { path: 'orders/:orderId', element: <OrderDetailRoute /> },
      { path: 'orders/:orderId/modify', element: <ModifyOrderRoute /> },
      { path: 'carpos/queue', element: <WorkQueueRoute /> },
      { path: 'clets-hits', element: <HitConfirmationRoute /> },
      { path: 'search', element: <PersonSearchRoute /> },
      { path: 'helpdesk', element: <HelpdeskRoute /> },
      { path: 'users', element: <CourtUsersRoute /> },
      { path: 'maintenance', element: <MaintenanceRoute /> },
      { path: 'reports', element: <ReportsRoute /> },
      { path: 'admin/courts', element: <CourtsListRoute /> },
      { path: 'admin/courts/new', element: <NewCourtRoute /> },
      { path: 'admin/courts/:courtId', element: <CourtPageRoute /> },
      { path: 'audit', element: <AuditLogRoute /> },
      { path: '*', element: <NotFoundRoute /> },
    ],
  },
]

/** createAppRouter makes the browser router under the server's base path ("" = root). */
export function createAppRouter(basePath: string) {
  return createBrowserRouter(routes, { basename: basePath || '/' })
}
