import { useState } from 'react'
import { useNavigate, useSearchParams } from 'react-router'
import { PageHeading } from '@/components/layout/page-heading'
import { Alert } from '@/components/uswds/alert'
import { en } from '@/features/orders/copy'
import { createOrder, useOrderMutation } from '@/features/orders/api/change-order'
import { useOrder } from '@/features/orders/api/read-orders'
import type { Order } from '@/features/orders/api/types'
import { usDate } from '@/features/orders/components/format'
import { useConflictReview } from '@/features/orders/conflicts/use-conflict-review'
import { fromTypedContent, useFormDefinitions, type FormDefinition, type FormValues } from '@/features/orders/forms/form-definitions'
import { TypedOrderForm } from '@/features/orders/forms/typed-order-form'

/** CR160 is the form this page enters, drawn from its definitions like every other form. */
const CR160 = 'CR-160'

type Start = { revision?: string; values?: FormValues; persons?: number }

/**
 * supersedingStart starts the order that replaces another of the same case (e.g. the
 * order after hearing replacing the temporary one) from that order's content on its
 * revision; its own dates (issue, expiry) are left to be entered.
 */
function supersedingStart(old: Order, definitions: FormDefinition[]): Start {
  const def = definitions.find((d) => d.revision === old.content.form.revision)
  if (!def) return {}
  const { values, persons } = fromTypedContent(def, old.content)
  return { revision: def.revision, values: { ...values, issuedOn: '', expiresOn: '', modification: false }, persons }
}

type EntryProps = { definitions: FormDefinition[]; start: Start; supersedes?: Order }

function OrderEntry({ definitions, start, supersedes }: EntryProps) {
  // One key per form session: a double submit, or a retry after a lost answer, makes one order.
  const [idempotencyKey] = useState(() => crypto.randomUUID())
  const mutation = useOrderMutation(createOrder)
  const navigate = useNavigate()
  const copy = en.orders
  const conflicts = useConflictReview()
  return (
    <>
      <TypedOrderForm
        definitions={definitions}
        revision={start.revision}
        initialValues={start.values}
        initialPersons={start.persons}
        actions={['draft', 'issue']}
        submit={async (content, action) => {
          const review = await conflicts.review(content, action === 'draft', { supersedes: supersedes?.id })
          if (!review.proceed) return false
          const { order } = await mutation.mutateAsync({
            content,
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
function SupersedingEntry({ id, definitions }: { id: string; definitions: FormDefinition[] }) {
  const query = useOrder(id)
  if (!query.data) return <p>{en.loading}</p>
  const old = query.data.order
  return (
    <>
      <PageHeading>{en.orders.form.supersedingTitle(old.content.caseNumber)}</PageHeading>
      <Alert type="info">{en.orders.form.supersedingIntro(usDate(old.content.issuedOn))}</Alert>
      <OrderEntry definitions={definitions} start={supersedingStart(old, definitions)} supersedes={old} />
    </>
  )
}

/**
 * NewOrderRoute enters a CR-160, drawn from its definitions (the current revision
 * first): saved as a draft or issued at once, new or superseding another.
 */
export default function NewOrderRoute() {
  const [search] = useSearchParams()
  const supersedes = search.get('supersedes')
  const forms = useFormDefinitions()
  const definitions = (forms.data ?? []).filter((f) => f.number === CR160)
  if (!forms.data) return <p>{en.loading}</p>
  if (!definitions.length) return <Alert type="error">{en.orders.typed.unknown(CR160)}</Alert>
  if (supersedes) return <SupersedingEntry key={supersedes} id={supersedes} definitions={definitions} />
  return (
    <>
      <PageHeading>{en.orders.form.newTitle}</PageHeading>
      <p className="usa-intro">{en.orders.form.intro}</p>
      <OrderEntry definitions={definitions} start={{}} />
    </>
  )
}
