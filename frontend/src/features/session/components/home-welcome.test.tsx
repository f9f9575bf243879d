import { screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { jsonResponse, stubApi, systemInfo } from '@/testing/api'
import { renderApp } from '@/testing/render-app'
import { me } from '@/testing/session'

describe('the home page’s welcome', () => {
  it('asks a signed-out visitor to sign in, with the use notice', async () => {
    stubApi({ 'GET /system': () => jsonResponse(200, systemInfo) })
    renderApp('/')

    const prompt = await screen.findByTestId('sign-in-prompt')
    expect(within(prompt).getByRole('heading', { level: 2, name: 'Sign in to use the registry' })).toBeInTheDocument()
    expect(prompt).toHaveTextContent(
      'This is a criminal justice information system. Authorized use only. Every access is recorded.',
    )
    expect(within(prompt).getByRole('link', { name: 'Sign in' })).toHaveAttribute('href', '/auth/login?return=%2F')
  })

  it('greets a signed-in user with the acting court, roles and CLETS status', async () => {
    stubApi({
      'GET /me': () => jsonResponse(200, me({ cletsCurrent: false })),
      'GET /system': () => jsonResponse(200, systemInfo),
    })
    renderApp('/')

    const welcome = await screen.findByTestId('welcome')
    expect(within(welcome).getByRole('heading', { level: 2, name: 'Welcome, Maria Garcia' })).toBeInTheDocument()
    expect(welcome).toHaveTextContent('Acting courtSuperior Court of California, County of Alameda')
    expect(welcome).toHaveTextContent('Your roles in this courtClerk, Judicial officer')
    expect(welcome).toHaveTextContent('CLETS certificationNot current.')
    expect(screen.queryByTestId('sign-in-prompt')).not.toBeInTheDocument()
  })
})
