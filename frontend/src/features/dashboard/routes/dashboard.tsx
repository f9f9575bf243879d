import type { ReactNode } from 'react'
import { PageHeading } from '@/components/layout/page-heading'
import { en } from '@/features/dashboard/copy'
import { useSystem } from '@/features/dashboard/api/get-system'
import { SystemSummary } from '@/features/dashboard/components/system-summary'

type DashboardRouteProps = {
  /** welcome greets the user (or asks them to sign in); the app brings it from the session. */
  welcome?: ReactNode
}

/** DashboardRoute is the home page: a welcome, what this service is, and its version. */
export function DashboardRoute({ welcome }: DashboardRouteProps) {
  const system = useSystem()
  return (
    <>
      <PageHeading>{en.home.title}</PageHeading>
      <p className="usa-intro">{en.home.intro}</p>
      {welcome}
      {system.data ? <SystemSummary system={system.data} /> : <p>{en.loading}</p>}
    </>
  )
}
