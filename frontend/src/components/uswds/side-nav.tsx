import { SideNav as UswdsSideNav } from '@trussworks/react-uswds'
import type { ReactNode } from 'react'
import { NavLink } from 'react-router'

type SideNavProps = {
  /** label names the navigation landmark. */
  label: string
  items: ReactNode[]
}

/** SideNav is the USWDS side navigation inside a labelled nav landmark. */
export function SideNav({ label, items }: SideNavProps) {
  return (
    <nav aria-label={label}>
      <UswdsSideNav items={items} />
    </nav>
  )
}

type SideNavLinkProps = {
  to: string
  children: ReactNode
  /** end matches the route exactly (for Home, so it is not current everywhere). */
  end?: boolean
}

/** SideNavLink is a side-nav item for a client route, marked current when active. */
export function SideNavLink({ to, children, end = false }: SideNavLinkProps) {
  return (
    <NavLink to={to} end={end} className={({ isActive }) => (isActive ? 'usa-current' : undefined)}>
      {children}
    </NavLink>
  )
}
