import { useState, type FormEvent } from 'react'
import { Button } from '@/components/uswds/button'
import { Select } from '@/components/uswds/select'
import { en } from '@/features/session/copy'
import type { MeCourt } from '@/features/session/api/get-me'
import { useSwitchCourt } from '@/features/session/api/switch-court'

type CourtSwitcherProps = {
  courts: MeCourt[]
  activeCourtId: string | null
}

/**
 * CourtSwitcher changes the acting court. It is a form with a button, so choosing in
 * the list with the keyboard does not switch courts before the user means to.
 */
export function CourtSwitcher({ courts, activeCourtId }: CourtSwitcherProps) {
  const copy = en.session.courtSwitcher
  const switchCourt = useSwitchCourt()
  const [picked, setPicked] = useState<string | null>(null)
  const [announcement, setAnnouncement] = useState('')
  const choice = picked ?? activeCourtId ?? courts[0]?.id ?? ''

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    if (switchCourt.isPending || choice === activeCourtId) return
    setAnnouncement('')
    switchCourt.mutate(choice, {
      onSuccess: (next) => {
        setPicked(null)
        setAnnouncement(copy.switched(next.me.activeCourt?.name ?? ''))
      },
    })
  }

  return (
    <form className="ccpor-court-switcher" onSubmit={submit}>
      <Select
        label={copy.label}
        name="courtId"
        value={choice}
        options={courts.map((court) => ({ value: court.id, label: court.name }))}
        onChange={setPicked}
      />
      {/* Never disabled: a disabled button would drop the keyboard focus to the page. */}
      <Button type="submit" variant="inverse">
        {switchCourt.isPending ? copy.switching : copy.submit}
      </Button>
      <p className="usa-sr-only" role="status">
        {announcement}
      </p>
      {switchCourt.isError ? (
        <p className="ccpor-user__error" role="alert">
          {copy.failed}
        </p>
      ) : null}
    </form>
  )
}
