import { useState, type FormEvent } from 'react'
import { useSearchParams } from 'react-router'
import { ProblemDetails } from '@/components/errors/problem-details'
import { problemOf } from '@/components/errors/error-fallback'
import { PageHeading } from '@/components/layout/page-heading'
import { Button } from '@/components/uswds/button'
import { TextInput } from '@/components/uswds/form-controls'
import { Link } from '@/components/uswds/link'
import { Select } from '@/components/uswds/select'
import { Table } from '@/components/uswds/table'
import { en } from '@/features/orders/copy'
import { useActingCourt, useActingRoles } from '@/lib/acting-court'
import { canEnterOrders } from '@/lib/order-roles'
import { useCaseOrders, useCourts } from '@/features/orders/api/read-orders'
import { usDate } from '@/features/orders/components/format'
import { FindByNumber } from '@/features/orders/carpos/components/find-by-number'

const CASE_NUMBER = /^[0-9A-Z][0-9A-Z-]{2,29}$/
const copy = en.orders.find

/**
 * FindOrdersRoute finds the orders of a case by court and case number. The search
 * lives in the address (?court=&caseNumber=), so Back returns to the same list.
 */
export default function FindOrdersRoute() {
  const actingCourt = useActingCourt()
  const roles = useActingRoles()
  const [search, setSearch] = useSearchParams()
  const searchedCourt = search.get('court') ?? actingCourt ?? ''
  const searchedCase = search.get('caseNumber') ?? ''
  const [court, setCourt] = useState(searchedCourt)
  const [caseNumber, setCaseNumber] = useState(searchedCase)
  const [invalid, setInvalid] = useState(false)
  const courts = useCourts()
  const orders = useCaseOrders(searchedCourt, searchedCase)

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const wanted = caseNumber.trim().toUpperCase()
    if (!CASE_NUMBER.test(wanted)) {
      setInvalid(true)
      document.getElementById('find-case-number')?.focus()
      return
    }
    setInvalid(false)
    setCaseNumber(wanted)
    setSearch({ court, caseNumber: wanted })
  }

  const courtOptions = (courts.data ?? [])
    .filter((c) => c.kind !== 'statewide')
    .map((c) => ({ value: c.id, label: c.name }))
  if (!courtOptions.some((o) => o.value === court)) courtOptions.unshift({ value: court, label: court })

  return (
    <>
      <PageHeading>{copy.title}</PageHeading>
      <p className="usa-intro">{copy.intro}</p>
      {canEnterOrders(roles) ? (
        <p className="ccpor-no-print">
          <Link to="/orders/new">{copy.enter}</Link> · <Link to="/orders/forms">{en.orders.typed.enterOther}</Link>
        </p>
      ) : null}
      <form className="usa-form usa-form--large" noValidate onSubmit={submit} role="search" aria-label={copy.title}>
        <Select label={copy.court} name="court" value={court} options={courtOptions} onChange={setCourt} />
        <TextInput
          id="find-case-number"
          label={copy.caseNumber}
          hint={copy.caseNumberHint}
          value={caseNumber}
          onChange={setCaseNumber}
          error={invalid ? copy.caseNumberInvalid : undefined}
          width="md"
        />
        <Button type="submit" className="margin-top-3">
          {copy.submit}
        </Button>
      </form>
      <div className="margin-top-4" aria-live="polite">
        {orders.isError ? <ProblemDetails problem={problemOf(orders.error)} /> : null}
        {searchedCase && orders.isFetching && !orders.data ? <p>{en.loading}</p> : null}
        {orders.data && searchedCase ? (
          orders.data.length === 0 ? (
            <p>{copy.none(searchedCase)}</p>
          ) : (
            <Table
              caption={copy.resultsCaption(searchedCase)}
              headers={copy.columns}
              rows={orders.data.map((o) => ({
                key: o.id,
                cells: [
                  <Link key="l" to={`/orders/${o.id}`}>
                    {`${o.formNumber} ${o.caseNumber}`}
                  </Link>,
                  en.orders.statuses[o.status] ?? o.status,
                  usDate(o.issuedOn),
                  o.expiresOn ? usDate(o.expiresOn) : en.orders.untilFurtherOrder,
                  en.orders.serviceStatuses[o.serviceStatus] ?? o.serviceStatus,
                  String(o.version),
                ],
              }))}
            />
          )
        ) : null}
      </div>
      <FindByNumber />
    </>
  )
}
