import { describe, expect, it } from 'vitest'
import { calendarDate } from '@/lib/dates'

describe('calendarDate', () => {
  it('pads month and day', () => {
    expect(calendarDate('2026-4-8')).toBe('2026-04-08')
    expect(calendarDate('2026-12-31')).toBe('2026-12-31')
  })
  it('refuses missing parts and days that do not exist', () => {
    expect(calendarDate('')).toBeNull()
    expect(calendarDate('2026--08')).toBeNull()
    expect(calendarDate('26-4-8')).toBeNull()
    expect(calendarDate('2026-2-30')).toBeNull()
  })
})
