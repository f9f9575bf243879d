import { SideNav, SideNavLink } from '@/components/uswds/side-nav'
import { en } from '@/copy/en'
import { useActingRoles, useCletsCurrent } from '@/lib/acting-court'
import { canScheduleMaintenance } from '@/lib/admin-roles'
import { canConfirmHits, canEnterOrders, canReadOrders, canWorkCarposQueue } from '@/lib/order-roles'
import { canManageUsers } from '@/lib/user-roles'

/** SideNavigation lists the parts of the registry the user's roles may go to. */
export function SideNavigation() {
  const roles = useActingRoles()
  const clets = useCletsCurrent()
  const items = [
    <SideNavLink key="home" to="/" end>
      {en.nav.home}
    </SideNavLink>,
  ]
  if (canReadOrders(roles)) {
    items.push(
      <SideNavLink key="orders" to="/orders" end>
        {en.nav.orders}
      </SideNavLink>,
    )
  }
  if (canEnterOrders(roles)) {
    items.push(
      <SideNavLink key="new-order" to="/orders/new">
        {en.nav.newOrder}
      </SideNavLink>,
    )
  }
  if (canWorkCarposQueue(roles, clets)) {
    items.push(
      <SideNavLink key="carpos-queue" to="/carpos/queue">
        {en.nav.carposQueue}
      </SideNavLink>,
    )
  }
  if (canConfirmHits(roles, clets)) {
    items.push(
      <SideNavLink key="clets-hits" to="/clets-hits">
        {en.nav.cletsHit}
      </SideNavLink>,
    )
  }
  if (canManageUsers(roles)) {
    items.push(
      <SideNavLink key="users" to="/users">
        {en.nav.users}
      </SideNavLink>,
    )
  }
  if (roles.includes('helpdesk')) {
    items.push(
      <SideNavLink key="helpdesk" to="/helpdesk">
        {en.nav.helpdesk}
      </SideNavLink>,
    )
  }
  if (roles.length > 0) {
    items.push(
      <SideNavLink key="reports" to="/reports">
        {en.nav.reports}
      </SideNavLink>,
    )
  }
  if (canScheduleMaintenance(roles)) {
    items.push(
      <SideNavLink key="maintenance" to="/maintenance">
        {en.nav.maintenance}
      </SideNavLink>,
    )
  }
  return <SideNav label={en.nav.label} items={items} />
}
