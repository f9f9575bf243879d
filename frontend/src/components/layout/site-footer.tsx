import { GridContainer } from '@/components/uswds/grid'
import { en } from '@/copy/en'

/** SiteFooter closes every page with the product's name. */
export function SiteFooter() {
  return (
    <footer className="ccpor-footer" aria-label={en.footer.label}>
      <GridContainer className="padding-y-2">
        <p className="margin-0">{en.footer.text}</p>
      </GridContainer>
    </footer>
  )
}
