import { SideNav, SideNavLink } from '@/components/uswds/side-nav'
import { en } from '@/copy/en'
import { useActingRoles } from '@/lib/acting-court'
import { canScheduleMaintenance } from '@/lib/admin-roles'
import { canEnterOrders, canReadOrders } from '@/lib/order-roles'
import { canManageUsers } from '@/lib/user-roles'

/** SideNavigation lists the parts of the registry the user's roles may go to. */
export function SideNavigation() {
  const roles = useActingRoles()
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
      <SideNavLink key="search" to="/search">
        {en.nav.search}
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
