import { describe, expect, it } from 'vitest'
import { isoDate } from '@/lib/dates'

describe('isoDate', () => {
  it('pads month and day', () => {
    expect(isoDate('2026-4-8')).toBe('2026-04-08')
    expect(isoDate('2026-12-31')).toBe('2026-12-31')
  })
  it('refuses missing parts and days that do not exist', () => {
    expect(isoDate('')).toBeNull()
    expect(isoDate('2026--08')).toBeNull()
    expect(isoDate('26-4-8')).toBeNull()
    expect(isoDate('2026-2-30')).toBeNull()
  })
})
