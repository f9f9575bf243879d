import { PageHeading } from '@/components/layout/page-heading'
import { en } from '@/copy/en'
import { useSystem } from '@/features/dashboard/api/get-system'
import { SystemSummary } from '@/features/dashboard/components/system-summary'

/** DashboardRoute is the home page: what this service is, and its version. */
export function DashboardRoute() {
  const system = useSystem()
  return (
    <>
      <PageHeading>{en.home.title}</PageHeading>
      <p className="usa-intro">{en.home.intro}</p>
      {system.data ? <SystemSummary system={system.data} /> : <p>{en.loading}</p>}
    </>
  )
}
