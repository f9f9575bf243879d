import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { useSearchParams } from 'react-router'
import { api } from '@/api/client'
import { unwrap } from '@/api/problem'
import { ProblemDetails } from '@/components/errors/problem-details'
import { problemOf } from '@/components/errors/error-fallback'
import { PageHeading } from '@/components/layout/page-heading'
import { Button } from '@/components/uswds/button'
import { ErrorSummary, type SummaryItem } from '@/components/uswds/error-summary'
import { DateInput, TextInput } from '@/components/uswds/form-controls'
import { Select } from '@/components/uswds/select'
import { Table } from '@/components/uswds/table'
import { apiBaseUrl, readBasePath } from '@/config/base-path'
import { en } from '@/features/audit/copy'
import { useActingCourt } from '@/lib/acting-court'
import { courtQueryKey } from '@/lib/query-keys'
import { calendarDate } from '@/lib/dates'

const copy = en.auditLog
const FILTERS = ['user', 'court', 'action', 'objectType', 'objectId', 'outcome', 'from', 'to'] as const
type Filters = Record<(typeof FILTERS)[number], string>
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/** query turns the filters of the address into the API's query: days become local midnights. */
export function auditQuery(f: Filters, before?: number): Record<string, string | number> {
  const q: Record<string, string | number> = {}
  for (const key of ['user', 'court', 'action', 'objectType', 'objectId', 'outcome'] as const) if (f[key]) q[key] = f[key]
  if (f.from) q.from = new Date(`${f.from}T00:00:00`).toISOString()
  if (f.to) q.to = new Date(`${f.to}T00:00:00`).toISOString()
  if (before) q.before = before
  return q
}

/** AuditLogRoute searches the audit log with filters kept in the address, a page at a time (newest first), and exports as CSV. */
export default function AuditLogRoute() {
  const actingCourt = useActingCourt()
  const [search, setSearch] = useSearchParams()
  const applied = Object.fromEntries(FILTERS.map((k) => [k, search.get(k) ?? ''])) as Filters
  const before = Number(search.get('before')) || undefined
  const [form, setForm] = useState<Filters>(applied)
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [attempt, setAttempt] = useState(0)
  const query = auditQuery(applied, before)
  const events = useQuery({
    queryKey: courtQueryKey(actingCourt, 'audit', query),
    queryFn: ({ signal }) => unwrap(api.GET('/audit-events', { params: { query }, signal })),
    placeholderData: keepPreviousData,
    throwOnError: false,
  })
  const courts = useQuery({
    queryKey: courtQueryKey(actingCourt, 'courts'),
    queryFn: async ({ signal }) => (await unwrap(api.GET('/courts', { signal }))).courts ?? [],
  })
  const courtName = (id: string) => courts.data?.find((c) => c.id === id)?.name ?? id
  const set = (key: keyof Filters) => (value: string) => setForm((f) => ({ ...f, [key]: value }))

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const next: Record<string, string> = {}
    const problems: Record<string, string> = {}
    for (const key of FILTERS) {
      const value = form[key].trim()
      if (!value) continue
      if (key === 'from' || key === 'to') {
        const day = calendarDate(value)
        if (!day) problems[key] = copy.dateInvalid
        else next[key] = day
      } else if (key === 'user' && !UUID.test(value)) {
        problems[key] = copy.userInvalid
      } else next[key] = value
    }
    setErrors(problems)
    if (Object.keys(problems).length) {
      setAttempt((n) => n + 1)
      return
    }
    setSearch(next)
  }

  const items: SummaryItem[] = Object.entries(errors).map(([key, message]) => ({
    message: `${copy[key as 'user' | 'from' | 'to']}: ${message}`,
    fieldId: `audit-${key}`,
  }))
  const exportQuery = new URLSearchParams(Object.entries(auditQuery(applied)).map(([k, v]) => [k, String(v)]))
  const exportHref = `${apiBaseUrl(readBasePath())}/audit-events/export?${exportQuery.toString()}`
  const list = events.data?.events ?? []
  const courtOptions = [
    { value: '', label: copy.anyCourt },
    ...(courts.data ?? []).map((c) => ({ value: c.id, label: c.name })),
  ]

  return (
    <>
      <PageHeading>{copy.title}</PageHeading>
      <p className="usa-intro">{copy.intro}</p>
      <form className="usa-form usa-form--large" noValidate onSubmit={submit} role="search" aria-label={copy.filters}>
        {items.length ? <ErrorSummary heading={copy.errorHeading} items={items} focusKey={attempt} /> : null}
        <TextInput id="audit-user" label={copy.user} hint={copy.userHint} value={form.user} onChange={set('user')} error={errors.user} />
        <Select id="audit-court" label={copy.court} name="court" value={form.court} options={courtOptions} onChange={set('court')} />
        <TextInput id="audit-action" label={copy.action} hint={copy.actionHint} value={form.action} onChange={set('action')} />
        <TextInput id="audit-objectType" label={copy.objectType} value={form.objectType} onChange={set('objectType')} width="md" />
        <TextInput id="audit-objectId" label={copy.objectId} value={form.objectId} onChange={set('objectId')} />
        <Select
          id="audit-outcome"
          label={copy.outcome}
          name="outcome"
          value={form.outcome}
          options={[{ value: '', label: copy.anyOutcome }, ...Object.entries(copy.outcomes).map(([value, label]) => ({ value, label }))]}
          onChange={set('outcome')}
        />
        <DateInput id="audit-from" legend={copy.from} hint={copy.fromHint} value={form.from} onChange={set('from')} labels={copy.dateLabels} error={errors.from} />
        <DateInput id="audit-to" legend={copy.to} hint={copy.toHint} value={form.to} onChange={set('to')} labels={copy.dateLabels} error={errors.to} />
        <Button type="submit" className="margin-top-3">
          {copy.search}
        </Button>
      </form>
      <p className="margin-top-3">
        <a className="usa-link" href={exportHref} download>
          {copy.export}
        </a>
      </p>
      <div className="margin-top-2" aria-live="polite">
        {events.isError ? <ProblemDetails problem={problemOf(events.error)} /> : null}
        {!events.data && events.isFetching ? <p>{en.loading}</p> : null}
        {events.data && list.length === 0 ? <p>{copy.none}</p> : null}
        {list.length > 0 ? (
          <Table
            caption={copy.caption}
            headers={copy.columns}
            rows={list.map((e) => ({
              key: String(e.id),
              cells: [
                new Date(e.occurredAt).toLocaleString(),
                e.action,
                copy.outcomes[e.outcome] ?? e.outcome,
                e.actor ?? e.userId ?? '',
                [e.objectType, e.objectId].filter(Boolean).join(' ') + (e.courtId ? ` (${courtName(e.courtId)})` : ''),
                e.reason ?? '',
                e.requestId ?? '',
              ],
            }))}
          />
        ) : null}
        <div className="usa-button-group margin-top-2">
          {before ? (
            <Button variant="outline" onClick={() => setSearch(Object.fromEntries(Object.entries(applied).filter(([, v]) => v)))}>
              {copy.first}
            </Button>
          ) : null}
          {events.data?.next ? (
            <Button
              variant="outline"
              onClick={() => setSearch({ ...Object.fromEntries(Object.entries(applied).filter(([, v]) => v)), before: String(events.data?.next) })}
            >
              {copy.next}
            </Button>
          ) : null}
        </div>
      </div>
    </>
  )
}
