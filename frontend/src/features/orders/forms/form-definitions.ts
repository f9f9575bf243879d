import { useQuery } from '@tanstack/react-query'
import { api } from '@/api/client'
import { unwrap } from '@/api/problem'
import type { components } from '@/api/schema'
import type { OrderContent, OrderEntry } from '@/features/orders/api/types'

// The forms orders are entered on, as the API serves them from their typed Go
// definitions: the screen renders any of them, one renderer for every form.
export type FormDefinition = components['schemas']['FormDefinition']
export type FormField = components['schemas']['FormField']
export type FormValues = Record<string, string | boolean>

/** isoDate turns the parts typed in a date input into YYYY-MM-DD, or undefined when blank. */
export function isoDate(value: string): string | undefined {
  if (!value.replace(/-/g, '')) return undefined
  const [year = '', month = '', day = ''] = value.split('-')
  return `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`
}

/** useFormDefinitions reads every form revision the registry takes (when enabled). */
export function useFormDefinitions(enabled = true) {
  return useQuery({
    queryKey: ['order-forms'],
    enabled,
    queryFn: async ({ signal }) => (await unwrap(api.GET('/order-forms', { signal }))).forms ?? [],
    staleTime: Infinity,
  })
}

/**
 * requiredMark is how a field's label says it is required: a member of an
 * optional group (stay-away yards) is required only when the group is used.
 */
export function requiredMark(field: FormField, marks: { required: string; ifUsed: string }): string | undefined {
  if (!field.required) return undefined
  return field.group ? marks.ifUsed : marks.required
}

/** keyOf is a field's key in the form's values: [] becomes the person's index. */
export const keyOf = (path: string, person = 0) => path.replace('[]', `.${person}`)

/** boxedPaths are the members of a group drawn under the group's check box: those in the section of its first member. */
export function boxedPaths(def: FormDefinition): Set<string> {
  const out = new Set<string>()
  const home = new Map<string, string>()
  for (const section of def.sections ?? []) {
    for (const field of section.fields ?? []) {
      if (!field.group || !field.groupLabel) continue
      if (!home.has(field.group)) home.set(field.group, section.name)
      if (home.get(field.group) === section.name) out.add(field.path)
    }
  }
  return out
}

/** isImplied tells a member the group's check box itself says: a required yes/no (firearms prohibited). */
export const isImplied = (field: FormField) => field.kind === 'boolean' && field.required === true && field.group !== undefined

/** heightKeys are the two inputs of a height, in feet and inches. */
export const heightKeys = (key: string) => ({ feet: `${key}.feet`, inches: `${key}.inches` })

/**
 * numberErrors lists the number and height inputs that hold something other than a
 * whole number: they are refused before sending.
 */
export function numberErrors(def: FormDefinition, values: FormValues, persons: number): string[] {
  const out: string[] = []
  const bad = (key: string) => {
    const v = values[key]
    return typeof v === 'string' && v.trim() !== '' && !/^\d+$/.test(v.trim())
  }
  for (const { key, field } of fieldsOf(def, persons)) {
    if (field.kind === 'number' && bad(key)) out.push(key)
    if (field.kind === 'height') {
      const { feet, inches } = heightKeys(key)
      if (bad(feet)) out.push(feet)
      else if (bad(inches)) out.push(inches)
    }
  }
  return out
}

/** fieldsOf lists every field of a definition with its value key, for the persons entered. */
export function fieldsOf(def: FormDefinition, persons: number): Array<{ key: string; field: FormField }> {
  const out: Array<{ key: string; field: FormField }> = []
  for (const section of def.sections ?? []) {
    for (const field of section.fields ?? []) {
      if (field.path.includes('[]')) {
        for (let i = 0; i < persons; i++) out.push({ key: keyOf(field.path, i), field })
      } else out.push({ key: field.path, field })
    }
  }
  return out
}

function typed(field: FormField, value: string | boolean, values: FormValues, key: string): unknown {
  if (field.kind === 'boolean') return value === true ? true : undefined
  if (field.kind === 'height') {
    const { feet, inches } = heightKeys(key)
    const part = (k: string) => (typeof values[k] === 'string' ? (values[k] as string).trim() : '')
    if (part(feet) === '' && part(inches) === '') return undefined
    return Number(part(feet) || 0) * 12 + Number(part(inches) || 0)
  }
  if (typeof value !== 'string' || value.trim() === '') return undefined
  if (field.kind === 'number') return /^\d+$/.test(value.trim()) ? Number(value.trim()) : value
  if (field.kind === 'lines') {
    const lines = value.split('\n').map((line) => line.trim()).filter(Boolean)
    return lines.length ? lines : undefined
  }
  if (field.kind === 'date') return isoDate(value.trim())
  return value.trim()
}

function put(target: Record<string, unknown>, key: string, value: unknown) {
  const parts = key.split('.')
  let at: Record<string, unknown> | unknown[] = target
  parts.forEach((part, i) => {
    const last = i === parts.length - 1
    const nextIsIndex = !last && /^\d+$/.test(parts[i + 1] ?? '')
    const slot = (at as Record<string, unknown>)[part]
    if (last) (at as Record<string, unknown>)[part] = value
    else if (slot === undefined) (at as Record<string, unknown>)[part] = nextIsIndex ? [] : {}
    at = (at as Record<string, unknown>)[part] as Record<string, unknown>
  })
}

/**
 * toTypedContent builds an order's content from the values entered on a form:
 * only what was entered, typed as the form says. A group (stay-away, firearms)
 * exists when its check box is ticked (its members under the box are sent only
 * then) or a member entered elsewhere on the form; a required yes/no member is
 * what the box says. The kind is the one chosen, or the form's only kind.
 */
export function toTypedContent(def: FormDefinition, values: FormValues, persons: number): OrderEntry {
  const fields = fieldsOf(def, persons)
  const chosenKind = fields.some((f) => f.key === 'orderKind')
  const content: Record<string, unknown> = {
    type: def.type,
    form: { number: def.number, revision: def.revision },
    orderKind: chosenKind ? undefined : def.kinds?.[0],
    caption: {},
    restrainedPerson: {},
    protectedPersons: Array.from({ length: persons }, () => ({})),
    conditions: {},
  }
  const boxed = boxedPaths(def)
  const groups = new Set<string>()
  for (const { key, field } of fields) {
    if (field.group && boxed.has(field.path) && values[field.group] !== true) continue
    if (field.group && values[field.group] === true) groups.add(field.group)
    if (isImplied(field)) continue
    if (field.path.includes('[]') && field.from && Number(key.split('.')[1]) + 1 < field.from) continue
    const value = typed(field, values[key] ?? '', values, key)
    if (value === undefined) continue
    put(content, key, value)
    if (field.group) groups.add(field.group)
  }
  for (const { key, field } of fields) {
    if (!field.group || !groups.has(field.group)) continue
    if (valueAt(content as OrderContent, field.group) === undefined) put(content, field.group, {})
    if (isImplied(field)) put(content, key, true)
  }
  if (content.orderKind === undefined) delete content.orderKind
  // The API's union has one member per form revision, fixed by form.number and
  // form.revision: the content is the member of this definition's form.
  return content as unknown as OrderEntry
}

/** valueAt reads the value at a field key (protectedPersons.0.name) of a content. */
export function valueAt(content: OrderContent, key: string): unknown {
  let at: unknown = content
  for (const part of key.split('.')) {
    if (at === null || typeof at !== 'object') return undefined
    at = (at as Record<string, unknown>)[part]
  }
  return at
}

/** fromTypedContent fills a form's values from an order's content, to modify it. */
export function fromTypedContent(def: FormDefinition, content: OrderContent): { values: FormValues; persons: number } {
  const persons = Math.max(1, content.protectedPersons?.length ?? 0)
  const values: FormValues = {}
  for (const { key, field } of fieldsOf(def, persons)) {
    if (field.group && field.groupLabel && valueAt(content, field.group) !== undefined) values[field.group] = true
    const value = valueAt(content, key)
    if (value === undefined || value === null) continue
    if (field.kind === 'boolean') values[key] = value === true
    else if (field.kind === 'height' && typeof value === 'number') {
      const { feet, inches } = heightKeys(key)
      values[feet] = String(Math.floor(value / 12))
      values[inches] = String(value % 12)
    } else if (Array.isArray(value)) values[key] = value.join('\n')
    else values[key] = String(value)
  }
  return { values, persons }
}

/**
 * fieldOfError finds the field key an API error names: its location, or for a
 * missing property the location plus the property's name; else the nearest
 * enclosing field.
 */
export function fieldOfError(location: string | undefined, message: string, keys: Set<string>): string | undefined {
  if (!location) return undefined
  let path = location.replace(/^body\.?/, '').replace(/\[(\d+)\]/g, '.$1')
  const found = /required property (\w+)|^(\w+) is required$/.exec(message)
  const missing = found?.[1] ?? found?.[2]
  if (missing) path = path ? `${path}.${missing}` : missing
  while (path) {
    if (keys.has(path)) return path
    const group = [...keys].find((key) => key.startsWith(`${path}.`))
    if (group) return group
    path = path.includes('.') ? path.slice(0, path.lastIndexOf('.')) : ''
  }
  return undefined
}
