import { lazy } from 'react'
import { createBrowserRouter, type RouteObject } from 'react-router'
import { RouteError } from '@/components/errors/route-error'
import { AppShell } from '@/components/layout/app-shell'
import { DashboardRoute } from '@/features/dashboard/routes/dashboard'

// Home is in the first bundle; every other page is fetched when first visited.
const NotFoundRoute = lazy(() => import('@/app/routes/not-found'))

/** routes is the app's route tree, shared by the browser router and tests. */
export const routes: RouteObject[] = [
  {
    path: '/',
    element: <AppShell />,
    errorElement: <RouteError />,
    children: [
      { index: true, element: <DashboardRoute /> },
      { path: '*', element: <NotFoundRoute /> },
    ],
  },
]

/** createAppRouter makes the browser router under the server's base path ("" = root). */
export function createAppRouter(basePath: string) {
  return createBrowserRouter(routes, { basename: basePath || '/' })
}
