import { useNavigate, useParams } from 'react-router'
import { PageHeading } from '@/components/layout/page-heading'
import { Link } from '@/components/uswds/link'
import { en } from '@/features/orders/copy'
import { modifyOrder, useOrderMutation } from '@/features/orders/api/change-order'
import { useOrder } from '@/features/orders/api/read-orders'
import { useConflictReview } from '@/features/orders/conflicts/use-conflict-review'
import { fromTypedContent, useFormDefinitions } from '@/features/orders/forms/form-definitions'
import { TypedOrderForm } from '@/features/orders/forms/typed-order-form'

/**
 * ModifyOrderRoute is the order's form, drawn from its definition and filled with
 * the current version, saved with If-Match; a draft can also be issued. Before an
 * active order (or a draft being issued) is saved, its conflicts are checked as at
 * entry, leaving the order itself out.
 */
export default function ModifyOrderRoute() {
  const { orderId = '' } = useParams()
  const query = useOrder(orderId)
  const forms = useFormDefinitions(query.data !== undefined)
  const mutation = useOrderMutation(modifyOrder)
  const navigate = useNavigate()
  const conflicts = useConflictReview()
  const copy = en.orders

  if (!query.data || !forms.data) return <p>{en.loading}</p>
  const { order, etag } = query.data
  const { number, revision } = order.content.form
  const definitions = forms.data.filter((f) => f.number === number)
  const definition = definitions.find((f) => f.revision === revision)
  if (!definition) return <p>{en.orders.typed.unknown(`${number} (${revision})`)}</p>
  const { values, persons } = fromTypedContent(definition, order.content)
  return (
    <>
      <PageHeading>{copy.form.modifyTitle(order.content.caseNumber)}</PageHeading>
      {number !== 'CR-160' ? <p className="usa-intro">{`${definition.number} ${definition.title}. ${copy.typed.intro(definition.revision)}`}</p> : null}
      <p>
        <Link to={`/orders/${orderId}`}>{copy.form.cancel}</Link>
      </p>
      <TypedOrderForm
        // A reload after a 412 brings a new ETag: the form starts again from the new version.
        key={etag}
        definitions={definitions}
        revision={revision}
        initialValues={values}
        initialPersons={persons}
        actions={order.status === 'draft' ? ['save', 'issue'] : ['save']}
        onReload={() => {
          // The new version replaces the form; focus goes back to the page's heading.
          void query.refetch().then(() => document.querySelector<HTMLElement>('main h1')?.focus())
        }}
        submit={async (content, action) => {
          const draft = order.status === 'draft' && action !== 'issue'
          const review = await conflicts.review(content, draft, { modifies: orderId })
          if (!review.proceed) return false
          await mutation.mutateAsync({ id: orderId, etag, content, issue: action === 'issue', conflictsReviewed: review.conflictsReviewed })
          await navigate(`/orders/${orderId}`, {
            state: { notice: action === 'issue' ? copy.detail.issued : copy.detail.saved },
          })
        }}
      />
      {conflicts.panel}
    </>
  )
}
