import type { components } from '@/api/schema'

// The order types, as the spec declares them (src/api/schema.d.ts is generated).
export type Order = components['schemas']['Order']
export type OrderContent = components['schemas']['Content']
export type OrderSummary = components['schemas']['Summary']
export type RestrainedPerson = components['schemas']['RestrainedPerson']
export type ProtectedPerson = components['schemas']['ProtectedPerson']
export type Conditions = components['schemas']['Conditions']
export type ServiceRecord = components['schemas']['ServiceRecord']
export type VersionInfo = components['schemas']['VersionInfo']
export type Change = components['schemas']['Change']
export type Court = components['schemas']['Court']

/** OrderWithTag is an order as read, with the ETag to send back in If-Match. */
export type OrderWithTag = { order: Order; etag: string }
