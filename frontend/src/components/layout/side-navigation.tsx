import { SideNav, SideNavLink } from '@/components/uswds/side-nav'
import { en } from '@/copy/en'
import { useActingRoles, useCletsCurrent } from '@/lib/acting-court'
import { canScheduleMaintenance } from '@/lib/admin-roles'
import { canConfirmHits, canEnterOrders, canReadOrders, canWorkCarposQueue } from '@/lib/order-roles'
import { canManageUsers } from '@/lib/user-roles'

type Roles = ReturnType<typeof useActingRoles>

/** The parts of the registry, in the navigation's order, each with who may go there
 * (some need a current CLETS certification too). */
const parts: { to: string; label: string; end?: boolean; shown: (roles: Roles, clets: boolean) => boolean }[] = [
  { to: '/', label: en.nav.home, end: true, shown: () => true },
  { to: '/orders', label: en.nav.orders, end: true, shown: canReadOrders },
  { to: '/search', label: en.nav.search, shown: canReadOrders },
  { to: '/orders/new', label: en.nav.newOrder, shown: canEnterOrders },
  { to: '/carpos/queue', label: en.nav.carposQueue, shown: canWorkCarposQueue },
  { to: '/clets-hits', label: en.nav.cletsHit, shown: canConfirmHits },
  { to: '/users', label: en.nav.users, shown: canManageUsers },
  { to: '/helpdesk', label: en.nav.helpdesk, shown: (roles) => roles.includes('helpdesk') },
  { to: '/reports', label: en.nav.reports, shown: (roles) => roles.length > 0 },
  { to: '/maintenance', label: en.nav.maintenance, shown: canScheduleMaintenance },
  { to: '/admin/courts', label: en.nav.courts, shown: (roles) => roles.includes('platform_admin') },
  { to: '/audit', label: en.nav.auditLog, shown: (roles) => roles.includes('auditor') },
]

/** SideNavigation lists the parts of the registry the user's roles may go to. */
export function SideNavigation() {
  const roles = useActingRoles()
  const clets = useCletsCurrent()
  const items = parts
    .filter((part) => part.shown(roles, clets))
    .map((part) => (
      <SideNavLink key={part.to} to={part.to} end={part.end}>
        {part.label}
      </SideNavLink>
    ))
  return <SideNav label={en.nav.label} items={items} />
}
