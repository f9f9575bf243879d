import { screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { renderApp } from '@/testing/render-app'
import { callsTo, stubApi } from '@/testing/api'

describe('NotFoundRoute', () => {
  it('answers an unknown client route inside the shell, with a link home', async () => {
    const { calls } = stubApi({})
    renderApp('/orders/unknown/route')

    expect(await screen.findByRole('heading', { level: 1, name: 'Page not found' })).toBeInTheDocument()
    expect(screen.getByRole('link', { name: 'Go to the home page' })).toHaveAttribute('href', '/')
    const nav = screen.getByRole('navigation', { name: 'Registry' })
    expect(within(nav).getByRole('link', { name: 'Home' })).not.toHaveAttribute('aria-current')
    // Only the session is asked who is signed in; the page itself calls nothing.
    expect(callsTo(calls)).toEqual(['GET /me'])
  })
})
