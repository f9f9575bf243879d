import { useState, type ReactNode } from 'react'
import { ProblemDetails } from '@/components/errors/problem-details'
import { problemOf } from '@/components/errors/error-fallback'
import { Button } from '@/components/uswds/button'
import { DateInput, ErrorMessage } from '@/components/uswds/form-controls'
import { Modal } from '@/components/uswds/modal'
import { en } from '@/features/users/copy'
import { courtRoles } from '@/lib/user-roles'
import { userActs, useUserAct, type CourtUser, type Role } from '@/features/users/api/users'
import { isoDate, realDate, usDate } from '@/lib/dates'

const copy = en.users

/** fieldError finds the server's message for a field of the request body. */
export function fieldError(error: unknown, field: string): string | undefined {
  if (!error) return undefined
  return problemOf(error).errors?.find((e) => e.location === `body.${field}`)?.message
}

type RolesFieldsetProps = {
  id: string
  value: Role[]
  onChange: (roles: Role[]) => void
  error?: string
}

/** RolesFieldset is the court's roles as check boxes; the first box carries the id. */
export function RolesFieldset({ id, value, onChange, error }: RolesFieldsetProps) {
  const hintId = `${id}-hint`
  return (
    <fieldset
      className={`usa-fieldset usa-form-group${error ? ' usa-form-group--error' : ''}`}
      aria-describedby={[hintId, error ? `${id}-error` : ''].filter(Boolean).join(' ')}
    >
      <legend className="usa-legend">{copy.rolesLegend}</legend>
      <span className="usa-hint" id={hintId}>
        {copy.rolesHint}
      </span>
      {error ? <ErrorMessage id={`${id}-error`}>{error}</ErrorMessage> : null}
      {courtRoles.map((role, index) => {
        const boxId = index === 0 ? id : `${id}-${role}`
        return (
          <div className="usa-checkbox" key={role}>
            <input
              className="usa-checkbox__input"
              id={boxId}
              name={id}
              type="checkbox"
              value={role}
              checked={value.includes(role)}
              onChange={(event) => onChange(event.target.checked ? [...value, role] : value.filter((r) => r !== role))}
            />
            <label className="usa-checkbox__label" htmlFor={boxId}>
              {en.roles[role] ?? role}
            </label>
          </div>
        )
      })}
    </fieldset>
  )
}

type DialogProps = {
  courtId: string
  user: CourtUser
  onClose: () => void
  onDone: (message: string) => void
}

/** problemBelow shows a refusal that names no field of the dialog. */
function problemBelow(error: unknown, fields: string[]): ReactNode {
  if (!error) return null
  const problem = problemOf(error)
  if (problem.errors?.some((e) => fields.some((f) => e.location === `body.${f}`))) return null
  return <ProblemDetails problem={problem} />
}

/** RolesDialog changes the user's roles in the court. */
export function RolesDialog({ courtId, user, onClose, onDone }: DialogProps) {
  const [roles, setRoles] = useState<Role[]>(user.roles ?? [])
  const mutation = useUserAct(userActs.roles)
  const error = fieldError(mutation.error, 'roles')
  return (
    <Modal
      heading={copy.changeRoles(user.displayName)}
      onEscape={onClose}
      actions={[
        <Button
          key="save"
          disabled={mutation.isPending}
          onClick={() =>
            mutation.mutate({ courtId, userId: user.userId, roles }, { onSuccess: () => onDone(copy.rolesDialog.saved(user.displayName)) })
          }
        >
          {mutation.isPending ? copy.rolesDialog.working : copy.rolesDialog.save}
        </Button>,
        <Button key="cancel" variant="outline" onClick={onClose}>
          {copy.rolesDialog.cancel}
        </Button>,
      ]}
    >
      <RolesFieldset id="roles-dialog" value={roles} onChange={setRoles} error={error} />
      {problemBelow(mutation.error, ['roles'])}
    </Modal>
  )
}

/** CertifyDialog records or renews the user's CLETS certification. */
export function CertifyDialog({ courtId, user, onClose, onDone }: DialogProps) {
  const [until, setUntil] = useState('')
  const [invalid, setInvalid] = useState(false)
  const mutation = useUserAct(userActs.certify)
  const error = invalid ? copy.invite.dateInvalid : fieldError(mutation.error, 'until')
  function save() {
    const iso = isoDate(until) ?? ''
    if (!realDate(iso)) {
      setInvalid(true)
      document.getElementById('certify-until')?.focus()
      return
    }
    setInvalid(false)
    mutation.mutate({ courtId, userId: user.userId, until: iso }, { onSuccess: () => onDone(copy.certifyDialog.saved(user.displayName)) })
  }
  return (
    <Modal
      heading={copy.certify(user.displayName)}
      onEscape={onClose}
      actions={[
        <Button key="save" disabled={mutation.isPending} onClick={save}>
          {mutation.isPending ? copy.certifyDialog.working : copy.certifyDialog.save}
        </Button>,
        <Button key="cancel" variant="outline" onClick={onClose}>
          {copy.certifyDialog.cancel}
        </Button>,
      ]}
    >
      <p>{user.cletsCertifiedUntil ? copy.certifyDialog.current(usDate(user.cletsCertifiedUntil)) : copy.certifyDialog.none}</p>
      <DateInput
        id="certify-until"
        legend={copy.certifyDialog.legend}
        hint={copy.certifyDialog.hint}
        value={until}
        onChange={setUntil}
        labels={copy.date}
        error={error}
      />
      {problemBelow(mutation.error, ['until'])}
    </Modal>
  )
}

/** MembershipDialog confirms removing the user from the court, or restoring it. */
export function MembershipDialog({ courtId, user, onClose, onDone }: DialogProps) {
  const restore = user.removed
  const mutation = useUserAct(restore ? userActs.restore : userActs.remove)
  const words = restore ? copy.restoreDialog : copy.removeDialog
  return (
    <Modal
      heading={restore ? copy.restore(user.displayName) : copy.remove(user.displayName)}
      onEscape={onClose}
      actions={[
        <Button
          key="confirm"
          disabled={mutation.isPending}
          onClick={() => mutation.mutate({ courtId, userId: user.userId }, { onSuccess: () => onDone(words.done(user.displayName)) })}
        >
          {mutation.isPending ? words.working : words.confirm}
        </Button>,
        <Button key="cancel" variant="outline" onClick={onClose}>
          {words.cancel}
        </Button>,
      ]}
    >
      <p>{words.body(user.displayName)}</p>
      {mutation.isError ? <ProblemDetails problem={problemOf(mutation.error)} /> : null}
    </Modal>
  )
}
