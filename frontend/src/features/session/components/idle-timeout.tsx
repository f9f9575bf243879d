import { useEffect, useState } from 'react'
import { isApiError } from '@/api/problem'
import { Button } from '@/components/uswds/button'
import { Modal } from '@/components/uswds/modal'
import { en } from '@/features/session/copy'
import type { Session } from '@/features/session/api/get-me'
import { postKeepAlive } from '@/features/session/api/keep-alive'

/** WARNING_MS is how long before the end the warning appears. */
export const WARNING_MS = 2 * 60 * 1000

type IdleTimeoutProps = {
  session: Session
  onTimeout: () => void
  onSignOut: () => void
  signingOut: boolean
}

/**
 * IdleTimeout warns two minutes before the server ends the session and ends it here
 * when the time is up. Both times come from /me; every refetch of /me (after any call)
 * moves them.
 */
export function IdleTimeout({ session, onTimeout, onSignOut, signingOut }: IdleTimeoutProps) {
  const { endsAt } = session
  const [warning, setWarning] = useState(() => endsAt - Date.now() <= WARNING_MS)
  useEffect(() => {
    const untilWarning = endsAt - WARNING_MS - Date.now()
    setWarning(untilWarning <= 0)
    const warn = untilWarning > 0 ? window.setTimeout(() => setWarning(true), untilWarning) : undefined
    const end = window.setTimeout(onTimeout, Math.max(0, endsAt - Date.now()))
    return () => {
      window.clearTimeout(warn)
      window.clearTimeout(end)
    }
  }, [endsAt, onTimeout])

  if (!warning) return null
  return <IdleWarning session={session} onSignOut={onSignOut} signingOut={signingOut} />
}

type IdleWarningProps = Omit<IdleTimeoutProps, 'onTimeout'>

function IdleWarning({ session, onSignOut, signingOut }: IdleWarningProps) {
  const copy = en.session.idle
  const now = useNow(1000)
  const [staying, setStaying] = useState(false)
  const [stayFailed, setStayFailed] = useState(false)
  const remaining = Math.max(0, session.endsAt - now)

  async function stay() {
    if (staying) return
    setStaying(true)
    setStayFailed(false)
    try {
      // The API client's hook then refetches /me: the warning closes when /me says so.
      await postKeepAlive()
    } catch (error) {
      // A 401 has already ended the session (the API client's hook).
      if (!(isApiError(error) && error.status === 401)) setStayFailed(true)
    } finally {
      setStaying(false)
    }
  }

  const signOutButton = (
    <Button key="sign-out" variant="outline" onClick={onSignOut}>
      {signingOut ? en.session.signingOut : copy.signOut}
    </Button>
  )
  const actions = session.extendable
    ? [
        <Button key="stay" onClick={() => void stay()}>
          {staying ? copy.staying : copy.stay}
        </Button>,
        signOutButton,
      ]
    : [signOutButton]

  return (
    <Modal heading={copy.heading} actions={actions} onEscape={() => (session.extendable ? void stay() : undefined)}>
      <p>{session.extendable ? copy.body : copy.bodyFinal}</p>
      <p className="ccpor-countdown">{copy.countdown(formatClock(remaining))}</p>
      {/* Screen readers hear a coarse message when it changes, not every second. */}
      <p className="usa-sr-only" aria-live="polite" aria-atomic="true">
        {coarseMessage(remaining)}
      </p>
      {stayFailed ? (
        <p className="text-secondary-dark text-bold" role="alert">
          {copy.stayFailed}
        </p>
      ) : null}
    </Modal>
  )
}

/** useNow is Date.now(), re-read every interval milliseconds. */
function useNow(interval: number): number {
  const [now, setNow] = useState(Date.now)
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), interval)
    return () => window.clearInterval(timer)
  }, [interval])
  return now
}

/** formatClock shows milliseconds as m:ss, rounding up so 0:00 means the end. */
export function formatClock(ms: number): string {
  const seconds = Math.ceil(ms / 1000)
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`
}

/** coarseMessage changes three times in two minutes, for the polite live region. */
export function coarseMessage(ms: number): string {
  const seconds = Math.ceil(ms / 1000)
  if (seconds > 60) return en.session.idle.minutesLeft(Math.ceil(seconds / 60))
  if (seconds > 20) return en.session.idle.underMinute
  return en.session.idle.underTwenty
}
