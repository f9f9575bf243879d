import { PageHeading } from '@/components/layout/page-heading'
import { Link } from '@/components/uswds/link'
import { en } from '@/copy/en'

/** NotFoundRoute answers any client route the app does not know. */
export default function NotFoundRoute() {
  return (
    <>
      <PageHeading>{en.notFound.title}</PageHeading>
      <p className="usa-intro">{en.notFound.body}</p>
      <p>
        <Link to="/">{en.notFound.homeLink}</Link>
      </p>
    </>
  )
}
