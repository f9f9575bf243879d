import { Link } from 'react-router'
import { Header } from '@/components/uswds/header'
import { UserArea } from '@/components/layout/user-area'
import { en } from '@/copy/en'

/** SiteHeader names the product, links home and holds the user area. */
export function SiteHeader() {
  return (
    <Header
      title={
        <Link to="/" className="ccpor-header__home">
          <span className="ccpor-header__title">{en.product.shortName}</span>{' '}
          <span className="ccpor-header__subtitle">{en.product.fullName}</span>
        </Link>
      }
      userArea={<UserArea />}
    />
  )
}
