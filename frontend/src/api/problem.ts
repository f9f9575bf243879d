// RFC 9457 problem details, as the API sends them (huma's ErrorModel), and the error
// the app throws when a call fails, so error boundaries can show what went wrong.
import type { components } from '@/api/schema'
import { en } from '@/copy/en'

export type Problem = components['schemas']['ErrorModel']
export type ProblemFieldError = components['schemas']['ErrorDetail']

/** ApiError is thrown by API calls that fail; it always carries a problem. */
export class ApiError extends Error {
  readonly problem: Problem

  constructor(problem: Problem, options?: { cause?: unknown }) {
    super(problem.title ?? en.errors.unexpectedTitle, options)
    this.name = 'ApiError'
    this.problem = problem
  }

  /** status is the HTTP status, or undefined when no response arrived. */
  get status(): number | undefined {
    return this.problem.status
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError
}

function isProblemBody(body: unknown): body is Partial<Problem> {
  return typeof body === 'object' && body !== null && ('title' in body || 'status' in body)
}

/** problemFromResponse makes a problem of a failed response, whatever its body. */
export function problemFromResponse(body: unknown, response: Response): Problem {
  if (isProblemBody(body)) {
    return { type: 'about:blank', ...body, status: body.status ?? response.status }
  }
  return {
    type: 'about:blank',
    title: response.statusText || en.errors.badResponseTitle,
    status: response.status,
    detail: en.errors.badResponseDetail,
  }
}

type FetchResult<T> = { data?: T; error?: unknown; response: Response }

/**
 * unwrap awaits an openapi-fetch call and returns its data, or throws an ApiError:
 * a problem from the server, or one made up when the network or the body failed.
 */
export async function unwrap<T>(call: Promise<FetchResult<T>>): Promise<T> {
  let result: FetchResult<T>
  try {
    result = await call
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause
    throw networkError(cause)
  }
  if (!result.response.ok || result.error !== undefined) {
    throw new ApiError(problemFromResponse(result.error, result.response))
  }
  if (result.data === undefined) {
    throw new ApiError(problemFromResponse(undefined, result.response))
  }
  return result.data
}

/** networkError is the problem of a call that got no answer at all. */
/** unwrapNoContent awaits a call that answers no body (204), throwing its problem when it fails. */
export async function unwrapNoContent(call: Promise<{ error?: unknown; response: Response }>): Promise<void> {
  const result = await call
  if (!result.response.ok || result.error !== undefined) {
    throw new ApiError(problemFromResponse(result.error, result.response))
  }
}

export function networkError(cause: unknown): ApiError {
  return new ApiError({ type: 'about:blank', title: en.errors.networkTitle, detail: en.errors.networkDetail }, { cause })
}
