import { useState } from 'react'
import { ProblemDetails } from '@/components/errors/problem-details'
import { problemOf } from '@/components/errors/error-fallback'
import { PageHeading } from '@/components/layout/page-heading'
import { Alert } from '@/components/uswds/alert'
import { Button } from '@/components/uswds/button'
import { Link } from '@/components/uswds/link'
import { Modal } from '@/components/uswds/modal'
import { Table } from '@/components/uswds/table'
import { en } from '@/features/orders/copy'
import { useCletsCurrent } from '@/lib/acting-court'
import { useCarposQueue, useResend, type CarposMessage } from '@/features/orders/carpos/api/carpos-api'

const copy = en.carpos.queue

/** fixFor says what the clerk should do about a rejection. */
function fixFor(m: CarposMessage): string {
  return /no answer/i.test(m.reason ?? '') ? copy.fixNoAnswer : copy.fixRefused
}

/** WorkQueueRoute lists the court's rejected CARPOS messages: reason, what to fix, resend. */
export default function WorkQueueRoute() {
  const clets = useCletsCurrent()
  return (
    <>
      <PageHeading>{copy.title}</PageHeading>
      {clets ? <Queue /> : <Alert type="info">{copy.notCertified}</Alert>}
    </>
  )
}

function Queue() {
  const queue = useCarposQueue()
  const resend = useResend()
  const [asking, setAsking] = useState<CarposMessage | null>(null)
  const [notice, setNotice] = useState<string | null>(null)

  function confirm() {
    const m = asking
    if (!m) return
    setAsking(null)
    resend.mutate(m.id, { onSuccess: () => setNotice(copy.resent(m.caseNumber ?? '')) })
  }

  return (
    <>
      <p className="usa-intro">{copy.intro}</p>
      <div role="status">{notice ? <Alert type="success">{notice}</Alert> : null}</div>
      {resend.isError ? <ProblemDetails problem={problemOf(resend.error)} /> : null}
      {queue.isError ? <ProblemDetails problem={problemOf(queue.error)} /> : null}
      {!queue.data && !queue.isError ? <p>{en.loading}</p> : null}
      {queue.data ? (
        queue.data.length === 0 ? (
          <p>{copy.empty}</p>
        ) : (
          <Table
            className="ccpor-table--wrap"
            caption={copy.caption}
            headers={copy.columns}
            rows={queue.data.map((m) => ({
              key: m.id,
              cells: [
                <Link key="o" to={`/orders/${m.orderId}`}>
                  {m.caseNumber}
                </Link>,
                `${m.seq}. ${en.carpos.kinds[m.kind] ?? m.kind}`,
                m.rejectedAt ? new Date(m.rejectedAt).toLocaleString('en-US') : '',
                m.reason ?? '',
                fixFor(m),
                <Button key="r" variant="outline" onClick={() => setAsking(m)} ariaLabel={copy.resend(m.caseNumber ?? '', m.seq)}>
                  {copy.resendLabel}
                </Button>,
              ],
            }))}
          />
        )
      ) : null}
      {asking ? (
        <Modal
          heading={copy.confirmHeading}
          onEscape={() => setAsking(null)}
          actions={[
            <Button key="yes" onClick={confirm}>
              {copy.confirm}
            </Button>,
            <Button key="no" variant="outline" onClick={() => setAsking(null)}>
              {copy.cancel}
            </Button>,
          ]}
        >
          <p>{copy.confirmBody(asking.caseNumber ?? '')}</p>
        </Modal>
      ) : null}
    </>
  )
}
