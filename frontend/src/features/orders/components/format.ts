import { en } from '@/features/orders/copy'
import { usDate } from '@/lib/dates'

export { usDate }

/** heightText shows inches as the form prints them: 6-1. */
export function heightText(inches: number | undefined): string {
  return inches ? `${Math.floor(inches / 12)}-${inches % 12}` : ''
}

/** yesNo shows a check box's state in words. */
export function yesNo(value: boolean | undefined): string {
  return value ? en.orders.yes : en.orders.no
}

/** valueText shows any value of a diff as text. */
export function valueText(value: unknown): string {
  if (value === undefined || value === null || value === '') return en.orders.history.empty
  if (typeof value === 'boolean') return yesNo(value)
  if (typeof value === 'string') return /^\d{4}-\d{2}-\d{2}$/.test(value) ? usDate(value) : value
  if (typeof value === 'number') return String(value)
  return JSON.stringify(value)
}
