import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { renderApp } from '@/testing/render-app'
import { jsonResponse, stubApi, systemInfo } from '@/testing/api'

describe('AppShell', () => {
  it('renders the banner, the header with the user area, and the side navigation', async () => {
    stubApi({ 'GET /system': () => jsonResponse(200, systemInfo) })
    renderApp('/')

    expect(screen.getByRole('region', { name: 'Official service of the California courts' })).toBeInTheDocument()
    const home = screen.getByRole('link', { name: 'CCPOR California Courts Protective Order Registry' })
    expect(home).toHaveAttribute('href', '/')
    expect(home.closest('header')).toHaveClass('usa-header')
    const account = screen.getByRole('region', { name: 'Your account' })
    await waitFor(() => expect(account).toHaveTextContent('Not signed in'))

    const nav = screen.getByRole('navigation', { name: 'Registry' })
    expect(within(nav).getByRole('link', { name: 'Home' })).toHaveAttribute('aria-current', 'page')
    expect(screen.getByRole('main')).toBeInTheDocument()
    expect(await screen.findByRole('heading', { level: 1, name: 'Home' })).toBeInTheDocument()
  })

  it('shows what /system says on the home page', async () => {
    const { calls } = stubApi({ 'GET /system': () => jsonResponse(200, systemInfo) })
    renderApp('/')

    const summary = await screen.findByTestId('system-summary')
    expect(summary).toHaveTextContent('CCPOR')
    expect(summary).toHaveTextContent('1.2.3-test')
    expect(summary).toHaveTextContent('Development')
    expect(calls[0]?.credentials).toBe('same-origin')
    expect(document.title).toBe('Home | CCPOR')
  })

  it('makes the skip link the first Tab stop, and does not move focus on the first load', async () => {
    stubApi({ 'GET /system': () => jsonResponse(200, systemInfo) })
    const { user } = renderApp('/')
    await screen.findByRole('heading', { level: 1, name: 'Home' })
    expect(document.body).toHaveFocus()

    await user.tab()
    const skip = screen.getByRole('link', { name: 'Skip to main content' })
    expect(skip).toHaveFocus()
    await user.keyboard('{Enter}')
    expect(screen.getByRole('main')).toHaveFocus()
  })

  it('moves focus to the new page’s h1 on every navigation', async () => {
    stubApi({ 'GET /system': () => jsonResponse(200, systemInfo) })
    const { router, user } = renderApp('/')
    await screen.findByRole('heading', { level: 1, name: 'Home' })

    await router.navigate('/no/such/page')
    const notFound = await screen.findByRole('heading', { level: 1, name: 'Page not found' })
    await waitFor(() => expect(notFound).toHaveFocus())
    expect(notFound).toHaveAttribute('tabindex', '-1')
    expect(document.title).toBe('Page not found | CCPOR')

    await user.click(screen.getByRole('link', { name: 'Go to the home page' }))
    const home = await screen.findByRole('heading', { level: 1, name: 'Home' })
    await waitFor(() => expect(home).toHaveFocus())
  })
})
