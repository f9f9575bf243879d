import { Alert as UswdsAlert } from '@trussworks/react-uswds'
import type { ReactNode } from 'react'

type AlertProps = {
  type: 'success' | 'warning' | 'error' | 'info'
  heading?: ReactNode
  headingLevel?: 'h2' | 'h3' | 'h4'
  children?: ReactNode
  /** role="alert" makes screen readers announce it at once; use it for errors only. */
  announce?: boolean
  className?: string
}

/** Alert is the USWDS alert with CCPOR's defaults: an h2 heading, announced if asked. */
export function Alert({ type, heading, headingLevel = 'h2', children, announce = false, className }: AlertProps) {
  return (
    <UswdsAlert
      type={type}
      heading={heading}
      headingLevel={headingLevel}
      className={className}
      {...(announce ? { role: 'alert' } : {})}
    >
      {children}
    </UswdsAlert>
  )
}
