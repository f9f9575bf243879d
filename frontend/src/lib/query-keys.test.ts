import { describe, expect, it } from 'vitest'
import { ApiError } from '@/api/problem'
import { shouldRetry } from '@/lib/query-client'
import { courtQueryKey, isCourtScoped } from '@/lib/query-keys'

describe('courtQueryKey', () => {
  it('puts the acting court first, so caches of two courts never mix', () => {
    expect(courtQueryKey('ca-sf', 'orders', { page: 2 })).toEqual([{ court: 'ca-sf' }, 'orders', { page: 2 }])
    expect(courtQueryKey(null, 'system')).toEqual([{ court: null }, 'system'])
    expect(courtQueryKey('ca-sf', 'orders')).not.toEqual(courtQueryKey('ca-la', 'orders'))
  })

  it('tells court-scoped keys from the session’s own', () => {
    expect(isCourtScoped(courtQueryKey('ca-sf', 'orders'))).toBe(true)
    expect(isCourtScoped(courtQueryKey(null, 'system'))).toBe(true)
    expect(isCourtScoped(['session', 'me'])).toBe(false)
  })
})

describe('shouldRetry', () => {
  const problem = (status?: number) => new ApiError({ type: 'about:blank', title: 't', status })

  it('retries network failures and server errors, at most twice', () => {
    expect(shouldRetry(0, problem(undefined))).toBe(true)
    expect(shouldRetry(1, problem(503))).toBe(true)
    expect(shouldRetry(2, problem(503))).toBe(false)
  })

  it('never retries a client error or a bug', () => {
    expect(shouldRetry(0, problem(404))).toBe(false)
    expect(shouldRetry(0, problem(422))).toBe(false)
    expect(shouldRetry(0, new TypeError('bug'))).toBe(false)
  })
})
