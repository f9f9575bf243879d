import '@testing-library/jest-dom/vitest'
import { cleanup, configure } from '@testing-library/react'
import { afterEach } from 'vitest'

// The tests share a small machine with other builds: waits for what a page shows
// (findBy…, waitFor) are bounded at 5 s rather than 1 s. A bound, not a speed check:
// a passing test takes no longer.
configure({ asyncUtilTimeout: 5_000 })

afterEach(() => {
  cleanup()
})
