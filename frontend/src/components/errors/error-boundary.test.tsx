import { render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { useState } from 'react'
import { MemoryRouter } from 'react-router'
import { describe, expect, it, vi } from 'vitest'
import { ApiError } from '@/api/problem'
import { ErrorBoundary } from '@/components/errors/error-boundary'
import { renderApp } from '@/testing/render-app'
import { callsTo, jsonResponse, problemResponse, stubApi, systemInfo } from '@/testing/api'

const validationProblem = new ApiError({
  type: 'about:blank',
  title: 'Unprocessable Entity',
  status: 422,
  detail: 'validation failed',
  errors: [
    { location: 'body.caseNumber', message: 'expected string to match pattern', value: '12' },
    { location: 'body.expiresOn', message: 'expected a date' },
  ],
})

function Thrower({ error }: { error: unknown }): never {
  throw error
}

function renderBoundary(error: unknown, onError = vi.fn()) {
  vi.spyOn(console, 'error').mockImplementation(() => undefined)
  function Page() {
    const [fixed, setFixed] = useState(false)
    return (
      <ErrorBoundary onError={onError} onReset={() => setFixed(true)}>
        {fixed ? <p>recovered</p> : <Thrower error={error} />}
      </ErrorBoundary>
    )
  }
  render(
    <MemoryRouter>
      <Page />
    </MemoryRouter>,
  )
  return { onError }
}

describe('ErrorBoundary', () => {
  it('shows a problem’s title, detail, status and every field error', () => {
    const { onError } = renderBoundary(validationProblem)

    expect(screen.getByRole('heading', { level: 1, name: 'Something went wrong' })).toBeInTheDocument()
    const alert = screen.getByRole('alert')
    expect(within(alert).getByRole('heading', { name: 'Unprocessable Entity' })).toBeInTheDocument()
    expect(alert).toHaveTextContent('validation failed')
    expect(alert).toHaveTextContent('Status: 422')
    const items = within(alert).getAllByRole('listitem')
    expect(items.map((item) => item.textContent)).toEqual([
      'body.caseNumber: expected string to match pattern',
      'body.expiresOn: expected a date',
    ])
    expect(onError).toHaveBeenCalledWith(validationProblem)
  })

  it('says little about an error that is not from the API', () => {
    renderBoundary(new TypeError('x is undefined'))
    const alert = screen.getByRole('alert')
    expect(within(alert).getByRole('heading', { name: 'Unexpected error' })).toBeInTheDocument()
    expect(alert).not.toHaveTextContent('x is undefined')
    expect(alert).not.toHaveTextContent('Status')
  })

  it('renders the children again after Try again', async () => {
    renderBoundary(validationProblem)
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }))
    expect(screen.getByText('recovered')).toBeInTheDocument()
  })
})

describe('a failed API call in the shell', () => {
  it('shows the problem the server sent, and recovers on retry', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined)
    let fail = true
    stubApi({
      'GET /system': () =>
        fail
          ? problemResponse(503, {
              title: 'Service Unavailable',
              detail: 'the database is not reachable',
              errors: [{ location: 'db', message: 'connection refused' }],
            })
          : jsonResponse(200, systemInfo),
    })
    const { user } = renderApp('/')

    const alert = await screen.findByRole('alert')
    expect(within(alert).getByRole('heading', { name: 'Service Unavailable' })).toBeInTheDocument()
    expect(alert).toHaveTextContent('the database is not reachable')
    expect(alert).toHaveTextContent('Status: 503')
    expect(alert).toHaveTextContent('db: connection refused')
    // The shell stays: the user can still navigate away.
    expect(screen.getByRole('navigation', { name: 'Registry' })).toBeInTheDocument()

    fail = false
    await user.click(screen.getByRole('button', { name: 'Try again' }))
    expect(await screen.findByTestId('system-summary')).toHaveTextContent('1.2.3-test')
  })

  it('makes a problem of an answer that is not problem JSON, without reporting it', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const { calls } = stubApi({
      'GET /system': () => new Response('<html>Bad Gateway</html>', { status: 502, statusText: 'Bad Gateway' }),
    })
    renderApp('/')
    const alert = await screen.findByRole('alert')
    expect(within(alert).getByRole('heading', { name: 'Bad Gateway' })).toBeInTheDocument()
    expect(alert).toHaveTextContent('Status: 502')
    expect(callsTo(calls)).toEqual(['GET /me', 'GET /system'])
  })
})
