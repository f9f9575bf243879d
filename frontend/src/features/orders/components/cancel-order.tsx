import { useState } from 'react'
import { ProblemDetails } from '@/components/errors/problem-details'
import { problemOf } from '@/components/errors/error-fallback'
import { Button } from '@/components/uswds/button'
import { Textarea } from '@/components/uswds/form-controls'
import { Modal } from '@/components/uswds/modal'
import { en } from '@/features/orders/copy'
import { cancelOrder, useOrderMutation } from '@/features/orders/api/change-order'

const copy = en.orders.cancel

type CancelOrderProps = {
  orderId: string
  etag: string
  onClose: () => void
  onDone: () => void
}

/** CancelOrderDialog asks for the reason, then cancels the order. */
export function CancelOrderDialog({ orderId, etag, onClose, onDone }: CancelOrderProps) {
  const [reason, setReason] = useState('')
  const [tooShort, setTooShort] = useState(false)
  const mutation = useOrderMutation(cancelOrder)

  function confirm() {
    if (reason.trim().length < 3) {
      setTooShort(true)
      document.getElementById('cancel-reason')?.focus()
      return
    }
    setTooShort(false)
    mutation.mutate({ id: orderId, etag, reason: reason.trim() }, { onSuccess: onDone })
  }

  return (
    <Modal
      heading={copy.heading}
      onEscape={onClose}
      actions={[
        <Button key="confirm" onClick={confirm} disabled={mutation.isPending}>
          {mutation.isPending ? copy.working : copy.confirm}
        </Button>,
        <Button key="back" variant="outline" onClick={onClose}>
          {copy.back}
        </Button>,
      ]}
    >
      <p>{copy.body}</p>
      <Textarea id="cancel-reason" label={copy.reason} value={reason} onChange={setReason} error={tooShort ? copy.reasonTooShort : undefined} />
      {mutation.isError ? <ProblemDetails problem={problemOf(mutation.error)} /> : null}
    </Modal>
  )
}
