// Moves focus to the page's h1 after every client-side navigation, so screen readers
// announce the new page. Not on the first page load: there the browser starts at the
// top of the document and the skip link must stay the first Tab stop.
import { createContext, useContext, useEffect, useLayoutEffect, useRef, type ReactNode, type RefObject } from 'react'
import { useLocation } from 'react-router'

type Navigated = { current: boolean }

const NavigatedContext = createContext<Navigated>({ current: false })

/** NavigationFocusProvider records whether the user has navigated since the page loaded. */
export function NavigationFocusProvider({ children }: { children: ReactNode }) {
  const { pathname } = useLocation()
  const initialPathname = useRef(pathname)
  const navigated = useRef(false)
  // A layout effect runs before the passive effects of the page below, which read it.
  useLayoutEffect(() => {
    if (pathname !== initialPathname.current) navigated.current = true
  }, [pathname])
  return <NavigatedContext.Provider value={navigated}>{children}</NavigatedContext.Provider>
}

/** useFocusOnNavigation focuses the returned element once the user has navigated. */
export function useFocusOnNavigation<T extends HTMLElement>(): RefObject<T | null> {
  const ref = useRef<T>(null)
  const navigated = useContext(NavigatedContext)
  const { pathname } = useLocation()
  useEffect(() => {
    if (navigated.current) ref.current?.focus()
  }, [pathname, navigated])
  return ref
}
