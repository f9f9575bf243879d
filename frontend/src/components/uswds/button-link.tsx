import type { ReactNode } from 'react'

type ButtonLinkProps = {
  /** href leaves the SPA (e.g. for sign-in), so it is a plain link, not a client route. */
  href: string
  children: ReactNode
  variant?: 'primary' | 'inverse'
}

/** ButtonLink is a link that looks like a USWDS button: it navigates, so it is a link. */
export function ButtonLink({ href, children, variant = 'primary' }: ButtonLinkProps) {
  const className = variant === 'inverse' ? 'usa-button usa-button--outline usa-button--inverse' : 'usa-button'
  return (
    <a className={className} href={href}>
      {children}
    </a>
  )
}
