import { render } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { createMemoryRouter, RouterProvider } from 'react-router'
import { AppProvider } from '@/app/provider'
import { routes } from '@/app/router'
import { createQueryClient } from '@/lib/query-client'

/** renderApp renders the whole SPA at a route, in memory, with no query retries. */
export function renderApp(initialPath = '/', { advanceTimers }: { advanceTimers?: (ms: number) => void } = {}) {
  const queryClient = createQueryClient()
  queryClient.setDefaultOptions({
    ...queryClient.getDefaultOptions(),
    queries: { ...queryClient.getDefaultOptions().queries, retry: false },
  })
  const router = createMemoryRouter(routes, { initialEntries: [initialPath] })
  const user = userEvent.setup(advanceTimers ? { advanceTimers } : {})
  const view = render(
    <AppProvider queryClient={queryClient}>
      <RouterProvider router={router} />
    </AppProvider>,
  )
  return { ...view, router, user, queryClient }
}
