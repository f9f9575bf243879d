import { api } from '@/api/client'
import { unwrap } from '@/api/problem'

/**
 * postKeepAlive tells the server the user is still here: the idle timeout starts
 * again. The new times are read from /me, which the API client's hook refetches.
 */
export async function postKeepAlive(): Promise<void> {
  await unwrap(api.POST('/me/keep-alive'))
}
