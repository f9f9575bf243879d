import { useMutation } from '@tanstack/react-query'
import { useEffect, useRef, useState, type FormEvent } from 'react'
import { ProblemDetails } from '@/components/errors/problem-details'
import { problemOf } from '@/components/errors/error-fallback'
import { PageHeading } from '@/components/layout/page-heading'
import { Alert } from '@/components/uswds/alert'
import { Button } from '@/components/uswds/button'
import { ErrorSummary, type SummaryItem } from '@/components/uswds/error-summary'
import { RadioGroup, Textarea, TextInput } from '@/components/uswds/form-controls'
import { Link } from '@/components/uswds/link'
import { Select } from '@/components/uswds/select'
import { Table } from '@/components/uswds/table'
import { en } from '@/features/orders/copy'
import { useActingCourt, useCletsCurrent } from '@/lib/acting-court'
import { useCaseOrders, useCourts } from '@/features/orders/api/read-orders'
import { usDate } from '@/features/orders/components/format'
import { OrderImages } from '@/features/orders/images/order-images'
import { compareHit, confirmHit, type HitComparison, type Outcome } from '@/features/orders/carpos/api/carpos-api'

const copy = en.carpos.hit
const CASE_NUMBER = /^[0-9A-Z][0-9A-Z-]{2,29}$/
const OUTCOMES = Object.keys(copy.outcomes) as Outcome[]

type Field = 'response' | 'caseNumber' | 'outcome' | 'note'
const ids: Record<Field, string> = { response: 'hit-response', caseNumber: 'hit-case-number', outcome: 'hit-outcome', note: 'hit-note' }

/** HitConfirmationRoute: a sheriff checks a CLETS hit against the registry and records the outcome. */
export default function HitConfirmationRoute() {
  const clets = useCletsCurrent()
  return (
    <>
      <PageHeading>{copy.title}</PageHeading>
      {clets ? <HitConfirmation /> : <Alert type="info">{copy.notCertified}</Alert>}
    </>
  )
}

function HitConfirmation() {
  const actingCourt = useActingCourt()
  const courts = useCourts()
  const [response, setResponse] = useState('')
  const [court, setCourt] = useState(actingCourt ?? '')
  const [caseNumber, setCaseNumber] = useState('')
  const [searched, setSearched] = useState('')
  const [outcome, setOutcome] = useState('')
  const [note, setNote] = useState('')
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({})
  const [other, setOther] = useState<string[]>([])
  const [attempt, setAttempt] = useState(0)
  const [recorded, setRecorded] = useState<string | null>(null)
  const orders = useCaseOrders(searched ? court : '', searched)
  const comparison = useMutation({ mutationFn: (orderId: string) => compareHit(orderId, response) })
  const confirmation = useMutation({ mutationFn: confirmHit })
  const compared: HitComparison | undefined = comparison.data

  function fail(found: Partial<Record<Field, string>>, rest: string[] = []) {
    setErrors(found)
    setOther(rest)
    setAttempt((n) => n + 1)
  }

  function serverErrors(error: unknown) {
    const problem = problemOf(error)
    const found: Partial<Record<Field, string>> = {}
    const rest: string[] = []
    for (const e of problem.errors ?? []) {
      const field = (['response', 'outcome', 'note'] as Field[]).find((f) => e.location === `body.${f}`)
      if (field) found[field] = e.message ?? ''
      else rest.push(e.message ?? '')
    }
    if (!problem.errors?.length) rest.push(problem.detail ?? problem.title ?? '')
    fail(found, rest)
  }

  function find(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const found: Partial<Record<Field, string>> = {}
    const wanted = caseNumber.trim().toUpperCase()
    if (!response.trim()) found.response = copy.responseRequired
    if (!CASE_NUMBER.test(wanted)) found.caseNumber = copy.caseNumberInvalid
    if (Object.keys(found).length) return fail(found)
    setErrors({})
    setOther([])
    setCaseNumber(wanted)
    setSearched(wanted)
    comparison.reset()
    setRecorded(null)
  }

  function compare(orderId: string) {
    if (!response.trim()) return fail({ response: copy.responseRequired })
    setErrors({})
    setOther([])
    comparison.mutate(orderId, { onError: serverErrors })
  }

  function record(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const found: Partial<Record<Field, string>> = {}
    if (!response.trim()) found.response = copy.responseRequired
    if (!outcome) found.outcome = copy.outcomeRequired
    if (Object.keys(found).length) return fail(found)
    setErrors({})
    setOther([])
    confirmation.mutate(
      {
        response,
        outcome: outcome as Outcome,
        ...(compared && outcome !== 'not_found' ? { orderId: compared.orderId } : {}),
        ...(note.trim() ? { note: note.trim() } : {}),
      },
      { onSuccess: () => setRecorded(copy.recorded(copy.outcomes[outcome] ?? outcome)), onError: serverErrors },
    )
  }

  const summary: SummaryItem[] = [
    ...(Object.entries(errors) as Array<[Field, string]>).map(([field, message]) => ({ message, fieldId: ids[field] })),
    ...other.map((message) => ({ message })),
  ]
  const courtOptions = (courts.data ?? []).filter((c) => c.kind !== 'statewide').map((c) => ({ value: c.id, label: c.name }))
  if (!courtOptions.some((o) => o.value === court)) courtOptions.unshift({ value: court, label: court })

  return (
    <>
      <p className="usa-intro">{copy.intro}</p>
      {summary.length ? <ErrorSummary heading={copy.errorHeading} items={summary} focusKey={attempt} /> : null}
      <div role="status">{recorded ? <Alert type="success">{recorded}</Alert> : null}</div>
      <form className="usa-form usa-form--large" noValidate onSubmit={find}>
        <h2 id="hit-step1">{copy.step1}</h2>
        <Textarea id={ids.response} label={copy.response} hint={copy.responseHint} value={response} onChange={setResponse} error={errors.response} />
        <h2>{copy.step2}</h2>
        <Select label={copy.court} name="hit-court" value={court} options={courtOptions} onChange={setCourt} />
        <TextInput
          id={ids.caseNumber}
          label={copy.caseNumber}
          hint={copy.caseNumberHint}
          value={caseNumber}
          onChange={setCaseNumber}
          error={errors.caseNumber}
          width="md"
        />
        <Button type="submit" className="margin-top-3">
          {copy.find}
        </Button>
      </form>
      <div className="margin-top-4" aria-live="polite">
        {orders.isError ? <ProblemDetails problem={problemOf(orders.error)} /> : null}
        {searched && orders.data ? (
          orders.data.length === 0 ? (
            <p>{copy.noOrder(searched)}</p>
          ) : (
            <Table
              caption={copy.ordersCaption}
              headers={copy.ordersColumns}
              rows={orders.data.map((o) => ({
                key: o.id,
                cells: [
                  `${o.formNumber} ${o.caseNumber}`,
                  en.orders.statuses[o.status] ?? o.status,
                  usDate(o.issuedOn),
                  o.expiresOn ? usDate(o.expiresOn) : en.orders.untilFurtherOrder,
                  <Button key="c" variant="outline" onClick={() => compare(o.id)}>
                    {copy.compare(o.caseNumber, o.formNumber)}
                  </Button>,
                ],
              }))}
            />
          )
        ) : null}
      </div>
      {compared ? <Comparison comparison={compared} /> : null}
      {searched || compared ? (
        <form className="usa-form usa-form--large margin-top-4" noValidate onSubmit={record}>
          <h2 id="hit-step4">{copy.step4}</h2>
          <RadioGroup
            id={ids.outcome}
            legend={copy.outcome}
            value={outcome}
            onChange={setOutcome}
            error={errors.outcome}
            options={OUTCOMES.map((value) => ({ value, label: copy.outcomes[value] ?? value }))}
          />
          <Textarea id={ids.note} label={copy.note} value={note} onChange={setNote} error={errors.note} />
          <Button type="submit" className="margin-top-3" disabled={confirmation.isPending}>
            {copy.record}
          </Button>
        </form>
      ) : null}
    </>
  )
}

/** Comparison shows the order checked and, field by field, where CLETS disagrees: marked in words and by a mark, not by colour alone. */
function Comparison({ comparison }: { comparison: HitComparison }) {
  const diffs = comparison.differences ?? []
  const heading = useRef<HTMLHeadingElement>(null)
  useEffect(() => heading.current?.focus(), [comparison]) // the comparison opens below the button that asked for it
  const caseNumber = comparison.registry.caseNumber || comparison.registry.oca || ''
  return (
    <section aria-labelledby="hit-step3" className="margin-top-4" data-testid="hit-comparison">
      <h2 id="hit-step3" ref={heading} tabIndex={-1}>
        {copy.step3}
      </h2>
      <p>{copy.current(caseNumber, comparison.version, en.orders.statuses[comparison.status] ?? comparison.status)}</p>
      <p>
        <Link to={`/orders/${comparison.orderId}`}>{copy.openOrder}</Link>
      </p>
      <p role="status">
        <strong>{diffs.length === 0 ? copy.noDifferences : copy.differencesCount(diffs.length)}</strong>
      </p>
      {diffs.length ? (
        <Table
          caption={copy.diffCaption}
          headers={copy.diffColumns}
          className="ccpor-hit-diff ccpor-table--wrap"
          rows={diffs.map((d) => ({
            key: d.field,
            cells: [
              <code key="f">{d.field}</code>,
              <mark key="a">{d.a}</mark>,
              <mark key="b">{d.b}</mark>,
              <span key="x" className="usa-tag">
                {copy.differs}
              </span>,
            ],
          }))}
        />
      ) : null}
      <OrderImages orderId={comparison.orderId} readOnly />
    </section>
  )
}
