import { useState, type FormEvent } from 'react'
import { ProblemDetails } from '@/components/errors/problem-details'
import { problemOf } from '@/components/errors/error-fallback'
import { PageHeading } from '@/components/layout/page-heading'
import { Button } from '@/components/uswds/button'
import { ErrorSummary, type SummaryItem } from '@/components/uswds/error-summary'
import { TextInput } from '@/components/uswds/form-controls'
import { Link } from '@/components/uswds/link'
import { Table } from '@/components/uswds/table'
import { en } from '@/features/orders/copy'
import { usDate } from '@/features/orders/components/format'
import { useSearchPersons } from '@/features/orders/api/search-persons'

const copy = en.search
const FIELDS = ['name', 'dob', 'reason'] as const
type Field = (typeof FIELDS)[number]
const fieldId = (f: Field) => `search-${f}`

/**
 * PersonSearchRoute searches persons statewide by name and date of birth, with a
 * required reason; results are ranked, each with its score and why it matched.
 */
export default function PersonSearchRoute() {
  const [name, setName] = useState('')
  const [dob, setDob] = useState('')
  const [reason, setReason] = useState('')
  const [local, setLocal] = useState<Partial<Record<Field, string>>>({})
  const [attempt, setAttempt] = useState(0)
  const search = useSearchPersons()

  const problem = search.isError ? problemOf(search.error) : null
  const errors: Partial<Record<Field, string>> = { ...local }
  const unplaced: string[] = []
  for (const e of problem?.errors ?? []) {
    const field = FIELDS.find((f) => e.location === `body.${f}`)
    if (field) errors[field] ??= e.message
    else unplaced.push(e.message ?? '')
  }
  const items: SummaryItem[] = [
    ...FIELDS.filter((f) => errors[f]).map((f) => ({ message: errors[f] ?? '', fieldId: fieldId(f) })),
    ...unplaced.map((message) => ({ message })),
  ]

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const found: Partial<Record<Field, string>> = {}
    if (!name.trim()) found.name = copy.nameRequired
    if (reason.trim().length < 3) found.reason = copy.reasonRequired
    setLocal(found)
    if (Object.keys(found).length > 0) {
      search.reset()
      setAttempt((n) => n + 1)
      return
    }
    search.mutate(
      { name: name.trim(), reason: reason.trim(), ...(dob.trim() ? { dob: dob.trim() } : {}) },
      { onError: () => setAttempt((n) => n + 1) },
    )
  }

  const results = search.data?.results ?? []
  const floor = search.data?.matchFloor ?? 1
  return (
    <>
      <PageHeading>{copy.title}</PageHeading>
      <p className="usa-intro">{copy.intro}</p>
      {items.length > 0 ? <ErrorSummary heading={copy.errorHeading} items={items} focusKey={attempt} /> : null}
      {problem && items.length === 0 ? (
        problem.status === 429 ? (
          <div className="usa-alert usa-alert--warning" role="alert">
            <div className="usa-alert__body">
              <p className="usa-alert__text">{copy.tooMany}</p>
            </div>
          </div>
        ) : (
          <ProblemDetails problem={problem} />
        )
      ) : null}
      <form className="usa-form usa-form--large" noValidate onSubmit={submit} role="search" aria-label={copy.title}>
        <TextInput id={fieldId('name')} label={copy.name} hint={copy.nameHint} value={name} onChange={setName} error={errors.name} />
        <TextInput id={fieldId('dob')} label={copy.dob} hint={copy.dobHint} value={dob} onChange={setDob} error={errors.dob} width="md" />
        <TextInput id={fieldId('reason')} label={copy.reason} hint={copy.reasonHint} value={reason} onChange={setReason} error={errors.reason} />
        <Button type="submit" className="margin-top-3" disabled={search.isPending}>
          {copy.submit}
        </Button>
      </form>
      <div className="margin-top-4" aria-live="polite">
        {search.isPending ? <p>{en.loading}</p> : null}
        {search.isSuccess ? (
          results.length === 0 ? (
            <p>{copy.none}</p>
          ) : (
            <Table
              caption={copy.caption(results.length)}
              className="ccpor-table--wrap"
              headers={copy.columns}
              rows={results.map((h) => ({
                key: `${h.orderId}-${h.person}`,
                cells: [
                  <span key="p">
                    <strong>{h.name}</strong>
                    <br />
                    {copy.roles[h.role] ?? h.role}
                    {h.dob ? `, ${copy.born(usDate(h.dob))}` : ''}
                  </span>,
                  <span key="o">
                    <Link to={`/orders/${h.orderId}`}>{h.caseNumber}</Link>
                    <br />
                    {h.courtName}
                    <br />
                    {en.orders.statuses[h.status] ?? h.status}
                  </span>,
                  `${h.score.toFixed(2)}${h.score >= floor ? ` (${copy.likely})` : ''}`,
                  <ul key="w" className="usa-list usa-list--unstyled">
                    {(h.why ?? []).map((w) => (
                      <li key={w}>{w}</li>
                    ))}
                  </ul>,
                ],
              }))}
            />
          )
        ) : null}
      </div>
    </>
  )
}
