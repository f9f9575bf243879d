import { QueryClientProvider, type QueryClient } from '@tanstack/react-query'
import type { ReactNode } from 'react'

type AppProviderProps = {
  queryClient: QueryClient
  children: ReactNode
}

/** AppProvider holds the app-wide context: today only the query cache. */
export function AppProvider({ queryClient, children }: AppProviderProps) {
  return <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
}
