import { useState } from 'react'
import { RouterProvider } from 'react-router/dom'
import { AppProvider } from '@/app/provider'
import { createAppRouter } from '@/app/router'
import { readBasePath } from '@/config/base-path'
import { createQueryClient } from '@/lib/query-client'

/** App is the whole SPA under the base path the server announced. */
export function App() {
  const [queryClient] = useState(createQueryClient)
  const [router] = useState(() => createAppRouter(readBasePath()))
  return (
    <AppProvider queryClient={queryClient}>
      <RouterProvider router={router} />
    </AppProvider>
  )
}
