import { SummaryBox } from '@/components/uswds/summary-box'
import { en } from '@/features/dashboard/copy'
import type { SystemInfo } from '@/features/dashboard/api/get-system'

type SystemSummaryProps = {
  system: SystemInfo
}

/** SystemSummary lists the product, its version and the environment it runs in. */
export function SystemSummary({ system }: SystemSummaryProps) {
  const copy = en.home
  const rows: Array<[string, string]> = [
    [copy.productLabel, system.product],
    [copy.nameLabel, system.name],
    [copy.versionLabel, system.version],
    [copy.environmentLabel, copy.environments[system.environment] ?? system.environment],
  ]
  return (
    <SummaryBox heading={copy.systemHeading}>
      <dl className="ccpor-facts" data-testid="system-summary">
        {rows.map(([label, value]) => (
          <div key={label} className="ccpor-facts__row">
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </SummaryBox>
  )
}
