import { Header as UswdsHeader } from '@trussworks/react-uswds'
import type { ReactNode } from 'react'

type HeaderProps = {
  /** title is the site name, usually a link home. */
  title: ReactNode
  /** userArea sits at the right: who is signed in, and later the court and sign-out. */
  userArea: ReactNode
}

/** Header is the USWDS basic header, with a slot for the user area instead of a menu. */
export function Header({ title, userArea }: HeaderProps) {
  return (
    <UswdsHeader basic className="ccpor-header">
      <div className="ccpor-header__inner">
        <div className="ccpor-header__logo">{title}</div>
        <div className="ccpor-header__user">{userArea}</div>
      </div>
    </UswdsHeader>
  )
}
