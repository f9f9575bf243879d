import { problemOf } from '@/components/errors/error-fallback'
import { ProblemDetails } from '@/components/errors/problem-details'
import { Button } from '@/components/uswds/button'
import { Modal } from '@/components/uswds/modal'
import { en } from '@/features/helpdesk/copy'
import { useAccountAction, type Account, type AccountAction } from '@/features/helpdesk/api/accounts'

const copy = en.helpdesk

type ConfirmActionProps = {
  account: Account
  action: AccountAction
  onClose: () => void
  /** onDone gets the sentence telling what was done. */
  onDone: (message: string) => void
}

/** ConfirmAction asks before a help desk act, runs it, and shows a refusal in place. */
export function ConfirmAction({ account, action, onClose, onDone }: ConfirmActionProps) {
  const mutation = useAccountAction()
  const words = copy.actions[action]
  const name = account.displayName
  return (
    <Modal
      heading={words.heading}
      onEscape={onClose}
      actions={[
        <Button
          key="confirm"
          disabled={mutation.isPending}
          onClick={() => mutation.mutate({ userId: account.id, action }, { onSuccess: () => onDone(words.done(name)) })}
        >
          {mutation.isPending ? copy.working : words.confirm}
        </Button>,
        <Button key="cancel" variant="outline" onClick={onClose}>
          {copy.cancel}
        </Button>,
      ]}
    >
      <p>{words.body(name, account.email)}</p>
      {mutation.isError ? <ProblemDetails problem={problemOf(mutation.error)} /> : null}
    </Modal>
  )
}
