import { useState, type FormEvent } from 'react'
import { ProblemDetails } from '@/components/errors/problem-details'
import { problemOf } from '@/components/errors/error-fallback'
import { Button } from '@/components/uswds/button'
import { ErrorSummary } from '@/components/uswds/error-summary'
import { TextInput } from '@/components/uswds/form-controls'
import { Link } from '@/components/uswds/link'
import { Table } from '@/components/uswds/table'
import { en } from '@/features/orders/copy'
import { useActingRoles, useCletsCurrent } from '@/lib/acting-court'
import { canFindByCarposNumber } from '@/lib/order-roles'
import { useFindByNumber } from '@/features/orders/carpos/api/carpos-api'

const copy = en.carpos.find
const FCN = /^F[0-9]{15}$/
const NIC = /^H[0-9]{10}$/

/** FindByNumber finds the court's orders by the FCN or NIC the DOJ gave them; CLETS-certified users only. */
export function FindByNumber() {
  const roles = useActingRoles()
  const clets = useCletsCurrent()
  if (!canFindByCarposNumber(roles, clets)) return null
  return <FindByNumberForm />
}

function FindByNumberForm() {
  const [fcn, setFcn] = useState('')
  const [nic, setNic] = useState('')
  const [wanted, setWanted] = useState({ fcn: '', nic: '' })
  const [errors, setErrors] = useState<{ fcn?: string; nic?: string }>({})
  const [attempt, setAttempt] = useState(0)
  const found = useFindByNumber(wanted.fcn, wanted.nic)

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const f = fcn.trim().toUpperCase()
    const n = nic.trim().toUpperCase()
    const e: { fcn?: string; nic?: string } = {}
    if (!f && !n) e.fcn = copy.neither
    if (f && !FCN.test(f)) e.fcn = copy.fcnInvalid
    if (n && !NIC.test(n)) e.nic = copy.nicInvalid
    setErrors(e)
    if (e.fcn || e.nic) {
      setAttempt((a) => a + 1)
      return
    }
    setFcn(f)
    setNic(n)
    setWanted({ fcn: f, nic: n })
  }

  const items = [
    ...(errors.fcn ? [{ message: errors.fcn, fieldId: 'find-fcn' }] : []),
    ...(errors.nic ? [{ message: errors.nic, fieldId: 'find-nic' }] : []),
  ]
  return (
    <section aria-labelledby="find-number-heading" className="margin-top-5">
      <h2 id="find-number-heading">{copy.heading}</h2>
      <p>{copy.intro}</p>
      {items.length ? <ErrorSummary heading={copy.errorHeading} items={items} focusKey={attempt} /> : null}
      <form className="usa-form usa-form--large" noValidate onSubmit={submit} role="search" aria-label={copy.heading}>
        <TextInput id="find-fcn" label={copy.fcn} hint={copy.fcnHint} value={fcn} onChange={setFcn} error={errors.fcn} width="md" />
        <TextInput id="find-nic" label={copy.nic} hint={copy.nicHint} value={nic} onChange={setNic} error={errors.nic} width="md" />
        <Button type="submit" className="margin-top-3">
          {copy.submit}
        </Button>
      </form>
      <div className="margin-top-3" aria-live="polite">
        {found.isError ? <ProblemDetails problem={problemOf(found.error)} /> : null}
        {found.data ? (
          found.data.length === 0 ? (
            <p>{copy.none}</p>
          ) : (
            <Table
              caption={copy.caption}
              headers={copy.columns}
              rows={found.data.map((o) => ({
                key: o.orderId,
                cells: [
                  <Link key="o" to={`/orders/${o.orderId}`}>
                    {o.caseNumber}
                  </Link>,
                  en.orders.statuses[o.status] ?? o.status,
                  o.fcn,
                  o.nic,
                ],
              }))}
            />
          )
        ) : null}
      </div>
    </section>
  )
}
