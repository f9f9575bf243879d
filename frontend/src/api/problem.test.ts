import { describe, expect, it } from 'vitest'
import { ApiError, unwrap } from '@/api/problem'

const ok = (data: unknown) => Promise.resolve({ data, response: new Response(null, { status: 200 }) })

describe('unwrap', () => {
  it('returns the data of a successful call', async () => {
    await expect(unwrap(ok({ a: 1 }))).resolves.toEqual({ a: 1 })
  })

  it('throws the problem the server sent, keeping its field errors', async () => {
    const problem = { title: 'Unprocessable Entity', status: 422, errors: [{ location: 'body.x', message: 'bad' }] }
    const call = Promise.resolve({ error: problem, response: new Response(null, { status: 422 }) })
    const error = await unwrap(call).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect((error as ApiError).problem).toMatchObject(problem)
    expect((error as ApiError).status).toBe(422)
  })

  it('takes the status from the response when the problem has none', async () => {
    const call = Promise.resolve({ error: { title: 'Conflict' }, response: new Response(null, { status: 409 }) })
    await expect(unwrap(call)).rejects.toMatchObject({ problem: { title: 'Conflict', status: 409 } })
  })

  it('makes a problem of a body that is not one', async () => {
    const response = new Response(null, { status: 502, statusText: 'Bad Gateway' })
    const call = Promise.resolve({ error: '<html>proxy error</html>', response })
    await expect(unwrap(call)).rejects.toMatchObject({ problem: { title: 'Bad Gateway', status: 502 } })
  })

  it('makes a problem of a network failure', async () => {
    const call = Promise.reject(new TypeError('fetch failed'))
    const error = await unwrap(call).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect((error as ApiError).problem.title).toBe('The registry could not be reached')
    expect((error as ApiError).status).toBeUndefined()
  })

  it('lets an abort through unchanged', async () => {
    const abort = new DOMException('aborted', 'AbortError')
    await expect(unwrap(Promise.reject(abort))).rejects.toBe(abort)
  })
})
