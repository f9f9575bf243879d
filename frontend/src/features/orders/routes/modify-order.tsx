import { useNavigate, useParams } from 'react-router'
import { PageHeading } from '@/components/layout/page-heading'
import { Link } from '@/components/uswds/link'
import { en } from '@/features/orders/copy'
import { modifyOrder, useOrderMutation } from '@/features/orders/api/change-order'
import { useOrder } from '@/features/orders/api/read-orders'
import { OrderForm } from '@/features/orders/components/order-form'
import { cr160Entry, fromContent } from '@/features/orders/components/order-values'
import { useConflictReview } from '@/features/orders/conflicts/use-conflict-review'
import { fromTypedContent, useFormDefinitions } from '@/features/orders/forms/form-definitions'
import { TypedOrderForm } from '@/features/orders/forms/typed-order-form'

/**
 * ModifyOrderRoute is the order's form filled with the current version, saved
 * with If-Match: the CR-160 screen for a CR-160, the form renderer for the rest.
 * Before an active order (or a draft being issued) is saved, its conflicts are
 * checked as at entry, leaving the order itself out.
 */
export default function ModifyOrderRoute() {
  const { orderId = '' } = useParams()
  const query = useOrder(orderId)
  const forms = useFormDefinitions(query.data !== undefined && query.data.order.content.form.number !== 'CR-160')
  const mutation = useOrderMutation(modifyOrder)
  const navigate = useNavigate()
  const conflicts = useConflictReview()
  const copy = en.orders

  if (!query.data) return <p>{en.loading}</p>
  const { order, etag } = query.data
  if (order.content.form.number !== 'CR-160') {
    if (!forms.data) return <p>{en.loading}</p>
    const { number, revision } = order.content.form
    const definition = forms.data.find((f) => f.number === number && f.revision === revision)
    if (!definition) return <p>{en.orders.typed.unknown(`${number} (${revision})`)}</p>
    const { values, persons } = fromTypedContent(definition, order.content)
    return (
      <>
        <PageHeading>{copy.form.modifyTitle(order.content.caseNumber)}</PageHeading>
        <p className="usa-intro">{`${definition.number} ${definition.title}. ${copy.typed.intro(definition.revision)}`}</p>
        <p>
          <Link to={`/orders/${orderId}`}>{copy.form.cancel}</Link>
        </p>
        <TypedOrderForm
          key={etag}
          definition={definition}
          initialValues={values}
          initialPersons={persons}
          submitLabel={copy.form.save}
          submit={async (content) => {
            const review = await conflicts.review(content, order.status === 'draft', { modifies: orderId })
            if (!review.proceed) return false
            await mutation.mutateAsync({ id: orderId, etag, content, issue: false, conflictsReviewed: review.conflictsReviewed })
            await navigate(`/orders/${orderId}`, { state: { notice: copy.detail.saved } })
          }}
        />
        {conflicts.panel}
      </>
    )
  }
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
          const draft = order.status === 'draft' && action !== 'issue'
          const review = await conflicts.review(content, draft, { modifies: orderId })
          if (!review.proceed) return false
          await mutation.mutateAsync({
            id: orderId,
            etag,
            content: cr160Entry(content),
            issue: action === 'issue',
            conflictsReviewed: review.conflictsReviewed,
          })
          await navigate(`/orders/${orderId}`, {
            state: { notice: action === 'issue' ? copy.detail.issued : copy.detail.saved },
          })
        }}
      />
      {conflicts.panel}
    </>
  )
}
