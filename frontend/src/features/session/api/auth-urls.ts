// Sign-in and sign-out live at <base path>/auth/..., outside the API: the browser goes
// there itself, because the server sends it on to the identity provider.
import { readBasePath } from '@/config/base-path'

/** RETURN_PARAM names the query parameter of /auth/login that holds the return path. */
const RETURN_PARAM = 'return'

/**
 * signInUrl starts sign-in; the server comes back to returnPath, the whole path on this
 * site (base path included, e.g. /ccpor/orders/1?tab=service).
 */
export function signInUrl(returnPath: string, basePath: string = readBasePath()): string {
  return `${basePath}/auth/login?${RETURN_PARAM}=${encodeURIComponent(returnPath)}`
}

/** signOutUrl is where POST ends the session. */
export function signOutUrl(basePath: string = readBasePath(), origin: string = window.location.origin): string {
  return `${origin}${basePath}/auth/logout`
}

/** isWebUrl accepts only http(s) URLs, so a bad redirectTo cannot run script. */
export function isWebUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url, window.location.href)
    return protocol === 'https:' || protocol === 'http:'
  } catch {
    return false
  }
}
