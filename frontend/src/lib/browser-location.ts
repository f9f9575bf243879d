/**
 * assignLocation leaves the SPA for another URL (the identity provider's sign-out).
 * It is its own module so tests can replace it: jsdom cannot navigate.
 */
export function assignLocation(url: string): void {
  window.location.assign(url)
}
