import { SideNav, SideNavLink } from '@/components/uswds/side-nav'
import { en } from '@/copy/en'

/** SideNavigation lists the parts of the registry the user can go to. */
export function SideNavigation() {
  return (
    <SideNav
      label={en.nav.label}
      items={[
        <SideNavLink key="home" to="/" end>
          {en.nav.home}
        </SideNavLink>,
      ]}
    />
  )
}
