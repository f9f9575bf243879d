import { isApiError, type Problem } from '@/api/problem'
import { problemOf } from '@/components/errors/error-fallback'
import type { SummaryItem } from '@/components/uswds/error-summary'

/** Failure is what a failed submit shows: field errors with their summary, or a problem. */
export type Failure =
  | { kind: 'fields'; errors: Record<string, string>; items: SummaryItem[] }
  | { kind: 'problem'; problem: Problem }

/**
 * failureOf turns an error into field errors when the server named fields
 * ("body.contact.email" is the field "contact.email", shown at the control with id
 * `${prefix}-contact-email`), labelled for the summary; otherwise the problem itself.
 */
export function failureOf(error: unknown, prefix: string, labels: Record<string, string>): Failure {
  const problem = problemOf(error)
  const list = isApiError(error) ? (problem.errors ?? []) : []
  if (list.length === 0) return { kind: 'problem', problem }
  const errors: Record<string, string> = {}
  const items = list.map((e) => {
    const field = (e.location ?? '').replace(/^body\.?/, '')
    const message = e.message ?? ''
    if (!field || !(field in labels)) return { message }
    errors[field] = errors[field] ? `${errors[field]} ${message}` : message
    return { message: `${labels[field]}: ${message}`, fieldId: fieldId(prefix, field) }
  })
  return { kind: 'fields', errors, items }
}

/** fieldId is the id of a field's control. */
export const fieldId = (prefix: string, field: string) => `${prefix}-${field.replace(/\./g, '-')}`
