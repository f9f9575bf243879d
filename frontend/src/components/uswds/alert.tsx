import { Alert as UswdsAlert } from '@trussworks/react-uswds'
import type { ReactNode } from 'react'

type AlertProps = {
  type: 'success' | 'warning' | 'error' | 'info'
  heading?: ReactNode
  headingLevel?: 'h2' | 'h3' | 'h4'
  children?: ReactNode
  /** role="alert" makes screen readers announce it at once; use it for errors only. */
  announce?: boolean
  /** The children are blocks (paragraphs, lists), not one line of text to wrap in a <p>. */
  blockContent?: boolean
  className?: string
}

/** Alert is the USWDS alert with CCPOR's defaults: an h2 heading, announced if asked. */
export function Alert({
  type,
  heading,
  headingLevel = 'h2',
  children,
  announce = false,
  blockContent = false,
  className,
}: AlertProps) {
  return (
    <UswdsAlert
      type={type}
      heading={heading}
      headingLevel={headingLevel}
      className={className}
      // The library wraps children in a <p> unless told they are a validation list;
      // that flag only adds a checklist margin, and keeps block content valid HTML.
      validation={blockContent}
      {...(announce ? { role: 'alert' } : {})}
    >
      {children}
    </UswdsAlert>
  )
}
