import { useState } from 'react'
import { useLocation, useParams, useSearchParams } from 'react-router'
import { PageHeading } from '@/components/layout/page-heading'
import { Alert } from '@/components/uswds/alert'
import { Button } from '@/components/uswds/button'
import { Link } from '@/components/uswds/link'
import { SummaryBox } from '@/components/uswds/summary-box'
import { en } from '@/features/orders/copy'
import { useActingRoles } from '@/lib/acting-court'
import { canCancelOrders, canEnterOrders } from '@/lib/order-roles'
import { useOrder } from '@/features/orders/api/read-orders'
import type { Order } from '@/features/orders/api/types'
import { CancelOrderDialog } from '@/features/orders/components/cancel-order'
import { Facts } from '@/features/orders/components/facts'
import { usDate } from '@/features/orders/components/format'
import { OrderView } from '@/features/orders/components/order-view'
import { useFormDefinitions } from '@/features/orders/forms/form-definitions'
import { TypedOrderView } from '@/features/orders/forms/typed-order-view'
import { RecordServiceForm } from '@/features/orders/components/record-service'
import { VersionHistory } from '@/features/orders/components/version-history'
import { OrderImages } from '@/features/orders/images/order-images'
import { CarposStatus } from '@/features/orders/carpos/components/carpos-status'
import { OrderConflicts } from '@/features/orders/conflicts/order-conflicts'

const copy = en.orders.detail

/** OrderStatus is the order's standing: status, expiry and its rule, service, cancellation. */
function OrderStatus({ order }: { order: Order }) {
  const record = order.service.record
  return (
    <SummaryBox heading={copy.summaryHeading}>
      <Facts
        testId="order-status"
        rows={[
          [copy.status, en.orders.statuses[order.status] ?? order.status],
          [copy.version, String(order.version)],
          [copy.expires, order.expiry.on ? usDate(order.expiry.on) : en.orders.untilFurtherOrder],
          [copy.expiryRule, en.orders.expiryRules[order.expiry.rule] ?? order.expiry.rule],
          [
            copy.service,
            record
              ? `${en.orders.serviceStatuses[order.service.status]}: ${en.orders.service.recorded(usDate(record.servedOn), record.servedBy)}`
              : (en.orders.serviceStatuses[order.service.status] ?? order.service.status),
          ],
          [copy.cancelled, order.cancellation ? `${usDate(order.cancellation.on)}: ${order.cancellation.reason}` : ''],
        ]}
      />
      {order.supersededBy ? (
        <p className="margin-bottom-0">
          {copy.supersededBy}: <Link to={`/orders/${order.supersededBy}`}>{copy.supersedingOrder}</Link>
        </p>
      ) : null}
    </SummaryBox>
  )
}

/** OrderContentView shows the order laid out as its form: the CR-160's own view, or its form's definition. */
function OrderContentView({ order }: { order: Order }) {
  const { number, revision } = order.content.form
  const forms = useFormDefinitions(number !== 'CR-160')
  if (number === 'CR-160') return <OrderView order={order} />
  const definition = forms.data?.find((f) => f.number === number && f.revision === revision)
  return definition ? <TypedOrderView order={order} definition={definition} /> : <p>{en.loading}</p>
}

/** OrderDetailRoute shows an order: its standing, every field, its history and what can be done. */
export default function OrderDetailRoute() {
  const { orderId = '' } = useParams()
  const [search] = useSearchParams()
  const version = Number(search.get('version')) || undefined
  const location = useLocation()
  const roles = useActingRoles()
  const query = useOrder(orderId, version)
  const [panel, setPanel] = useState<'cancel' | 'service' | null>(null)
  const [notice, setNotice] = useState<string | null>((location.state as { notice?: string } | null)?.notice ?? null)

  if (!query.data) return <p>{en.loading}</p>
  const { order, etag } = query.data
  const current = version === undefined
  const open = order.status === 'active' || order.status === 'draft'
  // A proof of service filed late is taken on an expired order (if served by its last day).
  const servable = open || order.status === 'expired'

  return (
    <>
      <PageHeading>{copy.title(order.content.caseNumber)}</PageHeading>
      <div role="status" className="ccpor-no-print">{notice ? <Alert type="success">{notice}</Alert> : null}</div>
      {!current ? (
        <Alert type="info">
          {copy.showingVersion(order.version)} <Link to={`/orders/${orderId}`}>{copy.showCurrent}</Link>
        </Alert>
      ) : null}
      <OrderStatus order={order} />
      <div className="usa-button-group margin-y-3 ccpor-no-print">
        {current && open && canEnterOrders(roles) ? (
          <Link to={`/orders/${orderId}/modify`} button>
            {copy.modify}
          </Link>
        ) : null}
        {current && open && canEnterOrders(roles) ? (
          <Link to={`/orders/new?supersedes=${orderId}`} button outline>
            {copy.supersede}
          </Link>
        ) : null}
        {current && servable && canEnterOrders(roles) && order.service.status === 'unserved' ? (
          <Button variant="outline" onClick={() => setPanel('service')}>
            {copy.recordService}
          </Button>
        ) : null}
        {current && open && canCancelOrders(roles) ? (
          <Button variant="outline" onClick={() => setPanel('cancel')}>
            {copy.cancelOrder}
          </Button>
        ) : null}
        <Button variant="outline" onClick={() => window.print()}>
          {copy.print}
        </Button>
      </div>
      {panel === 'service' ? (
        <RecordServiceForm
          orderId={orderId}
          etag={etag}
          onClose={() => setPanel(null)}
          onDone={() => {
            setPanel(null)
            setNotice(copy.servedNotice)
          }}
        />
      ) : null}
      {panel === 'cancel' ? (
        <CancelOrderDialog
          orderId={orderId}
          etag={etag}
          onClose={() => setPanel(null)}
          onDone={() => {
            setPanel(null)
            setNotice(copy.cancelledNotice)
          }}
        />
      ) : null}
      <OrderConflicts orderId={orderId} />
      {current ? <CarposStatus orderId={orderId} /> : null}
      <OrderContentView order={order} />
      <OrderImages orderId={orderId} />
      <VersionHistory orderId={orderId} />
    </>
  )
}
