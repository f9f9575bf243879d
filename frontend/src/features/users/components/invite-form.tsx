import { useState, type FormEvent } from 'react'
import { ProblemDetails } from '@/components/errors/problem-details'
import { problemOf } from '@/components/errors/error-fallback'
import { Button } from '@/components/uswds/button'
import { ErrorSummary, type SummaryItem } from '@/components/uswds/error-summary'
import { DateInput, TextInput } from '@/components/uswds/form-controls'
import { en } from '@/features/users/copy'
import { isoDate, realDate } from '@/lib/dates'
import { userActs, useUserAct, type Role } from '@/features/users/api/users'
import { RolesFieldset } from '@/features/users/components/user-forms'

const copy = en.users.invite
const FIELDS = ['displayName', 'username', 'email', 'roles', 'cletsCertifiedUntil'] as const
type Field = (typeof FIELDS)[number]
const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/

const fieldId = (field: Field) => `invite-${field}`

/** checkLocally finds what the server would refuse anyway, before sending. */
function checkLocally(values: { username: string; displayName: string; email: string; roles: Role[]; until: string }) {
  const errors: Partial<Record<Field, string>> = {}
  if (!values.username.trim()) errors.username = copy.usernameMissing
  if (!values.displayName.trim()) errors.displayName = copy.displayNameMissing
  if (!EMAIL.test(values.email.trim())) errors.email = copy.emailInvalid
  if (values.roles.length === 0) errors.roles = copy.rolesMissing
  const until = isoDate(values.until)
  if (until !== undefined && !realDate(until)) errors.cletsCertifiedUntil = copy.dateInvalid
  return errors
}

type InviteFormProps = {
  courtId: string
  onSent: (message: string) => void
}

/** InviteForm invites a user to the court: name, e-mail, roles and CLETS certification. */
export function InviteForm({ courtId, onSent }: InviteFormProps) {
  const [username, setUsername] = useState('')
  const [displayName, setDisplayName] = useState('')
  const [email, setEmail] = useState('')
  const [roles, setRoles] = useState<Role[]>([])
  const [until, setUntil] = useState('')
  const [local, setLocal] = useState<Partial<Record<Field, string>>>({})
  const [attempt, setAttempt] = useState(0)
  const mutation = useUserAct(userActs.invite)

  const problem = mutation.isError ? problemOf(mutation.error) : null
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
    const found = checkLocally({ username, displayName, email, roles, until })
    setLocal(found)
    if (Object.keys(found).length > 0) {
      mutation.reset()
      setAttempt((n) => n + 1)
      return
    }
    const certified = isoDate(until)
    mutation.mutate(
      {
        courtId,
        invitation: {
          username: username.trim(),
          displayName: displayName.trim(),
          email: email.trim(),
          roles,
          ...(certified ? { cletsCertifiedUntil: certified } : {}),
        },
      },
      {
        onSuccess: () => {
          onSent(copy.sent(displayName.trim(), email.trim()))
          setUsername('')
          setDisplayName('')
          setEmail('')
          setRoles([])
          setUntil('')
        },
        onError: () => setAttempt((n) => n + 1),
      },
    )
  }

  return (
    <section aria-labelledby="invite-heading" className="margin-top-5">
      <h2 id="invite-heading">{copy.heading}</h2>
      <p>{copy.intro}</p>
      {items.length > 0 ? <ErrorSummary heading={en.users.errorHeading} items={items} focusKey={attempt} /> : null}
      {problem && items.length === 0 ? <ProblemDetails problem={problem} /> : null}
      <form className="usa-form usa-form--large" noValidate onSubmit={submit} aria-labelledby="invite-heading">
        <TextInput id={fieldId('displayName')} label={copy.displayName} value={displayName} onChange={setDisplayName} error={errors.displayName} autoComplete="off" />
        <TextInput
          id={fieldId('username')}
          label={copy.username}
          hint={copy.usernameHint}
          value={username}
          onChange={setUsername}
          error={errors.username}
          width="md"
        />
        <TextInput id={fieldId('email')} label={copy.email} type="email" value={email} onChange={setEmail} error={errors.email} />
        <RolesFieldset id={fieldId('roles')} value={roles} onChange={setRoles} error={errors.roles} />
        <DateInput
          id={fieldId('cletsCertifiedUntil')}
          legend={copy.certified}
          hint={copy.certifiedHint}
          value={until}
          onChange={setUntil}
          labels={en.users.date}
          error={errors.cletsCertifiedUntil}
        />
        <Button type="submit" className="margin-top-3" disabled={mutation.isPending}>
          {mutation.isPending ? copy.working : copy.submit}
        </Button>
      </form>
    </section>
  )
}
