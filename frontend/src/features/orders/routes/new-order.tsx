import { useState } from 'react'
import { useNavigate, useSearchParams } from 'react-router'
import { PageHeading } from '@/components/layout/page-heading'
import { Alert } from '@/components/uswds/alert'
import { en } from '@/features/orders/copy'
import { createOrder, useOrderMutation } from '@/features/orders/api/change-order'
import { useOrder } from '@/features/orders/api/read-orders'
import type { Order } from '@/features/orders/api/types'
import { usDate } from '@/features/orders/components/format'
import { OrderForm } from '@/features/orders/components/order-form'
import { cr160Entry, emptyValues, fromContent, type Values } from '@/features/orders/components/order-values'
import { useConflictReview } from '@/features/orders/conflicts/use-conflict-review'

/**
 * supersedingValues starts the order that replaces another of the same case (e.g. the
 * order after hearing replacing the temporary one) from that order's content; its
 * own dates (issue, expiry) are left to be entered.
 */
function supersedingValues(old: Order): Values {
  return { ...fromContent(old.content), issuedOn: '', expiresOn: '', modification: false }
}

type EntryProps = { initialValues: Values; supersedes?: Order }

function OrderEntry({ initialValues, supersedes }: EntryProps) {
  // One key per form session: a double submit, or a retry after a lost answer, makes one order.
  const [idempotencyKey] = useState(() => crypto.randomUUID())
  const mutation = useOrderMutation(createOrder)
  const navigate = useNavigate()
  const copy = en.orders
  const conflicts = useConflictReview()
  return (
    <>
      <OrderForm
        initialValues={initialValues}
        actions={['draft', 'issue']}
        submit={async (content, action) => {
          const review = await conflicts.review(content, action === 'draft', { supersedes: supersedes?.id })
          if (!review.proceed) return false
          const { order } = await mutation.mutateAsync({
            content: cr160Entry(content),
            draft: action === 'draft',
            idempotencyKey,
            supersedes: supersedes?.id,
            conflictsReviewed: review.conflictsReviewed,
          })
          await navigate(`/orders/${order.id}`, {
            state: { notice: action === 'draft' ? copy.detail.saved : copy.detail.issued },
          })
        }}
      />
      {conflicts.panel}
    </>
  )
}

/** SupersedingEntry enters the order that supersedes the one named in ?supersedes=. */
function SupersedingEntry({ id }: { id: string }) {
  const query = useOrder(id)
  if (!query.data) return <p>{en.loading}</p>
  const old = query.data.order
  return (
    <>
      <PageHeading>{en.orders.form.supersedingTitle(old.content.caseNumber)}</PageHeading>
      <Alert type="info">{en.orders.form.supersedingIntro(usDate(old.content.issuedOn))}</Alert>
      <OrderEntry initialValues={supersedingValues(old)} supersedes={old} />
    </>
  )
}

/** NewOrderRoute enters a CR-160: saved as a draft or issued at once, new or superseding another. */
export default function NewOrderRoute() {
  const [search] = useSearchParams()
  const supersedes = search.get('supersedes')
  const [initialValues] = useState(emptyValues)
  if (supersedes) return <SupersedingEntry key={supersedes} id={supersedes} />
  return (
    <>
      <PageHeading>{en.orders.form.newTitle}</PageHeading>
      <p className="usa-intro">{en.orders.form.intro}</p>
      <OrderEntry initialValues={initialValues} />
    </>
  )
}
