import { Alert } from '@/components/uswds/alert'
import { en } from '@/features/maintenance/copy'
import { useAnnounced } from '@/features/maintenance/api/maintenance'
import { span } from '@/features/maintenance/components/format'
import { useActingCourt } from '@/lib/acting-court'

const copy = en.maintenance.banner

/**
 * MaintenanceBanner announces the windows under way or coming that concern the
 * acting court (every window when none is chosen or nobody is signed in).
 */
export function MaintenanceBanner() {
  const court = useActingCourt()
  const { data } = useAnnounced()
  const windows = (data ?? []).filter((w) => !court || w.courtIds.length === 0 || w.courtIds.includes(court))
  if (windows.length === 0) return null
  return (
    <section aria-label={copy.label} className="ccpor-maintenance">
      {windows.map((w) => {
        const underway = w.state === 'underway'
        return (
          <Alert key={w.id} type={underway ? 'warning' : 'info'} heading={underway ? copy.underway : copy.scheduled} blockContent className="margin-y-0">
            <p className="usa-alert__text">
              <strong>{span(w.startsAt, w.endsAt)}.</strong> {w.message}
            </p>
            <p className="usa-alert__text">{w.readOnly ? copy.readOnly : copy.available}</p>
          </Alert>
        )
      })}
    </section>
  )
}
