import type { MouseEvent } from 'react'

type SkipNavProps = {
  /** targetId is the id of the element that takes focus (the main landmark). */
  targetId: string
  children: string
}

/**
 * SkipNav is the USWDS skip link. It moves focus itself: with a <base href> in the
 * page, a plain "#main" link would navigate to the base URL instead of this page.
 */
export function SkipNav({ targetId, children }: SkipNavProps) {
  function skip(event: MouseEvent<HTMLAnchorElement>) {
    const target = document.getElementById(targetId)
    if (!target) return
    event.preventDefault()
    target.focus() // focusing also scrolls the target into view
  }
  return (
    <a className="usa-skipnav" href={`#${targetId}`} onClick={skip}>
      {children}
    </a>
  )
}
