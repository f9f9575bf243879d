import { useEffect } from 'react'
import { en } from '@/copy/en'
import { useFocusOnNavigation } from '@/components/layout/navigation-focus'

type PageHeadingProps = {
  /** children is the page's name: the h1 and the document title. */
  children: string
  /** focusOnMount takes focus on first render too, for a page that replaces another without navigating. */
  focusOnMount?: boolean
}

/** PageHeading is a page's h1; it takes focus after navigation and names the tab. */
export function PageHeading({ children, focusOnMount = false }: PageHeadingProps) {
  const ref = useFocusOnNavigation<HTMLHeadingElement>()
  useEffect(() => {
    document.title = en.documentTitle(children)
  }, [children])
  useEffect(() => {
    if (focusOnMount) ref.current?.focus()
  }, [focusOnMount, ref])
  return (
    <h1 ref={ref} tabIndex={-1} className="margin-top-0">
      {children}
    </h1>
  )
}
