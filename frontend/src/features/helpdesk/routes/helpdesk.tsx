import { useState, type FormEvent } from 'react'
import { useSearchParams } from 'react-router'
import { problemOf } from '@/components/errors/error-fallback'
import { ProblemDetails } from '@/components/errors/problem-details'
import { PageHeading } from '@/components/layout/page-heading'
import { Alert } from '@/components/uswds/alert'
import { Button } from '@/components/uswds/button'
import { ErrorSummary } from '@/components/uswds/error-summary'
import { TextInput } from '@/components/uswds/form-controls'
import { Table } from '@/components/uswds/table'
import { en } from '@/features/helpdesk/copy'
import { useAccountSearch, type Account, type AccountAction } from '@/features/helpdesk/api/accounts'
import { ConfirmAction } from '@/features/helpdesk/components/confirm-action'

const copy = en.helpdesk

/** accountState says in words where the user's sign-in stands. */
function accountState(a: Account): string {
  if (a.disabled) return copy.state.disabled
  if (!a.hasAccount) return copy.state.noAccount
  const parts: string[] = []
  if (a.locked) parts.push(copy.state.locked)
  if (a.reenrol) parts.push(copy.state.reenrol)
  else if (!a.secondFactor) parts.push(copy.state.noSecondFactor)
  return parts.length > 0 ? parts.join('. ') : copy.state.active
}

/**
 * actionsOf lists the acts that make sense for the user (the server decides again);
 * the statewide help desk also disables and enables whole accounts.
 */
function actionsOf(a: Account, statewide: boolean): AccountAction[] {
  const out: AccountAction[] = []
  if (a.hasAccount && !a.disabled) {
    out.push('password-reset', 'second-factor-reset')
    if (a.locked) out.push('unlock')
  }
  out.push('end-sessions')
  if (statewide) out.push(a.disabled ? 'enable' : 'disable')
  return out
}

/**
 * HelpdeskRoute is the help desk console: find users in scope (the search lives in
 * the address, ?q=), then act on one after confirming in a dialog.
 */
export default function HelpdeskRoute() {
  const [search, setSearch] = useSearchParams()
  const searched = search.get('q') ?? ''
  const [query, setQuery] = useState(searched)
  const [invalid, setInvalid] = useState(false)
  const [attempt, setAttempt] = useState(0)
  const [pending, setPending] = useState<{ account: Account; action: AccountAction } | null>(null)
  const [done, setDone] = useState<string | null>(null)
  const accounts = useAccountSearch(searched)

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const wanted = query.trim()
    if (wanted.length < 2 || wanted.length > 100) {
      setInvalid(true)
      setAttempt((n) => n + 1)
      return
    }
    setInvalid(false)
    setDone(null)
    setSearch({ q: wanted })
  }

  return (
    <>
      <PageHeading>{copy.title}</PageHeading>
      <p className="usa-intro">{copy.intro}</p>
      {invalid ? (
        <ErrorSummary heading={copy.errorSummary} items={[{ message: copy.queryInvalid, fieldId: 'helpdesk-query' }]} focusKey={attempt} />
      ) : null}
      <form className="usa-form usa-form--large" noValidate onSubmit={submit} role="search" aria-label={copy.title}>
        <TextInput
          id="helpdesk-query"
          label={copy.query}
          hint={copy.queryHint}
          value={query}
          onChange={setQuery}
          error={invalid ? copy.queryInvalid : undefined}
          width="lg"
        />
        <Button type="submit" className="margin-top-3">
          {copy.submit}
        </Button>
      </form>
      <div className="margin-top-4" aria-live="polite">
        {done ? (
          <Alert type="success" heading={copy.doneHeading}>
            {done}
          </Alert>
        ) : null}
        {accounts.isError ? <ProblemDetails problem={problemOf(accounts.error)} /> : null}
        {searched && accounts.isFetching && !accounts.data ? <p>{en.loading}</p> : null}
        {accounts.data && searched ? (
          accounts.data.users.length === 0 ? (
            <p>{copy.none(searched)}</p>
          ) : (
            <Table
              className="ccpor-table--wrap"
              caption={copy.resultsCaption(searched)}
              headers={copy.columns}
              rows={accounts.data.users.map((a) => ({
                key: a.id,
                cells: [
                  <span key="u">
                    {a.displayName}
                    <br />
                    <span className="text-normal">
                      {a.username} · {a.email}
                    </span>
                  </span>,
                  <ul key="m" className="usa-list usa-list--unstyled">
                    {(a.memberships ?? []).map((m) => (
                      <li key={`${m.courtId}-${m.role}`}>
                        {m.courtName}: {en.roles[m.role] ?? m.role}
                      </li>
                    ))}
                  </ul>,
                  accountState(a),
                  a.refusal ? (
                    <span key="r">{copy.refusals[a.refusal] ?? a.refusal}</span>
                  ) : (
                    <ul key="a" className="usa-list usa-list--unstyled ccpor-actions" aria-label={copy.actionsFor(a.displayName)}>
                      {actionsOf(a, accounts.data.statewide).map((action) => (
                        <li key={action}>
                          <Button
                            variant="outline"
                            className="margin-y-05"
                            onClick={() => {
                              setDone(null)
                              setPending({ account: a, action })
                            }}
                          >
                            {copy.actions[action].button}
                          </Button>
                        </li>
                      ))}
                    </ul>
                  ),
                ],
              }))}
            />
          )
        ) : null}
      </div>
      {pending ? (
        <ConfirmAction
          account={pending.account}
          action={pending.action}
          onClose={() => setPending(null)}
          onDone={(message) => {
            setPending(null)
            setDone(message)
          }}
        />
      ) : null}
    </>
  )
}
