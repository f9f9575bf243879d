import { Alert } from '@/components/uswds/alert'
import { Table } from '@/components/uswds/table'
import { en } from '@/features/orders/copy'
import { useCletsCurrent } from '@/lib/acting-court'
import { Facts } from '@/features/orders/components/facts'
import { useOrderCarpos, type CarposMessage } from '@/features/orders/carpos/api/carpos-api'

const copy = en.carpos.status

const when = (iso?: string) => (iso ? new Date(iso).toLocaleString('en-US') : '')

/** Deadline says, in words and not by colour alone, whether a message met its one-business-day deadline. */
function Deadline({ message }: { message: CarposMessage }) {
  return message.late ? (
    <span className="usa-tag bg-secondary-dark" data-testid="late">
      {copy.lateMark}
    </span>
  ) : (
    <span>{copy.onTime}</span>
  )
}

/**
 * CarposStatus is an order's standing at the DOJ's CARPOS: the state of each message,
 * the FCN and NIC, the time to acknowledgement and the one-business-day deadline. It
 * renders nothing for users without a current CLETS certification.
 */
export function CarposStatus({ orderId }: { orderId: string }) {
  const clets = useCletsCurrent()
  if (!clets) return null
  return <CarposStatusSection orderId={orderId} />
}

function CarposStatusSection({ orderId }: { orderId: string }) {
  const status = useOrderCarpos(orderId)
  const st = status.data
  return (
    <section aria-labelledby="carpos-heading" className="margin-top-4" data-testid="carpos">
      <h2 id="carpos-heading">{copy.heading}</h2>
      <p>{copy.intro}</p>
      {status.isError ? <Alert type="error" announce>
          {copy.error}
        </Alert> : null}
      {!st && !status.isError ? <p>{en.loading}</p> : null}
      {st ? (
        <>
          <Facts
            testId="carpos-summary"
            rows={[
              [copy.state, en.carpos.states[st.state] ?? st.state],
              [copy.fcn, st.fcn ?? ''],
              [copy.nic, st.nic ?? ''],
              [copy.deadline, st.late ? <strong key="l">{copy.late}</strong> : copy.inTime],
            ]}
          />
          {(st.messages ?? []).length === 0 ? (
            <p>{copy.none}</p>
          ) : (
            <>
              <Table
                className="ccpor-table--wrap"
                caption={copy.historyCaption}
                headers={copy.columns}
                rows={(st.messages ?? []).map((m) => ({
                  key: m.id,
                  cells: [
                    `${m.seq}. ${en.carpos.kinds[m.kind] ?? m.kind} (version ${m.orderVersion})`,
                    <span key="s">
                      {en.carpos.states[m.state] ?? m.state}
                      {m.reason ? `: ${m.reason}` : ''}
                    </span>,
                    when(m.createdAt),
                    when(m.acknowledgedAt),
                    m.secondsToAcknowledgement !== undefined ? copy.seconds(m.secondsToAcknowledgement) : '',
                    <span key="d">
                      {when(m.due)} <Deadline message={m} />
                    </span>,
                  ],
                }))}
              />
              {(st.messages ?? []).map((m) =>
                m.text ? (
                  <details key={m.id} className="margin-top-1">
                    <summary>{copy.showText(m.seq)}</summary>
                    <pre className="ccpor-clets-text">{m.text}</pre>
                  </details>
                ) : null,
              )}
            </>
          )}
        </>
      ) : null}
    </section>
  )
}
