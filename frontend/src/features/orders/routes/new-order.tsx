import { useState } from 'react'
import { useNavigate } from 'react-router'
import { PageHeading } from '@/components/layout/page-heading'
import { en } from '@/copy/en'
import { createOrder, useOrderMutation } from '@/features/orders/api/change-order'
import { OrderForm } from '@/features/orders/components/order-form'
import { emptyValues } from '@/features/orders/components/order-values'

/** NewOrderRoute enters a CR-160: saved as a draft or issued at once. */
export default function NewOrderRoute() {
  // One key per form session: a double submit, or a retry after a lost answer, makes one order.
  const [idempotencyKey] = useState(() => crypto.randomUUID())
  const [initialValues] = useState(emptyValues)
  const mutation = useOrderMutation(createOrder)
  const navigate = useNavigate()
  const copy = en.orders

  return (
    <>
      <PageHeading>{copy.form.newTitle}</PageHeading>
      <p className="usa-intro">{copy.form.intro}</p>
      <OrderForm
        initialValues={initialValues}
        actions={['draft', 'issue']}
        submit={async (content, action) => {
          const { order } = await mutation.mutateAsync({ content, draft: action === 'draft', idempotencyKey })
          await navigate(`/orders/${order.id}`, {
            state: { notice: action === 'draft' ? copy.detail.saved : copy.detail.issued },
          })
        }}
      />
    </>
  )
}
