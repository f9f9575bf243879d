import type { Problem } from '@/api/problem'
import { Alert } from '@/components/uswds/alert'
import { en } from '@/copy/en'

type ProblemDetailsProps = {
  problem: Problem
}

/** ProblemDetails shows an RFC 9457 problem: its title, detail, status and field errors. */
export function ProblemDetails({ problem }: ProblemDetailsProps) {
  const fieldErrors = problem.errors ?? []
  return (
    <Alert type="error" heading={problem.title ?? en.errors.unexpectedTitle} announce blockContent>
      {problem.detail ? <p className="usa-alert__text">{problem.detail}</p> : null}
      {problem.status !== undefined ? (
        <p className="usa-alert__text">
          {en.errors.statusLabel}: {problem.status}
        </p>
      ) : null}
      {fieldErrors.length > 0 ? (
        <>
          <h3 className="margin-bottom-05">{en.errors.fieldErrorsHeading}</h3>
          <ul className="usa-list margin-top-0">
            {fieldErrors.map((fieldError, index) => (
              <li key={`${fieldError.location ?? ''}-${index}`}>
                {fieldError.location ? <code>{fieldError.location}</code> : null}
                {fieldError.location ? ': ' : null}
                {fieldError.message}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </Alert>
  )
}
