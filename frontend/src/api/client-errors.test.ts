import { waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { reportClientError } from '@/api/client-errors'
import { problemResponse, stubApi } from '@/testing/api'

describe('reportClientError', () => {
  it('posts the message, the route and the stack to /client-errors', async () => {
    const { calls } = stubApi({ 'POST /client-errors': () => new Response(null, { status: 204 }) })
    const error = new Error('x is undefined')
    reportClientError(error, '/ccpor/orders/1')

    await waitFor(() => expect(calls).toHaveLength(1))
    const body = await calls[0]!.json()
    expect(body).toMatchObject({ message: 'x is undefined', route: '/ccpor/orders/1' })
    expect(body.stack).toContain('x is undefined')
  })

  it('never throws, even when the report fails', async () => {
    const { calls } = stubApi({ 'POST /client-errors': () => problemResponse(500, { title: 'Internal Server Error' }) })
    expect(() => reportClientError('a string was thrown', '/')).not.toThrow()
    await waitFor(() => expect(calls).toHaveLength(1))
  })
})
