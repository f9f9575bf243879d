import type { components, paths } from '@/api/schema'

// The order types, as the spec declares them (src/api/schema.d.ts is generated).
export type Order = components['schemas']['Order']
export type OrderContent = components['schemas']['Content']
/** OrderEntry is the body of create and modify: a union with one member per form revision. */
export type OrderEntry = paths['/orders']['post']['requestBody']['content']['application/json']
/** FormNumber is a form the registry takes. */
export type FormNumber = OrderEntry['form']['number']
/** EntryOn is an order entered on one form (each of its revisions). */
export type EntryOn<N extends FormNumber> = Extract<OrderEntry, { form: { number: N } }>
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
