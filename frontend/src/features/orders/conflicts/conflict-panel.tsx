import { useEffect, useId, useRef, type ReactNode } from 'react'
import { Alert } from '@/components/uswds/alert'
import { Link } from '@/components/uswds/link'
import { SummaryBox } from '@/components/uswds/summary-box'
import { Table } from '@/components/uswds/table'
import { en } from '@/features/orders/copy'
import { usDate } from '@/features/orders/components/format'
import type { ConflictReport, Enforcement, RelatedOrder } from '@/features/orders/conflicts/conflicts-api'

const copy = en.conflicts

type ConflictPanelProps = {
  /** report is absent when the check failed: only the heading, intro and actions show. */
  report?: ConflictReport
  heading: string
  intro: string
  /** selfId is the order the report is about ("this order" in the precedence tables). */
  selfId?: string
  /** links makes each related order a link to its page (not in entry: the typing would be lost). */
  links?: boolean
  /** focusOnMount moves focus to the heading when the panel appears, so screen readers hear it. */
  focusOnMount?: boolean
  /** children are the panel's actions. */
  children?: ReactNode
}

function standing(o: RelatedOrder): string {
  if (o.inConflict) return copy.inConflict
  return o.sameRestrained ? copy.related : copy.sameProtectedOnly
}

/** Combined lists what an officer enforces, and what follows an emergency order. */
function Combined({ enforcement }: { enforcement: Enforcement }) {
  const lines = (e: Enforcement) =>
    (e.terms ?? []).length ? (
      <ul className="usa-list">
        {(e.terms ?? []).map((r) => (
          <li key={r.term}>{r.value}</li>
        ))}
      </ul>
    ) : (
      <p>{copy.combinedNone}</p>
    )
  if (!enforcement.until) return lines(enforcement)
  return (
    <>
      <p className="margin-bottom-0">{copy.until(usDate(enforcement.until))}</p>
      {lines(enforcement)}
      {enforcement.after ? (
        <>
          <p className="margin-bottom-0">{copy.after}</p>
          {lines(enforcement.after)}
        </>
      ) : null}
    </>
  )
}

/**
 * ConflictPanel shows a conflict report: the related orders and whether precedence
 * applies, for each protected person the combined terms an officer enforces and the
 * precedence term by term, and the courts that do not share, named without content.
 */
export function ConflictPanel({ report, heading, intro, selfId, links = true, focusOnMount = false, children }: ConflictPanelProps) {
  const id = useId()
  const headingRef = useRef<HTMLHeadingElement>(null)
  useEffect(() => {
    if (focusOnMount) headingRef.current?.focus()
  }, [focusOnMount])
  const orders = report?.orders ?? []
  const elsewhere = report?.elsewhere ?? []
  const names = new Map<string, string>([[copy.thisOrder, copy.thisOrder]])
  if (selfId) names.set(selfId, copy.thisOrder)
  for (const o of orders) names.set(o.terms.orderId, copy.orderLabel(o.terms.form, o.terms.caseNumber))
  const name = (orderId: string) => names.get(orderId) ?? orderId

  return (
    <section aria-labelledby={id} className="margin-top-4" data-testid="conflicts">
      <h2 id={id} ref={headingRef} tabIndex={-1}>
        {heading}
      </h2>
      <p>{intro}</p>
      {report && orders.length === 0 && elsewhere.length === 0 ? <p>{copy.none}</p> : null}
      {elsewhere.length ? (
        <Alert type="warning" heading={copy.elsewhereHeading} headingLevel="h3" blockContent>
          <ul className="usa-list">
            {elsewhere.map((n) => (
              <li key={n.courtId}>{copy.elsewhere(n.courtName)}</li>
            ))}
          </ul>
        </Alert>
      ) : null}
      {orders.length ? (
        <Table
          className="ccpor-table--wrap"
          caption={copy.ordersCaption}
          headers={copy.columns}
          rows={orders.map((o) => ({
            key: o.terms.orderId,
            cells: [
              links ? (
                <Link key="l" to={`/orders/${o.terms.orderId}`}>
                  {name(o.terms.orderId)}
                </Link>
              ) : (
                name(o.terms.orderId)
              ),
              o.courtName,
              o.restrainedName,
              (o.sameProtected ?? []).join(', '),
              o.inConflict ? <strong key="s">{standing(o)}</strong> : standing(o),
            ],
          }))}
        />
      ) : null}
      {(report?.groups ?? []).map((g) => (
        <div key={g.protected} className="margin-top-3" data-testid="conflict-group">
          <SummaryBox heading={copy.combinedHeading(g.protected)} headingLevel="h3">
            <Combined enforcement={g.enforcement} />
            {(g.enforcement.superseded ?? []).length ? (
              <p className="margin-bottom-0">{copy.superseded((g.enforcement.superseded ?? []).map(name).join(', '))}</p>
            ) : null}
          </SummaryBox>
          <Table
            className="ccpor-table--wrap"
            caption={copy.termsCaption(g.protected)}
            headers={copy.termColumns}
            rows={(g.enforcement.terms ?? []).map((r) => ({
              key: r.term,
              cells: [
                copy.terms[r.term] ?? r.term,
                r.note ? `${r.value} (${r.note})` : r.value,
                (r.from ?? []).map(name).join(', '),
                r.conflict ? copy.yes : copy.no,
                copy.rules[r.rule] ?? r.rule,
              ],
            }))}
          />
        </div>
      ))}
      {children}
    </section>
  )
}
