import { SummaryBox as UswdsSummaryBox, SummaryBoxContent, SummaryBoxHeading } from '@trussworks/react-uswds'
import type { ReactNode } from 'react'

type SummaryBoxProps = {
  heading: string
  headingLevel?: 'h2' | 'h3'
  children: ReactNode
}

/** SummaryBox is the USWDS summary box: a heading and a short body. */
export function SummaryBox({ heading, headingLevel = 'h2', children }: SummaryBoxProps) {
  return (
    <UswdsSummaryBox>
      <SummaryBoxHeading headingLevel={headingLevel}>{heading}</SummaryBoxHeading>
      <SummaryBoxContent>{children}</SummaryBoxContent>
    </UswdsSummaryBox>
  )
}
