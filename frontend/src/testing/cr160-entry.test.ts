import { describe, expect, it } from 'vitest'
import { courtToday, loadGolden, seedEntry, yearsToCurrent } from '@/testing/cr160-entry.mjs'

const dates = (steps: ReturnType<typeof seedEntry>) =>
  Object.fromEntries(steps.flatMap((s) => ('date' in s ? [[`${s.group ?? s.section} ${String(s.date)}`, s.value]] : [])))

describe('the seed’s CR-160 made current', () => {
  it('moves by the whole years that put the issue date in the last year', () => {
    expect(yearsToCurrent('2006-06-07', '2026-11-25')).toBe(20)
    expect(yearsToCurrent('2006-06-07', '2027-06-06')).toBe(20)
    expect(yearsToCurrent('2006-06-07', '2027-06-07')).toBe(21)
    expect(courtToday(new Date('2026-11-26T05:00:00Z'))).toBe('2026-11-25') // 9 pm in California
  })

  it('moves the order’s dates and keeps the dates of birth and every other field as printed', () => {
    const g = loadGolden()
    const printed = seedEntry(g)
    const moved = seedEntry(g, 20)
    expect(dates(moved)).toEqual({
      'Caption /^Filed/': '2026-06-07',
      'Person to be restrained Date of birth': '1981-11-21',
      '1. Hearing /heard on/': '2026-01-01',
      'Protected person 1 Date of birth': '1977-01-01',
      '8. Expiry /expires on/': '2029-06-07',
      'Signature /^Date issued/': '2026-06-07',
    })
    expect(moved.filter((s) => !('date' in s))).toEqual(printed.filter((s) => !('date' in s)))
  })
})
