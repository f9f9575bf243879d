import type { ReactNode } from 'react'
import { Link } from 'react-router'
import { Header } from '@/components/uswds/header'
import { en } from '@/copy/en'

type SiteHeaderProps = {
  /** userArea is who is signed in; the app puts the session feature's here. */
  userArea: ReactNode
}

/** SiteHeader names the product, links home and holds the user area. */
export function SiteHeader({ userArea }: SiteHeaderProps) {
  return (
    <Header
      title={
        <Link to="/" className="ccpor-header__home">
          <span className="ccpor-header__title">{en.product.shortName}</span>{' '}
          <span className="ccpor-header__subtitle">{en.product.fullName}</span>
        </Link>
      }
      userArea={userArea}
    />
  )
}
