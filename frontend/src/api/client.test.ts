import { afterEach, describe, expect, it, vi } from 'vitest'
import { createApiClient, setCsrfToken, setSessionHooks } from '@/api/client'
import { jsonResponse, problemResponse, stubApi, systemInfo } from '@/testing/api'

describe('the API client and the session', () => {
  afterEach(() => setCsrfToken(null))

  it('adds X-CSRF-Token to a POST, never to a GET', async () => {
    const { calls } = stubApi({
      'GET /system': () => jsonResponse(200, systemInfo),
      'POST /client-errors': () => new Response(null, { status: 204 }),
    })
    const client = createApiClient('')
    setCsrfToken('csrf-1')
    await client.GET('/system')
    await client.POST('/client-errors', { body: { message: 'm', route: '/' } })

    expect(calls[0]!.method).toBe('GET')
    expect(calls[0]!.headers.has('X-CSRF-Token')).toBe(false)
    expect(calls[1]!.method).toBe('POST')
    expect(calls[1]!.headers.get('X-CSRF-Token')).toBe('csrf-1')
  })

  it('sends no token before one is known', async () => {
    const { calls } = stubApi({ 'POST /client-errors': () => new Response(null, { status: 204 }) })
    await createApiClient('').POST('/client-errors', { body: { message: 'm', route: '/' } })
    expect(calls[0]!.headers.has('X-CSRF-Token')).toBe(false)
  })

  it('tells the session of every 401 and of every other success', async () => {
    const onUnauthorized = vi.fn()
    const onActivity = vi.fn()
    const remove = setSessionHooks({ onUnauthorized, onActivity })
    let status = 200
    stubApi({
      'GET /system': () => (status === 200 ? jsonResponse(200, systemInfo) : problemResponse(status, { title: 't' })),
    })
    const client = createApiClient('')
    await client.GET('/system')
    expect(onActivity).toHaveBeenCalledTimes(1)
    status = 401
    await client.GET('/system')
    expect(onUnauthorized).toHaveBeenCalledTimes(1)
    status = 503
    await client.GET('/system')
    expect([onUnauthorized.mock.calls.length, onActivity.mock.calls.length]).toEqual([1, 1])
    remove()
  })
})
