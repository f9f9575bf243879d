import { lazy, Suspense, useState, type FormEvent } from 'react'
import { useSearchParams } from 'react-router'
import { problemOf } from '@/components/errors/error-fallback'
import { ProblemDetails } from '@/components/errors/problem-details'
import { PageHeading } from '@/components/layout/page-heading'
import { Button } from '@/components/uswds/button'
import { TextInput } from '@/components/uswds/form-controls'
import { Select } from '@/components/uswds/select'
import { Table } from '@/components/uswds/table'
import { en } from '@/features/reports/copy'
import {
  exportUrl,
  useCourtChoices,
  useOperations,
  useStatistics,
  type Dimension,
  type Operations,
  type Statistics,
  type StatisticsFilter,
} from '@/features/reports/api/reports'
import type { Series } from '@/features/reports/components/bar-chart'
import { useActingRoles } from '@/lib/acting-court'

// The chart library is large: it comes with the first chart, after the page and its tables.
const CountChart = lazy(() => import('@/features/reports/components/bar-chart'))

const copy = en.reports
const DIMENSIONS: Dimension[] = ['court', 'county', 'type', 'month']
const SERIES: Series[] = [
  { key: 'issued', label: copy.columns.issued, color: '#005ea2' },
  { key: 'modified', label: copy.columns.modified, color: '#936f38' },
  { key: 'cancelled', label: copy.columns.cancelled, color: '#b50909' },
  { key: 'served', label: copy.columns.served, color: '#00a91c' },
]

function filterOf(params: URLSearchParams): StatisticsFilter {
  const by = params.get('by') as Dimension | null
  return { by: by && DIMENSIONS.includes(by) ? by : 'court', from: params.get('from') ?? '', to: params.get('to') ?? '', court: params.get('court') ?? '' }
}

function Chart(props: Parameters<typeof CountChart>[0]) {
  return (
    <Suspense fallback={<p>{en.loading}</p>}>
      <CountChart {...props} />
    </Suspense>
  )
}

/** StatisticsTable is the report's table, the same lines and cells as its CSV. */
function StatisticsTable({ st, id }: { st: Statistics; id: string }) {
  const withActive = st.by !== 'month'
  const headers = [copy.by[st.by as Dimension], copy.columns.issued, copy.columns.modified, copy.columns.cancelled, copy.columns.served, ...(withActive ? [copy.columns.active] : [])]
  const cells = (r: Statistics['total']) => [r.label, r.issued, r.modified, r.cancelled, r.served, ...(withActive ? [r.active ?? 0] : [])]
  return (
    <div id={id}>
      <Table
        caption={copy.statisticsCaption(copy.by[st.by as Dimension].toLowerCase())}
        headers={headers}
        rows={[...st.rows.map((r) => ({ key: r.key, cells: cells(r) })), { key: 'total', cells: cells(st.total) }]}
      />
    </div>
  )
}

function StatisticsSection() {
  const [params, setParams] = useSearchParams()
  const filter = filterOf(params)
  const [draft, setDraft] = useState(filter)
  const roles = useActingRoles()
  const courts = useCourtChoices()
  const { data, error, isPending } = useStatistics(filter)
  const fieldError = (name: string) => problemOf(error).errors?.find((e) => e.location === `query.${name}`)?.message

  function apply(event: FormEvent) {
    event.preventDefault()
    const next = new URLSearchParams(params)
    for (const [k, v] of Object.entries(draft)) {
      if (v) next.set(k, v)
      else next.delete(k)
    }
    setParams(next)
  }

  const courtOptions = [{ value: '', label: roles.includes('platform_admin') ? copy.filter.everyCourt : copy.filter.ownCourt }, ...(courts.data ?? []).map((c) => ({ value: c.id, label: c.name }))]
  return (
    <section aria-labelledby="statistics-heading">
      <h2 id="statistics-heading">{copy.statisticsHeading}</h2>
      <p>{copy.statisticsIntro}</p>
      <form className="usa-form usa-form--large ccpor-report-filter" onSubmit={apply} noValidate>
        <Select id="by" name="by" label={copy.filter.by} value={draft.by} options={DIMENSIONS.map((d) => ({ value: d, label: copy.by[d] }))} onChange={(v) => setDraft({ ...draft, by: v as Dimension })} error={fieldError('by')} />
        <TextInput id="from" label={copy.filter.from} hint={copy.filter.monthHint} value={draft.from} onChange={(v) => setDraft({ ...draft, from: v })} error={fieldError('from')} width="md" />
        <TextInput id="to" label={copy.filter.to} hint={copy.filter.monthHint} value={draft.to} onChange={(v) => setDraft({ ...draft, to: v })} error={fieldError('to')} width="md" />
        <Select id="court" name="court" label={copy.filter.court} value={draft.court} options={courtOptions} onChange={(v) => setDraft({ ...draft, court: v })} error={fieldError('court')} className="margin-top-3" />
        <Button type="submit" className="margin-top-3">
          {copy.filter.submit}
        </Button>
      </form>
      {error && !problemOf(error).errors?.length ? <ProblemDetails problem={problemOf(error)} /> : null}
      {isPending ? <p>{en.loading}</p> : null}
      {data ? (
        <>
          <p className="margin-top-4">
            {data.refreshedAt ? copy.refreshed(new Date(data.refreshedAt).toLocaleString('en-US', { timeZone: 'America/Los_Angeles' })) : copy.notYet}{' '}
            <a className="usa-link" href={exportUrl(filter)} download>
              {copy.download}
            </a>
          </p>
          {data.rows.length > 0 ? (
            <Chart
              title={copy.statisticsCaption(copy.by[data.by as Dimension].toLowerCase())}
              tableId="statistics-table"
              data={data.rows.map((r) => ({ label: r.label, issued: r.issued, modified: r.modified, cancelled: r.cancelled, served: r.served }))}
              category="label"
              series={SERIES}
            />
          ) : (
            <p>{copy.none}</p>
          )}
          <StatisticsTable st={data} id="statistics-table" />
        </>
      ) : null}
    </section>
  )
}

function CountTable({ caption, head, counts, id }: { caption: string; head: string; counts: Operations['staleDrafts']; id: string }) {
  return (
    <div id={id}>
      <Table caption={caption} headers={[head, copy.columns.orders]} rows={counts.map((c) => ({ key: c.bucket, cells: [c.bucket, c.count] }))} />
    </div>
  )
}

function CarposTable({ carpos }: { carpos: Operations['carpos'] }) {
  const c = copy.operations.carpos
  const time = (s: number | null | undefined) => (s == null ? c.none : c.duration(s))
  const rows: [string, string | number][] = [
    [c.pending, carpos.pending],
    [c.rejected, carpos.rejected],
    [c.acknowledged, carpos.acknowledged],
    [c.median, time(carpos.ackMedianSeconds)],
    [c.p95, time(carpos.ackP95Seconds)],
    [c.missed, carpos.missedDeadline],
  ]
  return (
    <>
      <h3>{c.heading}</h3>
      <div id="carpos-table">
        <Table caption={c.caption} headers={[c.figure, c.value]} rows={rows.map(([label, value]) => ({ key: label, cells: [label, value] }))} />
      </div>
    </>
  )
}

function OperationsSection() {
  const { data, error } = useOperations()
  const ops = copy.operations
  if (error) return <ProblemDetails problem={problemOf(error)} />
  if (!data) return <p>{en.loading}</p>
  const count = [{ key: 'count', label: copy.columns.orders, color: '#005ea2' }]
  return (
    <section aria-labelledby="operations-heading">
      <h2 id="operations-heading">{ops.heading}</h2>
      <p>{data.asOf ? ops.asOf(data.asOf) : copy.notYet}</p>
      <h3>{ops.entered}</h3>
      <Chart title={ops.entered} tableId="entered-table" data={data.enteredPerDay} category="bucket" series={count} />
      <CountTable id="entered-table" caption={ops.entered} head={ops.day} counts={data.enteredPerDay} />
      <h3>{ops.staleDrafts}</h3>
      <CountTable id="stale-table" caption={ops.staleDrafts} head={ops.age} counts={data.staleDrafts} />
      <h3>{ops.unserved}</h3>
      <Chart title={ops.unserved} tableId="unserved-table" data={data.unserved} category="bucket" series={count} />
      <CountTable id="unserved-table" caption={ops.unserved} head={ops.sinceIssued} counts={data.unserved} />
      <h3>{ops.expiring}</h3>
      <Chart title={ops.expiring} tableId="expiring-table" data={data.expiring} category="bucket" series={count} />
      <CountTable id="expiring-table" caption={ops.expiring} head={ops.day} counts={data.expiring} />
      <CarposTable carpos={data.carpos} />
    </section>
  )
}

/** ReportsRoute shows the statistics on orders and, for a court's staff, the court's operational report. */
export default function ReportsRoute() {
  const roles = useActingRoles()
  return (
    <>
      <PageHeading>{copy.title}</PageHeading>
      <p className="usa-intro">{copy.intro}</p>
      <StatisticsSection />
      {roles.includes('platform_admin') ? null : <OperationsSection />}
    </>
  )
}
