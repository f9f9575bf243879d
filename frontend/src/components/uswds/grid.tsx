import { GridContainer as UswdsGridContainer } from '@trussworks/react-uswds'
import type { ReactNode } from 'react'

type GridContainerProps = {
  children: ReactNode
  className?: string
}

/** GridContainer centres content at the theme's widest container width. */
export function GridContainer({ children, className }: GridContainerProps) {
  return (
    <UswdsGridContainer containerSize="widescreen" className={className}>
      {children}
    </UswdsGridContainer>
  )
}
