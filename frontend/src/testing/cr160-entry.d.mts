// Types of cr160-entry.mjs (plain JavaScript: the end-to-end tests run it in Node).
import type { Golden } from '@/testing/orders'

type Label = string | RegExp
type Where = { section: string; group?: string }
export type EntryStep = Where &
  ({ text: Label; value: string; time?: boolean } | { choose: Label } | { date: Label; value: string })

export function loadGolden(): Golden
export function moveYears(iso: string, years: number): string
export function yearsToCurrent(issuedOn: string, today: string): number
export function courtToday(now?: Date): string
export function seedEntry(g: Golden, years?: number): EntryStep[]
