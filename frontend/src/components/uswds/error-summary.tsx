import { useEffect, useId, useRef, type MouseEvent } from 'react'

export type SummaryItem = {
  message: string
  /** fieldId is the control to focus; without one the message is plain text. */
  fieldId?: string
}

type ErrorSummaryProps = {
  heading: string
  items: SummaryItem[]
  /** focusKey changes with every failed submit, so focus moves here each time. */
  focusKey: number
}

/**
 * ErrorSummary is the USWDS error alert at the top of a form: it takes focus when a
 * submit fails and lists each problem as a link that moves focus to its field.
 */
export function ErrorSummary({ heading, items, focusKey }: ErrorSummaryProps) {
  const ref = useRef<HTMLDivElement>(null)
  const headingId = useId()
  useEffect(() => {
    ref.current?.focus()
  }, [focusKey])

  function jump(fieldId: string) {
    return (event: MouseEvent<HTMLAnchorElement>) => {
      const field = document.getElementById(fieldId)
      if (!field) return
      event.preventDefault() // a #hash link would go to the <base href>, not this page
      field.focus()
    }
  }

  return (
    <div ref={ref} tabIndex={-1} className="usa-alert usa-alert--error ccpor-error-summary" aria-labelledby={headingId}>
      <div className="usa-alert__body">
        <h2 className="usa-alert__heading" id={headingId}>
          {heading}
        </h2>
        <ul className="usa-list">
          {items.map((item, index) => (
            <li key={`${item.fieldId ?? ''}-${index}`}>
              {item.fieldId ? (
                <a className="usa-link" href={`#${item.fieldId}`} onClick={jump(item.fieldId)}>
                  {item.message}
                </a>
              ) : (
                item.message
              )}
            </li>
          ))}
        </ul>
      </div>
    </div>
  )
}
