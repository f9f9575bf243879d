import { Link as UswdsLink } from '@trussworks/react-uswds'
import type { ReactNode } from 'react'
import { Link as RouterLink, type LinkProps as RouterLinkProps } from 'react-router'

type LinkProps = {
  /** to is a client route, relative to the app's base path. */
  to: string
  children: ReactNode
  /** button makes the link look like a USWDS button (it still navigates). */
  button?: boolean
  /** outline draws the button as an outline button (with button). */
  outline?: boolean
}

/** Link is a USWDS-styled link to a client route (react-router adds the base path). */
export function Link({ to, children, button = false, outline = false }: LinkProps) {
  const className = button ? (outline ? 'usa-button usa-button--outline' : 'usa-button') : undefined
  return (
    <UswdsLink<RouterLinkProps> asCustom={RouterLink} to={to} variant={button ? 'unstyled' : undefined} className={className}>
      {children}
    </UswdsLink>
  )
}
