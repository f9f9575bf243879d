import { useNavigate, useParams } from 'react-router'
import { PageHeading } from '@/components/layout/page-heading'
import { Link } from '@/components/uswds/link'
import { en } from '@/copy/en'
import { modifyOrder, useOrderMutation } from '@/features/orders/api/change-order'
import { useOrder } from '@/features/orders/api/read-orders'
import { OrderForm } from '@/features/orders/components/order-form'
import { fromContent } from '@/features/orders/components/order-values'

/** ModifyOrderRoute is the CR-160 form filled with the current version, saved with If-Match. */
export default function ModifyOrderRoute() {
  const { orderId = '' } = useParams()
  const query = useOrder(orderId)
  const mutation = useOrderMutation(modifyOrder)
  const navigate = useNavigate()
  const copy = en.orders

  if (!query.data) return <p>{en.loading}</p>
  const { order, etag } = query.data
  return (
    <>
      <PageHeading>{copy.form.modifyTitle(order.content.caseNumber)}</PageHeading>
      <p>
        <Link to={`/orders/${orderId}`}>{copy.form.cancel}</Link>
      </p>
      <OrderForm
        // A reload after a 412 brings a new ETag: the form starts again from the new version.
        key={etag}
        initialValues={fromContent(order.content)}
        base={order.content}
        actions={order.status === 'draft' ? ['save', 'issue'] : ['save']}
        onReload={() => {
          // The new version replaces the form; focus goes back to the page's heading.
          void query.refetch().then(() => document.querySelector<HTMLElement>('main h1')?.focus())
        }}
        submit={async (content, action) => {
          await mutation.mutateAsync({ id: orderId, etag, content, issue: action === 'issue' })
          await navigate(`/orders/${orderId}`, {
            state: { notice: action === 'issue' ? copy.detail.issued : copy.detail.saved },
          })
        }}
      />
    </>
  )
}
