import { useState, type FormEvent } from 'react'
import { Button } from '@/components/uswds/button'
import { Link } from '@/components/uswds/link'
import { Select } from '@/components/uswds/select'
import { Table } from '@/components/uswds/table'
import { ProblemDetails } from '@/components/errors/problem-details'
import { problemOf } from '@/components/errors/error-fallback'
import { en } from '@/features/orders/copy'
import { useOrderDiff, useOrderVersions } from '@/features/orders/api/read-orders'
import { valueText } from '@/features/orders/components/format'

const copy = en.orders.history

/** VersionHistory lists an order's versions and compares any two of them. */
export function VersionHistory({ orderId }: { orderId: string }) {
  const versions = useOrderVersions(orderId)
  const list = versions.data ?? []
  const last = list[list.length - 1]?.version ?? 1
  const [choice, setChoice] = useState<{ from: string; to: string } | null>(null)
  const from = choice?.from ?? String(Math.max(1, last - 1))
  const to = choice?.to ?? String(last)
  const [compared, setCompared] = useState<{ from: number; to: number } | null>(null)
  const diff = useOrderDiff(orderId, compared?.from ?? 0, compared?.to ?? 0, compared !== null)

  function compare(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    setCompared({ from: Number(from), to: Number(to) })
  }

  if (!versions.data) return <p>{en.loading}</p>
  const options = list.map((v) => ({ value: String(v.version), label: String(v.version) }))
  return (
    <section aria-labelledby="history-heading" className="ccpor-no-print">
      <h2 id="history-heading">{copy.heading}</h2>
      <Table
        caption={copy.caption}
        headers={copy.columns}
        rows={list.map((v) => ({
          key: String(v.version),
          cells: [
            <Link key="v" to={`/orders/${orderId}?version=${v.version}`}>
              {copy.view(v.version)}
            </Link>,
            new Date(v.createdAt).toLocaleString('en-US'),
            v.createdByName || v.createdBy,
          ],
        }))}
      />
      {list.length < 2 ? (
        <p>{copy.onlyOne}</p>
      ) : (
        <form className="usa-form ccpor-compare" onSubmit={compare}>
          <Select label={copy.from} name="from" value={from} options={options} onChange={(v) => setChoice({ from: v, to })} />
          <Select label={copy.to} name="to" value={to} options={options} onChange={(v) => setChoice({ from, to: v })} />
          <Button type="submit">{copy.compare}</Button>
        </form>
      )}
      {diff.isError ? <ProblemDetails problem={problemOf(diff.error)} /> : null}
      {compared && diff.data ? (
        diff.data.length === 0 ? (
          <p role="status">{copy.noChanges}</p>
        ) : (
          <Table
            caption={copy.diffCaption(compared.from, compared.to)}
            headers={copy.diffColumns}
            rows={diff.data.map((change) => ({
              key: change.field,
              cells: [<code key="f">{change.field}</code>, valueText(change.from), valueText(change.to)],
            }))}
          />
        )
      ) : null}
    </section>
  )
}
