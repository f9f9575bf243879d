import { Alert } from '@/components/uswds/alert'
import { en } from '@/features/orders/copy'
import { ConflictPanel } from '@/features/orders/conflicts/conflict-panel'
import { useOrderConflicts } from '@/features/orders/conflicts/conflicts-api'

const copy = en.conflicts

/** OrderConflicts is the order page's section of related and conflicting orders statewide. */
export function OrderConflicts({ orderId }: { orderId: string }) {
  const query = useOrderConflicts(orderId)
  if (query.data) return <ConflictPanel report={query.data} heading={copy.pageHeading} intro={copy.pageIntro} selfId={orderId} />
  return (
    <section aria-labelledby="conflicts-heading" className="margin-top-4" data-testid="conflicts">
      <h2 id="conflicts-heading">{copy.pageHeading}</h2>
      {query.isError ? <Alert type="error">{copy.error}</Alert> : <p>{en.loading}</p>}
    </section>
  )
}
