import { describe, expect, it } from 'vitest'
import { span } from './format'

describe('span', () => {
  it('gives the day once when the window ends the same day, in Pacific time', () => {
    // 02:00Z on December 3 is 6 pm on December 2 in California (PST, UTC-8).
    expect(span('2026-12-03T02:00:00Z', '2026-12-03T05:00:00Z')).toMatch(/^Wednesday, December 2, 2026(,| at) 6:00\s?PM to 9:00\s?PM Pacific time$/)
  })

  it('gives both days when it runs past midnight', () => {
    expect(span('2026-12-03T06:00:00Z', '2026-12-03T10:00:00Z')).toMatch(/December 2, 2026.* to Thursday, December 3, 2026.*2:00\s?AM Pacific time$/)
  })
})
