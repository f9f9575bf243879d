import { act, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { api } from '@/api/client'
import { callsTo, jsonResponse, stubApi, systemInfo } from '@/testing/api'
import { renderApp } from '@/testing/render-app'
import { me } from '@/testing/session'
import { coarseMessage, formatClock } from '@/features/session/components/idle-timeout'

const MINUTE = 60_000

async function advance(ms: number) {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(ms)
  })
}

describe('the idle timeout', () => {
  beforeEach(() => {
    vi.useFakeTimers({ shouldAdvanceTime: true })
    vi.setSystemTime(new Date('2026-11-25T02:00:00Z'))
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  function signedIn() {
    const start = Date.now()
    const api = stubApi({
      // The idle timeout starts again on every call: 15 minutes from this one.
      'GET /me': () => jsonResponse(200, me({}, Date.now())),
      'GET /system': () => jsonResponse(200, systemInfo),
      'POST /me/keep-alive': () => jsonResponse(200, me({}, Date.now()).session),
    })
    const view = renderApp('/', { advanceTimers: vi.advanceTimersByTime })
    return { ...api, ...view, start }
  }

  it('warns two minutes before the end, focused on Stay signed in, which keeps the session', async () => {
    const { calls, user } = signedIn()
    await screen.findByTestId('welcome')

    await advance(13 * MINUTE - 1000)
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument()
    await advance(1000)

    const dialog = await screen.findByRole('dialog', { name: 'Your session is about to end' })
    expect(dialog).toHaveAttribute('aria-modal', 'true')
    expect(dialog).toHaveAccessibleDescription(/you will be signed out soon/)
    const stay = within(dialog).getByRole('button', { name: 'Stay signed in' })
    await waitFor(() => expect(stay).toHaveFocus())
    expect(dialog).toHaveTextContent('Time left: 2:00')
    expect(within(dialog).getByText(/About 2 minutes left/)).toHaveAttribute('aria-live', 'polite')

    await advance(61_000)
    expect(dialog).toHaveTextContent('Time left: 0:59')
    expect(within(dialog).getByText(/Less than a minute left/)).toBeInTheDocument()

    const before = calls.length
    await user.click(stay)
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument())
    const keepAlive = calls.find((c) => c.method === 'POST')!
    expect(callsTo(calls.slice(before))).toEqual(['POST /me/keep-alive', 'GET /me'])
    expect(keepAlive.headers.get('X-CSRF-Token')).toBe('csrf-token-1')
  })

  it('keeps the session on Escape too, and keeps Tab inside the dialog', async () => {
    const { calls, user } = signedIn()
    await screen.findByTestId('welcome')
    await advance(13 * MINUTE)
    const dialog = await screen.findByRole('dialog')
    const stay = within(dialog).getByRole('button', { name: 'Stay signed in' })
    await waitFor(() => expect(stay).toHaveFocus())
    await user.tab()
    expect(within(dialog).getByRole('button', { name: 'Sign out now' })).toHaveFocus()
    await user.tab()
    expect(stay).toHaveFocus()

    await user.keyboard('{Escape}')
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument())
    expect(callsTo(calls)).toContain('POST /me/keep-alive')
  })

  it('shows "You were signed out" when the time runs out', async () => {
    signedIn()
    await screen.findByTestId('welcome')
    await advance(15 * MINUTE)

    expect(await screen.findByRole('heading', { level: 1, name: 'You were signed out' })).toBeInTheDocument()
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument()
    expect(within(screen.getByRole('main')).getByRole('link', { name: 'Sign in' })).toBeInTheDocument()
    expect(screen.getByRole('region', { name: 'Your account' })).toHaveTextContent('Not signed in')
    expect(screen.queryByTestId('system-summary')).not.toBeInTheDocument()
  })

  it('moves the warning when another call moved the idle timeout', async () => {
    signedIn()
    await screen.findByTestId('welcome')
    await advance(10 * MINUTE)
    // Any successful call refetches /me, whose idleExpiresAt is now 15 minutes away.
    await act(async () => {
      await api.GET('/system')
    })
    await advance(4 * MINUTE)
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument()
    await advance(9 * MINUTE)
    expect(await screen.findByRole('dialog')).toBeInTheDocument()
  })
})

describe('the countdown’s words', () => {
  it('shows m:ss and changes the spoken message only a few times', () => {
    expect(formatClock(120_000)).toBe('2:00')
    expect(formatClock(59_001)).toBe('1:00')
    expect(formatClock(0)).toBe('0:00')
    expect(coarseMessage(120_000)).toBe('About 2 minutes left before you are signed out.')
    expect(coarseMessage(61_000)).toBe('About 2 minutes left before you are signed out.')
    expect(coarseMessage(60_000)).toBe('Less than a minute left before you are signed out.')
    expect(coarseMessage(20_000)).toBe('Less than 20 seconds left before you are signed out.')
  })
})
