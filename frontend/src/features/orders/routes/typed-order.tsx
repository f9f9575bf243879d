import { useState } from 'react'
import { useNavigate, useParams } from 'react-router'
import { PageHeading } from '@/components/layout/page-heading'
import { Alert } from '@/components/uswds/alert'
import { Link } from '@/components/uswds/link'
import { en } from '@/features/orders/copy'
import { createOrder, useOrderMutation } from '@/features/orders/api/change-order'
import { useFormDefinitions } from '@/features/orders/forms/form-definitions'
import { TypedOrderForm } from '@/features/orders/forms/typed-order-form'
import { useConflictReview } from '@/features/orders/conflicts/use-conflict-review'
import { useActingRoles } from '@/lib/acting-court'
import { canEnterOrderType } from '@/lib/order-roles'

const copy = en.orders.typed

/** OrderFormsRoute lists the forms the caller enters orders on, by type. */
export function OrderFormsRoute() {
  const query = useFormDefinitions()
  const roles = useActingRoles()
  const forms = (query.data ?? []).filter((f) => f.number !== 'CR-160' && canEnterOrderType(roles, f.type))
  return (
    <>
      <PageHeading>{copy.chooseTitle}</PageHeading>
      <p className="usa-intro">{copy.chooseIntro}</p>
      {query.data ? (
        <ul className="usa-list">
          {forms.map((f) => (
            <li key={`${f.number}@${f.revision}`}>
              <Link to={`/orders/new/${f.number}`}>
                {f.number} {f.title}
              </Link>{' '}
              ({copy.types[f.type as keyof typeof copy.types] ?? f.type}, {copy.revision(f.revision)})
            </li>
          ))}
        </ul>
      ) : (
        <p>{en.loading}</p>
      )}
    </>
  )
}

/** TypedOrderRoute enters an order on the form named in the path. */
export default function TypedOrderRoute() {
  const { form } = useParams()
  const query = useFormDefinitions()
  const mutation = useOrderMutation(createOrder)
  const navigate = useNavigate()
  const [idempotencyKey] = useState(() => crypto.randomUUID())
  const conflicts = useConflictReview()
  if (!query.data) return <p>{en.loading}</p>
  const definitions = query.data.filter((f) => f.number === form)
  const definition = definitions.at(-1)
  if (!definition) {
    return (
      <>
        <PageHeading>{copy.unknownTitle}</PageHeading>
        <Alert type="error">{copy.unknown(form ?? '')}</Alert>
      </>
    )
  }
  return (
    <>
      <PageHeading>{`${definition.number} ${definition.title}`}</PageHeading>
      <p className="usa-intro">{copy.intro(definition.revision)}</p>
      {definition.note ? <Alert type="info">{copy.note(definition.note)}</Alert> : null}
      <TypedOrderForm
        key={definition.number}
        definitions={definitions}
        actions={['draft', 'issue']}
        submit={async (content, action) => {
          const draft = action === 'draft'
          const review = await conflicts.review(content, draft)
          if (!review.proceed) return false
          const { order } = await mutation.mutateAsync({ content, draft, idempotencyKey, conflictsReviewed: review.conflictsReviewed })
          await navigate(`/orders/${order.id}`, { state: { notice: draft ? en.orders.detail.saved : en.orders.detail.issued } })
        }}
      />
      {conflicts.panel}
    </>
  )
}
