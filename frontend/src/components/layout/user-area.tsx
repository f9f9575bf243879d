import { en } from '@/copy/en'

/**
 * UserArea shows who is signed in. Sign-in does not exist yet; when it does, this
 * shows the user, the acting court and a sign-out button.
 */
export function UserArea() {
  return (
    <section aria-label={en.header.userAreaLabel}>
      <span>{en.header.notSignedIn}</span>
    </section>
  )
}
