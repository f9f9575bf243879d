import { screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { renderApp } from '@/testing/render-app'
import { stubApi } from '@/testing/api'

describe('SignInProblemRoute', () => {
  it('words the problem the server names by code, and offers sign-in back to home', async () => {
    stubApi({})
    renderApp('/sign-in-problem?code=invitation_invalid')
    expect(await screen.findByRole('heading', { level: 1, name: 'We could not sign you in' })).toBeInTheDocument()
    expect(screen.getByText(/invitation is unknown, already used or expired/)).toBeInTheDocument()
    const links = screen.getAllByRole('link', { name: 'Sign in' })
    expect(links.at(-1)).toHaveAttribute('href', '/auth/login?return=%2F')
  })

  it('never shows text from its address', async () => {
    stubApi({})
    renderApp('/sign-in-problem?code=%3Cb%3EYour%20account%20is%20locked%2C%20call%20555%3C%2Fb%3E')
    expect(await screen.findByText('Sign-in did not complete.')).toBeInTheDocument()
    expect(screen.queryByText(/call 555/)).not.toBeInTheDocument()
  })
})
